// Database: provisions every database the plan needs (all at once), writes the settings each
// service needs into its dotenv file, then runs each service's migrations (and, on a database
// created in this run, its seeds) before any service starts. A service whose database could
// not be provisioned is not started; the others go on.
import { stripAnsi, type Failure } from '../fixer/failure.js';
import { provisionDatabase, type ConnectionHints } from '../database/provision.js';
import { primaryEngine, readConnection } from '../database/wiring.js';
import { configuredConnection, readEnvFile, writeServiceEnv, type EnvFileState } from '../env/service-env-file.js';
import type { CommandSpec, Finding } from '../model.js';
import { activeServices, DatabaseRuntime, type RunContext, type ServiceRuntime } from '../run-context.js';
import { absoluteCwd, describe } from './commands.js';
import type { Phase } from './phase.js';
import { serviceBaseEnv } from './service-env.js';
import { seedingOff } from '../env/seed-switch.js';
import { configDatabases, expectedByConfig, wireConfigFiles, type ConfigFileDatabase } from '../env/config-wiring.js';

/** Provisioning started early (while dependencies install), by run context. */
const early = new WeakMap<RunContext, Promise<Finding[]>>();

export const databasePhase: Phase = {
  name: 'database',
  /** Servers need nothing the installs make: they start while setup runs. */
  prepare(ctx) {
    if (ctx.plan.databases.length === 0) return undefined;
    const work = early.get(ctx) ?? provisionAll(ctx);
    early.set(ctx, work);
    return work;
  },
  async run(ctx) {
    const started = early.get(ctx);
    early.delete(ctx);
    const findings = await (started ?? provisionAll(ctx));
    if (ctx.signal.aborted) return { status: 'failed', detail: 'cancelled' };
    const services = activeServices(ctx).filter((s) => !s.running);
    const envFiles = new Map<ServiceRuntime, EnvFileState>();
    for (const service of services) envFiles.set(service, await readEnvFile(ctx, service));

    const failures: Failure[] = [];
    let migrated = 0;
    for (const service of services) {
      const used = [...ctx.databases.values()].filter((db) => db.need.usedBy.includes(service.name));
      // A database the app may run without (DatabaseNeed.optional) does not hold the service back.
      const broken = used.find((db) => db.status !== 'healthy' && !db.need.optional);
      if (broken) {
        const cause = findings.find((f) => f.file === broken.need.evidence.file) ?? findings[0];
        service.failed = cause;
        if (cause) ctx.setStatus(service, 'pending', { detail: `waiting for ${broken.name}: ${cause.message}` });
        continue;
      }
      const connections = used.flatMap((db) => (db.connection && db.status === 'healthy' ? [{ name: db.name, connection: db.connection }] : []));
      const wired = await wireConfigFiles(ctx, service, connections);
      findings.push(...wired.findings);
      findings.push(...(await writeServiceEnv(ctx, service, envFiles.get(service)!, connections, wired.env)));
      if (!used.some((db) => db.status === 'healthy')) continue;
      let failed = false;
      for (const command of service.plan.migrate ?? []) {
        const failure = await migrate(ctx, service, command);
        if (failure) {
          failures.push(failure);
          failed = true;
          break;
        }
        migrated++;
      }
      if (!failed) findings.push(...(await seed(ctx, service, used.some((db) => db.created))));
    }
    const detail = [...ctx.databases.values()].map((db) => `${db.name}: ${db.status}${db.source ? ` (${db.source})` : ''}`).join(', ')
      + (migrated > 0 ? `; ${migrated} migration step${migrated === 1 ? '' : 's'}` : '');
    if (ctx.databases.size === 0 && migrated === 0) return { status: 'skipped', findings, detail: 'no database needed' };
    const status = findings.some((f) => f.severity === 'error') || failures.length > 0 ? 'failed' : 'done';
    return { status, findings, failures, detail };
  },
};

/** Every database the plan needs that is not already up, all at once; the findings of those that failed. */
async function provisionAll(ctx: RunContext): Promise<Finding[]> {
  for (const need of ctx.plan.databases) if (!ctx.databases.has(need.name)) ctx.databases.set(need.name, new DatabaseRuntime(need));
  const pending = [...ctx.databases.values()].filter((db) => !(db.status === 'healthy' && (db.running || db.source === 'configured' || db.source === 'file')));
  if (pending.length === 0) return [];
  const envFiles = new Map<ServiceRuntime, EnvFileState>();
  for (const service of activeServices(ctx).filter((s) => !s.running)) envFiles.set(service, await readEnvFile(ctx, service));
  const configs = new Map<ServiceRuntime, ConfigFileDatabase[]>();
  for (const service of envFiles.keys()) configs.set(service, await configDatabases(ctx, service));
  const provisioned = await Promise.all(pending.map(async (db) => {
    const finding = await provisionDatabase(ctx, db, hintsFor(ctx, db, envFiles, configs));
    // Not having a database the code does not use is worth saying, not worth stopping for.
    if (finding && db.need.optional) Object.assign(finding, { severity: 'warning', message: `${finding.message} The services start without it: ${db.need.optional}.` });
    return finding;
  }));
  return provisioned.filter((f): f is Finding => f !== undefined);
}

