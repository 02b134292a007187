// Which databases the services need, from what the repo says: drivers and ORMs in its
// dependencies, the Prisma datasource, Django's DATABASES, Rails' database.yml, Laravel's
// DB_CONNECTION, URLs in example env files, and compose database images (found earlier).
// One need per engine: every service that uses it is listed in `usedBy`.
import type { DatabaseEngine, DatabaseNeed, EnvVarPlan, Evidence, ServicePlan } from '../model.js';
import { engineOfUrl } from '../database/connection.js';
import { djangoEngine, djangoSettings } from './django-settings.js';
import { driverUse } from './driver-use.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

/** Dependency names per manifest that show a database driver or client; matched as whole names. */
const DRIVERS: { files: string[]; deps: [string, DatabaseEngine][] }[] = [
  {
    files: ['package.json'],
    deps: [
      ['pg', 'postgres'], ['pg-promise', 'postgres'], ['postgres', 'postgres'], ['slonik', 'postgres'], ['@vercel/postgres', 'postgres'],
      ['mysql', 'mysql'], ['mysql2', 'mysql'], ['mariadb', 'mariadb'],
      ['redis', 'redis'], ['ioredis', 'redis'], ['@redis/client', 'redis'], ['bullmq', 'redis'], ['bull', 'redis'],
      ['mongoose', 'mongodb'], ['mongodb', 'mongodb'],
      ['better-sqlite3', 'sqlite'], ['sqlite3', 'sqlite'],
    ],
  },
  {
    files: ['requirements.txt', 'pyproject.toml', 'Pipfile'],
    deps: [
      ['psycopg2', 'postgres'], ['psycopg2-binary', 'postgres'], ['psycopg', 'postgres'], ['asyncpg', 'postgres'], ['pg8000', 'postgres'],
      ['mysqlclient', 'mysql'], ['pymysql', 'mysql'], ['mysql-connector-python', 'mysql'], ['aiomysql', 'mysql'], ['mariadb', 'mariadb'],
      ['redis', 'redis'], ['rq', 'redis'], ['django-redis', 'redis'],
      ['pymongo', 'mongodb'], ['motor', 'mongodb'], ['mongoengine', 'mongodb'],
    ],
  },
  {
    files: ['go.mod'],
    deps: [
      ['github.com/lib/pq', 'postgres'], ['github.com/jackc/pgx', 'postgres'], ['github.com/jackc/pgx/v5', 'postgres'], ['github.com/jackc/pgx/v4', 'postgres'],
      ['github.com/go-sql-driver/mysql', 'mysql'],
      ['github.com/redis/go-redis/v9', 'redis'], ['github.com/go-redis/redis/v8', 'redis'], ['github.com/gomodule/redigo', 'redis'],
      ['go.mongodb.org/mongo-driver', 'mongodb'],
      ['gorm.io/driver/postgres', 'postgres'], ['gorm.io/driver/mysql', 'mysql'], ['gorm.io/driver/sqlite', 'sqlite'],
      ['github.com/mattn/go-sqlite3', 'sqlite'], ['modernc.org/sqlite', 'sqlite'],
    ],
  },
  {
    files: ['Cargo.toml'],
    deps: [['tokio-postgres', 'postgres'], ['postgres', 'postgres'], ['deadpool-postgres', 'postgres'], ['mysql_async', 'mysql'], ['mysql', 'mysql'], ['redis', 'redis'], ['mongodb', 'mongodb'], ['rusqlite', 'sqlite']],
  },
  {
    files: ['pom.xml', 'build.gradle', 'build.gradle.kts'],
    deps: [
      ['org.postgresql', 'postgres'], ['com.mysql', 'mysql'], ['mysql-connector-java', 'mysql'], ['mariadb-java-client', 'mariadb'],
      ['spring-boot-starter-data-redis', 'redis'], ['jedis', 'redis'], ['spring-boot-starter-data-mongodb', 'mongodb'],
    ],
  },
  { files: ['Gemfile'], deps: [['pg', 'postgres'], ['mysql2', 'mysql'], ['redis', 'redis'], ['sidekiq', 'redis'], ['mongoid', 'mongodb'], ['sqlite3', 'sqlite']] },
  { files: ['composer.json'], deps: [['predis/predis', 'redis'], ['mongodb/mongodb', 'mongodb']] },
  { files: ['mix.exs'], deps: [['postgrex', 'postgres'], ['myxql', 'mysql'], ['redix', 'redis'], ['mongodb_driver', 'mongodb'], ['ecto_sqlite3', 'sqlite']] },
  { files: ['gleam.toml'], deps: [['gleam_pgo', 'postgres'], ['pog', 'postgres'], ['sqlight', 'sqlite']] },
];

