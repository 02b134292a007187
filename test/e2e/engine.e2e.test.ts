// The engine, end to end, on the fixture repos: real installs (npm, pip), real processes,
// real HTTP health, and after every run no process of it left alive.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { commandLine, copyFixture, getJson, survivors } from '../helpers/fixtures.js';
import { type RecordedRun, phaseDetail, run, stopAndCheck, urlOf } from '../helpers/run.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { applyFix } from '../../src/core/fixer/apply-fix.js';
import type { Finding } from '../../src/core/model.js';

const started: RecordedRun[] = [];
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

function tracked(recorded: RecordedRun): RecordedRun {
  started.push(recorded);
  return recorded;
}

test('Express app: installed, started on a free port, healthy, serving; a second run reuses the plan, the install and the port', async () => {
  const root = copyFixture('express-app');
  const first = tracked(run(root));
  assert.equal(await first.session.ready, 'healthy');
  const url = urlOf(first.session, 'express-app');
  assert.deepEqual(await getJson(url), { app: 'express-app', greeting: 'hello from the example' });
  assert.match(phaseDetail(first.events, 'setup') ?? '', /1 installed/);
  assert.doesNotMatch(phaseDetail(first.events, 'detect') ?? '', /unchanged/);
  await stopAndCheck(first, root);
  await assert.rejects(fetch(url), 'the server is gone after stop');

  const second = tracked(run(root));
  assert.equal(await second.session.ready, 'healthy');
  assert.match(phaseDetail(second.events, 'detect') ?? '', /\(unchanged\)/, 'detection skipped: no file it read changed');
  assert.match(phaseDetail(second.events, 'setup') ?? '', /1 unchanged/);
  assert.equal(urlOf(second.session, 'express-app'), url, 'the port of the first run is reused when free');
  await stopAndCheck(second, root);

  // The audit log: every command with its folder and outcome.
  const audit = readFileSync(join(root, '.repo-runner', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; argv: string[]; cwd: string; exitCode?: number | null; pid?: number });
  const installs = audit.filter((e) => e.event === 'ran' && e.argv[0] === 'npm' && e.argv[1] === 'ci');
  assert.deepEqual(installs.map((e) => [e.cwd, e.exitCode]), [[root, 0]], 'one install, in the first run, that succeeded');
  const starts = audit.filter((e) => e.event === 'started' && e.argv.join(' ') === 'npm run start');
  assert.equal(starts.length, 2, 'the service was started once per run');
  for (const start of starts) assert.ok(audit.some((e) => e.event === 'exited' && e.pid === start.pid), `the exit of ${start.pid} is recorded`);
});

test('a port already taken is never used: the service gets another', async () => {
  const root = copyFixture('express-app');
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.once('error', () => resolve()).listen(3000, resolve));
  try {
    const recorded = tracked(run(root));
    assert.equal(await recorded.session.ready, 'healthy');
    const port = recorded.session.services[0].port;
    assert.notEqual(port, 3000);
    assert.equal(((await getJson(urlOf(recorded.session, 'express-app'))) as { app: string }).app, 'express-app');
    await stopAndCheck(recorded, root);
  } finally {
    blocker.close();
  }
});

test('Flask app: a virtualenv, pip install, flask run, healthy', async () => {
  const root = copyFixture('flask-app');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'flask-app')), { app: 'flask-app', status: 'ok' });
  await stopAndCheck(recorded, root);
});

test('two services: the Vite front end reaches the Express API through the URL it was given', async () => {
  const root = copyFixture('two-service');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy');
  const [backend, frontend] = recorded.session.services;
  assert.notEqual(backend.port, frontend.port);
  const viaProxy = (await getJson(`${urlOf(recorded.session, 'frontend')}/api/hello`)) as { message: string };
  assert.equal(viaProxy.message, 'hello from the backend');
  const html = await (await fetch(urlOf(recorded.session, 'frontend'))).text();
  assert.match(html, /<h1>two-service<\/h1>/);
  await stopAndCheck(recorded, root);
});

