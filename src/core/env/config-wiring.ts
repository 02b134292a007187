// Points the database settings an app keeps outside .env at the database Repo Runner provided:
// through the environment variables its framework honours where there are some (Spring Boot's
// SPRING_DATASOURCE_*, which beat application.properties), else by writing a config file that
// is still the copy Repo Runner made from its example, else with a finding that names the file,
// the key and the value to set. Before provisioning, the same files say what the app expects
// (the user, password and database name; a port on localhost), so the server is made to match.
import type { Connection } from '../database/connection.js';
import { isLocalHost, parseUrl } from '../database/connection.js';
import { primaryEngine } from '../database/wiring.js';
import type { ConnectionField } from '../database/wiring.js';
import { joinRel } from '../detect/repo-files.js';
import type { DatabaseEngine, Finding } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';
import { isOurCopy, writeOurCopy } from './config-copies.js';
import { formatOf, jdbcUrl, readSettings, readsEnvironment, wantedValues, withValues, type ConfigDatabase, type ConfigFormat } from './config-database.js';
import { composeOnlyHost } from './relocate.js';

/** Where apps keep database settings outside the environment, relative to the service's folder. */
const CONFIG_FILES = [
  'config.json', 'config.yml', 'config.yaml', 'config.toml', 'ormconfig.json', 'ormconfig.yml', 'database.json', 'config/config.json', 'config/database.json',
  'config/default.json', 'config/default.yml', 'config/config.yml', 'src/config.json', 'config.js', 'config/database.js', 'knexfile.js', 'ormconfig.js',
  'src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml',
];

export interface ConfigFileDatabase {
  file: string;
  format: ConfigFormat;
  text: string;
  settings: ConfigDatabase;
}

const isSpring = (service: ServiceRuntime) => service.plan.framework.startsWith('spring-boot');
const isSpringFile = (file: string) => /(^|\/)application(-[\w]+)?\.(properties|ya?ml)$/.test(file);
const family = (engine: DatabaseEngine | undefined) => (engine === 'mariadb' ? 'mysql' : engine);

/** The config files of a service that hold database settings (with a host or a URL). */
export async function configDatabases(ctx: RunContext, service: ServiceRuntime): Promise<ConfigFileDatabase[]> {
  const files = new Set([...CONFIG_FILES.map((f) => joinRel(service.plan.dir, f)), ...(service.plan.configCopies ?? []).map((c) => c.to), ...(await djangoModules(ctx, service))]);
  const out: ConfigFileDatabase[] = [];
  // Servers start while setup runs, which may not have made a copy yet: its example says the same.
  const examples = new Map((service.plan.configCopies ?? []).map((c) => [c.to, c.from]));
  for (const file of files) {
    const format = formatOf(file);
    if (!format) continue;
    const example = examples.get(file);
    const text = (await ctx.host.fs.readText(`${ctx.root}/${file}`)) ?? (example === undefined ? undefined : await ctx.host.fs.readText(`${ctx.root}/${example}`));
    if (text === undefined) continue;
    const settings = await readSettings(text, format);
    if (settings && (settings.fields.host || settings.fields.url) && settings.engine !== 'sqlite') out.push({ file, format, text, settings });
  }
  return out;
}

/** A Django project's settings modules: `<package>/settings.py` beside manage.py, and its local overrides. */
async function djangoModules(ctx: RunContext, service: ServiceRuntime): Promise<string[]> {
  if (service.plan.kind !== 'python' || !(await ctx.host.fs.exists(`${ctx.root}/${joinRel(service.plan.dir, 'manage.py')}`))) return [];
  const out: string[] = [];
  for (const entry of await ctx.host.fs.list(`${ctx.root}/${service.plan.dir}`.replace(/\/$/, '')).catch(() => [])) {
    if (!entry.isDirectory || entry.name.startsWith('.') || /^(node_modules|\.?venv|static|templates)$/.test(entry.name)) continue;
    const settings = joinRel(service.plan.dir, `${entry.name}/settings.py`);
    if (!(await ctx.host.fs.exists(`${ctx.root}/${settings}`))) continue;
    out.push(settings, joinRel(service.plan.dir, `${entry.name}/settings_local.py`), joinRel(service.plan.dir, `${entry.name}/local_settings.py`));
  }
  return out;
}

/** The connection a file's settings are for: the engine it names, else the app's main SQL database. */
function connectionFor(settings: ConfigDatabase, connections: { name: string; connection: Connection }[]) {
  if (settings.engine) return connections.find((c) => family(c.connection.engine) === family(settings.engine));
  const primary = primaryEngine(connections.map((c) => c.connection.engine));
  return connections.find((c) => c.connection.engine === primary);
}

/** What a service's config files say about the database they expect: for provisioning it to match. */
export function expectedByConfig(found: ConfigFileDatabase[], engine: DatabaseEngine): { connection: Partial<Connection>; from: string; local: boolean } | undefined {
  for (const { file, settings } of found) {
    if (settings.engine && family(settings.engine) !== family(engine)) continue;
    const literal = (field: ConnectionField) => {
      const value = settings.fields[field]?.value;
      return value !== undefined && value !== '' && !readsEnvironment(value) ? value : undefined;
    };
    // A URL (`jdbc:postgresql://localhost:5432/shop`, `postgres://u:p@db/app`) says the same in one value.
    const url = literal('url');
    const parsed = url ? parseUrl(url.replace(/^jdbc:/, '')) : undefined;
    const host = literal('host') ?? parsed?.host;
    const port = literal('port') ?? (parsed ? String(parsed.port) : undefined);
    const connection: Partial<Connection> = { user: literal('user') ?? parsed?.user, password: literal('password') ?? parsed?.password, database: literal('database') ?? parsed?.database };
    const local = host !== undefined && isLocalHost(host);
    if (local) Object.assign(connection, { host, port: port && /^\d+$/.test(port) ? Number(port) : undefined });
    const keys = (['url', 'host', 'port'] as const).filter((f) => settings.fields[f]).map((f) => settings.fields[f]!.path.join('.'));
    return { connection, from: `${keys.join(', ') || 'the settings'} in ${file}`, local };
  }
  return undefined;
}