/** Settings files that name an engine: [file, pattern, engine by captured word]. */
const SETTINGS: { file: (dir: string) => string[]; pattern: RegExp }[] = [
  { file: (dir) => [joinRel(dir, 'prisma/schema.prisma'), joinRel(dir, 'schema.prisma')], pattern: /provider\s*=\s*"(postgresql|postgres|mysql|mongodb|sqlite|cockroachdb)"/ },
  { file: (dir) => [joinRel(dir, 'config/database.yml')], pattern: /adapter:\s*(postgresql|mysql2|trilogy|sqlite3)/ },
  // A crate's feature that brings a Redis client (actix-session's `redis-session`, tower-sessions' redis store).
  { file: (dir) => [joinRel(dir, 'Cargo.toml')], pattern: /^\s*[\w-]+\s*=\s*\{[^}\n]*features\s*=\s*\[[^\]\n]*"[\w-]*?(redis)[\w-]*"/m },
];

const WORD_ENGINES: Record<string, DatabaseEngine> = {
  postgresql: 'postgres', postgres: 'postgres', cockroachdb: 'postgres', pgsql: 'postgres', mysql: 'mysql', mysql2: 'mysql', trilogy: 'mysql',
  mariadb: 'mariadb', sqlite: 'sqlite', sqlite3: 'sqlite', mongodb: 'mongodb', redis: 'redis',
  pg: 'postgres', 'pg-native': 'postgres', 'better-sqlite3': 'sqlite', mongo: 'mongodb',
};

export async function detectDatabaseNeeds(files: RepoFiles, services: ServicePlan[], env: EnvVarPlan[], declared: DatabaseNeed[]): Promise<DatabaseNeed[]> {
  const needs = declared.map((need) => ({ ...need, usedBy: [...need.usedBy] }));
  const add = (engine: DatabaseEngine, service: string, evidence: Evidence, optional?: string) => {
    const same = (n: DatabaseNeed) => n.engine === engine || (isMysql(n.engine) && isMysql(engine));
    const need = needs.find(same);
    if (!need) {
      needs.push({ name: engine, engine, env: {}, usedBy: [service], evidence, ...(optional ? { optional } : {}) });
      return;
    }
    // One service that really uses it makes it needed.
    if (!optional) delete need.optional;
    if (!need.usedBy.includes(service)) need.usedBy.push(service);
    if (need.evidence.file !== evidence.file && !(need.also ?? []).some((e) => e.file === evidence.file)) need.also = [...(need.also ?? []), evidence];
  };
  for (const service of services) {
    for (const found of await serviceNeeds(files, service, env)) add(found.engine, service.name, found.evidence, found.optional);
  }
  return needs;
}

interface Found {
  engine: DatabaseEngine;
  evidence: Evidence;
  /** Why the app may run without it (see DatabaseNeed.optional). */
  optional?: string;
}

async function serviceNeeds(files: RepoFiles, service: ServicePlan, env: EnvVarPlan[]): Promise<Found[]> {
  const out: Found[] = [];
  const push = (engine: DatabaseEngine, evidence: Evidence, optional?: string) => {
    const known = out.find((o) => o.engine === engine);
    if (!known) out.push({ engine, evidence, ...(optional ? { optional } : {}) });
    else if (!optional && known.optional) Object.assign(known, { evidence, optional: undefined });
  };
  const use = driverUse(files, service);
  const fromDrivers = new Set<DatabaseEngine>();
  for (const group of DRIVERS) {
    for (const name of group.files) {
      const file = joinRel(service.dir, name);
      const text = await files.read(file);
      if (text === undefined) continue;
      const names = name === 'package.json' ? packageDeps(text) : undefined;
      for (const [dep, engine] of group.deps) {
        const found = names ? names.has(dep) : mentions(text, dep, name === 'go.mod');
        if (!found) continue;
        if (!out.some((o) => o.engine === engine)) fromDrivers.add(engine);
        push(engine, { file, line: lineOf(text, names ? `"${dep}"` : dep), reason: `${name} depends on ${dep}` }, await use.unused(name, dep, engine));
      }
    }
  }
  for (const setting of SETTINGS) {
    for (const file of setting.file(service.dir)) {
      const text = await files.read(file);
      const word = text && setting.pattern.exec(text)?.[1];
      if (word) push(WORD_ENGINES[word], { file, line: lineOf(text, setting.pattern), reason: `${file} uses ${word}` });
    }
  }
  for (const settings of await djangoSettings(files, service.dir, service.start.env?.DJANGO_SETTINGS_MODULE)) {
    const word = djangoEngine(settings.text);
    if (!word) continue;
    push(WORD_ENGINES[word], { file: settings.file, line: lineOf(settings.text, `backends.${word}`), reason: `Django DATABASES uses ${word}` });
    break;
  }
  let chosen: DatabaseEngine | undefined;
  const disabled = new Set<DatabaseEngine>();
  for (const variable of env.filter((v) => v.dir === service.dir)) {
    const choice = CHOICE.test(variable.name) ? WORD_ENGINES[variable.example?.toLowerCase().split('.').pop() ?? ''] : undefined;
    chosen ??= choice;
    const off = SWITCH.exec(variable.name);
    const store = off && WORD_ENGINES[(off[1] ?? off[2]).toLowerCase()];
    if (store && /^(false|0|no|off)$/i.test(variable.example ?? '')) disabled.add(store);
    const engine = choice ?? (variable.example ? engineOfUrl(variable.example) : undefined);
    const byName = /^REDIS_(URL|HOST)$/.test(variable.name) ? 'redis' : /^MONGO(DB)?_(URL|URI)$/.test(variable.name) ? 'mongodb' : undefined;
    const found = engine ?? byName;
    if (found) {
      fromDrivers.delete(found);
      push(found, { ...variable.evidence, reason: `${variable.name} ${engine ? `is a ${found} URL` : `names ${found}`} (${variable.evidence.reason})` });
    }
  }
  return sqliteByDefault(service, chosenByConfig(out, fromDrivers, chosen, disabled), fromDrivers);
}

