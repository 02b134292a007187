import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, RunEvent } from '../../src/core/model.js';
import { applyEvent, emptyRunState, healthCount } from '../../src/core/run-state.js';

const finding: Finding = { code: 'service-exited', severity: 'error', phase: 'health', message: 'boom', excerpt: [], fixes: [] };

test('folds events into phases, services and findings', () => {
  const events: RunEvent[] = [
    { type: 'phase', phase: 'detect', status: 'running' },
    { type: 'plan', plan: { root: '/r', services: [{ name: 'web' } as never, { name: 'api' } as never], databases: [], env: [], requirements: [], findings: [] } },
    { type: 'phase', phase: 'detect', status: 'done', durationMs: 12, detail: '2 services' },
    { type: 'service', service: 'web', status: 'healthy', port: 3000, url: 'http://127.0.0.1:3000' },
    { type: 'service', service: 'api', status: 'crashed', port: 3001 },
    { type: 'finding', finding },
    { type: 'phase', phase: 'health', status: 'failed', durationMs: 5, finding },
    { type: 'run', status: 'failed' },
  ];
  const state = events.reduce(applyEvent, emptyRunState());
  assert.deepEqual(state.phases.find((p) => p.name === 'detect'), { name: 'detect', status: 'done', durationMs: 12, detail: '2 services', finding: undefined });
  assert.equal(state.phases.find((p) => p.name === 'health')?.finding, finding);
  assert.deepEqual(state.services.map((s) => [s.name, s.status, s.port]), [['web', 'healthy', 3000], ['api', 'crashed', 3001]]);
  assert.deepEqual(healthCount(state), { healthy: 1, total: 2, failing: 1 });
  assert.equal(state.outcome, 'failed');
  assert.equal(state.busy, false);

  const retried = applyEvent(state, { type: 'phase', phase: 'health', status: 'running' });
  assert.deepEqual(retried.findings, [], 'a phase that runs again drops its old findings');
  assert.equal(retried.busy, true);
});
