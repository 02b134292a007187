// The `repo-runner` command as a user and a CI pipeline use it: the built dist/cli.cjs,
// started as a child process, talking only through its output and exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, cliStarter } from '../helpers/cli.js';
import { copyFixture, describeProcesses, FIXTURES, getJson, survivors } from '../helpers/fixtures.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 180_000 });
}

const startCli = cliStarter();

function assertNothingLeft(dir: string): void {
  const left = survivors({ dir });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
}

test('detect --json prints the plan of each fixture', () => {
  for (const [fixture, services] of [['express-app', ['express-app']], ['flask-app', ['flask-app']], ['two-service', ['backend', 'frontend']]] as const) {
    const result = cli(['detect', join(FIXTURES, fixture), '--json']);
    assert.equal(result.status, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as { services: { name: string; start: { command: string } }[] };
    assert.deepEqual(plan.services.map((s) => s.name), services);
  }
});

test('the repo-runner command (bin/repo-runner): detect starts Node without NODE_EXTRA_CA_CERTS and prints the same plan; doctor keeps it for itself and what it starts', () => {
  const bogus = { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '/nonexistent/certs.pem' };
  const command = spawnSync('bin/repo-runner', ['detect', join(FIXTURES, 'express-app'), '--json'], { encoding: 'utf8', env: bogus });
  assert.equal(command.status, 0, command.stderr);
  assert.doesNotMatch(command.stderr, /extra certs/, 'Node did not read the bundle');
  const direct = cli(['detect', join(FIXTURES, 'express-app'), '--json']);
  assert.deepEqual(JSON.parse(command.stdout), JSON.parse(direct.stdout));
  const doctor = spawnSync('bin/repo-runner', ['doctor'], { encoding: 'utf8', env: bogus });
  assert.match(doctor.stdout + doctor.stderr, /Ignoring extra certs from `\/nonexistent\/certs\.pem`/, 'other commands keep the variable');
});

test('a folder with nothing runnable: "nothing to run here, because …" and exit code 2', () => {
  const detect = cli(['detect', join(FIXTURES, 'empty-folder')]);
  assert.equal(detect.status, 2);
  assert.match(detect.stdout, /Nothing to run here, because no folder here/);
  const run = cli(['run', copyFixture('empty-folder')]);
  assert.equal(run.status, 2);
  assert.match(run.stdout, /Nothing to run here, because/);
  assert.doesNotMatch(run.stdout + run.stderr, /at .*\.cjs:\d+/, 'no stack trace');
});

test('bad usage and a missing folder get one clear line and their own exit codes', () => {
  const unknown = cli(['launch']);
  assert.equal(unknown.status, 64);
  assert.match(unknown.stderr, /unknown command "launch"/);
  const missing = cli(['run', '/no/such/folder']);
  assert.equal(missing.status, 66);
  assert.match(missing.stderr, /no such folder: \/no\/such\/folder/);
  const flag = cli(['run', '--fast']);
  assert.equal(flag.status, 64);
  const bind = cli(['run', copyFixture('express-app'), '--bind', '10.0.0.1']);
  assert.equal(bind.status, 64);
  assert.match(bind.stderr, /--bind takes 127\.0\.0\.1 or 0\.0\.0\.0, not "10\.0\.0\.1"/);
});

test('run --exit-when-healthy --json: one JSON event per line, URLs included, exit 0, nothing left', () => {
  const root = copyFixture('express-app');
  const result = cli(['run', root, '--exit-when-healthy', '--json']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; status?: string; phase?: string; url?: string });
  const healthy = events.find((e) => e.type === 'service' && e.status === 'healthy');
  assert.match(healthy?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  for (const phase of ['detect', 'requirements', 'setup', 'ports', 'run', 'health']) {
    assert.ok(events.some((e) => e.type === 'phase' && e.phase === phase && e.status === 'done'), `${phase} done`);
  }
  assert.ok(events.some((e) => e.type === 'run' && e.status === 'healthy'));
  assertNothingLeft(root);
});

test('run --fix --yes: the failed run offers its fix, applies it, retries, and ends healthy (exit 0); without --yes and a terminal it refuses', () => {
  const root = copyFixture('missing-dependency');
  const refused = spawnSync(process.execPath, [CLI, 'run', root, '--fix', '--exit-when-healthy'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: '' });
  assert.equal(refused.status, 64, refused.stderr);
  assert.match(refused.stderr, /add --yes when not run in a terminal/);
  const result = cli(['run', root, '--fix', '--yes', '--exit-when-healthy', '--quiet']);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /fix: Add left-pad to package\.json/);
  assert.match(result.stdout, /runs: npm install left-pad/);
  assert.match(result.stdout, /Running the failed phase again/);
  assert.match(readFileSync(join(root, 'package.json'), 'utf8'), /"left-pad"/);
  assert.deepEqual(survivors({ dir: root }), []);
});

