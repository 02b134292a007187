// LLM settings: defaults, the user's settings, environment overrides (which win), the default
// model, the key's sources, and bad values reported as problems instead of thrown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_AGENT_SETTINGS, describeLlmSettings, resolveLlmSettings } from '../../src/core/llm/llm-settings.js';

test('nothing configured: off, defaults, no problems', () => {
  const { settings, problems } = resolveLlmSettings({}, {});
  assert.equal(settings.enabled, false);
  assert.equal(settings.baseUrl, undefined);
  assert.equal(settings.apiKey, undefined);
  assert.deepEqual(settings.agents.fixer, DEFAULT_AGENT_SETTINGS.fixer);
  assert.deepEqual(settings.agents.detection, DEFAULT_AGENT_SETTINGS.detection);
  assert.deepEqual(problems, []);
  assert.equal(describeLlmSettings(settings), 'LLM assist: off');
});

test('a base URL and a default model turn it on; the default model applies to agents without one', () => {
  const { settings, problems } = resolveLlmSettings({ baseUrl: 'http://127.0.0.1:11434/v1/', model: 'qwen2.5-coder', detection: { model: 'llama3.1' } }, {});
  assert.deepEqual(problems, []);
  assert.equal(settings.enabled, true);
  assert.equal(settings.baseUrl, 'http://127.0.0.1:11434/v1', 'the trailing slash is dropped');
  assert.equal(settings.agents.fixer.model, 'qwen2.5-coder');
  assert.equal(settings.agents.detection.model, 'llama3.1');
});

test('environment variables override the user settings, per agent', () => {
  const { settings, problems } = resolveLlmSettings(
    { baseUrl: 'http://user.example/v1', model: 'user-default', fixer: { model: 'user-fixer', temperature: 0.7, maxTokens: 300, timeoutMs: 5000, fallbacks: ['user-fb'] } },
    {
      REPO_RUNNER_LLM_BASE_URL: 'http://env.example/v1',
      REPO_RUNNER_FIXER_MODEL: 'env-fixer',
      REPO_RUNNER_FIXER_TEMPERATURE: '0.1',
      REPO_RUNNER_FIXER_MAX_TOKENS: '2000',
      REPO_RUNNER_FIXER_TIMEOUT_MS: '1500',
      REPO_RUNNER_FIXER_FALLBACKS: ' a, b ,,a, env-fixer ',
      REPO_RUNNER_DETECTION_MODEL: 'env-detection',
    },
  );
  assert.deepEqual(problems, []);
  assert.equal(settings.baseUrl, 'http://env.example/v1');
  assert.deepEqual(settings.agents.fixer, { model: 'env-fixer', temperature: 0.1, maxTokens: 2000, timeoutMs: 1500, fallbacks: ['a', 'b'] });
  assert.equal(settings.agents.detection.model, 'env-detection');
});

test('an agent\'s own model beats the default model, from either source', () => {
  const env = { REPO_RUNNER_LLM_MODEL: 'env-default', REPO_RUNNER_LLM_API_KEY: 'k-123456' };
  const { settings } = resolveLlmSettings({ model: 'user-default', fixer: { model: 'user-fixer' } }, env);
  assert.equal(settings.agents.fixer.model, 'user-fixer');
  assert.equal(settings.agents.detection.model, 'env-default');
});

test('the key: REPO_RUNNER_LLM_API_KEY, else the stored key, else OPENAI_API_KEY — which only goes to OpenAI', () => {
  const cases: { env: Record<string, string>; stored?: string; baseUrl?: string; key: string | undefined; enabled: boolean }[] = [
    { env: { REPO_RUNNER_LLM_API_KEY: 'rr-key', OPENAI_API_KEY: 'oa-key' }, stored: 'stored-key', key: 'rr-key', enabled: true },
    { env: { OPENAI_API_KEY: 'oa-key' }, stored: 'stored-key', key: 'stored-key', enabled: true },
    { env: { OPENAI_API_KEY: 'oa-key' }, key: 'oa-key', enabled: true },
    { env: { OPENAI_API_KEY: 'oa-key' }, baseUrl: 'https://api.openai.com/v1', key: 'oa-key', enabled: true },
    { env: { OPENAI_API_KEY: 'oa-key' }, baseUrl: 'https://llm.other.example/v1', key: undefined, enabled: true },
    { env: {}, key: undefined, enabled: false },
  ];
  for (const c of cases) {
    const { settings } = resolveLlmSettings({ model: 'm', baseUrl: c.baseUrl }, c.env, c.stored);
    assert.equal(settings.apiKey, c.key, JSON.stringify(c));
    assert.equal(settings.enabled, c.enabled, JSON.stringify(c));
  }
});