/** Settings that pick the app's database by name: Laravel's DB_CONNECTION, knex's DB_CLIENT, DB_TYPE, DB_DIALECT, DB_ENGINE… */
const CHOICE = /^(?:DB|DATABASE)_(?:CONNECTION|CLIENT|TYPE|DIALECT|DRIVER|ENGINE|VENDOR)$|^TYPEORM_CONNECTION$/;
/** Switches that turn a store on or off: REDIS_ENABLED, USE_REDIS, MONGO_ENABLED. */
const SWITCH = /^(REDIS|MONGO)(?:DB)?_ENABLED?$|^(?:USE|ENABLE)_(REDIS|MONGO)(?:DB)?$/;

/**
 * The example's own choice wins over the list of drivers: an app built for several SQL databases
 * (knex with pg, mysql2 and better-sqlite3) whose example picks one (`DB_CLIENT=better-sqlite3`)
 * is given that one, and a store its example switches off (`REDIS_ENABLED=false`) is not started.
 */
function chosenByConfig(out: Found[], fromDrivers: ReadonlySet<DatabaseEngine>, chosen: DatabaseEngine | undefined, disabled: ReadonlySet<DatabaseEngine>): Found[] {
  const sql = (e: DatabaseEngine) => SQL_SERVERS.includes(e) || e === 'sqlite';
  const passedOver = (o: Found) => chosen !== undefined && sql(chosen) && sql(o.engine) && fromDrivers.has(o.engine) && o.engine !== chosen && !(isMysql(o.engine) && isMysql(chosen));
  return out.filter((o) => !passedOver(o) && !disabled.has(o.engine));
}

const SQL_SERVERS: readonly DatabaseEngine[] = ['postgres', 'mysql', 'mariadb'];

/**
 * A Go or Rust program built with the drivers of several SQL databases, SQLite among them
 * (shiori, gotify, vaultwarden): it picks one from its configuration and SQLite, which needs no
 * server, is what it does with none. When nothing in the repo's configuration names a server,
 * the servers are not started for it (a pin in repo-runner.json still can).
 */
function sqliteByDefault(service: ServicePlan, out: Found[], fromDrivers: ReadonlySet<DatabaseEngine>): Found[] {
  if (service.kind !== 'go' && service.kind !== 'rust') return out;
  const sqlite = out.find((o) => o.engine === 'sqlite' && !o.optional);
  const servers = out.filter((o) => SQL_SERVERS.includes(o.engine));
  if (!sqlite || servers.length === 0 || !servers.every((o) => fromDrivers.has(o.engine))) return out;
  sqlite.evidence = { ...sqlite.evidence, reason: `${sqlite.evidence.reason}; also built for ${servers.map((o) => o.engine).join(', ')}, which the repo's configuration does not ask for: SQLite, with no server` };
  return out.filter((o) => !servers.includes(o));
}

function packageDeps(text: string): Set<string> {
  try {
    const json = JSON.parse(text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    return new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.devDependencies ?? {})]);
  } catch {
    return new Set();
  }
}

/**
 * A dependency named as a whole word on a line that is not a comment (`psycopg2` does not match
 * `psycopg2-binary`); in go.mod, not on an `// indirect` line (another module's dependency).
 */
function mentions(text: string, dep: string, skipIndirect = false): boolean {
  const escaped = dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s"'<>=:\\[(/])${escaped}(?=$|[\\s"'<>=~!;,\\[\\])@/]|\\.\\d)`, 'i');
  return text.split('\n').some((line) => !/^\s*(#|\/\/)/.test(line) && !(skipIndirect && /\/\/\s*indirect\b/.test(line)) && pattern.test(line));
}

function isMysql(engine: DatabaseEngine): boolean {
  return engine === 'mysql' || engine === 'mariadb';
}
