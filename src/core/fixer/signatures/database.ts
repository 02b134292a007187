// Failures at the app's edge with its database: nothing listens, the credentials are wrong,
// the database or its tables do not exist yet. Which database is meant comes from the port in
// the error and the URLs the service was started with.
import { DEFAULT_PORTS, engineOfUrl, parseUrl } from '../../database/connection.js';
import { joinRel } from '../../detect/repo-files.js';
import type { DatabaseEngine } from '../../model.js';
import type { Failure, FixerContext, KnownDatabase } from '../failure.js';
import { escapeRegExp, firstRepoPosition, lineIn, type Location } from '../locate.js';
import { command, dirOf, envFix, nameOf, rerun, type Signature } from '../signature.js';

const LABEL: Record<DatabaseEngine, string> = { postgres: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB', redis: 'Redis', mongodb: 'MongoDB', sqlite: 'SQLite' };

interface Target {
  engine: DatabaseEngine;
  port?: number;
  /** The variable that points the app at it, when one does. */
  variable?: string;
  known?: KnownDatabase;
}

/** The database an error is about: by the port it names, else by the engine's words in it. */
function targetOf(failure: Failure, ctx: FixerContext, port: number | undefined, engine?: DatabaseEngine): Target | undefined {
  const urls = Object.entries(failure.env ?? {})
    .map(([name, value]) => ({ name, connection: parseUrl(value), engine: engineOfUrl(value) }))
    .filter((u) => u.engine !== undefined && u.engine !== 'sqlite');
  const byPort = port === undefined ? undefined : urls.find((u) => u.connection?.port === port);
  const byEngine = engine ? urls.find((u) => u.engine === engine || (engine === 'mysql' && u.engine === 'mariadb')) : undefined;
  const url = byPort ?? byEngine;
  const found = url?.engine ?? engine ?? (port ? (Object.entries(DEFAULT_PORTS).find(([, p]) => p === port)?.[0] as DatabaseEngine | undefined) : undefined);
  if (!found) return undefined;
  const known = ctx.databases?.find((d) => d.engine === found || (found === 'mysql' && d.engine === 'mariadb'));
  return { engine: found, port: port ?? url?.connection?.port, variable: url?.name ?? known?.variable, known };
}

/** The line of the service's .env (or example) that sets the variable. */
async function settingLine(failure: Failure, variable: string | undefined, ctx: FixerContext): Promise<Location | undefined> {
  if (!variable) return undefined;
  for (const name of new Set([failure.service?.envFile ?? '.env', '.env', '.env.example'])) {
    const found = await lineIn(joinRel(dirOf(failure), name), new RegExp(`^\\s*(?:export\\s+)?${escapeRegExp(variable)}\\s*=`), ctx);
    if (found) return found;
  }
  return undefined;
}

const ENGINE_WORDS: [RegExp, DatabaseEngine][] = [
  [/postgres|psycopg|\bpg\b|libpq|relation "/i, 'postgres'],
  [/mysql|mariadb|ER_\w+/i, 'mysql'],
  [/redis/i, 'redis'],
  [/mongo/i, 'mongodb'],
  [/sqlite/i, 'sqlite'],
];

function engineWords(text: string): DatabaseEngine | undefined {
  return ENGINE_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

/** A query against a table that does not exist (PostgreSQL, SQLite, MySQL). */
const MISSING_TABLE = /relation "([^"]+)" does not exist|no such table: ([\w.]+)|Table '\w+\.(\w+)' doesn't exist/;

export const DATABASE_SIGNATURES: readonly Signature[] = [
  {
    code: 'database-refused',
    phases: ['run', 'health', 'database'],
    pattern: /ECONNREFUSED (?:(?:127\.0\.0\.1|::1|localhost|\[::1\]|[\w.-]+):)?(\d{2,5})|connection to server at "[^"]+"(?: \([^)]*\))?, port (\d+) failed: Connection refused|could not connect to server: Connection refused[\s\S]{0,200}?port (\d+)|Error (?:111|61) connecting to [\w.-]+:(\d+)|Can't connect to (?:local )?MySQL server on '[^']*?:?(\d+)?'|connection to server on socket "[^"]*\.s\.PGSQL\.(\d+)" failed: (?:No such file or directory|Connection refused)|[\w.-]+:(\d{2,5}): \[Errno (?:111|61)\] Connection refused/,
    async diagnose(match, failure, ctx) {
      const port = Number(match.slice(1).find(Boolean)) || undefined;
      const target = targetOf(failure, ctx, port, engineWords(failure.tail.join('\n')));
      if (!target || target.engine === 'sqlite') return undefined;
      // The port of another service of the repo, not named by a database URL: that service is down, not a database.
      const otherService = port !== undefined && ctx.plan.services.some((s) => s.port.preferred === port && s.name !== failure.service?.name);
      if (otherService && !Object.values(failure.env ?? {}).some((v) => parseUrl(v)?.port === port && engineOfUrl(v) === target.engine)) return undefined;
      const where = await settingLine(failure, target.variable, ctx) ?? await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      const ours = target.known && target.known.port === target.port;
      const elsewhere = target.known?.port !== undefined && target.port !== undefined && target.known.port !== target.port;
      return {
        message: `${nameOf(failure)} cannot reach ${LABEL[target.engine]} on port ${target.port ?? '(unknown)'}: nothing is listening there${target.variable ? ` (${target.variable})` : ''}.`,
        ...where,
        fixes: elsewhere && target.variable && target.known?.url
          ? [envFix(target.variable, dirOf(failure), target.known.url, 'run'), rerun(`Start ${LABEL[target.engine]} and restart ${nameOf(failure)}`, 'database', true, failure.service)]
          : [rerun(`Start ${LABEL[target.engine]}${ours ? ' again' : ''} and restart ${nameOf(failure)}`, 'database', true, failure.service)],
      };
    },
  },
  {
    code: 'database-auth-failed',
    phases: ['run', 'health', 'database'],
    pattern: /password authentication failed for user "([^"]+)"|Access denied for user '([^']+)'@|ER_ACCESS_DENIED_ERROR|WRONGPASS|NOAUTH Authentication required|MongoServerError: Authentication failed|role "([^"]+)" does not exist/,
    async diagnose(match, failure, ctx) {
      const user = match[1] ?? match[2] ?? match[3];
      const target = targetOf(failure, ctx, undefined, engineWords(match[0]) ?? engineWords(failure.tail.join('\n')));
      const where = await settingLine(failure, target?.variable, ctx) ?? await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      const label = target ? LABEL[target.engine] : 'The database';
      return {
        message: `${label} refused the credentials${user ? ` of user "${user}"` : ''} that ${nameOf(failure)} uses${target?.variable ? ` (${target.variable})` : ''}.`,
        ...where,
        fixes: target?.variable
          ? [envFix(target.variable, dirOf(failure), target.known?.url, 'database')]
          : [rerun('Provision the database again and restart', 'database', false, failure.service)],
      };
    },
  },
  {
    code: 'database-missing',
    phases: ['run', 'health', 'database'],
    pattern: /database "([^"]+)" does not exist|Unknown database '([^']+)'|ER_BAD_DB_ERROR/,
    async diagnose(match, failure, ctx) {
      const name = match[1] ?? match[2];
      const target = targetOf(failure, ctx, undefined, match[1] ? 'postgres' : 'mysql');
      const where = await settingLine(failure, target?.variable, ctx) ?? await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      return {
        message: `The database${name ? ` "${name}"` : ''} that ${nameOf(failure)} connects to does not exist on ${target ? LABEL[target.engine] : 'the server'}${target?.port ? ` at port ${target.port}` : ''}.`,
        ...where,
        fixes: [rerun(name ? `Create the database "${name}" and restart ${nameOf(failure)}` : `Create the database and restart ${nameOf(failure)}`, 'database', true, failure.service)],
      };
    },
  },
  {
    code: 'database-schema-missing',
    phases: ['run', 'health', 'database'],
    pattern: new RegExp(`${MISSING_TABLE.source}|You have \\d+ unapplied migration\\(s\\)`),
    async diagnose(match, failure, ctx) {
      // Django warns of unapplied migrations at start; the table a request then missed says more.
      const named = match[0].includes('unapplied') ? failure.tail.map((l) => MISSING_TABLE.exec(l)).find(Boolean) ?? match : match;
      const table = named[1] ?? named[2] ?? named[3];
      // Only the warning, and an error of another kind: that error is the story, not the migrations.
      if (!table && failure.tail.some((l) => /^[\w.]*(?:Error|Exception)\b/.test(l.trim()))) return undefined;
      const service = failure.service;
      const where = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      const migrate = service?.migrate?.[0];
      // Migrations the repo has but Repo Runner does not know how to run are not "none declared".
      const folder = migrate ? undefined : await migrationsFolder(dirOf(failure), ctx);
      const django = service?.framework === 'django' || /unapplied migration/.test(match[0]);
      const fixes = migrate
        ? [rerun(`Run the migrations of ${nameOf(failure)} (${[migrate.command, ...migrate.args].join(' ')}) and restart it`, 'database', false, service)]
        : django
          ? [command('Apply the Django migrations (python manage.py migrate)', [pythonOf(failure), 'manage.py', 'migrate'], dirOf(failure), 'run')]
          : [rerun('Run the migrations and restart once they exist', 'database', false, service)];
      return {
        message: table
          ? `${nameOf(failure)} queries the table "${table}", which does not exist yet: the migrations have not been applied${migrate ? '' : folder ? ` (${folder} has them, but no command to apply them was found)` : ' (none are declared)'}.`
          : `${nameOf(failure)} has migrations that have not been applied.`,
        ...where,
        fixes,
      };
    },
  },
];

/** A folder of migrations in the service (or one level down), e.g. `migrations`, `db/migrate`, `prisma/migrations`. */
async function migrationsFolder(dir: string, ctx: FixerContext): Promise<string | undefined> {
  if (!ctx.list) return undefined;
  const prefix = dir ? `${dir}/` : '';
  for (const parent of ['', 'db', 'database', 'prisma', 'src', 'src/db', 'app', 'alembic']) {
    const names = await ctx.list(`${prefix}${parent}`.replace(/\/$/, ''));
    const found = names.find((n) => /^(migrations|migrate|versions)$/.test(n));
    if (found && (found !== 'versions' || parent === 'alembic')) return `${prefix}${parent ? `${parent}/` : ''}${found}`;
  }
  return undefined;
}

function pythonOf(failure: Failure): string {
  const command = failure.service?.start.command ?? 'python3';
  return /python/.test(command) ? command : 'python3';
}