export interface ConfigWiring {
  /** Variables to give the service (Spring's SPRING_DATASOURCE_*), with the database each points at. */
  env: Map<string, { value: string; from: string }>;
  findings: Finding[];
}

export async function wireConfigFiles(ctx: RunContext, service: ServiceRuntime, connections: { name: string; connection: Connection }[]): Promise<ConfigWiring> {
  const out: ConfigWiring = { env: new Map(), findings: [] };
  if (connections.length === 0) return out;
  const found = await configDatabases(ctx, service);
  // A database the app may run without (Spring's H2 default) is not forced on it: SPRING_DATASOURCE_* would beat its own settings.
  const needed = connections.filter((c) => !ctx.plan.databases.find((d) => d.name === c.name)?.optional);
  if (isSpring(service)) springEnv(out.env, found, needed);
  for (const config of found) {
    if (isSpring(service) && isSpringFile(config.file)) continue;
    const target = connectionFor(config.settings, connections);
    if (!target) continue;
    const wanted = wantedValues(config.settings, target.connection);
    // Fields the file fills from the environment are the environment's business (the .env has them).
    for (const field of Object.keys(wanted) as ConnectionField[]) if (readsEnvironment(config.settings.fields[field]!.value)) delete wanted[field];
    const wrong = (Object.keys(wanted) as ConnectionField[]).filter((f) => !same(f, config.settings.fields[f]!.value, wanted[f]!));
    if (wrong.length === 0) continue;
    if (await isOurCopy(ctx, config.file)) {
      await writeOurCopy(ctx, config.file, await withValues(config.text, config.format, config.settings, wanted));
      ctx.log('info', `${service.name}: pointed ${wrong.map((f) => config.settings.fields[f]!.path.join('.')).join(', ')} in ${config.file} (made from its example) at ${target.name} on ${target.connection.host}:${target.connection.port}`);
      continue;
    }
    out.findings.push(mismatch(service, config, wrong, wanted, target.name, target.connection));
  }
  return out;
}

function same(field: ConnectionField, have: string, want: string): boolean {
  return field === 'port' ? Number(have) === Number(want) : have === want;
}

/** Spring Boot's own variables for the databases it uses: they beat application.properties and application.yml. */
export function springEnv(env: ConfigWiring['env'], found: ConfigFileDatabase[], connections: { name: string; connection: Connection }[]): void {
  const sqlEngine = primaryEngine(connections.map((c) => c.connection.engine).filter((e) => e !== 'redis' && e !== 'mongodb'));
  const sql = connections.find((c) => c.connection.engine === sqlEngine);
  if (sql) {
    // The driver the app names in spring.datasource.url (`jdbc:mariadb:` or `jdbc:mysql:`) is kept.
    const declared = found.find((f) => isSpringFile(f.file) && f.settings.fields.url)?.settings.fields.url?.value;
    const scheme = declared ? /^jdbc:([a-z0-9]+):/i.exec(declared)?.[1] : undefined;
    env.set('SPRING_DATASOURCE_URL', { value: jdbcUrl(sql.connection, scheme), from: sql.name });
    if (sql.connection.user !== undefined) env.set('SPRING_DATASOURCE_USERNAME', { value: sql.connection.user, from: sql.name });
    if (sql.connection.password !== undefined) env.set('SPRING_DATASOURCE_PASSWORD', { value: sql.connection.password, from: sql.name });
  }
  const redis = connections.find((c) => c.connection.engine === 'redis');
  if (redis) {
    // Spring Boot 3 reads spring.data.redis.*, Spring Boot 2 spring.redis.*.
    for (const prefix of ['SPRING_DATA_REDIS', 'SPRING_REDIS']) {
      env.set(`${prefix}_HOST`, { value: redis.connection.host, from: redis.name });
      env.set(`${prefix}_PORT`, { value: String(redis.connection.port), from: redis.name });
    }
  }
}

function mismatch(service: ServiceRuntime, config: ConfigFileDatabase, wrong: ConnectionField[], wanted: Partial<Record<ConnectionField, string>>, name: string, connection: Connection): Finding {
  const first = config.settings.fields[wrong[0]]!;
  const host = config.settings.fields.host?.value;
  const why = host && composeOnlyHost(host, [name]) ? `${host} exists only inside docker compose` : `the database Repo Runner started for it is at ${connection.host}:${connection.port}`;
  // Secrets are not spelled out: the password is in the service's .env, where Repo Runner wrote it.
  const show = (f: ConnectionField) => `${config.settings.fields[f]!.path.join('.')} to ${f === 'password' ? 'the password in its .env' : f === 'url' ? wanted.url!.replace(/:[^:@/]*@/, ':…@') : `"${wanted[f]}"`}`;
  return {
    code: 'config-database-mismatch', severity: 'warning', phase: 'database', service: service.name, file: config.file,
    range: first.line ? { startLine: first.line } : undefined, excerpt: wrong.map((f) => `${config.settings.fields[f]!.path.join('.')}: ${f === 'password' ? '••••' : config.settings.fields[f]!.value}`),
    message: `${service.name} reads its database settings from ${config.file}, which is not Repo Runner's to change, and ${why}: set ${wrong.map(show).join(', ')}.`,
    fixes: [],
  };
}
