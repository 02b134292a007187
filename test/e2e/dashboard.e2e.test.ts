// The dashboard's local server, for real: the engine runs a two-service fixture, the server
// serves its state over HTTP on loopback, refuses requests without the token or from another
// Host or Origin, streams events that resume after a disconnect, and its actions really stop,
// start and restart the fixture's processes, each written to the audit log.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { copyFixture, describeProcesses, getJson, survivors } from '../helpers/fixtures.js';
import { SseClient } from '../helpers/sse-client.js';
import { DashboardServer } from '../../src/node/dashboard/dashboard-server.js';
import { sessionTarget } from '../../src/node/dashboard/dashboard-target.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { startRun, type RunSession } from '../../src/core/orchestrator.js';
import type { Finding, RunEvent } from '../../src/core/model.js';

let root: string;
let session: RunSession;
let server: DashboardServer;

before(async () => {
  root = copyFixture('dashboard-app');
  const host = createNodeHost();
  const holder: { session?: RunSession } = {};
  server = await DashboardServer.start({ target: sessionTarget(host, root, () => holder.session), sampleMs: 500 });
  holder.session = session = startRun({ root, host, options: { healthTimeoutMs: 60_000 }, onEvent: (event) => server.publish(event) });
  assert.equal(await session.ready, 'healthy');
});

after(async () => {
  await session?.stop();
  await server?.dispose();
  if (session) assert.deepEqual(survivors({ marker: session.marker, dir: root }), [], 'no process of the run left');
});

const auth = () => ({ authorization: `Bearer ${server.token}` });
const api = (path: string, init: RequestInit = {}) => fetch(`${server.origin}${path}`, { ...init, headers: { ...auth(), ...(init.headers as Record<string, string> | undefined) } });
const post = (path: string, body: unknown = {}) => api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

interface ServiceView { name: string; status: string; pid?: number; url?: string; restarts: number; uptimeMs?: number; debuggable?: boolean }
const services = async () => (await (await api('/api/services')).json()) as ServiceView[];
const serviceNamed = async (name: string) => (await services()).find((s) => s.name === name)!;

test('without the token: 401 on the page, the API and the stream; with another Host or Origin: 403 even with it', async () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/, 'loopback only');
  for (const path of ['/', '/api/state', '/api/events', '/assets/dashboard.js']) assert.equal((await fetch(`${server.origin}${path}`)).status, 401, path);
  assert.equal((await fetch(`${server.origin}/api/state`, { headers: { authorization: 'Bearer not-the-token' } })).status, 401);
  assert.equal((await fetch(`${server.origin}/api/services/api/restart`, { method: 'POST' })).status, 401, 'no action without the token');
  // fetch sets Host itself; a raw request can lie like a rebinding attacker's browser would.
  const { request } = await import('node:http');
  const rebound = await new Promise<number>((resolve, reject) => {
    request(`${server.origin}/api/state`, { headers: { ...auth(), host: `attacker.example:${server.listeningPort}` } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
  });
  assert.equal(rebound, 403);
  assert.equal((await api('/api/state', { headers: { origin: 'https://attacker.example' } })).status, 403);
  assert.equal((await api('/api/state', { headers: { origin: server.origin } })).status, 200, 'the page\'s own origin is fine');
});