test('a linked service taken off its port between allocation and start moves, and the front end is told its new URL', async () => {
  const root = copyFixture('two-service');
  // Something that accepts connections but never answers HTTP holds the API's first port.
  const blocker = net.createServer((socket) => socket.destroy());
  const takenPort = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
  try {
    const { createNodeHost } = await import('../../src/node/node-host.js');
    const host = createNodeHost();
    const realAllocate = host.ports.allocate;
    let raced = false;
    host.ports = { ...host.ports, allocate: (preferred, exclude) => (preferred === 4000 && !raced ? ((raced = true), Promise.resolve(takenPort)) : realAllocate(preferred, exclude)) };
    const recorded = tracked(run(root, { host }));
    assert.equal(await recorded.session.ready, 'healthy');
    assert.ok(raced, 'the API was given the taken port first');
    const backend = recorded.session.services.find((s) => s.name === 'backend')!;
    assert.notEqual(backend.port, takenPort, 'the API moved');
    assert.ok(recorded.session.findings.some((f) => f.code === 'port-in-use'), 'the move was diagnosed');
    const viaProxy = (await getJson(`${urlOf(recorded.session, 'frontend')}/api/hello`)) as { message: string };
    assert.equal(viaProxy.message, 'hello from the backend', 'the front end proxies to the API\'s new port');
    await stopAndCheck(recorded, root);
  } finally {
    blocker.close();
  }
});

test('a port taken between allocation and start is diagnosed and the service moved, by itself', async () => {
  const root = copyFixture('express-app');
  const blocker = net.createServer();
  const takenPort = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
  try {
    // The race, made certain: the allocator's first answer is a port that something else holds.
    const { createNodeHost } = await import('../../src/node/node-host.js');
    const host = createNodeHost();
    const realAllocate = host.ports.allocate;
    let calls = 0;
    host.ports = { ...host.ports, allocate: (preferred, exclude) => (calls++ === 0 ? Promise.resolve(takenPort) : realAllocate(preferred, exclude)) };
    const recorded = tracked(run(root, { host }));
    assert.equal(await recorded.session.ready, 'healthy');
    const finding = recorded.session.findings.find((f) => f.code === 'port-in-use');
    assert.ok(finding, 'expected a port-in-use finding');
    assert.match(finding.excerpt[0], /EADDRINUSE/);
    assert.notEqual(recorded.session.services[0].port, takenPort);
    await stopAndCheck(recorded, root);
  } finally {
    blocker.close();
  }
});

/** Applies a finding's first fix as the editor does once the user said yes, then retries in the same session. */
async function applyFirstFix(recorded: RecordedRun, root: string, code: string): Promise<Finding> {
  const finding = recorded.session.findings.find((f) => f.code === code);
  assert.ok(finding, `expected ${code}, got ${recorded.session.findings.map((f) => f.code).join(', ')}`);
  const { createNodeHost } = await import('../../src/node/node-host.js');
  const host = createNodeHost();
  const outcome = await applyFix(finding.fixes[0], { root, fs: host.fs, processes: host.processes, env: process.env as Record<string, string> });
  assert.equal(outcome.ok, true, outcome.message);
  return finding;
}

test('a missing Node dependency is found on package.json; its fix (npm install left-pad), once applied, makes the retried run healthy', async () => {
  const root = copyFixture('missing-dependency');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'failed');
  const finding = await applyFirstFix(recorded, root, 'node-missing-module');
  assert.equal(finding.file, 'package.json');
  assert.ok(finding.fixes[0].kind === 'command' && !finding.fixes[0].auto, 'installing a package waits for the user');
  assert.equal(await recorded.session.retry(), 'healthy');
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies), ['left-pad']);
  await stopAndCheck(recorded, root);
});

