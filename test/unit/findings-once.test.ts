// Each finding is reported once a run: a variable an example lists without a value is warned
// about by the requirements phase, then its crash takes the warning's place (one cause, one
// entry, in the engine's list and the faces' view), and a retry that finds both again says nothing new; two causes at the same line (Ruby and Bundler, both from the Gemfile) stay
// two. On a FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { startRun } from '../../src/core/orchestrator.js';
import { applyEvent, emptyRunState } from '../../src/core/run-state.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

test('a missing variable: warned once, the crash reported once, a retry adds nothing', async (t) => {
  const repo = fakeRepo('api', {
    'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }),
    'server.js': 'if (!process.env.API_TOKEN) throw new Error("API_TOKEN is not set");\n',
    '.env.example': 'API_TOKEN=\n',
  });
  const host = new FakeHost({ onSpawn: (child) => { setImmediate(() => child.exit(1, ['Error: API_TOKEN is not set', '    at Object.<anonymous> (/x/server.js:1:50)'])); } });
  const events: RunEvent[] = [];
  const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 }, onEvent: (e) => events.push(e) });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'failed');
  const aboutToken = () => session.findings.filter((f) => f.code === 'env-missing');
  // One cause, one entry: the crash took the warning's place (issue 18: grouped).
  assert.deepEqual(aboutToken().map((f) => [f.severity, f.file, f.range?.startLine]), [['error', '.env.example', 1]]);
  const view = events.reduce(applyEvent, emptyRunState());
  assert.deepEqual(view.findings.filter((f) => f.code === 'env-missing').map((f) => f.severity), ['error'], 'the faces\' view shows the same single entry');
  assert.equal(await session.retry(), 'failed');
  assert.equal(host.spawned.length, 2, 'the retry started it again');
  assert.equal(aboutToken().length, 1, 'the retry found the same cause and said nothing new');
});

test('two causes at one place stay two: Ruby and Bundler both missing, both found on the Gemfile', async (t) => {
  const repo = fakeRepo('site', { Gemfile: "source 'https://rubygems.org'\ngem 'sinatra'\n", 'app.rb': "require 'sinatra'\n" });
  const host = new FakeHost({ versions: { ruby: undefined, bundle: undefined } });
  const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'failed');
  const missing = session.findings.filter((f) => f.code === 'toolchain-missing').map((f) => /needs (\w+)/.exec(f.message)?.[1]).sort();
  assert.deepEqual(missing, ['bundle', 'ruby']);
});
