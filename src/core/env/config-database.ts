// Database settings kept in a config file rather than the environment: a JSON, YAML, TOML or
// properties file with a `database:` section (`config.yml`, `config.json`, `ormconfig.json`,
// Sequelize's `config/config.json`, Spring's `application.properties`). Pure: reading the
// settings out of a text, and writing a connection into a text, keeping everything else.
import type { Connection } from '../database/connection.js';
import { engineOfUrl, formatUrl } from '../database/connection.js';
import type { ConnectionField } from '../database/wiring.js';
import type { DatabaseEngine } from '../model.js';
import { replaceValue, scriptSettings } from './config-script.js';

export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'properties' | 'python' | 'script';

/** One setting: where it is in the file (a key path) and what it says. */
export interface ConfigSetting {
  path: string[];
  value: string;
  line?: number;
}

export interface ConfigDatabase {
  /** The engine the file names (`type: postgres`, `dialect: mysql`, a URL's scheme), if it does. */
  engine?: DatabaseEngine;
  fields: Partial<Record<ConnectionField, ConfigSetting>>;
}

const KEYS: [RegExp, ConnectionField][] = [
  [/^(url|uri|dsn|connection_?string|connection_?url|jdbc_?url)$/i, 'url'], [/^(host|hostname|server|address)$/i, 'host'], [/^port$/i, 'port'],
  [/^(user|username|user_?name)$/i, 'user'], [/^(password|pass|passwd)$/i, 'password'], [/^(database|name|dbname|db_?name|db|schema_?name)$/i, 'database'],
];
const ENGINE_KEY = /^(type|driver|dialect|adapter|engine|client|provider)$/i;
const ENGINE_WORDS: [RegExp, DatabaseEngine][] = [
  [/postgres|pgsql|psycopg|\bpg\b/i, 'postgres'], [/mariadb/i, 'mariadb'], [/mysql/i, 'mysql'], [/redis/i, 'redis'], [/mongo/i, 'mongodb'], [/sqlite/i, 'sqlite'],
];
/** Sections a config file keeps its database settings in, preferred first (development before production). */
const DB_SECTION = /(db|database|datasource|sql|postgres|maria|mongo|redis|typeorm|sequelize|knex|orm)/i;
const SECTION = /^(database|databases|db|datasource|data_?source|sql|postgres|postgresql|mysql|default|development|dev|local|connection|typeorm|sequelize|knex|spring)$/i;

/** The database settings of a parsed JSON/YAML document, if it has a section that holds them. */
export function databaseSettings(doc: unknown, lines?: string[]): ConfigDatabase | undefined {
  const found = search(doc, [], 0);
  if (!found) return undefined;
  const fields: ConfigDatabase['fields'] = {};
  let engine: DatabaseEngine | undefined;
  for (const [key, value] of Object.entries(found.object)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value);
    if (ENGINE_KEY.test(key)) engine ??= engineWord(text);
    const field = KEYS.find(([pattern]) => pattern.test(key))?.[1];
    if (field && !fields[field]) fields[field] = { path: [...found.path, key], value: text, line: lines ? lineOfKey(lines, found.path, key) : undefined };
  }
  if (fields.url) engine ??= engineOfUrl(fields.url.value.replace(/^jdbc:/, ''));
  return { engine, fields };
}

/**
 * Whether an object looks like database settings: a database URL, or a host with something only
 * a database has (a user, a password, a driver), or a host in a section named for a database
 * (`db: { host, port }`). A `server: { host, port }` is not.
 */
function isSettings(object: Record<string, unknown>, key: string | undefined): boolean {
  const keys = Object.keys(object).filter((k) => typeof object[k] !== 'object');
  const has = (field: ConnectionField) => keys.some((k) => KEYS.some(([pattern, f]) => f === field && pattern.test(k)));
  const dbUrl = keys.some((k) => KEYS[0][0].test(k) && typeof object[k] === 'string' && engineOfUrl((object[k] as string).replace(/^jdbc:/, '')) !== undefined);
  const strong = keys.some((k) => ENGINE_KEY.test(k) && typeof object[k] === 'string' && engineWord(object[k] as string) !== undefined) || has('user') || has('password');
  const dbSection = key !== undefined && DB_SECTION.test(key);
  return dbUrl || (has('host') && (strong || dbSection));
}

