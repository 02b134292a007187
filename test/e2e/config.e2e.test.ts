// Configuration outside .env and first-run steps, end to end against a real PostgreSQL (the
// machine's or the embedded one): the fixture ships its settings as docker compose gives them
// (`env-example` and `config.json.example` naming the host `db`), insists on `postgres://`, and
// has a seed that fails. The run makes config.json from its example and points it at the server
// it started, writes .env from env-example with the app's scheme, and starts the app although
// the seed failed (a warning); a SEED_DB=false in the example turns the seed off; a user's own
// .env line naming `db` is kept as written while the app is given the real place. A Spring Boot
// app whose application.properties names `db` is given SPRING_DATASOURCE_* instead.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { copyFixture, getJson } from '../helpers/fixtures.js';
import { type RecordedRun, assertHealthy, run, stopAndCheck, urlOf } from '../helpers/run.js';

const started: RecordedRun[] = [];
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-data-'));
  chmodSync(dir, 0o755);
  return dir;
}

function start(root: string, data: string): RecordedRun {
  const recorded = run(root, { host: createNodeHost({ ...process.env, REPO_RUNNER_DATA_DIR: data }), engine: { healthTimeoutMs: 120_000 } });
  started.push(recorded);
  return recorded;
}

const logs = (events: RunEvent[]) => events.filter((e): e is Extract<RunEvent, { type: 'log' }> => e.type === 'log').map((e) => e.message);

test('settings for docker compose: config.json made from its example and pointed at the real database, .env keeps postgres://, a failed seed is a warning', async () => {
  const root = copyFixture('config-examples');
  const data = dataDir();
  const first = start(root, data);
  await assertHealthy(first);
  const db = first.session.databases[0];
  assert.equal(db.status, 'healthy');

  const config = JSON.parse(readFileSync(join(root, 'config.json'), 'utf8')) as { greeting: string; database: Record<string, unknown> };
  assert.deepEqual(config.database, { host: '127.0.0.1', port: db.port, user: 'shop', password: db.connection!.password, name: 'shop' }, 'the copy points at the server Repo Runner started');
  assert.equal(readFileSync(join(root, 'config.json.example'), 'utf8').includes('"host": "db"'), true, 'the example is untouched');
  const env = readFileSync(join(root, '.env'), 'utf8');
  assert.match(env, new RegExp(`^DATABASE_URL=postgres://shop:[^@\\s]+@127\\.0\\.0\\.1:${db.port}/shop$`, 'm'), `the app's postgres:// scheme is kept:\n${env}`);
  assert.match(env, /^# Written by Repo Runner from env-example/m, '.env starts from the example under its other name');

  const base = urlOf(first.session, 'config-examples');
  assert.deepEqual(await getJson(base), { greeting: 'hello from config.json', database: 'shop' }, 'both connections work: the URL and config.json');
  assert.deepEqual(await getJson(`${base}/items`), [], 'migrated, not seeded');
  const seed = first.session.findings.find((f) => f.code === 'seed-failed');
  assert.ok(seed, `a seed-failed warning: ${JSON.stringify(first.session.findings.map((f) => f.code))}`);
  assert.equal(seed.severity, 'warning');
  assert.equal(seed.file, 'package.json');
  assert.match(seed.message, /the seed `npm run seed` failed with exit code 1; the app starts without its seed data/);
  assert.ok(seed.excerpt.some((l) => /seed-data\.json/.test(l)), 'the seed\'s own error is quoted');
  assert.ok(logs(first.events).some((m) => /made config\.json from config\.json\.example/.test(m)));
  await stopAndCheck(first, root);

  // The user edits the copy; the next run neither makes it again nor changes the edit, and tries the seed again.
  const edited = readFileSync(join(root, 'config.json'), 'utf8').replace('hello from config.json', 'my own greeting');
  writeFileSync(join(root, 'config.json'), edited);
  const second = start(root, data);
  await assertHealthy(second);
  assert.equal(readFileSync(join(root, 'config.json'), 'utf8'), edited, 'the user\'s edit is kept');
  assert.equal((await getJson(urlOf(second.session, 'config-examples')) as { greeting: string }).greeting, 'my own greeting');
  assert.ok(!logs(second.events).some((m) => /made config\.json/.test(m)), 'no second copy');
  assert.ok(second.session.findings.some((f) => f.code === 'seed-failed'), 'the failed seed is tried again on the next run');
  await stopAndCheck(second, root);
});

test('SEED_DB=false in the example turns the seed off; a user\'s .env naming the compose host is kept, and the app is given the real place', async () => {
  const root = copyFixture('config-examples');
  appendFileSync(join(root, 'env-example'), 'SEED_DB=false\n');
  const userEnv = '# mine, copied from env-example\nDATABASE_URL=postgres://shop:shop@db:5432/shop\nSESSION_SECRET=my-own\n';
  writeFileSync(join(root, '.env'), userEnv);
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  assert.equal(recorded.session.findings.find((f) => f.code === 'seed-failed'), undefined, 'the seed did not run');
  assert.ok(logs(recorded.events).some((m) => /not seeding the database: SEED_DB=false \(env-example\) turns seeding off/.test(m)), logs(recorded.events).join('\n'));
  assert.ok(logs(recorded.events).some((m) => /DATABASE_URL in \.env names a host that exists only inside docker compose/.test(m)));
  assert.ok(readFileSync(join(root, '.env'), 'utf8').startsWith(userEnv), 'the user\'s lines are kept as written');
  const shown = recorded.events.filter((e): e is Extract<RunEvent, { type: 'env' }> => e.type === 'env').at(-1)?.variables.find((v) => v.name === 'DATABASE_URL');
  assert.equal(shown?.origin, 'database', 'the tree shows where the value the app got came from');
  assert.match(shown?.value ?? '', /^postgres:\/\/shop:••••@127\.0\.0\.1:\d+\/shop$/);
  assert.equal(recorded.events.filter((e): e is Extract<RunEvent, { type: 'env' }> => e.type === 'env').at(-1)?.variables.find((v) => v.name === 'SESSION_SECRET')?.origin, 'user');
  assert.equal(recorded.session.databases[0].source === 'configured', false, 'db:5432 is not taken for a server the user runs');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'config-examples')), { greeting: 'hello from config.json', database: 'shop' });
  assert.ok(existsSync(join(root, 'config.json')));
  await stopAndCheck(recorded, root);
});