test('a missing Python module is found on requirements.txt; its edit (add PyYAML), once applied, makes the retried run healthy', async () => {
  const root = copyFixture('flask-missing-dependency');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'failed');
  const finding = await applyFirstFix(recorded, root, 'python-missing-module');
  assert.equal(finding.file, 'requirements.txt');
  assert.equal(readFileSync(join(root, 'requirements.txt'), 'utf8'), 'flask==3.1.2\nPyYAML\n');
  assert.equal(await recorded.session.retry(), 'healthy');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'flask-missing-dependency')), { app: 'flask-missing-dependency', parsed: { ok: true } });
  await stopAndCheck(recorded, root);
});

test('a server that hard-codes its port (ignores PORT): the plan adopts that port, and the run is healthy there with no fix', async () => {
  const root = copyFixture('failures/wrong-port');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => f.message).join('\n'));
  const service = recorded.session.services[0];
  assert.equal(service.port, 41234);
  assert.ok(service.plan.evidence.some((e) => e.file === 'server.js' && e.line === 5 && /hard-coded/.test(e.reason)), JSON.stringify(service.plan.evidence));
  assert.equal(await (await fetch(urlOf(recorded.session, service.name))).text(), 'ok');
  assert.deepEqual(recorded.session.findings.filter((f) => f.code === 'wrong-port'), []);
  await stopAndCheck(recorded, root);
});

test('supervision: a healthy service that is killed is restarted and healthy again; restartService keeps its port', async () => {
  const root = copyFixture('express-app');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy');
  const service = recorded.session.services[0];
  const port = service.port;
  const server = survivors({ marker: recorded.session.marker }).find((pid) => commandLine(pid) === 'node server.js');
  assert.ok(server, 'found the node server process');
  process.kill(server, 'SIGKILL');
  await waitFor(() => recorded.events.some((e) => e.type === 'service' && e.status === 'crashed'));
  await waitFor(() => service.status === 'healthy' && service.restarts === 1);
  assert.equal(service.port, port);
  assert.equal(((await getJson(urlOf(recorded.session, 'express-app'))) as { app: string }).app, 'express-app');

  assert.equal(await recorded.session.restartService('express-app'), true);
  assert.equal(service.port, port);
  assert.equal(service.status, 'healthy');
  await stopAndCheck(recorded, root);
});

test('supervision: a service that keeps crashing stops being restarted, with a finding that quotes its last output', async () => {
  const root = copyFixture('crash-loop');
  const recorded = tracked(run(root, { engine: { maxRestarts: 2 } }));
  assert.equal(await recorded.session.ready, 'healthy', 'it answers at first');
  await waitFor(() => recorded.session.findings.some((f) => f.code === 'crash-loop'), 60_000);
  const finding = recorded.session.findings.find((f) => f.code === 'crash-loop')!;
  assert.match(finding.message, /crash-loop crashed 3 times in a row and is no longer restarted; its last output: fatal: lost the connection to the queue/);
  assert.equal(recorded.session.services[0].restarts, 2);
  assert.deepEqual(survivors({ marker: recorded.session.marker }).filter((pid) => commandLine(pid) === 'node server.js'), [], 'nothing restarts it any more');
  await stopAndCheck(recorded, root);
});

test('under load: a service printing megabytes per second does not grow the engine\'s memory without bound', async () => {
  const root = copyFixture('chatty');
  let lines = 0;
  let bytes = 0;
  const { startRun } = await import('../../src/core/orchestrator.js');
  const { createNodeHost } = await import('../../src/node/node-host.js');
  // Only counted, not kept: the engine must bound what it keeps itself.
  const session = startRun({ root, host: createNodeHost(), onEvent: (e) => { if (e.type === 'output' && e.source === 'service') { lines++; bytes += e.line.length; } } });
  tracked({ session, events: [] });
  assert.equal(await session.ready, 'healthy');
  const heap = () => process.memoryUsage().heapUsed;
  const before = heap();
  let peak = before;
  const startBytes = bytes;
  while (bytes - startBytes < 200 * 1024 * 1024) {
    await new Promise((r) => setTimeout(r, 250));
    peak = Math.max(peak, heap());
  }
  const received = (bytes - startBytes) / 1024 / 1024;
  const growth = (peak - before) / 1024 / 1024;
  console.log(`# chatty service: ${received.toFixed(0)} MB in ${lines} lines went through the engine; heap grew by at most ${growth.toFixed(1)} MB (kept: ${session.services[0].output.tail().length} lines)`);
  assert.ok(growth < 64, `heap grew by ${growth.toFixed(1)} MB while ${received.toFixed(0)} MB of output went by`);
  assert.equal(session.services[0].output.tail().length, 2000, 'the service keeps its last 2,000 lines');
  await stopAndCheck({ session, events: [] }, root);
});

