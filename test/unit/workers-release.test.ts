// Program kinds beside servers: a Procfile worker (no port) that keeps running is "running", not
// waiting for a port; a Procfile `release` step runs once, in order, before any process of its
// folder starts, and when it fails nothing of the folder starts. FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { startRun } from '../../src/core/orchestrator.js';
import { exitResult, FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

const ENGINE = { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0, maxRetries: 0 };
const repoFiles = {
  'package.json': JSON.stringify({ name: 'shop', scripts: { start: 'node web.js' } }, null, 2),
  'Procfile': 'release: node migrate.js\nrelease: node seed.js\nweb: node web.js\nworker: node worker.js\n',
  'web.js': '', 'worker.js': '', 'migrate.js': '', 'seed.js': '',
};

test('a worker is running without a port; release steps run once, in order, before anything starts', async (t) => {
  const repo = fakeRepo('shop', repoFiles);
  const host = new FakeHost();
  const events: RunEvent[] = [];
  const session = startRun({ root: repo.root, host, options: ENGINE, onEvent: (e) => events.push(e) });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'healthy');
  const order = host.calls.filter((c) => /^(run sh|spawn)/.test(c)).map((c) => /node (\w+)\.js/.exec(c)?.[1]);
  assert.deepEqual(order, ['migrate', 'seed', 'web', 'worker']);
  const worker = session.services.find((s) => s.name === 'shop-worker')!;
  assert.equal(worker.url, undefined);
  const said = events.find((e) => e.type === 'service' && e.service === 'shop-worker' && e.status === 'healthy');
  assert.equal(said?.type === 'service' && said.detail, 'running; no port (a worker)');
  const run = events.find((e) => e.type === 'run');
  assert.equal(run?.type === 'run' && run.detail, '1/1 healthy, 1 worker running');
  assert.equal(session.findings.filter((f) => f.severity === 'error').length, 0);
});

test('a failing release step: the step and its output are said, and neither web nor worker starts', async (t) => {
  const repo = fakeRepo('shop', repoFiles);
  const host = new FakeHost({ run: ({ spec }) => (spec.args.join(' ').includes('migrate') ? exitResult(1, ['Error: cannot write the release manifest']) : exitResult(0)) });
  const session = startRun({ root: repo.root, host, options: ENGINE });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'failed');
  assert.equal(host.spawned.length, 0, 'nothing started');
  assert.ok(!host.calls.some((c) => c.includes('seed.js')), 'the steps after the failed one do not run');
  const finding = session.findings.find((f) => f.code === 'release-failed')!;
  assert.match(finding.message, /release step `sh -c "node migrate\.js"` failed with exit code 1/);
  assert.equal(finding.file, 'Procfile');
  assert.ok(finding.excerpt.some((l) => l.includes('Error: cannot write the release manifest')));
});
