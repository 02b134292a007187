// Databases end to end: each fixture's database is provisioned for real (PostgreSQL from the
// machine or the embedded one, MariaDB and Redis from Debian's packages), its settings written
// to the app's .env, its migrations run; the app writes a row, the run is stopped (the server
// with it), a new run starts and the row is read back. No process survives any run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DatabaseState, RunEvent } from '../../src/core/model.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { commandLine, copyFixture, describeProcesses, getJson, survivors } from '../helpers/fixtures.js';
import { type RecordedRun, assertHealthy, run, stopAndCheck, urlOf } from '../helpers/run.js';
import { tempRepo } from '../helpers/temp-repo.js';

const started: RecordedRun[] = [];
/** MariaDB and Redis come from Debian's packages (scripts/install-test-databases.sh); PostgreSQL from the machine or npm. */
before(() => {
  const installed = spawnSync('bash', ['scripts/install-test-databases.sh'], { stdio: 'inherit' });
  assert.equal(installed.status, 0, 'scripts/install-test-databases.sh failed');
});
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

/** Database folders of this test file: outside the repo copies, reachable by the postgres user. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-data-'));
  chmodSync(dir, 0o755);
  return dir;
}

function start(root: string, env: Record<string, string>): RecordedRun {
  const recorded = run(root, { host: createNodeHost({ ...process.env, ...env }), engine: { healthTimeoutMs: 120_000 } });
  started.push(recorded);
  return recorded;
}

function databases(events: RunEvent[]): Map<string, DatabaseState> {
  const out = new Map<string, DatabaseState>();
  for (const e of events) if (e.type === 'database') out.set(e.database.name, e.database);
  return out;
}

async function addItem(base: string, name: string): Promise<void> {
  const response = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  assert.equal(response.status, 201, `POST /items: ${await response.text()}`);
}

async function itemNames(base: string): Promise<string[]> {
  return ((await getJson(`${base}/items`)) as { name: string }[]).map((i) => i.name);
}

/** Runs a fixture, writes a row, stops, runs again and reads the row back; returns both runs' events. */
async function writeRestartRead(fixture: string, service: string, env: Record<string, string> = {}) {
  const root = copyFixture(fixture);
  const data = dataDir();
  const first = start(root, { REPO_RUNNER_DATA_DIR: data, ...env });
  await assertHealthy(first);
  const base = urlOf(first.session, service);
  await addItem(base, `written by ${fixture}`);
  assert.ok((await itemNames(base)).includes(`written by ${fixture}`));
  const firstDatabases = databases(first.events);
  await stopAndCheck(first, root);
  const envText = readFileSync(join(root, first.session.services[0].plan.dir, first.session.services[0].plan.envFile ?? '.env'), 'utf8');

  const second = start(root, { REPO_RUNNER_DATA_DIR: data, ...env });
  await assertHealthy(second);
  assert.ok((await itemNames(urlOf(second.session, service))).includes(`written by ${fixture}`), 'the row written by the first run is read back');
  const secondDatabases = databases(second.events);
  await stopAndCheck(second, root);
  assert.equal(readFileSync(join(root, second.session.services[0].plan.dir, second.session.services[0].plan.envFile ?? '.env'), 'utf8'), envText, 'a second run changes nothing the first wrote');
  return { root, data, first: firstDatabases, second: secondDatabases, envText, firstRun: first };
}

