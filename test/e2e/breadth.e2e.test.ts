// Stacks beyond the web's usual ones, really built and run: a C++ program built with CMake, a C
// program built with Meson and a plain Java program run through Maven each print and end, and the
// run is a success with a job that completed. The build tools come from Debian
// (scripts/install-build-tools.sh); Maven fetches its exec plugin from Maven Central. A folder
// whose start.sh is its only entry point is started through it and serves; a Python worker with
// no port is up while it runs and does the work it is given; a Cargo workspace's member found
// through a glob is built with the workspace's shared crate and serves; a package.json5 is
// installed and run with pnpm (brought from the npm registry when missing). An Elixir Mix
// application (Elixir from Debian, `apt-get install elixir`) is compiled and runs.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { copyFixture, describeProcesses, getJson, survivors } from '../helpers/fixtures.js';
import { run, urlOf, type RecordedRun } from '../helpers/run.js';

const started: RecordedRun[] = [];
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

test('java-newer-jdk: compiled for Java 21 while the default java is older: the oldest installed JDK that fits builds and runs it', async () => {
  const { fromInstalledJdks } = await import('../../src/node/tools/jdks.js');
  const jdk = (await fromInstalledJdks('>=21', process.env)).provided;
  const root = copyFixture('java-newer-jdk');
  const recorded = run(root, { engine: { healthTimeoutMs: 240_000 } });
  started.push(recorded);
  const outcome = await recorded.session.ready;
  const explain = recorded.session.findings.map((f) => `${f.code}: ${f.message}`).join('\n');
  if (!jdk) {
    // A machine with no JDK 21 or newer: the finding says which JDKs it found.
    assert.match(recorded.session.findings.find((f) => f.code === 'toolchain-unavailable')?.message ?? '', /no installed JDK is >=21 \(JDKs found: /, explain);
  } else {
    assert.equal(outcome, 'healthy', explain);
    const runtime = recorded.session.services.find((s) => s.name === 'newer-jdk')!;
    assert.equal(runtime.status, 'completed', explain);
    const major = jdk.version.split('.')[0];
    assert.ok(runtime.output.tail().some((l) => l.includes(`newer-jdk: runs on Java ${major}, last word twenty-one`)), runtime.output.tail().join('\n'));
  }
  await recorded.session.stop();
  assert.deepEqual(survivors({ marker: recorded.session.marker, dir: root }), []);
});

for (const [fixture, service, line] of [
  ['cmake-app', 'cmake-app', 'tally: the sum of 1..10 is 55'],
  ['meson-app', 'meson-app', 'countdown: done'],
  ['java-main', 'greeter', 'greeter: hello, world'],
] as const) {
  test(`${fixture}: built, run, and finished as a job that printed "${line}"`, async () => {
    const root = copyFixture(fixture);
    const recorded = run(root, { engine: { healthTimeoutMs: 240_000 } });
    started.push(recorded);
    const outcome = await recorded.session.ready;
    const explain = recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n');
    assert.equal(outcome, 'healthy', `${fixture}: ${explain}`);
    const runtime = recorded.session.services.find((s) => s.name === service);
    assert.ok(runtime, recorded.session.services.map((s) => s.name).join());
    assert.equal(runtime.status, 'completed', explain);
    assert.ok(runtime.output.tail().some((l) => l.includes(line)), runtime.output.tail().join('\n'));
    await recorded.session.stop();
    const left = survivors({ marker: recorded.session.marker, dir: root });
    assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
  });
}

test('shell-start: started through its start.sh, healthy and serving', async () => {
  const root = copyFixture('shell-start');
  const recorded = run(root);
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  assert.deepEqual(await getJson(urlOf(recorded.session, 'shell-start')), { app: 'shell-start', notes: ['started by start.sh'] });
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});

test('python-worker: a worker with no port is up while it runs, and handles the job it is given', async () => {
  const root = copyFixture('python-worker');
  const recorded = run(root);
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  const worker = recorded.session.services.find((s) => s.name === 'python-worker')!;
  assert.equal(worker.status, 'healthy');
  mkdirSync(join(root, 'inbox'), { recursive: true });
  writeFileSync(join(root, 'inbox', 'first.job'), 'hello\n');
  for (let i = 0; i < 120 && !worker.output.tail().some((l) => l.includes('worker: handled first.job')); i++) await new Promise((r) => setTimeout(r, 250));
  assert.ok(worker.output.tail().some((l) => l.includes('worker: handled first.job')), worker.output.tail().join('\n'));
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});

test('rust-workspace-glob: the member a glob declares three levels down is built with its workspace and serves', async () => {
  const root = copyFixture('rust-workspace-glob');
  const recorded = run(root, { engine: { healthTimeoutMs: 240_000 } });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n'));
  assert.deepEqual(await getJson(urlOf(recorded.session, 'ledger-server')), { app: 'ledger' });
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});

test('json5-app: a package.json5 is installed and started with pnpm, healthy and serving', async () => {
  const root = copyFixture('json5-app');
  const recorded = run(root, { engine: { healthTimeoutMs: 180_000 } });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n'));
  assert.deepEqual(await getJson(urlOf(recorded.session, 'json5-app')), { app: 'json5-app' });
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});

test('elixir-mix: a Mix application with no deps is compiled and runs with mix run --no-halt', async () => {
  const root = copyFixture('elixir-mix');
  const recorded = run(root, { engine: { healthTimeoutMs: 180_000 } });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n'));
  const app = recorded.session.services.find((s) => s.name === 'elixir-mix')!;
  for (let i = 0; i < 240 && !app.output.tail().some((l) => l.includes('pinger: ping')); i++) await new Promise((r) => setTimeout(r, 250));
  assert.ok(app.output.tail().some((l) => l.includes('pinger: ping')), app.output.tail().join('\n'));
  assert.equal(app.status, 'healthy');
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});