test('Spring Boot whose application.properties names the compose host db: SPRING_DATASOURCE_* point it at the real PostgreSQL', async () => {
  const root = copyFixture('spring-postgres');
  const properties = readFileSync(join(root, 'src/main/resources/application.properties'), 'utf8');
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  const db = recorded.session.databases[0];
  assert.equal(db.connection?.user, 'shop', 'the user application.properties expects');
  assert.equal(db.connection?.database, 'shop', 'the database its JDBC URL names');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'spring-postgres')), { database: 'shop' }, 'the app is connected to the started database');
  const env = readFileSync(join(root, '.env'), 'utf8');
  assert.match(env, new RegExp(`^SPRING_DATASOURCE_URL=jdbc:postgresql://127\\.0\\.0\\.1:${db.port}/shop$`, 'm'));
  assert.match(env, /^SPRING_DATASOURCE_USERNAME=shop$/m);
  assert.equal(readFileSync(join(root, 'src/main/resources/application.properties'), 'utf8'), properties, 'the repo\'s own file is not touched');
  assert.equal(recorded.session.findings.find((f) => f.code === 'config-database-mismatch'), undefined, 'Spring reads the variables: nothing to ask of the user');
  await stopAndCheck(recorded, root);
});

test('a config.json of the user\'s own naming the compose host: left as it is, and a warning names the file, the key and the value to set', async () => {
  const root = copyFixture('config-examples');
  const own = readFileSync(join(root, 'config.json.example'), 'utf8').replace('hello from config.json', 'my own file');
  writeFileSync(join(root, 'config.json'), own);
  const recorded = start(root, dataDir());
  await recorded.session.ready;
  const db = recorded.session.databases[0];
  assert.equal(db.status, 'healthy');
  assert.equal(readFileSync(join(root, 'config.json'), 'utf8'), own, 'the user\'s file is not changed');
  const finding = recorded.session.findings.find((f) => f.code === 'config-database-mismatch');
  assert.ok(finding, JSON.stringify(recorded.session.findings.map((f) => f.code)));
  assert.equal(finding.file, 'config.json');
  assert.equal(finding.range?.startLine, 4, 'the line of database.host');
  assert.match(finding.message, new RegExp(`reads its database settings from config\\.json, which is not Repo Runner's to change, and db exists only inside docker compose: set database\\.host to "127\\.0\\.0\\.1"(, database\\.port to "${db.port}")?`));
  assert.doesNotMatch(finding.message, new RegExp(db.connection!.password!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the password is not spelled out');
  await stopAndCheck(recorded, root);
});

test('FastAPI with SQLAlchemy\'s async engine and asyncpg, no example URL: DATABASE_URL is written as postgresql+asyncpg://', async () => {
  const root = copyFixture('fastapi-asyncpg');
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  const db = recorded.session.databases[0];
  assert.match(readFileSync(join(root, '.env'), 'utf8'), new RegExp(`^DATABASE_URL=postgresql\\+asyncpg://[^:]+:[^@\\s]+@127\\.0\\.0\\.1:${db.port}/\\w+$`, 'm'));
  assert.deepEqual(await getJson(urlOf(recorded.session, 'fastapi-asyncpg')), { database: db.connection!.database, driver: 'asyncpg' });
  await stopAndCheck(recorded, root);
});

test('a config sample kept in docs/ under its real name: copied next to the program that opens it, which then starts with it', async () => {
  const root = copyFixture('config-sample-in-docs');
  const sample = readFileSync(join(root, 'docs/greeter.toml'), 'utf8');
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  assert.equal(readFileSync(join(root, 'greeter.toml'), 'utf8'), sample, 'the copy is the sample');
  assert.ok(existsSync(join(root, 'docs/greeter.toml')), 'the sample stays where it was');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'config-sample-in-docs')), { greeting: 'hello from the sample in docs' });
  await stopAndCheck(recorded, root);
});