test('the printed URL sets an HttpOnly SameSite=Strict cookie and drops the token from the address; the cookie then opens the page', async () => {
  const first = await fetch(server.url, { redirect: 'manual' });
  assert.equal(first.status, 303);
  assert.equal(first.headers.get('location'), '/');
  const cookie = first.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const page = await fetch(`${server.origin}/`, { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.match(await page.text(), /<title>Repo Runner/);
});

test('GET routes give the run: services with pid and uptime, phases with durations, plan, environment masked, logs with colours', async () => {
  const list = await services();
  assert.deepEqual(list.map((s) => [s.name, s.status]).sort(), [['api', 'healthy'], ['dashboard-app', 'healthy']]);
  for (const s of list) {
    assert.ok(s.pid && s.pid > 0, `${s.name} has a pid`);
    assert.ok((s.uptimeMs ?? -1) >= 0, `${s.name} has an uptime`);
    assert.match(s.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  }
  const phases = (await (await api('/api/phases')).json()) as { name: string; status: string; durationMs?: number }[];
  assert.deepEqual(phases.map((p) => p.name), ['detect', 'requirements', 'setup', 'database', 'ports', 'run', 'health']);
  assert.ok(phases.filter((p) => p.status === 'done').every((p) => typeof p.durationMs === 'number'));
  const plan = (await (await api('/api/plan')).json()) as { services: { name: string }[] };
  assert.equal(plan.services.length, 2);
  const env = (await (await api('/api/environment')).json()) as Record<string, { variables: { name: string; value: string; origin: string }[] }>;
  const secret = env['dashboard-app']?.variables.find((v) => v.name === 'SESSION_SECRET');
  assert.ok(secret, `SESSION_SECRET is listed: ${JSON.stringify(env)}`);
  assert.doesNotMatch(secret.value, /change-me/, 'the secret is masked');
  const written = readFileSync(join(root, '.env'), 'utf8').match(/^SESSION_SECRET=(.*)$/m)?.[1];
  if (written) assert.ok(!JSON.stringify(env).includes(written), 'the generated secret is nowhere in the answer');
  const logs = (await (await api('/api/logs?service=api')).json()) as { id: number; line: string; stream: string }[];
  assert.ok(logs.some((l) => l.stream === 'stderr' && l.line.includes('\u001b[31m')), 'ANSI colours are kept');
  assert.ok(logs.every((l, i) => i === 0 || l.id > logs[i - 1].id));
  assert.ok(Array.isArray(await (await api('/api/findings')).json()));
  assert.deepEqual(await (await api('/api/history')).json(), [], 'a first run in this folder has nothing to compare with');
  const databases = (await (await api('/api/databases')).json()) as { name: string; engine: string; status: string }[];
  assert.deepEqual(databases.map((d) => [d.name, d.engine, d.status]), [['cache', 'redis', 'healthy']], 'the Redis the fixture declares, provisioned for real');
  assert.equal((await api('/api/nothing-here')).status, 404);
  assert.equal((await api('/api/services')).headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal((await serviceNamed('dashboard-app')).debuggable, true, 'a Node service can be started under its debugger');
  assert.equal((await serviceNamed('api')).debuggable, false, 'a custom command (repo-runner.json start) cannot');
});

test('metrics: each running service\'s process tree is sampled (CPU and memory)', async () => {
  let samples: Record<string, { rssBytes: number; processes: number; cpu: number }[]> = {};
  for (let i = 0; i < 60 && !(samples.api?.length && samples['dashboard-app']?.length); i++) {
    await new Promise((r) => setTimeout(r, 500));
    samples = (await (await api('/api/metrics')).json()) as typeof samples;
  }
  const web = samples['dashboard-app']!.at(-1)!;
  assert.ok(web.rssBytes > 5 * 1024 * 1024, `a Node process tree uses more than 5 MB: ${web.rssBytes}`);
  assert.ok(web.processes >= 2, `npm run start and node web.js at least: ${web.processes}`);
  assert.ok(web.cpu >= 0);
  // The health monitor's checks (every 5 s) are timed.
  let latency: number | undefined;
  for (let i = 0; i < 60 && latency === undefined; i++) {
    latency = ((await serviceNamed('api')) as { healthLatencyMs?: number }).healthLatencyMs;
    if (latency === undefined) await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(typeof latency, 'number', 'the last health check\'s latency is reported');
});

test('restart from the API: the process really changes, the service answers again, the stream reports it, the audit log has it', async () => {
  const sse = new SseClient(`${server.origin}/api/events`, auth());
  assert.equal(await sse.open(), 200);
  await sse.until((m) => m.some((x) => x.event === 'snapshot'));
  const snapshot = sse.messages[0].data as { lastId: number; state: { services: { name: string; status: string }[] } };
  assert.equal(sse.messages[0].event, 'snapshot', 'a new client gets the state first');
  assert.deepEqual(snapshot.state.services.map((s) => s.status), ['healthy', 'healthy']);

  const before = await serviceNamed('api');
  const answer = await post('/api/services/api/restart');
  assert.equal(answer.status, 200, await answer.clone().text());
  const after = await serviceNamed('api');
  assert.equal(after.status, 'healthy');
  assert.notEqual(after.pid, before.pid, 'a new process');
  assert.deepEqual(survivors({ marker: session.marker }).filter((pid) => pid === before.pid), [], `the old process is gone:\n${describeProcesses([before.pid!])}`);
  assert.equal(((await getJson(`${after.url}/health`)) as { pid: number }).pid, after.pid, 'the new process answers (node api.js is started directly: its pid is the service\'s)');

  await sse.until((m) => m.some((x) => x.event === 'run' && (x.data as RunEvent).type === 'service' && (x.data as { status: string }).status === 'healthy'));
  const ids = sse.messages.slice(1).map((m) => m.id!);
  assert.ok(ids[0] > snapshot.lastId);
  assert.deepEqual(ids, ids.map((_, i) => ids[0] + i), 'ids increase by one');
  sse.close();

  const audit = readFileSync(join(root, '.repo-runner', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; action?: string; target?: string; by?: string; ok?: boolean });
  assert.ok(audit.some((e) => e.event === 'action' && e.action === 'restart-service' && e.target === 'api' && e.by === 'dashboard' && e.ok));
  assert.equal((await post('/api/services/nope/restart')).status, 404);
});

test('the stream resumes after a disconnect without losing an event: stop and start happen while the client is away', async () => {
  const first = new SseClient(`${server.origin}/api/events`, auth());
  await first.open();
  await first.until((m) => m.length > 0);
  const seen = first.messages.at(-1)!.id!;
  first.close();

  assert.equal((await post('/api/services/api/stop')).status, 200);
  const stopped = await serviceNamed('api');
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.pid, undefined);
  await assert.rejects(fetch(`http://127.0.0.1:${(await api('/api/state').then((r) => r.json()) as { state: { services: { name: string; port: number }[] } }).state.services.find((s) => s.name === 'api')!.port}/health`), 'nothing listens after stop');
  assert.equal((await post('/api/services/api/start')).status, 200);
  assert.equal((await serviceNamed('api')).status, 'healthy');

  // What EventSource sends when it reconnects.
  const resumed = new SseClient(`${server.origin}/api/events`, { ...auth(), 'last-event-id': String(seen) });
  await resumed.open();
  await resumed.until((m) => m.some((x) => (x.data as RunEvent).type === 'service' && (x.data as { status: string }).status === 'healthy'));
  resumed.close();
  assert.ok(resumed.messages.every((m) => m.event === 'run'), 'no snapshot: it resumes');
  const ids = resumed.messages.map((m) => m.id!);
  assert.equal(ids[0], seen + 1, 'starts right after the last event seen');
  assert.deepEqual(ids, ids.map((_, i) => seen + 1 + i), 'and none is missing');
  const statuses = resumed.messages.map((m) => m.data as RunEvent).filter((e): e is Extract<RunEvent, { type: 'service' }> => e.type === 'service' && e.service === 'api').map((e) => e.status);
  assert.deepEqual([statuses[0], statuses.at(-1)], ['stopped', 'healthy']);
  assert.ok(statuses.includes('starting'));
});

test('a fix is applied only with confirm: true (an LLM\'s too), and is audited; a phase can run again', async () => {
  // A finding with a fix, as the Fixer (or the LLM) would report it: here published by the test.
  const edit = (code: string, text: string): Finding => ({
    code: code as Finding['code'], severity: 'error', phase: 'run', service: 'dashboard-app', message: `needs a note (${code})`, excerpt: [],
    fixes: [{ kind: 'edit', title: `Add "${text}" to NOTES.md`, auto: false, file: 'NOTES.md', edits: [{ line: 1, remove: 0, insert: [text] }] }],
  });
  server.publish({ type: 'finding', finding: edit('crash-loop', 'rule note') });
  server.publish({ type: 'finding', finding: edit('llm-suggestion', 'llm note') });
  const findings = (await (await api('/api/findings')).json()) as Finding[];
  const rule = findings.findIndex((f) => f.code === 'crash-loop');
  const llm = findings.findIndex((f) => f.code === 'llm-suggestion');
  const notes = join(root, 'NOTES.md');

  const preview = (await (await api(`/api/findings/${llm}/fixes/0/preview`)).json()) as { llm: boolean; preview: string[] };
  assert.equal(preview.llm, true);
  assert.ok(preview.preview.some((l) => l.includes('llm note')), preview.preview.join('\n'));
  for (const index of [rule, llm]) {
    for (const body of [{}, { confirm: 'yes' }, { confirm: 1 }]) {
      const answer = await post(`/api/findings/${index}/fixes/0/apply`, body);
      assert.equal(answer.status, 428, `${JSON.stringify(body)} is not an explicit yes`);
    }
  }
  assert.equal(existsSync(notes), false, 'nothing applied without a yes');
  assert.equal((await post(`/api/findings/${llm}/fixes/0/apply`, { confirm: true, code: 'crash-loop' })).status, 409, 'a stale page is refused');
  const applied = await post(`/api/findings/${llm}/fixes/0/apply`, { confirm: true, code: 'llm-suggestion' });
  assert.equal(applied.status, 200, await applied.clone().text());
  assert.equal(readFileSync(notes, 'utf8').trim(), 'llm note');
  const audit = readFileSync(join(root, '.repo-runner', 'audit.log'), 'utf8');
  assert.match(audit, /"action":"apply-fix","target":"llm-suggestion: Add \\"llm note\\" to NOTES.md","by":"dashboard","ok":true/);

  assert.equal((await post('/api/findings/999/fixes/0/apply', { confirm: true })).status, 404);
  assert.equal((await post('/api/phases/detect/rerun')).status, 400);
  assert.equal((await post('/api/phases/health/rerun')).status, 200);
  await session.rerunFrom('health');
  assert.deepEqual((await services()).map((s) => s.status), ['healthy', 'healthy']);
  assert.equal((await api('/api/services/api/restart')).status, 405, 'actions are POST only');
  assert.equal((await api('/api/services/api/restart', { method: 'POST', body: 'not json' })).status, 400);
});

test('the OTLP/HTTP receiver takes spans and logs (JSON) with the token, refuses them without, and the API shows them per service', async () => {
  const traces = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
      scopeSpans: [{ spans: [
        { traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', spanId: '0102030405060708', name: 'GET /health', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000012500000', status: { code: 0 }, attributes: [{ key: 'http.status_code', value: { intValue: '200' } }] },
        { traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', spanId: '0102030405060709', parentSpanId: '0102030405060708', name: 'SELECT', startTimeUnixNano: '1700000000001000000', endTimeUnixNano: '1700000000003000000', status: { code: 2 } },
      ] }],
    }],
  };
  const logs = { resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000005000000', severityText: 'WARN', body: { stringValue: 'slow query' }, traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }] }] }] };
  // What an SDK sends: the path under OTEL_EXPORTER_OTLP_ENDPOINT, the header from OTEL_EXPORTER_OTLP_HEADERS.
  assert.equal((await fetch(`${server.origin}/v1/traces`, { method: 'POST', body: JSON.stringify(traces), headers: { 'content-type': 'application/json' } })).status, 401);
  assert.equal((await post('/v1/traces', traces)).status, 200);
  assert.equal((await post('/v1/logs', logs)).status, 200);
  assert.equal((await post('/v1/metrics', {})).status, 200);
  const got = (await (await api('/api/telemetry?service=api')).json()) as { spans: { name: string; durationMs: number; status?: number; parentSpanId?: string }[]; logs: { body: string; severity: string }[] };
  assert.deepEqual(got.spans.map((s) => [s.name, s.durationMs, s.status ?? 0]), [['GET /health', 12.5, 0], ['SELECT', 2, 2]]);
  assert.deepEqual(got.logs.map((l) => [l.severity, l.body]), [['WARN', 'slow query']]);
  assert.deepEqual(((await (await api('/api/telemetry?service=other')).json()) as { spans: unknown[] }).spans, []);
  assert.deepEqual(server.telemetryTarget, { endpoint: server.origin, token: server.token });
});

test('repo-runner run --dashboard prints the URL with the token; the API answers there; Ctrl-C closes it', async () => {
  const cliRoot = copyFixture('dashboard-app');
  const child = spawn(process.execPath, [resolve('dist/cli.cjs'), 'run', cliRoot, '--dashboard', '--stats', '--quiet'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    for (let i = 0; i < 240 && !/Press Ctrl-C/.test(output); i++) await new Promise((r) => setTimeout(r, 250));
    const url = output.match(/Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?t=[\w-]+)/)?.[1];
    assert.ok(url, output);
    const origin = new URL(url).origin;
    assert.equal((await fetch(`${origin}/api/services`)).status, 401);
    const token = new URL(url).searchParams.get('t')!;
    const list = (await (await fetch(`${origin}/api/services`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string }[];
    assert.deepEqual(list.map((s) => s.status), ['healthy', 'healthy']);
    for (let i = 0; i < 40 && !/dashboard-app\s+CPU/.test(output); i++) await new Promise((r) => setTimeout(r, 250));
    assert.match(output, /dashboard-app\s+CPU \d+\.\d % · \d+ MB · \d+ process/, '--stats prints a line per service');
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    const state = JSON.parse(readFileSync(join(cliRoot, '.repo-runner', 'state.json'), 'utf8')) as { runs: { outcome: string; phases: Record<string, number> }[] };
    assert.equal(state.runs.length, 1, 'the run\'s phase timings are kept in the checkpoint');
    assert.equal(state.runs[0].outcome, 'healthy');
    assert.equal(typeof state.runs[0].phases.setup, 'number');
    await assert.rejects(fetch(`${origin}/api/services`), 'the server is closed with the run');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('OpenTelemetry end to end: run --dashboard gives a service with an SDK installed the OTEL_* variables; what it exports shows in the API', async () => {
  const otelRoot = copyFixture('otel-app');
  const child = spawn(process.execPath, [resolve('dist/cli.cjs'), 'run', otelRoot, '--dashboard'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    for (let i = 0; i < 480 && !/Press Ctrl-C/.test(output); i++) await new Promise((r) => setTimeout(r, 250));
    const url = new URL(output.match(/Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?t=[\w-]+)/)?.[1] ?? 'http://invalid/');
    const headers = { authorization: `Bearer ${url.searchParams.get('t')}` };
    assert.match(output, new RegExp(`exporting to ${url.origin} as otel-app`), output);
    const service = ((await (await fetch(`${url.origin}/api/services`, { headers })).json()) as { url: string }[])[0];
    await fetch(`${service.url}/checkout`).then((r) => r.text());
    let spans: { service: string; name: string }[] = [];
    for (let i = 0; i < 40 && !spans.some((s) => s.name === 'GET /checkout'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      spans = ((await (await fetch(`${url.origin}/api/telemetry`, { headers })).json()) as { spans: typeof spans }).spans;
    }
    assert.ok(spans.some((s) => s.service === 'otel-app' && s.name === 'GET /checkout'), JSON.stringify(spans));
    assert.doesNotMatch(output, /export failed|: 401|: 403/);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('the page in Chromium: both services healthy, Restart from the page brings the API back with a new process, its logs searched; screenshots saved', async () => {
  const { chromium } = await import('playwright-core');
  const results = resolve('test-results');
  mkdirSync(results, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, colorScheme: 'dark' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(server.url);
    assert.equal(new URL(page.url()).search, '', 'the token is gone from the address bar');
    const row = (name: string) => page.locator(`#resources tr[data-service="${name}"]`);
    await row('api').locator('.badge', { hasText: 'healthy' }).waitFor({ timeout: 30_000 });
    await row('dashboard-app').locator('.badge', { hasText: 'healthy' }).waitFor();
    await row('dashboard-app').locator('td', { hasText: /MB/ }).first().waitFor({ timeout: 30_000 });
    await page.locator('#resources tr[data-database="cache"] .badge', { hasText: 'healthy' }).waitFor();
    await page.screenshot({ path: join(results, 'dashboard-1-healthy.png') });

    const before = (await serviceNamed('api')).pid;
    await row('api').locator('button[data-action="restart"]').click();
    await page.locator('#toast', { hasText: 'api: restart done' }).waitFor({ timeout: 60_000 });
    await row('api').locator('.badge', { hasText: 'healthy' }).waitFor();
    const after = await serviceNamed('api');
    assert.notEqual(after.pid, before, 'the page\'s Restart started a new process');

    await row('api').locator('button', { hasText: 'Logs' }).click();
    await page.fill('#log-search', 'stderr');
    const lines = page.locator('#log-view .log-row');
    await lines.first().waitFor();
    const texts = await lines.allTextContents();
    assert.ok(texts.length >= 2, `the line of each start of api: ${texts.join(' | ')}`);
    assert.ok(texts.every((t) => t.startsWith('api │') && t.includes('stderr')), texts.join('\n'));
    assert.ok(await page.locator('#log-view .log-row .ansi-fg-1 mark').count() > 0, 'the red of the line is kept and the match is marked');
    await page.screenshot({ path: join(results, 'dashboard-2-logs-searched.png') });

    await page.click('button[data-tab="phases"]');
    await page.locator('.phase.state-done').first().waitFor();
    await page.click('button[data-tab="environment"]');
    const secretRow = page.locator('#environment tr', { hasText: 'SESSION_SECRET' });
    await secretRow.waitFor();
    assert.doesNotMatch(await secretRow.innerText(), /change-me/);
    await page.screenshot({ path: join(results, 'dashboard-3-environment.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('button[data-tab="resources"]');
    await page.screenshot({ path: join(results, 'dashboard-4-light.png') });
    assert.deepEqual(errors, [], 'no script error and no CSP violation');
  } finally {
    await browser.close();
  }
});

test('a chatty service (200 MB of output) with the dashboard open: the API keeps answering, a client that stops reading is dropped, memory stays bounded', async () => {
  const chattyRoot = copyFixture('chatty');
  const host = createNodeHost();
  const holder: { session?: RunSession } = {};
  const dashboard = await DashboardServer.start({ target: sessionTarget(host, chattyRoot, () => holder.session) });
  let bytes = 0;
  const chatty = holder.session = startRun({ root: chattyRoot, host, onEvent: (event) => {
    dashboard.publish(event);
    if (event.type === 'output') bytes += event.line.length;
  } });
  const headers = { authorization: `Bearer ${dashboard.token}` };
  try {
    assert.equal(await chatty.ready, 'healthy');
    // A reader that keeps up, and one that stops reading at once.
    const reader = new SseClient(`${dashboard.origin}/api/events`, headers);
    await reader.open();
    const { get } = await import('node:http');
    const stalled = await new Promise<import('node:http').IncomingMessage>((resolveStalled) => get(`${dashboard.origin}/api/events`, { headers }, (res) => { res.pause(); resolveStalled(res); }));
    stalled.on('error', () => undefined);

    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => process.memoryUsage().heapUsed;
    gc();
    const before = heap();
    let peak = before;
    let answered = 0;
    const start = bytes;
    while (bytes - start < 200 * 1024 * 1024) {
      const answer = await fetch(`${dashboard.origin}/api/services`, { headers });
      if (answer.status === 200 && ((await answer.json()) as { status: string }[])[0]?.status === 'healthy') answered++;
      peak = Math.max(peak, heap());
      await new Promise((r) => setTimeout(r, 250));
    }
    const growth = (peak - before) / 1024 / 1024;
    gc();
    const retained = (heap() - before) / 1024 / 1024;
    const kept = ((await (await fetch(`${dashboard.origin}/api/logs?limit=200000`, { headers })).json()) as unknown[]).length;
    console.log(`# dashboard under a chatty service: ${((bytes - start) / 1048576).toFixed(0)} MB of output; heap peaked ${growth.toFixed(1)} MB above the start and holds ${retained.toFixed(1)} MB more after GC; ${kept} log lines kept; the API answered ${answered} times meanwhile; SSE reader got ${reader.messages.length} events`);
    // The stalled client is dropped once 4 MB wait for it; a reader slower than the flood (this test's own, sharing the
    // event loop with the engine) may be dropped too: a browser's EventSource reconnects with Last-Event-ID.
    assert.ok(dashboard.streamClients <= 1, `the client that stopped reading was dropped, not buffered for (${dashboard.streamClients} connected)`);
    stalled.destroy();
    assert.ok(reader.messages.length > 0, 'the reader got events');
    reader.close();
    const lastSeen = reader.messages.at(-1)!.id!;
    const again = new SseClient(`${dashboard.origin}/api/events`, { ...headers, 'last-event-id': String(lastSeen) });
    await again.open();
    await again.until((m) => m.length > 0);
    again.close();
    const first = again.messages[0];
    assert.ok(first.event === 'snapshot' || first.id === lastSeen + 1, `a reconnecting reader resumes, or gets the snapshot when its events are gone: ${first.event} ${first.id}`);
    assert.ok(answered > 0, 'the API answered during the flood');
    assert.ok(kept <= 101_000, `the log view keeps at most about 100,000 lines: ${kept}`);
    assert.ok(retained < 100, `the heap holds ${retained.toFixed(1)} MB more after GC`);
  } finally {
    await chatty.stop();
    await dashboard.dispose();
  }
});