test('Express + PostgreSQL: provisioned, migrated by its script, a row survives a restart; .env from the example, the user\'s lines kept', async () => {
  const root = copyFixture('express-postgres');
  writeFileSync(join(root, '.env'), '# mine\nSESSION_SECRET=my-own-secret\nCUSTOM_FLAG=on\n');
  const data = dataDir();
  const first = start(root, { REPO_RUNNER_DATA_DIR: data });
  await assertHealthy(first);
  const db = databases(first.events).get('postgres');
  assert.equal(db?.status, 'healthy');
  assert.ok(db?.source === 'local' || db?.source === 'embedded', `source ${db?.source}`);
  assert.ok(db?.dataDir?.startsWith(data), `data folder ${db?.dataDir} is outside the repo, in ${data}`);
  assert.match(db?.url ?? '', /^postgresql:\/\/notes:••••@127\.0\.0\.1:\d+\/notes$/, 'the example\'s user and database name are used; the password is masked');
  const env = readFileSync(join(root, '.env'), 'utf8');
  assert.ok(env.startsWith('# mine\nSESSION_SECRET=my-own-secret\nCUSTOM_FLAG=on\n'), `the user's lines are untouched:\n${env}`);
  assert.match(env, new RegExp(`^DATABASE_URL=postgresql://notes:[^@\\s]+@127\\.0\\.0\\.1:${db!.port}/notes$`, 'm'));
  assert.ok(first.events.some((e) => e.type === 'output' && e.source === 'setup' && /migrat/i.test(e.line)), 'the migrate script ran');
  const base = urlOf(first.session, 'express-postgres');
  assert.deepEqual(await itemNames(base), ['seeded'], 'the seed script ran on the new database');
  await addItem(base, 'kept across runs');
  await stopAndCheck(first, root);
  assert.equal(survivors({ dir: data }).length, 0, 'the database server stopped with the run');

  const second = start(root, { REPO_RUNNER_DATA_DIR: data });
  await assertHealthy(second);
  assert.deepEqual(await itemNames(urlOf(second.session, 'express-postgres')), ['seeded', 'kept across runs'], 'the row is kept; the seed does not run again');
  assert.equal(readFileSync(join(root, '.env'), 'utf8'), env, 'the second run leaves .env as the first wrote it');
  const values = second.events.filter((e): e is Extract<RunEvent, { type: 'env' }> => e.type === 'env').at(-1)?.variables ?? [];
  assert.deepEqual(values.find((v) => v.name === 'SESSION_SECRET'), { name: 'SESSION_SECRET', value: 'my••••', origin: 'user', from: '.env' });
  assert.equal(values.find((v) => v.name === 'DATABASE_URL')?.origin, 'database');
  assert.doesNotMatch(JSON.stringify(second.events.filter((e) => e.type !== 'output')), /my-own-secret/, 'no event carries the secret');
  await stopAndCheck(second, root);
});

