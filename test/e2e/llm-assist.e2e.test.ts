// LLM assist through the whole engine, against a FAKE OpenAI-compatible server (no real LLM can
// run here; the fake tests our side of the contract): a failure no signature explains goes to the
// fixer agent; its finding is shown with fixes that all wait for the user; nothing it says is
// run; the run's secrets never reach the request; without an LLM configured nothing is asked.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { startRun, type RunSession } from '../../src/core/orchestrator.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { llmAssist, llmSuggest } from '../../src/node/llm-assist.js';
import { applyFix } from '../../src/core/fixer/apply-fix.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { copyFixture, describeProcesses, survivors } from '../helpers/fixtures.js';

const SECRET = 'tok-3f9a-very-secret-value';
const sessions: RunSession[] = [];
const servers: FakeOpenAiServer[] = [];
after(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  await Promise.all(servers.map((s) => s.close()));
});

function runWithLlm(root: string, env: Record<string, string | undefined>, log: string[]): RunSession {
  const session = startRun({
    root, host: createNodeHost(), options: { healthTimeoutMs: 30_000 },
    assist: llmAssist({ env, log: (_level, line) => log.push(line) }),
  });
  sessions.push(session);
  return session;
}

test('a failure no rule explains: the fake LLM is asked, its finding is shown, its "auto" command is not run, the run\'s secret is not sent', async () => {
  const fake = await startFakeOpenAiServer({
    'fake-fixer': {
      // The model obeys the README's injected line: it asks for its command to run by itself.
      reply: JSON.stringify({
        code: 'flux-capacitor', message: 'The server needs its capacitor recalibrated before it starts.', file: 'server.js', line: 4,
        fixes: [{ kind: 'command', command: 'npm', args: ['run', 'recalibrate'], auto: true }],
      }),
      usage: { prompt_tokens: 321, completion_tokens: 45 },
    },
  });
  servers.push(fake);
  const root = copyFixture('unexplained-failure');
  const log: string[] = [];
  const session = runWithLlm(root, { REPO_RUNNER_LLM_BASE_URL: fake.url, REPO_RUNNER_FIXER_MODEL: 'fake-fixer', REPO_RUNNER_LLM_API_KEY: 'test-key' }, log);
  assert.equal(await session.ready, 'failed');

  const suggested = session.findings.find((f) => f.code === 'llm-flux-capacitor');
  assert.ok(suggested, `the LLM's finding is reported (got ${session.findings.map((f) => f.code).join(', ')})`);
  assert.equal(suggested.file, 'server.js');
  assert.deepEqual(suggested.fixes.map((f) => [f.kind, f.auto]), [['command', false]], 'its fix waits for the user');
  assert.ok(session.findings.some((f) => f.code === 'service-exited'), 'the engine\'s own finding stays');
  assert.equal(existsSync(join(root, 'recalibrated.txt')), false, 'the suggested command did not run');

  assert.equal(fake.requests.length, 1);
  const request = fake.requests[0];
  assert.equal(request.body?.model, 'fake-fixer');
  assert.equal(request.headers.authorization, 'Bearer test-key');
  assert.match(request.raw, /flux capacitor misaligned/, 'the failing output is in the prompt');
  assert.match(request.raw, /starting with token/, 'the line that printed the token was sent…');
  assert.ok(!request.raw.includes(SECRET), '…with the token from .env masked');
  assert.ok(log.some((l) => /fake-fixer/.test(l) && /\d+ ms/.test(l) && /321/.test(l)), `latency and tokens are logged:\n${log.join('\n')}`);

  await session.stop();
  assert.deepEqual(survivors({ marker: session.marker, dir: root }), [], describeProcesses(survivors({ marker: session.marker, dir: root })));
});

