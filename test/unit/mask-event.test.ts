// What a run reports is masked before anyone sees it: service output, logs, findings and their
// excerpts, service and database details.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskEvent } from '../../src/core/secrets/index.js';
import type { RunEvent } from '../../src/core/model.js';

const SECRETS = ['k3y-generated-9f8e7d6c5b4a'];

test('service output: the run\'s secret values and URL passwords are masked, the rest kept', () => {
  const event = maskEvent({ type: 'output', service: 'web', stream: 'stdout', source: 'service', line: 'boot with k3y-generated-9f8e7d6c5b4a and postgresql://app:pw-1234@127.0.0.1:5432/app on port 3000' }, SECRETS);
  assert.equal(event.type === 'output' && event.line, 'boot with •••• and postgresql://app:••••@127.0.0.1:5432/app on port 3000');
});

test('logs, findings and details: secret values, URL passwords and secret assignments are masked', () => {
  const log = maskEvent({ type: 'log', level: 'info', message: 'wrote SECRET_KEY=plain-text-value-123 to .env' }, SECRETS);
  assert.doesNotMatch(log.type === 'log' ? log.message : '', /plain-text-value-123/);
  const finding: RunEvent = { type: 'finding', finding: { code: 'database-refused', severity: 'error', phase: 'run', message: 'cannot reach postgresql://app:s3cr3t-pw@127.0.0.1:1/app', excerpt: ['token k3y-generated-9f8e7d6c5b4a rejected'], fixes: [] } };
  const masked = maskEvent(finding, SECRETS);
  assert.ok(masked.type === 'finding');
  assert.equal(masked.finding.message, 'cannot reach postgresql://app:••••@127.0.0.1:1/app');
  assert.deepEqual(masked.finding.excerpt, ['token •••• rejected']);
  const service = maskEvent({ type: 'service', service: 'web', status: 'crashed', detail: 'exit: bad k3y-generated-9f8e7d6c5b4a' }, SECRETS);
  assert.equal(service.type === 'service' && service.detail, 'exit: bad ••••');
});
