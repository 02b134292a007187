// A service whose plan knows no protocol (a plain server, checked on its port) is asked over HTTP
// once it listens: one that answers HTTP is shown as http:// and judged by its answers (a 500 is
// not healthy), on a FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun } from '../../src/core/orchestrator.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

const plainNode = {
  'package.json': JSON.stringify({ name: 'plain', scripts: { start: 'node server.js' } }),
  'server.js': "require('node:http').createServer((q, s) => s.end('hi')).listen(process.env.PORT);\n",
};

for (const [answer, outcome, url] of [['ok', 'healthy', /^http:\/\//], [500, 'failed', /^http:\/\//]] as const) {
  test(`a plain server answering ${answer} over HTTP: ${outcome}, with an ${url.source} URL`, async (t) => {
    const repo = fakeRepo('plain', plainNode);
    const host = new FakeHost({ onSpawn: (child) => { child.answer = answer; } });
    const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 60_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
    t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
    assert.equal(await session.ready, outcome);
    assert.equal(session.plan.services[0].health.kind, 'tcp', 'the plan knows no protocol');
    assert.match(session.services[0].url ?? '', url);
    assert.ok(host.probes.some((p) => p.kind === 'http'), 'asked over HTTP');
    if (outcome === 'failed') assert.equal(session.findings.find((f) => f.severity === 'error')?.code, 'health-http-error');
  });
}

for (const [answer, note] of [[404, /^up, no root route \(\/ answers 404: an API\?\)$/], [401, /^up, needs login \(\/ answers 401\)$/], [302, /^up; \/ redirects \(HTTP 302\)$/]] as const) {
  test(`an HTTP service answering ${answer} on its health path is up, and the event says what a person would see`, async (t) => {
    const repo = fakeRepo('api', { 'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }), 'server.js': '' });
    const host = new FakeHost({ onSpawn: (child) => { child.answer = answer; } });
    const details: string[] = [];
    const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 60_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 }, onEvent: (e) => { if (e.type === 'service' && e.status === 'healthy') details.push(e.detail ?? ''); } });
    t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
    assert.equal(await session.ready, 'healthy');
    assert.match(details[0] ?? '', note);
  });
}

test('a 503 while a dev server warms up is waited out (Nuxt, Spring): healthy once it answers 200, well after the 5 s a 500 gets', async (t) => {
  const repo = fakeRepo('site', { 'package.json': JSON.stringify({ name: 'site', scripts: { dev: 'nuxt dev' }, dependencies: { nuxt: '^3' } }) });
  const host = new FakeHost({ onSpawn: (child) => { child.answer = 503; } });
  const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 60_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  await host.until(() => host.sleeps.reduce((a, b) => a + b, 0) > 8_000, 'eight seconds of 503');
  host.spawned[0].answer = 'ok';
  assert.equal(await session.ready, 'healthy');
});
