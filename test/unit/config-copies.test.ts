// Making config files from their examples during a run (on a FakeHost: the file system and the
// checkpoint are real, no process runs): made before the install, once; a file that exists is
// never replaced, and a copy the user deleted is not made again.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { startRun } from '../../src/core/orchestrator.js';
import { exitResult, FakeHost, fakeRepo, nodeService, turns } from '../helpers/fake-host.js';

const files = {
  ...nodeService('shop'),
  'server.js': "const settings = require('./settings.json');\nrequire('http').createServer((q, r) => r.end(settings.greeting)).listen(process.env.PORT);\n",
  'settings.json.example': '{ "greeting": "hi" }\n',
};

async function runOnce(t: TestContext, root: string) {
  let installSawCopy: boolean | undefined;
  const host = new FakeHost({
    onSpawn: (child) => { child.answer = 'ok'; },
    run: (call) => {
      if (call.spec.command === 'npm') installSawCopy ??= existsSync(join(root, 'settings.json'));
      return exitResult(0);
    },
  });
  const events: RunEvent[] = [];
  const session = startRun({ root, host, options: { healthTimeoutMs: 1_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 }, onEvent: (e) => { events.push(e); host.changed(); } });
  const outcome = await session.ready;
  await session.stop(0);
  await turns(5);
  t.diagnostic(outcome);
  return { outcome, events, installSawCopy, logs: events.filter((e): e is Extract<RunEvent, { type: 'log' }> => e.type === 'log').map((e) => e.message) };
}

test('a config file the code reads is made from its example before the install, once; never over a file that exists', async (t) => {
  const repo = fakeRepo('shop', files);
  t.after(() => repo.cleanup());
  const first = await runOnce(t, repo.root);
  assert.equal(first.outcome, 'healthy');
  assert.equal(readFileSync(join(repo.root, 'settings.json'), 'utf8'), files['settings.json.example']);
  assert.equal(first.installSawCopy, true, 'the copy is there before the install runs');
  assert.ok(first.logs.some((m) => /made settings\.json from settings\.json\.example \(server\.js reads settings\.json/.test(m)), first.logs.join('\n'));
  const state = JSON.parse(readFileSync(join(repo.root, '.repo-runner/state.json'), 'utf8')) as { copies?: Record<string, string> };
  assert.ok(state.copies?.['settings.json'], 'the checkpoint remembers the copy');

  // The user deletes the copy: it was made once; it is not made again.
  rmSync(join(repo.root, 'settings.json'));
  const second = await runOnce(t, repo.root);
  assert.equal(existsSync(join(repo.root, 'settings.json')), false);
  assert.ok(!second.logs.some((m) => /made settings\.json/.test(m)));
});

test('a config file the user already has is not replaced by the example', async (t) => {
  const repo = fakeRepo('shop', { ...files, 'settings.json': '{ "greeting": "mine" }\n' });
  t.after(() => repo.cleanup());
  const run = await runOnce(t, repo.root);
  assert.equal(readFileSync(join(repo.root, 'settings.json'), 'utf8'), '{ "greeting": "mine" }\n');
  assert.ok(!run.logs.some((m) => /made settings\.json/.test(m)));
});
