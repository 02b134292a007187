// A tool that picks its own port and prints where it listens ("Local: http://localhost:5174/")
// is followed there: its URL is the port that answers, and the event says why. FakeHost.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import { startRun } from '../../src/core/orchestrator.js';
import { FakeHost, fakeRepo, turns, type Answer } from '../helpers/fake-host.js';

const ENGINE = { healthTimeoutMs: 60_000, healthIntervalMs: 3_600_000, stopGraceMs: 0, maxRetries: 0 };
const vite = { 'package.json': JSON.stringify({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '^5' } }, null, 2) };

/** A dev server whose own port stays closed while its process listens on `listening`, which answer as `answers` says. */
async function runListening(t: TestContext, listening: number[], answers: Record<number, Answer>, options: Partial<typeof ENGINE> = {}) {
  const repo = fakeRepo('web', vite);
  const host = new FakeHost({ onSpawn: (child) => {
    child.answer = 'refused';
    child.listening = listening;
  } });
  for (const [port, answer] of Object.entries(answers)) host.answers.set(Number(port), answer);
  const events: RunEvent[] = [];
  const session = startRun({ root: repo.root, host, options: { ...ENGINE, ...options }, onEvent: (e) => events.push(e) });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  return { session, events };
}

/** The detail of the service's healthy event. */
const healthyDetail = (events: RunEvent[]) => {
  const healthy = events.find((e) => e.type === 'service' && e.status === 'healthy');
  return healthy?.type === 'service' ? healthy.detail ?? '' : '';
};

test('a dev server that prints another port than its own, and answers there, is followed to it', async (t) => {
  const repo = fakeRepo('web', vite);
  const host = new FakeHost({ onSpawn: (child) => {
    child.answer = 'refused';
    setImmediate(() => child.print('  ➜  Local:   http://localhost:5199/'));
  } });
  host.answers.set(5199, 'ok');
  const events: RunEvent[] = [];
  const session = startRun({ root: repo.root, host, options: ENGINE, onEvent: (e) => events.push(e) });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'healthy');
  assert.equal(session.services[0].url, 'http://127.0.0.1:5199');
  const healthy = events.find((e) => e.type === 'service' && e.status === 'healthy');
  assert.match(healthy?.type === 'service' ? healthy.detail ?? '' : '', /listens on 5199, the port it printed, not the one it was given/);
  assert.ok(events.some((e) => e.type === 'log' && /was given port \d+ but listens on 5199/.test(e.message)));
});

test('a server that prints nothing but listens on one other port (hard-coded in its code) is followed there', async (t) => {
  const { session, events } = await runListening(t, [8081], { 8081: 'ok' });
  assert.equal(await session.ready, 'healthy');
  assert.equal(session.services[0].url, 'http://127.0.0.1:8081');
  assert.match(healthyDetail(events), /listens on 8081, the port its process opened, not the one it was given/);
});

test('a server listening on two other ports that both answer HTTP is not followed to either: which one is the app is not known', async (t) => {
  const { session } = await runListening(t, [8081, 9229], { 8081: 'ok', 9229: 404 }, { healthTimeoutMs: 5_000 });
  assert.equal(await session.ready, 'failed');
  assert.notEqual(session.services[0].port, 8081);
});

test('a server listening on two other ports, one of them not HTTP (its SSH server), is followed to the one that answers HTTP', async (t) => {
  const { session, events } = await runListening(t, [2222, 6157], { 6157: 'ok' });
  assert.equal(await session.ready, 'healthy');
  assert.equal(session.services[0].url, 'http://127.0.0.1:6157');
  assert.match(healthyDetail(events), /listens on 6157, the one port its process opened that answers HTTP/);
});

test('a printed port that does not answer is not followed: the check keeps its own port and fails with wrong-port', async (t) => {
  const repo = fakeRepo('web', vite);
  const host = new FakeHost({ onSpawn: (child) => {
    child.answer = 'refused';
    setImmediate(() => child.print('  ➜  Local:   http://localhost:5199/'));
  } });
  const session = startRun({ root: repo.root, host, options: { ...ENGINE, healthTimeoutMs: 20_000 } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'failed');
  assert.notEqual(session.services[0].port, 5199);
  assert.equal(session.findings.find((f) => f.severity === 'error')?.code, 'wrong-port');
});

test('a printed port that accepts connections but does not answer yet (its worker still loading) is waited for, then followed', async (t) => {
  const repo = fakeRepo('web', vite);
  const host = new FakeHost({ onSpawn: (child) => {
    child.answer = 'refused';
    setImmediate(() => child.print('[INFO] Listening at: http://:::8888'));
  } });
  // Open at once, but its HTTP answer is an error until the worker has loaded, well after the grace
  // for a wrong port (10 s of the host's clock, which only sleeps move).
  const get = host.answers.get.bind(host.answers);
  const start = host.now();
  host.answers.get = (port) => (port === 8888 ? (host.now() - start < 15_000 ? 502 : 'ok') : get(port));
  const session = startRun({ root: repo.root, host, options: { ...ENGINE, healthTimeoutMs: 40_000 } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'healthy');
  assert.equal(session.services[0].url, 'http://127.0.0.1:8888');
});
