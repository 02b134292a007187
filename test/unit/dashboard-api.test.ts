// The dashboard's pure parts: the routes served match the OpenAPI file, the request guard
// (token, Host, Origin), the journal's resume points, and /proc parsing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ROUTES, matchRoute } from '../../src/node/dashboard/api-routes.js';
import { EventJournal } from '../../src/node/dashboard/event-journal.js';
import { parseProcStat, treeOf } from '../../src/node/dashboard/process-metrics.js';
import { checkRequest, cookieName, newToken } from '../../src/node/dashboard/request-guard.js';

test('every route served is in docs/dashboard-api.openapi.yaml with its method, and every documented one is served', () => {
  const doc = parse(readFileSync('docs/dashboard-api.openapi.yaml', 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`)).sort();
  // The event stream is served by the server itself (not a JSON route), and documented.
  const served = [...ROUTES.map((r) => `${r.method} ${r.path}`), 'GET /api/events'].sort();
  assert.deepEqual(served, documented);
  for (const [path, ops] of Object.entries(doc.paths)) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const op of Object.values(ops) as { parameters?: ({ name?: string; $ref?: string })[] }[]) {
      const declared = (op.parameters ?? []).map((p) => p.name ?? { '#/components/parameters/Service': 'name', '#/components/parameters/Finding': 'finding', '#/components/parameters/Fix': 'fix' }[p.$ref ?? '']);
      for (const name of params) assert.ok(declared.includes(name), `${path} documents its path parameter ${name}`);
    }
  }
});

test('routes match with their parameters; a wrong method is told apart from no route', () => {
  const found = matchRoute('POST', '/api/services/my%20api/restart');
  assert.ok(found && 'route' in found);
  assert.deepEqual(found.params, { name: 'my api' });
  assert.deepEqual(matchRoute('GET', '/api/services/web/restart'), { allowed: ['POST'] });
  assert.equal(matchRoute('GET', '/api/nothing'), undefined);
});

const PORT = 45_123;
const token = newToken();
const request = (url: string, headers: Record<string, string>) => checkRequest({ method: 'GET', url: new URL(url, `http://127.0.0.1:${PORT}`), headers }, PORT, token);

test('the guard wants the token (header, ?t= then cookie), this server in Host, and this server or nothing in Origin', () => {
  assert.notEqual(newToken(), token, 'a fresh token each time');
  assert.ok(token.length >= 40);
  const host = { host: `127.0.0.1:${PORT}` };
  assert.deepEqual(request('/api/state', host), { ok: false, status: 401, reason: 'a token is required (Authorization: Bearer, or the ?t= of the printed URL)' });
  assert.equal(request('/api/state', { ...host, authorization: 'Bearer wrong' }).ok, false);
  assert.deepEqual(request('/api/state', { ...host, authorization: `Bearer ${token}` }), { ok: true });
  const viaQuery = request(`/?t=${token}`, host);
  assert.ok(viaQuery.ok && viaQuery.setCookie?.includes('HttpOnly') && viaQuery.setCookie.includes('SameSite=Strict'));
  assert.deepEqual(request('/api/state', { ...host, cookie: `other=1; ${cookieName(PORT)}=${token}` }), { ok: true });
  assert.equal(request('/api/state', { ...host, cookie: `${cookieName(PORT + 1)}=${token}` }).ok, false, 'another port\'s cookie is not ours');
  // DNS rebinding: the right token cannot help a request whose Host is another name.
  const rebound = request('/api/state', { host: `evil.example:${PORT}`, authorization: `Bearer ${token}` });
  assert.equal(rebound.ok === false && rebound.status, 403);
  assert.equal((request('/api/state', { host: `127.0.0.1:${PORT + 1}`, authorization: `Bearer ${token}` }) as { status: number }).status, 403);
  const crossSite = request('/api/state', { ...host, origin: 'https://evil.example', authorization: `Bearer ${token}` });
  assert.equal(crossSite.ok === false && crossSite.status, 403);
  assert.equal((request('/api/state', { ...host, origin: 'null', authorization: `Bearer ${token}` }) as { status: number }).status, 403);
  assert.equal((request('/api/state', { ...host, 'sec-fetch-site': 'cross-site', authorization: `Bearer ${token}` }) as { status: number }).status, 403);
  assert.deepEqual(request('/api/state', { host: `localhost:${PORT}`, origin: `http://localhost:${PORT}`, authorization: `Bearer ${token}` }), { ok: true });
});

test('the journal resumes after an id it still keeps, asks for the snapshot otherwise, and bounds the logs', () => {
  const journal = new EventJournal({ events: 10, logLines: 5, lineLength: 8 });
  for (let i = 0; i < 25; i++) journal.publish({ type: 'output', service: i % 2 ? 'api' : 'web', stream: 'stdout', source: 'service', line: `line ${i} and more` });
  assert.equal(journal.lastId, 25);
  assert.deepEqual(journal.since(20)?.map((e) => e.id), [21, 22, 23, 24, 25]);
  assert.deepEqual(journal.since(25), []);
  assert.equal(journal.since(3), undefined, 'events before the kept ones: the client needs the snapshot');
  assert.deepEqual(journal.since(15)?.map((e) => e.id), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
  const logs = journal.logLines();
  assert.equal(logs.length, 5);
  assert.equal(logs.at(-1)?.line, 'line 24 …', 'long lines are cut');
  assert.deepEqual(journal.logLines({ service: 'api' }).map((l) => l.id), [22, 24]);
  journal.publish({ type: 'service', service: 'web', status: 'healthy', port: 3000 });
  assert.equal(journal.snapshot.services.find((s) => s.name === 'web')?.status, 'healthy');
  journal.reset();
  assert.equal(journal.snapshot.services.length, 0);
  assert.equal(journal.since(26), undefined, 'after a new run, an old id needs the snapshot');
});

test('/proc/PID/stat is read past a command with spaces and parentheses; a tree is a process and its descendants', () => {
  const stat = '4242 (node (worker) x) S 4200 4242 4200 0 -1 4194560 1 0 0 0 150 50 0 0 20 0 11 0 100 1000000 2560 18446744073709551615';
  assert.deepEqual(parseProcStat(stat), { pid: 4242, ppid: 4200, cpuSeconds: 2, childCpuSeconds: 0, rssBytes: 2560 * 4096 });
  assert.equal(parseProcStat('garbage'), undefined);
  const all = [{ pid: 1, ppid: 0, rssBytes: 1 }, { pid: 10, ppid: 1, rssBytes: 2 }, { pid: 11, ppid: 10, rssBytes: 3 }, { pid: 12, ppid: 11, rssBytes: 4 }, { pid: 20, ppid: 1, rssBytes: 5 }];
  assert.deepEqual(treeOf(10, all).map((p) => p.pid).sort(), [10, 11, 12]);
  assert.deepEqual(treeOf(99, all), []);
});

test('phase timings of each run are kept in the checkpoint, the last ten, oldest first', async () => {
  const { recordTimings } = await import('../../src/core/checkpoint.js');
  const data = { version: 1, updatedAt: 0, phases: {}, services: {}, processes: [] };
  for (let i = 0; i < 12; i++) recordTimings(data, { at: i, outcome: 'healthy', totalMs: 100 + i, phases: { setup: i } });
  assert.deepEqual((data as { runs?: { at: number }[] }).runs?.map((r) => r.at), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('OpenTelemetry: a service whose install holds an SDK is pointed at the receiver with the token; one without gets nothing; a user\'s endpoint wins', async () => {
  const { mkdtempSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { hasOtelSdk, telemetryEnv } = await import('../../src/core/phases/telemetry-env.js');
  const { ServiceRuntime } = await import('../../src/core/run-context.js');
  const { nodeFileSystem } = await import('../../src/node/node-fs.js');
  const root = mkdtempSync(join(tmpdir(), 'rr-otel-'));
  mkdirSync(join(root, 'web', 'node_modules', '@opentelemetry', 'sdk-node'), { recursive: true });
  mkdirSync(join(root, 'api', '.venv', 'lib', 'python3.11', 'site-packages', 'opentelemetry', 'sdk'), { recursive: true });
  mkdirSync(join(root, 'plain', 'node_modules', 'express'), { recursive: true });
  const service = (name: string, kind: 'node' | 'python') => new ServiceRuntime({ name, kind, dir: name, framework: 'express', install: [], start: { command: 'x', args: [], cwd: name }, port: { preferred: 1 }, health: { kind: 'tcp' }, links: [], manifests: [], evidence: [] } as never);
  const ctx = { root, host: { fs: nodeFileSystem } } as never;
  assert.equal(await hasOtelSdk(ctx, service('web', 'node')), true);
  assert.equal(await hasOtelSdk(ctx, service('api', 'python')), true);
  assert.equal(await hasOtelSdk(ctx, service('plain', 'node')), false);
  const env = telemetryEnv('web', { endpoint: 'http://127.0.0.1:4000', token: 'abc' });
  assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:4000');
  assert.equal(env.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/json');
  assert.equal(env.OTEL_EXPORTER_OTLP_HEADERS, 'Authorization=Bearer%20abc');
  assert.equal(env.OTEL_SERVICE_NAME, 'web');
});