function search(node: unknown, path: string[], depth: number): { object: Record<string, unknown>; path: string[] } | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > 3) return undefined;
  const object = node as Record<string, unknown>;
  if (isSettings(object, path.at(-1))) return { object, path };
  const children = Object.keys(object).filter((k) => typeof object[k] === 'object' && object[k] !== null);
  // Sections named for a database (and `development` before `production`) first.
  children.sort((a, b) => Number(!SECTION.test(a)) - Number(!SECTION.test(b)));
  for (const key of children) {
    const found = search(object[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function engineWord(text: string): DatabaseEngine | undefined {
  return ENGINE_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

/** The line of `key` under `path` in a JSON or YAML text (the first match after its parents). */
function lineOfKey(lines: string[], path: string[], key: string): number | undefined {
  let from = 0;
  for (const part of [...path, key]) {
    const pattern = new RegExp(`^\\s*["']?${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (index < 0) return undefined;
    from = index + 1;
  }
  return from;
}

/** Spring's `spring.datasource.*` lines of an application.properties text. */
export function propertiesSettings(text: string): ConfigDatabase | undefined {
  const fields: ConfigDatabase['fields'] = {};
  const keys: Record<string, ConnectionField> = { 'spring.datasource.url': 'url', 'spring.datasource.username': 'user', 'spring.datasource.password': 'password' };
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    const field = match ? keys[match[1]] : undefined;
    if (field && !fields[field]) fields[field] = { path: [match![1]], value: match![2], line: index + 1 };
  });
  if (!fields.url) return undefined;
  return { engine: engineOfUrl(fields.url.value.replace(/^jdbc:/, '')), fields };
}

/**
 * The tables and plain values of a TOML text (`[db]` then `host = "localhost"`), with the line of
 * each value; arrays and inline tables are left out (database settings are plain values).
 */
function tomlTables(text: string): { doc: Record<string, unknown>; lines: Map<string, number> } {
  const doc: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  let table = doc;
  let path: string[] = [];
  let skipping = false;
  text.split(/\r?\n/).forEach((line, index) => {
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) {
      // An array of tables ([[webhooks]]) is a list of entries, none of them the database's: skipped.
      skipping = header[1] === '[[';
      path = header[2].split('.').map((part) => part.trim().replace(/^(["'])(.*)\1$/, '$2'));
      table = doc;
      if (!skipping) for (const key of path) table = (table[key] ??= {}) as Record<string, unknown>;
      return;
    }
    if (skipping) return;
    const pair = /^\s*([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[\w.:+-]+)\s*(?:#.*)?$/.exec(line);
    if (!pair) return;
    const raw = pair[2];
    table[pair[1]] = /^["']/.test(raw) ? raw.slice(1, -1) : /^-?\d+$/.test(raw) ? Number(raw) : raw;
    lines.set([...path, pair[1]].join('\u0000'), index + 1);
  });
  return { doc, lines };
}

export function tomlSettings(text: string): ConfigDatabase | undefined {
  const { doc, lines } = tomlTables(text);
  const settings = databaseSettings(doc);
  for (const setting of Object.values(settings?.fields ?? {})) setting.line = lines.get(setting.path.join('\u0000'));
  return settings;
}

/** Django's `DATABASES = {'default': {...}}` in a settings module: the literal values of its first entry. */
export function djangoSettings(text: string): ConfigDatabase | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*DATABASES\s*=\s*\{/.test(l));
  if (start < 0) return undefined;
  const keys: Record<string, ConnectionField> = { HOST: 'host', PORT: 'port', USER: 'user', PASSWORD: 'password', NAME: 'database' };
  const fields: ConfigDatabase['fields'] = {};
  let engine: DatabaseEngine | undefined;
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const backend = /['"]ENGINE['"]\s*:\s*['"]([^'"]+)['"]/.exec(line)?.[1];
    if (backend) engine ??= engineWord(backend);
    const match = /['"](HOST|PORT|USER|PASSWORD|NAME)['"]\s*:\s*(.+?)\s*,?\s*(#.*)?$/.exec(line);
    if (match && !fields[keys[match[1]]]) {
      const literal = /^(['"])(.*)\1$/.exec(match[2])?.[2] ?? (/^\d+$/.test(match[2]) ? match[2] : undefined);
      // A value computed in Python (os.environ.get(...), env('DB_HOST')) reads the environment.
      fields[keys[match[1]]] = { path: ['DATABASES', 'default', match[1]], value: literal ?? `env(${match[2]})`, line: i + 1 };
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth <= 0) break;
  }
  return fields.host || fields.database ? { engine, fields } : undefined;
}

/** The value each field of the file gets for `connection`; a URL keeps the file's scheme (and `jdbc:`). */
export function wantedValues(settings: ConfigDatabase, connection: Connection): Partial<Record<ConnectionField, string>> {
  const out: Partial<Record<ConnectionField, string>> = {};
  for (const [field, setting] of Object.entries(settings.fields) as [ConnectionField, ConfigSetting][]) {
    if (field === 'url') {
      const jdbc = setting.value.startsWith('jdbc:');
      const bare = jdbc ? setting.value.slice(5) : setting.value;
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(bare)?.[1];
      // JDBC URLs carry no credentials: the user and password are separate settings.
      out.url = jdbc ? jdbcUrl(connection, scheme) : formatUrl(connection, { scheme });
    } else if (field === 'host') out.host = connection.host;
    else if (field === 'port') out.port = String(connection.port);
    else if (field === 'user' && connection.user !== undefined) out.user = connection.user;
    else if (field === 'password' && connection.password !== undefined) out.password = connection.password;
    else if (field === 'database' && connection.database !== undefined) out.database = connection.database;
  }
  return out;
}

/** `jdbc:postgresql://127.0.0.1:5432/app`; `scheme` keeps the driver the app names (`mysql` vs `mariadb`). */
export function jdbcUrl(connection: Connection, scheme?: string): string {
  const sub = scheme ?? (connection.engine === 'postgres' ? 'postgresql' : connection.engine);
  return `jdbc:${sub}://${connection.host}:${connection.port}/${connection.database ?? ''}`;
}

/** Whether a value is a placeholder the app fills from its environment (`${DB_HOST}`, `<%= ENV['X'] %>`, `%(DB)s`). */
export function readsEnvironment(value: string): boolean {
  return /\$\{|<%|%\(|\{\{|^env\(|process\.env|getenv|ENV\[|os\.environ/i.test(value);
}

/** The text with each field set to its new value, everything else kept (comments too, in YAML and properties). */
export async function withValues(text: string, format: ConfigFormat, settings: ConfigDatabase, values: Partial<Record<ConnectionField, string>>): Promise<string> {
  const changes = (Object.entries(values) as [ConnectionField, string][]).filter(([field, value]) => settings.fields[field] && settings.fields[field]!.value !== value);
  if (changes.length === 0) return text;
  if (format === 'python' || format === 'script') {
    const lines = text.split('\n');
    for (const [field, value] of changes) {
      const setting = settings.fields[field]!;
      if (setting.line !== undefined) lines[setting.line - 1] = replaceValue(lines[setting.line - 1], setting.path[setting.path.length - 1], value);
    }
    return lines.join('\n');
  }
  if (format === 'properties') {
    const lines = text.split('\n');
    for (const [field, value] of changes) {
      const line = settings.fields[field]!.line;
      if (line !== undefined) lines[line - 1] = lines[line - 1].replace(/^(\s*[\w.-]+\s*[=:]\s*).*$/, `$1${value}`);
    }
    return lines.join('\n');
  }
  if (format === 'toml') {
    const lines = text.split('\n');
    for (const [field, value] of changes) {
      const line = settings.fields[field]!.line;
      if (line === undefined) continue;
      // A number stays a number; anything else is a basic string, its quotes and backslashes escaped.
      const quoted = /^\s*[\w-]+\s*=\s*\d+\s*(?:#.*)?$/.test(lines[line - 1]) && /^\d+$/.test(value) ? value : JSON.stringify(value);
      lines[line - 1] = lines[line - 1].replace(/^(\s*[\w-]+\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[\w.:+-]+)/, (_all, head: string) => `${head}${quoted}`);
    }
    return lines.join('\n');
  }
  if (format === 'json') {
    const doc = JSON.parse(text) as Record<string, unknown>;
    for (const [field, value] of changes) setIn(doc, settings.fields[field]!.path, value);
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    return JSON.stringify(doc, null, indent) + (text.endsWith('\n') ? '\n' : '');
  }
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  for (const [field, value] of changes) {
    const path = settings.fields[field]!.path;
    const old = doc.getIn(path);
    doc.setIn(path, typeof old === 'number' && /^\d+$/.test(value) ? Number(value) : value);
  }
  return String(doc);
}

function setIn(doc: Record<string, unknown>, path: string[], value: string): void {
  let node = doc;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  node[last] = typeof node[last] === 'number' && /^\d+$/.test(value) ? Number(value) : value;
}

/** The format of a config file by its name, if it is one this module reads. */
export function formatOf(file: string): ConfigFormat | undefined {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.toml$/i.test(file)) return 'toml';
  if (/\.properties$/i.test(file)) return 'properties';
  if (/\.py$/i.test(file)) return 'python';
  if (/\.(m?[jt]s|cjs)$/i.test(file)) return 'script';
  return undefined;
}

/** The database settings of a config file's text, if any (undefined for text that does not parse). */
export async function readSettings(text: string, format: ConfigFormat): Promise<ConfigDatabase | undefined> {
  const settings = await parseSettings(text, format);
  // No driver named: a well-known port says which engine (27017 is MongoDB, not the SQL database).
  const port = settings?.fields.port?.value;
  if (settings && !settings.engine && port && /^\d+$/.test(port)) settings.engine = ENGINE_PORTS[Number(port)];
  return settings;
}

const ENGINE_PORTS: Record<number, DatabaseEngine> = { 5432: 'postgres', 3306: 'mysql', 6379: 'redis', 27017: 'mongodb' };

async function parseSettings(text: string, format: ConfigFormat): Promise<ConfigDatabase | undefined> {
  if (format === 'properties') return propertiesSettings(text);
  if (format === 'toml') return tomlSettings(text);
  if (format === 'python') return djangoSettings(text);
  if (format === 'script') return scriptSettings(text, engineWord);
  try {
    const doc: unknown = format === 'json' ? JSON.parse(text) : (await import('yaml')).parse(text);
    return databaseSettings(doc, text.split('\n'));
  } catch {
    return undefined;
  }
}
