// A service's dotenv file: what the user set there, the values Repo Runner provides (database
// settings from the provisioned servers, generated local secrets), written into the file its
// framework reads, and the list of every variable with where it came from, for the UI.
import { engineOfUrl, type Connection } from '../database/connection.js';
import { canonicalVariable, connectionValue, primaryEngine, readConnection, settingOf } from '../database/wiring.js';
import { parseEnvFile } from '../detect/env-file.js';
import { maskUrl, maskValue } from '../secrets/index.js';
import type { DatabaseEngine, EnvValue, Finding, ServicePlan } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';
import { updateEnvFile } from './dotenv-writer.js';
import { secretValue } from './secret-value.js';
import { composeOnlyHost, isComposeHost, relocate, type Provided } from './relocate.js';
import { ENV_EXAMPLE_FILES } from '../detect/env-needs.js';
import { credentialParts, placePrefix } from '../detect/connection-names.js';

export interface EnvFileState {
  /** Relative to the repo root. */
  file: string;
  text?: string;
  /** Every entry of the file. */
  entries: Map<string, string>;
  /** Entries the user wrote (not values Repo Runner wrote and the user left alone). */
  userEntries: Map<string, string>;
}

export function envFilePath(service: ServiceRuntime): string {
  const name = service.plan.envFile ?? '.env';
  return service.plan.dir === '' ? name : `${service.plan.dir}/${name}`;
}

export async function readEnvFile(ctx: RunContext, service: ServiceRuntime): Promise<EnvFileState> {
  const file = envFilePath(service);
  const text = await ctx.host.fs.readText(`${ctx.root}/${file}`);
  const ours = ctx.checkpoint.state.env?.[file] ?? {};
  const entries = new Map<string, string>();
  const userEntries = new Map<string, string>();
  for (const entry of parseEnvFile(text ?? '').entries) {
    if (entries.has(entry.name)) continue;
    entries.set(entry.name, entry.value);
    if (ours[entry.name] !== ctx.host.hash(entry.value)) userEntries.set(entry.name, entry.value);
  }
  return { file, text, entries, userEntries };
}

/** What the user configured for a database: their environment first, then their own lines of the file. */
export function configuredConnection(ctx: RunContext, state: EnvFileState, engine: DatabaseEngine, engines: DatabaseEngine[]): { connection: Partial<Connection>; from: string } | undefined {
  const primary = primaryEngine(engines);
  const fromEnv = readConnection(new Map(Object.entries(ctx.host.env).filter((e): e is [string, string] => e[1] !== undefined)), engine, primary);
  if (fromEnv.host !== undefined) return { connection: fromEnv, from: `${fromEnv.names.join(', ')} in your environment` };
  const fromFile = readConnection(state.userEntries, engine, primary);
  // `@db:5432` copied from a compose example is not a server the user runs: Repo Runner provides one.
  if (composeOnlyHost(fromFile.host, ctx.plan.databases.map((d) => d.name))) return undefined;
  if (fromFile.host !== undefined) return { connection: fromFile, from: `${fromFile.names.join(', ')} in ${state.file}` };
  return undefined;
}

/**
 * Writes the service's dotenv file (only when a value is missing or one of Repo Runner's own
 * changed), then records the values its processes get. Returns findings for values only their
 * owner can supply (API keys).
 */