test('database settings in a TOML config: config.toml made from its sample, the server made to its user and password, the file pointed at it', async () => {
  const root = copyFixture('toml-config-postgres');
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  const db = recorded.session.databases[0];
  assert.equal(db.status, 'healthy');
  const config = readFileSync(join(root, 'config.toml'), 'utf8');
  assert.match(config, new RegExp(`^port = ${db.port}$`, 'm'), `config.toml names the server's port:\n${config}`);
  assert.match(config, /^user = "notes"$/m, 'the user the sample names');
  assert.match(config, /^# Create this database in Postgres first\.$/m, 'comments kept');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'toml-config-postgres')), { database: 'notes', user: 'notes' }, 'the app reached the server with the settings in config.toml');
  await stopAndCheck(recorded, root);
});

test('an app built for several databases whose example picks SQLite and turns Redis off: no server is started, and neither the compose volume path nor its secret file is given to it', async () => {
  const root = copyFixture('db-choice-sqlite');
  const recorded = start(root, dataDir());
  await assertHealthy(recorded);
  assert.deepEqual(recorded.session.databases.map((d) => d.name), ['sqlite'], 'no PostgreSQL, MariaDB or Redis for an app that runs on SQLite');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'db-choice-sqlite')), { engine: 'sqlite', path: 'data/app.db' }, 'the example\'s path, not the container\'s /data/app.db');
  assert.ok(existsSync(join(root, 'data/app.db')), 'the database file is in the repo folder');
  const planned = recorded.events.find((e) => e.type === 'plan');
  assert.ok(planned?.type === 'plan' && !('ADMIN_TOKEN_FILE' in (planned.plan.services[0].start.env ?? {})), 'the secret file exists only in the container (it would stop the app here)');
  await stopAndCheck(recorded, root);
});