test('supervision: a service that stops answering is reported unhealthy and, with the "always" policy, restarted', async () => {
  const root = copyFixture('goes-silent');
  const recorded = tracked(run(root, { engine: { restartPolicy: 'always', healthIntervalMs: 200, unhealthyAfter: 2, maxRestarts: 1 } }));
  assert.equal(await recorded.session.ready, 'healthy');
  const service = recorded.session.services[0];
  await waitFor(() => recorded.events.some((e) => e.type === 'service' && e.status === 'unhealthy'));
  await waitFor(() => service.restarts === 1 && service.status === 'healthy');
  // It goes silent again; the bound is reached, so it is reported and left alone.
  await waitFor(() => recorded.session.findings.some((f) => f.code === 'unhealthy-loop'));
  assert.equal(service.restarts, 1);
  await stopAndCheck(recorded, root);
});

test('bad input next to a good service: the broken manifests are reported with their lines, the good service still runs', async () => {
  const root = copyFixture('express-app');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(root, 'tools'));
  writeFileSync(join(root, 'tools', 'package.json'), '{\n  "name": "tools",\n  "scripts": { "start": "node ." \n}\n');
  mkdirSync(join(root, 'worker'));
  writeFileSync(join(root, 'worker', 'pyproject.toml'), '[project]\nname = "worker"\ndependencies = ["celery"\n');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy');
  assert.deepEqual(recorded.session.services.map((s) => s.name), ['express-app']);
  const found = recorded.session.findings.map((f) => [f.code, f.file]);
  assert.ok(found.some(([code, file]) => code === 'manifest-invalid' && file === 'tools/package.json'), JSON.stringify(found));
  assert.ok(found.some(([code, file]) => code === 'manifest-invalid' && file === 'worker/pyproject.toml'), JSON.stringify(found));
  await stopAndCheck(recorded, root);
});

test('under load: ten services in one repo start, report healthy and stop cleanly', async () => {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 10; i++) {
    files[`svc${i}/package.json`] = JSON.stringify({ name: `svc${i}`, scripts: { start: 'node server.js' } });
    files[`svc${i}/server.js`] = `require('node:http').createServer((q, s) => s.end('svc${i}')).listen(Number(process.env.PORT), '127.0.0.1');\n`;
  }
  const root = tempRepo(files);
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'healthy');
  const services = recorded.session.services;
  assert.equal(services.length, 10);
  assert.equal(new Set(services.map((s) => s.port)).size, 10, 'ten different ports');
  const answers = await Promise.all(services.map(async (s) => (await fetch(`http://127.0.0.1:${s.port}/`)).text()));
  assert.deepEqual(answers.sort(), services.map((s) => s.name).sort());
  await stopAndCheck(recorded, root);
});