/** What the services using a database say about it: the user's settings, and the example's or compose's credentials. */
function hintsFor(ctx: RunContext, db: DatabaseRuntime, envFiles: Map<ServiceRuntime, EnvFileState>, configs: Map<ServiceRuntime, ConfigFileDatabase[]>): ConnectionHints {
  const users = [...envFiles.keys()].filter((s) => db.need.usedBy.includes(s.name));
  const enginesOf = (service: ServiceRuntime) => [...ctx.databases.values()].filter((d) => d.need.usedBy.includes(service.name)).map((d) => d.need.engine);
  let configured: ConnectionHints['configured'];
  for (const service of users) configured ??= configuredConnection(ctx, envFiles.get(service)!, db.need.engine, enginesOf(service));
  // A config file naming a port on localhost (config.yml's database.port: 5433): the server is started there.
  for (const service of users) {
    const expected = expectedByConfig(configs.get(service) ?? [], db.need.engine);
    if (!configured && expected?.local) configured = { connection: expected.connection, from: expected.from, soft: true };
  }
  const preset: ConnectionHints['preset'] = {};
  const compose = readConnection(new Map(Object.entries(db.need.env)), db.need.engine, db.need.engine);
  for (const service of users) {
    const examples = new Map(ctx.plan.env.filter((v) => v.dir === service.plan.dir && v.example !== undefined).map((v) => [v.name, v.example!]));
    const fromExample = readConnection(examples, db.need.engine, primaryEngine(enginesOf(service)));
    // The user, password and database name the app's config file expects, so that file works as it is.
    const fromConfig = expectedByConfig(configs.get(service) ?? [], db.need.engine)?.connection ?? {};
    for (const key of ['user', 'password', 'database'] as const) preset[key] ??= compose[key] ?? fromConfig[key] ?? fromExample[key];
  }
  const first = users[0]?.name ?? ctx.plan.services[0]?.name ?? 'app';
  return { configured, preset, defaultName: first.replace(/[^A-Za-z0-9]+/g, '_') };
}

/**
 * Seeds a new database (or one whose seed failed last time), unless the app's settings turn
 * seeding off. Seed data is a convenience: a failed seed is a warning and the app still starts;
 * the next run tries it again.
 */
async function seed(ctx: RunContext, service: ServiceRuntime, created: boolean): Promise<Finding[]> {
  const commands = service.plan.seed ?? [];
  const pending = ctx.checkpoint.state.services[service.name]?.seedPending === true;
  if (commands.length === 0 || !(created || pending)) return [];
  const off = seedingOff(serviceBaseEnv(ctx, service));
  if (off) {
    const where = ctx.plan.env.find((v) => v.name === off.name && v.dir === service.plan.dir)?.evidence.file ?? 'the environment';
    ctx.log('info', `${service.name}: not seeding the database: ${off.name}=${off.value} (${where}) turns seeding off`);
    return [];
  }
  const mark = (value: boolean) => ctx.checkpoint.update((d) => { d.services[service.name] = { ...d.services[service.name], seedPending: value || undefined }; });
  for (const command of commands) {
    const failure = await migrate(ctx, service, command);
    if (!failure) continue;
    await mark(true);
    const generic = failure.generic;
    const because = service.plan.evidence.find((e) => /\bseed/i.test(e.reason));
    return [{
      ...generic, code: 'seed-failed', severity: 'warning', file: because?.file ?? generic.file, range: because?.line ? { startLine: because.line } : generic.range,
      message: `${service.name}: the seed \`${describe(command)}\` failed with exit code ${failure.exitCode}; the app starts without its seed data, and the next run tries the seed again.`,
      fixes: [{ kind: 'rerun', title: 'Seed the database again', auto: false, from: 'database', service: service.name }],
    }];
  }
  if (pending) await mark(false);
  return [];
}

async function migrate(ctx: RunContext, service: ServiceRuntime, command: CommandSpec): Promise<Failure | undefined> {
  ctx.log('info', `${service.name}: ${describe(command)}`);
  const result = await ctx.host.processes.run(command, {
    cwd: absoluteCwd(ctx, command),
    env: { ...serviceBaseEnv(ctx, service), ...command.env },
    signal: ctx.signal,
    onLine: (_stream, line) => ctx.emit({ type: 'output', service: service.name, stream: 'stdout', line, source: 'setup' }),
  });
  if (result.exitCode === 0 || result.cancelled) return undefined;
  const tail = result.tail.map(stripAnsi);
  return {
    phase: 'database', service: service.plan, exitCode: result.exitCode, tail,
    generic: {
      code: 'migration-failed', severity: 'error', phase: 'database', service: service.name, file: service.plan.evidence.find((e) => /migrat|manage\.py|alembic|knex|prisma|artisan/i.test(`${e.file} ${e.reason}`))?.file ?? service.plan.manifests[0],
      message: `${service.name}: \`${describe(command)}\` failed with exit code ${result.exitCode}${result.spawnError ? ` (${result.spawnError})` : ''}.`,
      excerpt: tail.slice(-12), fixes: [{ kind: 'rerun', title: 'Run the migrations again', auto: false, from: 'database', service: service.name }],
    },
  };
}