test('bad values are problems that name the setting; the default is used; nothing throws', () => {
  const cases: { user?: Record<string, unknown>; env?: Record<string, string>; problem: RegExp; check: (s: ReturnType<typeof resolveLlmSettings>['settings']) => boolean }[] = [
    { env: { REPO_RUNNER_FIXER_TEMPERATURE: 'hot' }, problem: /^REPO_RUNNER_FIXER_TEMPERATURE: "hot" is not a number between 0 and 2; using 0\.2\.$/, check: (s) => s.agents.fixer.temperature === 0.2 },
    { env: { REPO_RUNNER_FIXER_TEMPERATURE: '3' }, problem: /REPO_RUNNER_FIXER_TEMPERATURE: "3" is not a number between 0 and 2/, check: (s) => s.agents.fixer.temperature === 0.2 },
    { user: { fixer: { temperature: -0.5 } }, problem: /^llm\.fixer\.temperature: -0\.5 is not a number/, check: (s) => s.agents.fixer.temperature === 0.2 },
    { env: { REPO_RUNNER_FIXER_MAX_TOKENS: '-5' }, problem: /^REPO_RUNNER_FIXER_MAX_TOKENS: "-5" is not a whole number of at least 1; using 1024\.$/, check: (s) => s.agents.fixer.maxTokens === 1024 },
    { user: { detection: { maxTokens: 1.5 } }, problem: /^llm\.detection\.maxTokens: 1\.5 is not a whole number/, check: (s) => s.agents.detection.maxTokens === 2048 },
    { env: { REPO_RUNNER_FIXER_MAX_TOKENS: '12abc' }, problem: /REPO_RUNNER_FIXER_MAX_TOKENS: "12abc"/, check: (s) => s.agents.fixer.maxTokens === 1024 },
    { env: { REPO_RUNNER_DETECTION_TIMEOUT_MS: '0' }, problem: /^REPO_RUNNER_DETECTION_TIMEOUT_MS: "0" is not a whole number of milliseconds/, check: (s) => s.agents.detection.timeoutMs === 60_000 },
    { user: { fixer: { fallbacks: 42 } }, problem: /^llm\.fixer\.fallbacks: 42 is not a list of model names/, check: (s) => s.agents.fixer.fallbacks.length === 0 },
    { user: { fixer: { model: 42 } }, problem: /^llm\.fixer\.model: 42 is not a text/, check: (s) => s.agents.fixer.model === 'default-model' },
    { env: { REPO_RUNNER_LLM_BASE_URL: 'ftp://files.example' }, problem: /^REPO_RUNNER_LLM_BASE_URL: "ftp:\/\/files\.example" is not an http\(s\) URL/, check: (s) => s.baseUrl === undefined },
    { user: { baseUrl: 'http://user:hunter22@[oops' }, problem: /^llm\.baseUrl: .* is not an http\(s\) URL/, check: (s) => s.baseUrl === undefined },
    { user: { enabled: 'yes' }, problem: /^llm\.enabled: "yes" is not true or false/, check: (s) => s.enabled },
  ];
  for (const c of cases) {
    const user = { model: 'default-model', ...c.user };
    const env = { REPO_RUNNER_LLM_API_KEY: 'key-123456', ...c.env };
    let resolved: ReturnType<typeof resolveLlmSettings> | undefined;
    assert.doesNotThrow(() => { resolved = resolveLlmSettings(user, env); }, JSON.stringify(c.env ?? c.user));
    assert.ok(resolved!.problems.some((p) => c.problem.test(p)), `${c.problem}: got ${JSON.stringify(resolved!.problems)}`);
    assert.ok(c.check(resolved!.settings), `setting not defaulted for ${c.problem}`);
  }
});

test('a URL with a password is never echoed in a problem', () => {
  const { problems } = resolveLlmSettings({ baseUrl: 'ftp://me:hunter22@host.example' }, {});
  assert.equal(problems.length > 0, true);
  assert.ok(problems.every((p) => !p.includes('hunter22')), problems.join('\n'));
});

test('incomplete configuration stays off and says what is missing; `enabled: false` switches it off', () => {
  const noEndpoint = resolveLlmSettings({ model: 'm' }, {});
  assert.equal(noEndpoint.settings.enabled, false);
  assert.match(noEndpoint.problems.join('\n'), /a model is set but neither a base URL .* nor an API key/);
  const noModel = resolveLlmSettings({ baseUrl: 'http://127.0.0.1:1/v1' }, {});
  assert.equal(noModel.settings.enabled, false);
  assert.match(noModel.problems.join('\n'), /no model/);
  const ambientKeyOnly = resolveLlmSettings({}, { OPENAI_API_KEY: 'sk-ambient-key-000000000000' });
  assert.equal(ambientKeyOnly.settings.enabled, false);
  assert.deepEqual(ambientKeyOnly.problems, [], 'an OPENAI_API_KEY kept for other tools is not nagged about');
  const off = resolveLlmSettings({ enabled: false, model: 'm', baseUrl: 'http://127.0.0.1:1/v1' }, {});
  assert.equal(off.settings.enabled, false);
  assert.equal(off.settings.agents.fixer.model, 'm', 'nothing else changes');
});

test('the Azure API version comes from the setting or the environment', () => {
  assert.equal(resolveLlmSettings({ azureApiVersion: '2024-10-21' }, {}).settings.azureApiVersion, '2024-10-21');
  assert.equal(resolveLlmSettings({ azureApiVersion: '2024-10-21' }, { REPO_RUNNER_LLM_AZURE_API_VERSION: '2025-01-01' }).settings.azureApiVersion, '2025-01-01');
});

test('the summary names endpoint and models but never the key', () => {
  const { settings } = resolveLlmSettings({ baseUrl: 'https://u:pw-secret@llm.example/v1', fixer: { model: 'a', fallbacks: 'b, c' } }, { REPO_RUNNER_LLM_API_KEY: 'sk-very-secret-key-123456' });
  const line = describeLlmSettings(settings);
  assert.match(line, /llm\.example\/v1/);
  assert.match(line, /fixer: a \(then b, c\)/);
  assert.match(line, /key set/);
  assert.doesNotMatch(line, /sk-very-secret|pw-secret/);
});
