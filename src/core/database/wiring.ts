// Which environment variables tell an app where its database is, and their values: URLs
// (DATABASE_URL, REDIS_URL, MONGODB_URI) and fields (PGHOST, POSTGRES_PASSWORD, DB_NAME,
// MYSQL_DATABASE...). The same table reads a connection out of variables (the user's .env, an
// example file, compose settings) and writes one into them, so both directions agree.
import type { DatabaseEngine } from '../model.js';
import { engineOfUrl, formatUrl, parseUrl, schemeOf, type Connection } from './connection.js';

export type ConnectionField = 'url' | 'host' | 'port' | 'user' | 'password' | 'database';

/** `primary`: the app's main SQL database (DATABASE_URL, DB_HOST...), whichever engine it is. */
type Target = DatabaseEngine[] | 'primary';

const PREFIXES: [RegExp, Target][] = [
  [/^REDIS$/, ['redis']],
  [/^MONGO(DB)?$/, ['mongodb']],
  [/^(PG|POSTGRES|POSTGRESQL)$/, ['postgres']],
  [/^(MYSQL|MARIADB)$/, ['mysql', 'mariadb']],
  [/^(DATABASE|DB)$/, 'primary'],
];
const FIELDS: [RegExp, ConnectionField][] = [
  [/^(URL|URI|DSN)$/, 'url'], [/^(HOST|HOSTNAME)$/, 'host'], [/^PORT$/, 'port'], [/^(USER|USERNAME)$/, 'user'],
  [/^(PASSWORD|PASS)$/, 'password'], [/^(NAME|DB|DATABASE)$/, 'database'],
];
const SETTING = /^(REDIS|MONGODB|MONGO|POSTGRESQL|POSTGRES|PG|MYSQL|MARIADB|DATABASE|DB)_?(URL|URI|DSN|HOSTNAME|HOST|PORT|USERNAME|USER|PASSWORD|PASS|NAME|DB|DATABASE)$/;

export interface Setting {
  target: Target;
  field: ConnectionField;
}

export function settingOf(name: string): Setting | undefined {
  const match = SETTING.exec(name);
  if (!match) return undefined;
  const target = PREFIXES.find(([pattern]) => pattern.test(match[1]))?.[1];
  const field = FIELDS.find(([pattern]) => pattern.test(match[2]))?.[1];
  return target && field ? { target, field } : undefined;
}

/** The variable an app of this engine is most commonly told its database by. */
export function canonicalVariable(engine: DatabaseEngine): string | undefined {
  return { postgres: 'DATABASE_URL', mysql: 'DATABASE_URL', mariadb: 'DATABASE_URL', redis: 'REDIS_URL', mongodb: 'MONGODB_URI', sqlite: undefined }[engine];
}

function targets(setting: Setting, engine: DatabaseEngine, primary: DatabaseEngine | undefined): boolean {
  return setting.target === 'primary' ? engine === primary : setting.target.includes(engine);
}

/** The main SQL engine among the databases an app uses (DATABASE_URL goes to it). */
export function primaryEngine(engines: DatabaseEngine[]): DatabaseEngine | undefined {
  return engines.find((e) => e === 'postgres' || e === 'mysql' || e === 'mariadb') ?? engines.find((e) => e !== 'redis');
}

/** What a set of variables says about a connection to `engine`: any of host, port, user, password, database. */
export function readConnection(values: ReadonlyMap<string, string>, engine: DatabaseEngine, primary: DatabaseEngine | undefined): Partial<Connection> & { names: string[] } {
  const out: Partial<Connection> & { names: string[] } = { names: [] };
  for (const [name, value] of values) {
    const setting = settingOf(name);
    if (!setting || value === '' || !targets(setting, engine, primary)) continue;
    if (setting.field === 'url') {
      const url = parseUrl(value);
      const family = (e: DatabaseEngine | undefined) => (e === 'mariadb' ? 'mysql' : e);
      if (!url || family(engineOfUrl(value)) !== family(engine)) continue;
      Object.assign(out, Object.fromEntries(Object.entries(url).filter(([k, v]) => v !== undefined && k !== 'engine')));
    } else if (setting.field === 'port') {
      if (/^\d+$/.test(value)) out.port = Number(value);
    } else {
      out[setting.field] = value;
    }
    out.names.push(name);
  }
  return out;
}

/** The value a variable gets for the databases an app uses; `example` keeps the URL scheme the app expects. */
export function connectionValue(name: string, connections: Connection[], example?: string): string | undefined {
  const setting = settingOf(name);
  if (!setting) return undefined;
  const primary = primaryEngine(connections.map((c) => c.engine));
  const exampleEngine = example ? engineOfUrl(example) : undefined;
  const connection = connections.find((c) => targets(setting, c.engine, primary) && (!exampleEngine || exampleEngine === c.engine || (exampleEngine === 'mysql' && c.engine === 'mariadb')))
    ?? connections.find((c) => targets(setting, c.engine, primary));
  if (!connection) return undefined;
  switch (setting.field) {
    case 'url': {
      const scheme = example && engineOfUrl(example) ? schemeOf(example) : undefined;
      return formatUrl(connection, { scheme });
    }
    case 'host': return connection.host;
    case 'port': return String(connection.port);
    case 'user': return connection.user;
    case 'password': return connection.password;
    case 'database': return connection.database;
  }
}