test('supervision: a database server that is killed is detected and started again on its port, with its data', async () => {
  const root = copyFixture('express-postgres');
  const recorded = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  await assertHealthy(recorded);
  const base = urlOf(recorded.session, 'express-postgres');
  await addItem(base, 'before the crash');
  const db = recorded.session.databases[0];
  const port = db.port;
  const postmaster = survivors({ marker: recorded.session.marker }).find((pid) => /\bpostgres\b.* -D /.test(commandLine(pid)) || /bin\/postgres\b/.test(commandLine(pid)));
  assert.ok(postmaster, `found the PostgreSQL server among:\n${describeProcesses(survivors({ marker: recorded.session.marker }))}`);
  process.kill(postmaster, 'SIGKILL');
  await waitFor(() => db.restarts === 1 && db.status === 'healthy', 60_000);
  assert.equal(db.port, port, 'the same port, so the app\'s DATABASE_URL still holds');
  assert.ok(recorded.events.some((e) => e.type === 'database' && e.database.status === 'failed'), 'the crash was reported');
  // The app's pool reconnects: the old row is there and a new one can be written.
  await waitFor(async () => (await fetch(`${base}/items`).then((r) => r.ok, () => false)), 30_000);
  await addItem(base, 'after the crash');
  assert.deepEqual((await itemNames(base)).filter((n) => n.includes('crash')).sort(), ['after the crash', 'before the crash']);
  await stopAndCheck(recorded, root);
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('no PostgreSQL on the machine: the embedded one is fetched and used', async () => {
  const result = await writeRestartRead('express-postgres', 'express-postgres', { REPO_RUNNER_NO_LOCAL_SERVERS: '1' });
  assert.equal(result.first.get('postgres')?.source, 'embedded');
  assert.match(result.first.get('postgres')?.reason ?? '', /embedded PostgreSQL 18/);
  assert.equal(result.second.get('postgres')?.source, 'embedded');
  assert.match(result.envText, /^SESSION_SECRET=[0-9a-f]{64}$/m, 'a local secret was generated from the example');
});

test('a PostgreSQL already listening at the configured URL is reused, nothing else started', async () => {
  const owner = copyFixture('express-postgres');
  const data = dataDir();
  const serverRun = start(owner, { REPO_RUNNER_DATA_DIR: data });
  await assertHealthy(serverRun);
  const connection = serverRun.session.databases[0].connection!;
  const url = `postgresql://${connection.user}:${connection.password}@127.0.0.1:${connection.port}/${connection.database}`;

  const root = copyFixture('express-postgres');
  const userEnv = `DATABASE_URL=${url}\nSESSION_SECRET=from-the-user\n`;
  writeFileSync(join(root, '.env'), userEnv);
  const reusing = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  await assertHealthy(reusing);
  const db = databases(reusing.events).get('postgres');
  assert.equal(db?.source, 'configured');
  assert.match(db?.reason ?? '', /DATABASE_URL in \.env points at a server that answers/);
  assert.equal(reusing.session.databases[0].process, undefined, 'no server started');
  await addItem(urlOf(reusing.session, 'express-postgres'), 'through the shared server');
  assert.ok((await itemNames(urlOf(serverRun.session, 'express-postgres'))).includes('through the shared server'), 'both apps share one database');
  assert.equal(readFileSync(join(root, '.env'), 'utf8'), userEnv, 'nothing the user wrote in .env is changed');
  await stopAndCheck(reusing, root);
  await stopAndCheck(serverRun, owner);
});

test('Flask + SQLAlchemy + PostgreSQL: Alembic migrates, a row survives a restart', async () => {
  const result = await writeRestartRead('flask-postgres', 'flask-postgres');
  assert.equal(result.first.get('postgres')?.status, 'healthy');
  assert.match(result.envText, /^SECRET_KEY=[0-9a-f]{64}$/m);
});

test('Django + PostgreSQL: settings by POSTGRES_* variables, manage.py migrate, a row survives a restart', async () => {
  const result = await writeRestartRead('django-postgres', 'django-postgres');
  const db = result.first.get('postgres')!;
  assert.match(result.envText, new RegExp(`^POSTGRES_PORT=${db.port}$`, 'm'));
  assert.match(result.envText, /^POSTGRES_HOST=127\.0\.0\.1$/m);
  assert.match(result.envText, /^DJANGO_SECRET_KEY=[0-9a-f]{64}$/m);
});

test('Go on lib/pq that migrates itself behind RUN_MIGRATIONS: the URL says sslmode=disable, the switch is on, and rows are written', async () => {
  const root = copyFixture('go-pq-migrate');
  const recorded = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  await assertHealthy(recorded);
  const base = urlOf(recorded.session, 'go-pq-migrate');
  // The health check's own visits count too: each request adds one row.
  const visits = async () => Number(/^visits: (\d+)$/m.exec(await (await fetch(base)).text())?.[1]);
  const first = await visits();
  assert.ok(first >= 1);
  assert.equal(await visits(), first + 1);
  assert.match(readFileSync(join(root, '.env'), 'utf8'), /^DATABASE_URL="?postgresql:\/\/[^\s"]+\?sslmode=disable"?$/m);
  const output = recorded.events.flatMap((e) => (e.type === 'output' ? [e.line] : []));
  assert.ok(output.some((line) => /migrated/.test(line)), 'the app ran its own migration');
  await stopAndCheck(recorded, root);
});

test('Node + Redis: Redis from the machine, REDIS_URL written, data kept on disk across runs', async () => {
  const result = await writeRestartRead('node-redis', 'node-redis');
  assert.equal(result.first.get('redis')?.source, 'local');
  assert.match(result.envText, /^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+$/m);
});

test('Node + MySQL (MariaDB): Knex migrates, a row survives a restart', async () => {
  const result = await writeRestartRead('node-mysql', 'node-mysql');
  assert.equal(result.first.get('mysql')?.source, 'local');
  assert.match(result.envText, /^DATABASE_URL=mysql:\/\/shop:[^@\s]+@127\.0\.0\.1:\d+\/shop$/m);
});

test('compose app: the postgres and redis images become real servers with the compose credentials', async () => {
  const result = await writeRestartRead('compose-postgres-redis', 'compose-postgres-redis');
  assert.deepEqual([...result.first.keys()].sort(), ['cache', 'db']);
  assert.match(result.envText, /^DATABASE_URL=postgresql:\/\/app:app@127\.0\.0\.1:\d+\/app$/m);
  assert.match(result.envText, /^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+$/m);
});

test('MariaDB for an app that connects as root: the second run still reaches the server it provisioned (root has the app\'s password now)', async () => {
  const root = copyFixture('node-mysql');
  writeFileSync(join(root, '.env.example'), 'DATABASE_URL=mysql://root:root-pw@localhost:3306/shop\n');
  const data = dataDir();
  for (const attempt of ['first', 'second']) {
    const recorded = start(root, { REPO_RUNNER_DATA_DIR: data });
    await assertHealthy(recorded);
    assert.match(readFileSync(join(root, '.env'), 'utf8'), /^DATABASE_URL=mysql:\/\/root:root-pw@127\.0\.0\.1:\d+\/shop$/m, attempt);
    assert.equal(databases(recorded.events).get('mysql')?.status, 'healthy', attempt);
    await stopAndCheck(recorded, root);
  }
});

test('compose app given host, port, user, password and name one by one: each is the provisioned database\'s, not the container\'s', async () => {
  const root = copyFixture('compose-db-credentials');
  const recorded = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  await assertHealthy(recorded);
  const env = readFileSync(join(root, 'api', '.env'), 'utf8');
  const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(env)?.[1];
  assert.equal(value('DB_HOST'), '127.0.0.1');
  const who = await getJson(urlOf(recorded.session, 'api')) as { user: string; database: string };
  assert.deepEqual(who, { user: value('DB_USER'), database: value('DB_NAME') }, 'the app is connected as the .env says');
  const db = databases(recorded.events).get('db');
  assert.ok(db?.url, JSON.stringify([...databases(recorded.events)]));
  assert.equal(Number(value('DB_PORT')), db.port);
  assert.equal(new URL(db.url).username, value('DB_USER'));
  assert.equal(new URL(db.url).pathname, `/${value('DB_NAME')}`);
  await stopAndCheck(recorded, root);
});

test('MongoDB with no mongod on the machine: a finding says what to install; nothing is started', async () => {
  const root = tempRepo({
    'package.json': JSON.stringify({ name: 'mongo-app', scripts: { start: 'node server.js' } }),
    'server.js': "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT);\n",
    'repo-runner.json': JSON.stringify({ databases: { sessions: { engine: 'mongodb' } } }),
  });
  const recorded = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  assert.equal(await recorded.session.ready, 'failed');
  const finding = recorded.session.findings.find((f) => f.code === 'database-server-missing');
  assert.ok(finding, JSON.stringify(recorded.session.findings));
  assert.match(finding.message, /sessions needs MongoDB, and no MongoDB server is installed on this machine: install one .*or set MONGODB_URI to a server you run/);
  assert.equal(finding.file, 'repo-runner.json');
  assert.equal(recorded.session.services[0].process, undefined, 'the app that needs it is not started');
  await stopAndCheck(recorded, root);
});

test('a driver no code uses (mongoose listed, never imported): no mongod is a warning, and the app runs', async () => {
  const root = copyFixture('unused-driver');
  const recorded = start(root, { REPO_RUNNER_DATA_DIR: dataDir() });
  await assertHealthy(recorded);
  const finding = recorded.session.findings.find((f) => f.code === 'database-server-missing');
  assert.ok(finding, JSON.stringify(recorded.session.findings));
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /no MongoDB server is installed.*The services start without it: mongoose is listed in package\.json, but no code of unused-driver uses it\./);
  const response = await fetch(urlOf(recorded.session, 'unused-driver'));
  assert.equal(await response.text(), 'notes are kept in memory\n');
  await stopAndCheck(recorded, root);
});
