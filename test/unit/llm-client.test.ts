// completeWithFallbacks with in-memory clients: order of models, our own time limit (even for a
// client that ignores its signal), rejected replies moving on, cancellation, one log line per try.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LlmClient, LlmRequest } from '../../src/core/llm/llm-client.js';
import { completeWithFallbacks } from '../../src/core/llm/llm-client.js';
import { resolveLlmSettings } from '../../src/core/llm/llm-settings.js';

const settings = (fallbacks: string, timeoutMs = 100) => resolveLlmSettings(
  { baseUrl: 'http://127.0.0.1:9/v1', fixer: { model: 'first', fallbacks, timeoutMs } }, {}, 'sk-test-key-should-not-leak-0000',
).settings;
const messages = { system: 's', user: 'u' };

/** A client whose answer per model is given; `hang` never settles and ignores the signal. */
function scripted(answers: Record<string, 'hang' | 'throw' | string>): LlmClient & { seen: LlmRequest[] } {
  const seen: LlmRequest[] = [];
  return {
    seen,
    complete(request) {
      seen.push(request);
      const answer = answers[request.model];
      if (answer === 'hang') return new Promise(() => {});
      if (answer === 'throw') return Promise.reject(new Error('HTTP 500: boom (key sk-test-key-should-not-leak-0000)'));
      return Promise.resolve({ model: request.model, text: answer, usage: { promptTokens: 10, completionTokens: 2 } });
    },
  };
}

test('tries the model, then each fallback in order, until one answers; one log line per attempt', async () => {
  const client = scripted({ first: 'hang', second: 'throw', third: 'hello' });
  const lines: string[] = [];
  const result = await completeWithFallbacks(client, settings('second, third, fourth'), 'fixer', messages, (l) => lines.push(l));
  assert.ok(result.ok);
  assert.equal(result.response.text, 'hello');
  assert.deepEqual(client.seen.map((r) => r.model), ['first', 'second', 'third'], 'fourth is never asked');
  assert.deepEqual(result.attempts.map((a) => a.outcome), ['timeout', 'error', 'ok']);
  assert.ok(result.attempts[0].latencyMs >= 90, `the hanging client was given its time: ${result.attempts[0].latencyMs}`);
  assert.ok(result.attempts[0].latencyMs < 1000, 'and no more: our own limit applies though the client ignores its signal');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^llm fixer: first timeout in \d+ ms, tokens n\/a: no reply within 100 ms$/);
  assert.match(lines[1], /^llm fixer: second error in \d+ ms, tokens n\/a: HTTP 500: boom/);
  assert.doesNotMatch(lines[1], /sk-test-key-should-not-leak/, 'the key is masked in logs');
  assert.match(lines[2], /^llm fixer: third ok in \d+ ms, tokens 10\+2$/);
  assert.equal(client.seen[0].signal?.aborted, true, 'the timed-out request was aborted');
});

test('a reply the check rejects moves on to the next model; all rejected: reasons for each', async () => {
  const client = scripted({ first: 'garbage', second: 'also garbage' });
  const lines: string[] = [];
  const result = await completeWithFallbacks(client, settings('second'), 'fixer', messages, (l) => lines.push(l), {
    check: (r) => (r.text === 'good' ? { ok: true, value: r.text } : { ok: false, error: `not good: ${r.text}` }),
  });
  assert.equal(result.ok, false);
  if (!result.ok) assert.deepEqual(result.reasons, ['first: rejected (not good: garbage)', 'second: rejected (not good: also garbage)']);
  assert.match(lines[0], /first rejected in \d+ ms, tokens 10\+2: not good: garbage/);
});

test('cancelling stops the attempt in flight and skips the rest', async () => {
  const client = scripted({ first: 'hang', second: 'hello' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const result = await completeWithFallbacks(client, settings('second', 5000), 'fixer', messages, () => {}, { signal: controller.signal });
  assert.equal(result.ok, false);
  assert.deepEqual(result.attempts.map((a) => a.outcome), ['cancelled']);
  assert.deepEqual(client.seen.map((r) => r.model), ['first']);
});

test('no model: nothing is asked', async () => {
  const client = scripted({});
  const none = resolveLlmSettings({ baseUrl: 'http://127.0.0.1:9/v1' }, {}).settings;
  const result = await completeWithFallbacks(client, none, 'fixer', messages, () => {});
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.reasons[0], /no model is configured for the fixer agent/);
  assert.equal(client.seen.length, 0);
});

test('the request carries the agent settings', async () => {
  const client = scripted({ first: 'x' });
  const s = settings('');
  s.agents.fixer.temperature = 0.3;
  s.agents.fixer.maxTokens = 77;
  await completeWithFallbacks(client, s, 'fixer', { system: 'SYS', user: 'USR' }, () => {});
  const { signal, ...rest } = client.seen[0];
  assert.ok(signal instanceof AbortSignal);
  assert.deepEqual(rest, { agent: 'fixer', model: 'first', system: 'SYS', user: 'USR', temperature: 0.3, maxTokens: 77, timeoutMs: 100 });
});
