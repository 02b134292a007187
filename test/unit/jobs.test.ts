// A program with no port that ends with exit code 0 is a job that did its work ("completed"), and
// the run is a success; a web framework's server that ends with 0 still failed to serve. FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { startRun } from '../../src/core/orchestrator.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

const ENGINE = { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 };

for (const [kind, files, outcome, status] of [
  ['a plain script (no known protocol)', { 'package.json': JSON.stringify({ name: 'report', scripts: { start: 'node report.js' } }), 'report.js': 'console.log("42 rows");\n' }, 'healthy', 'completed'],
  ['an Express server', { 'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }), 'server.js': '' }, 'failed', 'crashed'],
] as const) {
  test(`${kind} that prints and exits with 0: ${outcome}, ${status}`, async (t) => {
    const repo = fakeRepo('svc', files);
    const host = new FakeHost({ onSpawn: (child) => { setImmediate(() => child.exit(0, ['42 rows'])); } });
    const events: RunEvent[] = [];
    const session = startRun({ root: repo.root, host, options: ENGINE, onEvent: (e) => events.push(e) });
    t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
    assert.equal(await session.ready, outcome);
    assert.equal(session.services[0].status, status);
    const errors = session.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    if (outcome === 'healthy') {
      assert.deepEqual(errors, []);
      const run = events.find((e) => e.type === 'run' && e.status === 'healthy');
      assert.match(run && run.type === 'run' ? run.detail ?? '' : '', /1 job finished/);
    } else {
      assert.ok(errors.length > 0, 'the failure is explained');
    }
  });
}
