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
      findings.push(...(await writeServiceEnv(ctx, service, envFiles.get(service)!, connections)));
      if (!used.some((db) => db.status === 'healthy')) continue;
      const commands = [...(service.plan.migrate ?? []), ...(used.some((db) => db.created) ? service.plan.seed ?? [] : [])];
      for (const command of commands) {
        const failure = await migrate(ctx, service, command);
        if (failure) {
          failures.push(failure);
          break;
        }
        migrated++;
      }
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
  const provisioned = await Promise.all(pending.map(async (db) => {
    const finding = await provisionDatabase(ctx, db, hintsFor(ctx, db, envFiles));
    // Not having a database the code does not use is worth saying, not worth stopping for.
    if (finding && db.need.optional) Object.assign(finding, { severity: 'warning', message: `${finding.message} The services start without it: ${db.need.optional}.` });
    return finding;
  }));
  return provisioned.filter((f): f is Finding => f !== undefined);
}

/** What the services using a database say about it: the user's settings, and the example's or compose's credentials. */
function hintsFor(ctx: RunContext, db: DatabaseRuntime, envFiles: Map<ServiceRuntime, EnvFileState>): ConnectionHints {
  const users = [...envFiles.keys()].filter((s) => db.need.usedBy.includes(s.name));
  const enginesOf = (service: ServiceRuntime) => [...ctx.databases.values()].filter((d) => d.need.usedBy.includes(service.name)).map((d) => d.need.engine);
  let configured: ConnectionHints['configured'];
  for (const service of users) configured ??= configuredConnection(ctx, envFiles.get(service)!, db.need.engine, enginesOf(service));
  const preset: ConnectionHints['preset'] = {};
  const compose = readConnection(new Map(Object.entries(db.need.env)), db.need.engine, db.need.engine);
  for (const service of users) {
    const examples = new Map(ctx.plan.env.filter((v) => v.dir === service.plan.dir && v.example !== undefined).map((v) => [v.name, v.example!]));
    const fromExample = readConnection(examples, db.need.engine, primaryEngine(enginesOf(service)));
    for (const key of ['user', 'password', 'database'] as const) preset[key] ??= compose[key] ?? fromExample[key];
  }
  const first = users[0]?.name ?? ctx.plan.services[0]?.name ?? 'app';
  return { configured, preset, defaultName: first.replace(/[^A-Za-z0-9]+/g, '_') };
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
