// When the editor notifies (crash, recovery, healthy after a long run) and when the CLI rings
// its bell: the rules, fed the engine's events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotificationRules, type Notice } from '../../src/vscode/notification-rules.js';
import { bellExtra } from '../../src/cli/run-extras.js';
import type { RunEvent } from '../../src/core/model.js';

const ON = { crash: true, recovery: true, healthyAfterSeconds: 60 };
const service = (name: string, status: Extract<RunEvent, { type: 'service' }>['status'], exitCode?: number): RunEvent => ({ type: 'service', service: name, status, exitCode });

test('a crash is said once (not at every attempt of a loop), its recovery once, and a run healthy after a long wait', () => {
  let now = 0;
  const rules = new NotificationRules(() => now);
  const feed = (events: RunEvent[], settings = ON) => events.map((e) => rules.next(e, settings)).filter((n): n is Notice => n !== undefined);
  assert.deepEqual(feed([{ type: 'phase', phase: 'detect', status: 'running' }, service('web', 'starting'), service('web', 'healthy')]), []);
  now = 90_000;
  assert.deepEqual(feed([{ type: 'run', status: 'healthy' }]), [{ kind: 'healthy', seconds: 90 }]);
  assert.deepEqual(feed([service('web', 'crashed', 1), service('web', 'starting'), service('web', 'crashed', 1), service('web', 'healthy')]), [
    { kind: 'crashed', service: 'web', exitCode: 1 }, { kind: 'recovered', service: 'web' },
  ]);
  assert.deepEqual(feed([service('api', 'unhealthy'), service('api', 'stopped'), service('api', 'healthy')]), [{ kind: 'unhealthy', service: 'api' }], 'a stop by the user is no recovery');
  // A quick run is not announced; settings turn each kind off.
  assert.deepEqual(feed([{ type: 'phase', phase: 'detect', status: 'running' }, { type: 'run', status: 'healthy' }]), []);
  const off = { crash: false, recovery: false, healthyAfterSeconds: 0 };
  assert.deepEqual(feed([service('web', 'crashed', 1), service('web', 'healthy'), { type: 'phase', phase: 'detect', status: 'running' }], off), []);
  now += 600_000;
  assert.deepEqual(feed([{ type: 'run', status: 'healthy' }], off), []);
});

test('--bell rings when a service goes down, when it comes back, and when the run settles; not for output', () => {
  let rings = 0;
  const bell = bellExtra(() => { rings++; });
  bell.onEvent({ type: 'output', service: 'web', stream: 'stdout', source: 'service', line: 'hi' });
  bell.onEvent(service('web', 'healthy'));
  assert.equal(rings, 0, 'healthy from the start is no recovery');
  bell.onEvent({ type: 'run', status: 'healthy' });
  assert.equal(rings, 1);
  bell.onEvent(service('web', 'crashed', 1));
  bell.onEvent(service('web', 'healthy'));
  assert.equal(rings, 3);
});