export async function writeServiceEnv(ctx: RunContext, service: ServiceRuntime, state: EnvFileState, connections: { name: string; connection: Connection }[],
  extra: ReadonlyMap<string, { value: string; from: string }> = new Map()): Promise<Finding[]> {
  const dir = service.plan.dir;
  const declared = ctx.plan.env.filter((v) => v.dir === dir);
  const inHost = (name: string) => ctx.host.env[name] !== undefined;
  const wanted = new Map<string, string>();
  const origin = new Map<string, { origin: EnvValue['origin']; from?: string }>();
  const conns = connections.map((c) => c.connection);
  const names = [...new Set([...declared.filter((v) => v.kind === 'database').map((v) => v.name), ...conns.map((c) => canonicalVariable(c.engine)).filter((n): n is string => !!n)])];
  // With no example URL, the scheme the app's driver needs (SQLAlchemy with asyncpg: postgresql+asyncpg://).
  const primary = primaryEngine(conns.map((c) => c.engine));
  const driverScheme = primary && service.plan.urlSchemes?.[primary === 'mariadb' ? 'mysql' : primary];
  for (const name of names) {
    const declaredExample = declared.find((v) => v.name === name)?.example;
    const example = declaredExample !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(declaredExample) ? declaredExample
      : driverScheme && settingOf(name)?.field === 'url' && settingOf(name)?.target === 'primary' ? `${driverScheme}://` : declaredExample;
    const value = withQuery(connectionValue(name, conns, example), service.plan.urlQuery);
    if (value === undefined || inHost(name)) continue;
    wanted.set(name, value);
    origin.set(name, { origin: 'database', from: connections.find((c) => connectionValue(name, [c.connection], example) !== undefined)?.name });
  }
  // Variables the framework reads its database settings from (Spring's SPRING_DATASOURCE_*).
  for (const [name, { value, from }] of extra) {
    if (inHost(name) || wanted.has(name)) continue;
    wanted.set(name, value);
    origin.set(name, { origin: 'database', from });
  }
  // Other settings whose example points at a database by its compose name, or at its default port on localhost.
  for (const variable of declared) {
    if (variable.example === undefined || wanted.has(variable.name) || inHost(variable.name)) continue;
    const moved = relocate(variable.name, variable.example, connections);
    if (moved === undefined) continue;
    wanted.set(variable.name, moved);
    origin.set(variable.name, { origin: 'database', from: connections.find((c) => relocate(variable.name, variable.example!, [c]) !== undefined)?.name });
  }
  // Their ports: DB_PORT beside a DB_HOST that was just pointed at a database.
  for (const variable of declared) {
    const prefix = /^(.*)_PORT$/.exec(variable.name)?.[1];
    if (!prefix || wanted.has(variable.name) || inHost(variable.name)) continue;
    const host = [`${prefix}_HOST`, `${prefix}_HOSTNAME`, `${prefix}_SERVER`].find((n) => origin.get(n)?.origin === 'database');
    const db = host ? connections.find((c) => c.name === origin.get(host)!.from) : undefined;
    if (!db) continue;
    wanted.set(variable.name, String(db.connection.port));
    origin.set(variable.name, { origin: 'database', from: db.name });
  }
  // Their credentials: DB_USER, DB_PASSWORD, DB_NAME beside a DB_HOST (or _URL) that was just pointed at a database.
  for (const variable of declared) {
    const { prefix, part } = credentialParts(variable.name) ?? {};
    if (!prefix || !part || wanted.has(variable.name) || inHost(variable.name)) continue;
    const beside = [...origin.keys()].find((n) => placePrefix(n) === prefix && origin.get(n)?.origin === 'database');
    const db = beside ? connections.find((c) => c.name === origin.get(beside)!.from) : undefined;
    const value = db && (/^(USER|USERNAME)$/.test(part) ? db.connection.user : /^PASS/.test(part) ? db.connection.password : db.connection.database);
    if (value === undefined) continue;
    wanted.set(variable.name, value);
    origin.set(variable.name, { origin: 'database', from: db!.name });
  }
  const findings: Finding[] = [];
  for (const variable of declared) {
    if (inHost(variable.name) || wanted.has(variable.name)) continue;
    if (variable.kind === 'secret') {
      wanted.set(variable.name, state.entries.get(variable.name) ?? secretValue(variable.name, variable.example, service.plan.kind, ctx.host.randomToken(32)));
      origin.set(variable.name, { origin: 'generated' });
    } else if (variable.kind === 'external' && !state.entries.get(variable.name)) {
      findings.push({
        code: 'env-value-needed', severity: 'warning', phase: 'database', service: service.name, file: variable.evidence.file,
        range: variable.evidence.line ? { startLine: variable.evidence.line } : undefined, excerpt: [variable.evidence.reason],
        message: `${service.name} reads ${variable.name}, a key only its provider can give; set it in ${state.file} (the app may fail where it needs it).`,
        fixes: [{ kind: 'env', title: `Set ${variable.name} in ${state.file}`, auto: false, name: variable.name, file: state.file }],
      });
    }
  }

  let text = state.text;
  if (wanted.size > 0) {
    const exampleFile = declared.find((v) => v.source === 'example' && ENV_EXAMPLE_FILES.includes(v.evidence.file.split('/').pop()!))?.evidence.file;
    const exampleText = state.text === undefined && exampleFile ? await ctx.host.fs.readText(`${ctx.root}/${exampleFile}`) : undefined;
    const example = exampleText !== undefined ? { name: exampleFile!.split('/').pop()!, text: exampleText } : undefined;
    const update = updateEnvFile(state.text, example, wanted, ctx.checkpoint.state.env?.[state.file] ?? {}, (v) => ctx.host.hash(v));
    for (const name of update.kept) ctx.log('info', `${service.name}: keeping ${name} as you set it in ${state.file}`);
    if (update.changed) {
      await ctx.host.fs.writeTextAtomic(`${ctx.root}/${state.file}`, update.text);
      ctx.log('info', `${service.name}: wrote ${[...wanted.keys()].filter((n) => !update.kept.includes(n)).join(', ')} to ${state.file}`);
    }
    await ctx.checkpoint.update((d) => { d.env = { ...d.env, [state.file]: update.ours }; });
    text = update.text;
  }

  const entries = new Map(parseEnvFile(text ?? '').entries.map((e) => [e.name, e.value]));
  const ours = ctx.checkpoint.state.env?.[state.file] ?? {};
  // A line of the user's that names a compose host (`@db:5432`): that host exists only inside compose.
  // The line is kept as written; this run's processes get where the database really is.
  const relocated = new Set<string>();
  for (const [name, value] of entries) {
    if (ours[name] === ctx.host.hash(value) || inHost(name)) continue;
    const moved = namesComposeHost(value, connections) ? relocate(name, value, connections) : undefined;
    if (moved === undefined) continue;
    entries.set(name, moved);
    relocated.add(name);
    origin.set(name, { origin: 'database', from: connections.find((c) => relocate(name, value, [c]) !== undefined)?.name });
    ctx.log('info', `${service.name}: ${name} in ${state.file} names a host that exists only inside docker compose; this run gives it ${maskUrl(moved)} (your line is kept)`);
  }
  service.fileEnv = Object.fromEntries(entries);
  const values: EnvValue[] = [];
  const show = (name: string, value: string) => maskUrl(maskValue(name, value));
  for (const [name, value] of entries) {
    if (inHost(name)) continue;
    const known = origin.get(name);
    const mine = ours[name] === ctx.host.hash(value) || relocated.has(name);
    values.push({ name, value: show(name, value), ...(mine ? known ?? { origin: 'example' as const } : { origin: 'user' as const, from: state.file }) });
  }
  for (const variable of declared) {
    if (inHost(variable.name)) values.push({ name: variable.name, value: show(variable.name, ctx.host.env[variable.name]!), origin: 'environment' });
    else if (!entries.has(variable.name)) {
      values.push(variable.example !== undefined && variable.kind !== 'port'
        ? { name: variable.name, value: show(variable.name, variable.example), origin: 'example', from: variable.evidence.file }
        : { name: variable.name, value: '', origin: variable.kind === 'port' ? 'generated' : 'missing' });
    }
  }
  service.envValues = values;
  ctx.emit({ type: 'env', service: service.name, file: state.file, variables: values });
  return findings;
}

/** Whether a value's host (of a URL, `host:port` or a bare name) is a compose host of one of the provided databases. */
function namesComposeHost(value: string, provided: Provided[]): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(value.trim())?.[1] ?? /^([A-Za-z0-9_.-]+)(?::\d+)?$/.exec(value.trim())?.[1];
  return host !== undefined && isComposeHost(host, provided);
}


/** A database URL with the query its driver needs (`?sslmode=disable`), unless it already has a query. */
function withQuery(value: string | undefined, query: ServicePlan['urlQuery']): string | undefined {
  if (value === undefined || !query) return value;
  const engine = engineOfUrl(value);
  const extra = engine && query[engine === 'mariadb' ? 'mysql' : engine];
  return extra && !value.includes('?') ? `${value}?${extra}` : value;
}