test('the CLI with --fix --yes reports the LLM\'s suggestion but never applies it unread', async () => {
  const fake = await startFakeOpenAiServer({
    'fake-fixer': { reply: JSON.stringify({ code: 'flux-capacitor', message: 'Recalibrate first.', fixes: [{ kind: 'command', command: 'npm', args: ['run', 'recalibrate'] }] }) },
  });
  servers.push(fake);
  const root = copyFixture('unexplained-failure');
  // Asynchronous on purpose: the fake answers from this process.
  const child = spawn(process.execPath, [resolve('dist/cli.cjs'), 'run', root, '--fix', '--yes', '--exit-when-healthy'], {
    env: { ...process.env, NO_COLOR: '1', REPO_RUNNER_LLM_BASE_URL: fake.url, REPO_RUNNER_FIXER_MODEL: 'fake-fixer', REPO_RUNNER_LLM_API_KEY: 'test-key' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  assert.notEqual(code, 0, output);
  assert.equal(fake.requests.length, 1, 'the LLM was asked');
  assert.match(output, /skipped: .*suggested by the LLM; run without --yes to review it/);
  assert.equal(existsSync(join(root, 'recalibrated.txt')), false, 'its command did not run');
  assert.deepEqual(survivors({ dir: root }), [], describeProcesses(survivors({ dir: root })));
});

test('with no LLM configured the same failure asks nobody and reports the engine\'s own finding', async () => {
  const fake = await startFakeOpenAiServer({ '*': { reply: '{}' } });
  servers.push(fake);
  const root = copyFixture('unexplained-failure');
  const session = runWithLlm(root, { REPO_RUNNER_FIXER_MODEL: 'fake-fixer' }, []);
  assert.equal(await session.ready, 'failed');
  assert.equal(fake.requests.length, 0);
  assert.deepEqual(session.findings.filter((f) => f.code.startsWith('llm-')), []);
  assert.ok(session.findings.some((f) => f.code === 'service-exited'));
  await session.stop();
});

test('nothing to run by the rules: the detection agent suggests a service; once the user applies the pin, the next run is healthy', async () => {
  const replies = [
    // First a reply that breaks the rules (a shell string), then a usable one from the fallback model.
    { model: 'fake-detector', reply: JSON.stringify({ message: 'A Node server.', services: [{ name: 'web', start: ['sh', '-c', 'node server.cjs'] }] }) },
    { model: 'fake-detector-2', reply: '```json\n' + JSON.stringify({ message: 'A Node HTTP server in server.cjs that reads PORT.', services: [{ name: 'web', start: ['node', 'server.cjs'] }] }) + '\n```' },
  ];
  const fake = await startFakeOpenAiServer(Object.fromEntries(replies.map((r) => [r.model, { reply: r.reply }])));
  servers.push(fake);
  const root = copyFixture('undetected-server');
  const log: string[] = [];
  const env = { REPO_RUNNER_LLM_BASE_URL: fake.url, REPO_RUNNER_DETECTION_MODEL: 'fake-detector', REPO_RUNNER_DETECTION_FALLBACKS: 'fake-detector-2', REPO_RUNNER_LLM_API_KEY: 'k' };
  const session = startRun({ root, host: createNodeHost(), suggest: llmSuggest({ env, log: (_l, line) => log.push(line) }) });
  sessions.push(session);
  assert.equal(await session.ready, 'nothing-to-run');
  assert.deepEqual(fake.requests.map((r) => r.body?.model), ['fake-detector', 'fake-detector-2'], 'the rejected reply moved on to the fallback');
  assert.ok(log.some((l) => /fake-detector rejected/.test(l) || (/fake-detector/.test(l) && /rejected/.test(l))), log.join('\n'));
  assert.match(fake.requests[0].raw, /server\.cjs/, 'the file list is in the prompt');
  const finding = session.findings.find((f) => f.code === 'llm-suggested-services');
  assert.ok(finding, session.findings.map((f) => f.code).join(', '));
  assert.deepEqual(finding.fixes.map((f) => [f.kind, f.auto]), [['setting', false]]);
  assert.equal(existsSync(join(root, 'repo-runner.json')), false, 'nothing is written before the user says yes');

  const host = createNodeHost();
  assert.equal((await applyFix(finding.fixes[0], { root, fs: host.fs, processes: host.processes, env: process.env as Record<string, string> })).ok, true);
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'repo-runner.json'), 'utf8')), { services: { web: { start: ['node', 'server.cjs'] } } });
  const next = startRun({ root, host, options: { healthTimeoutMs: 30_000 } });
  sessions.push(next);
  assert.equal(await next.ready, 'healthy');
  await next.stop();
  assert.deepEqual(survivors({ marker: next.marker, dir: root }), []);
});