test('services listen on 127.0.0.1: a Node server that names no address too; all interfaces only when the user asks', async () => {
  const root = tempRepo({
    'package.json': JSON.stringify({ name: 'anywhere', scripts: { start: 'node server.js' } }),
    // Names no address: plain Node would listen on every interface.
    'server.js': `const server = require('node:http').createServer((q, s) => s.end(JSON.stringify({ address: server.address().address, host: process.env.HOST })));\nserver.listen(Number(process.env.PORT));\n`,
  });
  const loopback = tracked(run(root));
  assert.equal(await loopback.session.ready, 'healthy');
  assert.deepEqual(await getJson(`http://127.0.0.1:${loopback.session.services[0].port}/`), { address: '127.0.0.1', host: '127.0.0.1' });
  await stopAndCheck(loopback, root);

  const everywhere = tracked(run(root, { engine: { bindAddress: '0.0.0.0' } }));
  assert.equal(await everywhere.session.ready, 'healthy');
  assert.deepEqual(await getJson(`http://127.0.0.1:${everywhere.session.services[0].port}/`), { address: '::', host: '0.0.0.0' });
  assert.ok(everywhere.events.some((e) => e.type === 'log' && e.level === 'warn' && /listen on 0\.0\.0\.0 .*other machines on the network/.test(e.message)), 'the user is warned');
  await stopAndCheck(everywhere, root);
});

test('retry after the user applied a fix: the failed service is installed, started and healthy', async () => {
  const root = copyFixture('missing-dependency');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'failed');
  assert.equal(recorded.session.failedPhase, 'health');
  const fix = recorded.session.findings.find((f) => f.code === 'node-missing-module')?.fixes[0];
  assert.ok(fix?.kind === 'command');
  const { createNodeHost } = await import('../../src/node/node-host.js');
  assert.equal((await createNodeHost().processes.run(fix.command, { cwd: root, env: process.env as Record<string, string> })).exitCode, 0);
  assert.equal(await recorded.session.retry(), 'healthy');
  await stopAndCheck(recorded, root);
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a variable .env.example lists without a value: warned before, diagnosed after the crash', async () => {
  const root = copyFixture('needs-env');
  const first = tracked(run(root, { host: hostWithout('API_TOKEN') }));
  assert.equal(await first.session.ready, 'failed');
  const codes = first.session.findings.map((f) => `${f.phase}:${f.code}`);
  const said = first.events.flatMap((e) => (e.type === 'finding' ? [`${e.finding.phase}:${e.finding.code}`] : []));
  assert.ok(said.includes('requirements:env-missing'), `warned before: ${said.join(', ')}`);
  const crash = first.session.findings.find((f) => f.phase === 'health' && f.code === 'env-missing');
  assert.ok(crash, codes.join(', '));
  assert.deepEqual([crash.file, crash.range?.startLine], ['.env.example', 2]);
  assert.equal(first.session.findings.filter((f) => f.code === 'env-missing').length, 1, 'one cause, one entry: the crash took the warning\'s place');
  await stopAndCheck(first, root);

  const second = tracked(run(root, { host: hostWith({ API_TOKEN: 'local-token' }) }));
  assert.equal(await second.session.ready, 'healthy');
  await stopAndCheck(second, root);
});

test('cancelling during install stops the installer and everything under it', async () => {
  const root = copyFixture('two-service');
  const controller = new AbortController();
  const recorded = tracked(run(root, { signal: controller.signal }));
  const installing = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (recorded.events.some((e) => e.type === 'log' && /npm (ci|install)/.test(e.message))) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await installing;
  controller.abort();
  assert.equal(await recorded.session.ready, 'cancelled');
  await stopAndCheck(recorded, root);
});

test('a folder with nothing to run ends with the reason, not an exception', async () => {
  const root = copyFixture('empty-folder');
  const recorded = tracked(run(root));
  assert.equal(await recorded.session.ready, 'nothing-to-run');
  const last = recorded.events.filter((e) => e.type === 'run')[0];
  assert.ok(last?.type === 'run' && /nothing to run here, because/.test(last.detail ?? ''));
  await recorded.session.stop();
});

function hostWithout(name: string) {
  const env = { ...process.env };
  delete env[name];
  return hostWith(env, true);
}

function hostWith(extra: Record<string, string | undefined>, replace = false) {
  return createHost(replace ? extra : { ...process.env, ...extra });
}

import { createNodeHost as createHost } from '../../src/node/node-host.js';