test('run in the foreground: prints working URLs; Ctrl-C stops everything and exits 0', async () => {
  const root = copyFixture('two-service');
  const run = startCli(['run', root], /Press Ctrl-C to stop/);
  await run.ready;
  const urls = [...run.output().matchAll(/(\w+) healthy\s+(http:\/\/\S+)/g)].map((m) => [m[1], m[2]] as const);
  assert.deepEqual(urls.map(([name]) => name).sort(), ['backend', 'frontend']);
  const url = (name: string) => urls.find(([service]) => service === name)![1];
  assert.equal(((await getJson(`${url('backend')}/api/hello`)) as { message: string }).message, 'hello from the backend');
  assert.match(await (await fetch(url('frontend'))).text(), /two-service/);
  assert.equal(((await getJson(`${url('frontend')}/api/hello`)) as { message: string }).message, 'hello from the backend', 'through the front end\'s proxy');
  run.child.kill('SIGINT');
  assert.equal(await run.exit, 0, run.output());
  assert.match(run.output(), /Stopped every process/);
  assertNothingLeft(root);
});

test('after the CLI is killed with SIGKILL, its watchdog stops the services it left', async () => {
  const root = copyFixture('express-app');
  const run = startCli(['run', root], /Press Ctrl-C to stop/);
  await run.ready;
  assert.ok(survivors({ dir: root }).length > 0);
  run.child.kill('SIGKILL');
  await run.exit;
  const deadline = Date.now() + 15_000;
  while (survivors({ dir: root }).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assertNothingLeft(root);
});

test('without the watchdog, the next run stops what a SIGKILLed run left behind (checked by marker)', async () => {
  const root = copyFixture('express-app');
  const first = startCli(['run', root], /Press Ctrl-C to stop/, { REPO_RUNNER_NO_WATCHDOG: '1' });
  await first.ready;
  first.child.kill('SIGKILL');
  await first.exit;
  const state = JSON.parse(readFileSync(join(root, '.repo-runner/state.json'), 'utf8')) as { processes: { pid: number }[] };
  assert.equal(state.processes.length, 1, 'the service process was recorded');
  assert.ok(survivors({ dir: root }).length > 0, 'the orphaned service is still running (it was started detached)');

  const second = cli(['run', root, '--exit-when-healthy']);
  assert.equal(second.status, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /left running by an earlier run/);
  assertNothingLeft(root);
});

test('a run that fails with nothing healthy ends by itself with exit code 1, even while the failed service still runs', async () => {
  // The server stays up but answers 500: nothing is healthy, so there is nothing to wait for.
  const root = copyFixture('failures/http-500-on-health');
  const run = startCli(['run', root], /Run failed|healthy/);
  const code = await Promise.race([run.exit, new Promise<'waiting'>((done) => setTimeout(() => done('waiting'), 120_000))]);
  assert.equal(code, 1, `the CLI should end on its own:\n${run.output()}`);
  assert.doesNotMatch(run.output(), /Press Ctrl-C/);
  assertNothingLeft(root);
});

test('a job (a program with no port that prints and ends with 0): run ends by itself with exit code 0 and says it finished', async () => {
  const root = copyFixture('job-script');
  const run = startCli(['run', root], /Done|healthy|failed/);
  const code = await Promise.race([run.exit, new Promise<'waiting'>((done) => setTimeout(() => done('waiting'), 120_000))]);
  assert.equal(code, 0, run.output());
  assert.match(run.output(), /job-script finished \(exit code 0\)/);
  assert.match(run.output(), /report: 4 rows, total 29/);
  assert.match(run.output(), /Done: 1 job finished\./);
  assertNothingLeft(root);
});
