// Each cause is reported once a run: a variable an example lists without a value is warned about
// by the requirements phase, reported again only when the crash it foretold happens (worse), and
// never again by a retry; on a FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun } from '../../src/core/orchestrator.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

test('a missing variable: warned once, the crash reported once, a retry adds nothing', async (t) => {
  const repo = fakeRepo('api', {
    'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }),
    'server.js': 'if (!process.env.API_TOKEN) throw new Error("API_TOKEN is not set");\n',
    '.env.example': 'API_TOKEN=\n',
  });
  const host = new FakeHost({ onSpawn: (child) => { setImmediate(() => child.exit(1, ['Error: API_TOKEN is not set', '    at Object.<anonymous> (/x/server.js:1:50)'])); } });
  const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'failed');
  const aboutToken = () => session.findings.filter((f) => f.code === 'env-missing');
  assert.deepEqual(aboutToken().map((f) => [f.severity, f.file, f.range?.startLine]), [['warning', '.env.example', 1], ['error', '.env.example', 1]]);
  assert.equal(await session.retry(), 'failed');
  assert.equal(host.spawned.length, 2, 'the retry started it again');
  assert.equal(aboutToken().length, 2, 'the retry found the same cause and said nothing new');
});
