// Honest outcomes (issue 18), for real: small repos of ours, run by the engine (or by the built
// CLI for exit codes), each checked for its verdict, its message and, where there is one, its fix.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { RunEvent } from '../../src/core/model.js';
import type { EngineOptions } from '../../src/core/run-context.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { cliStarter } from '../helpers/cli.js';
import { copyFixture, getJson, survivors } from '../helpers/fixtures.js';
import { type RecordedRun, run, stopAndCheck } from '../helpers/run.js';

const started: RecordedRun[] = [];
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});
const startCli = cliStarter();

async function runFixture(fixture: string, engine: Partial<EngineOptions> = {}): Promise<{ recorded: RecordedRun; root: string; outcome: string }> {
  const root = copyFixture(fixture);
  const recorded = run(root, { engine: { healthTimeoutMs: 90_000, maxRetries: 0, ...engine } });
  started.push(recorded);
  return { recorded, root, outcome: await recorded.session.ready };
}

function healthyDetail(events: RunEvent[], service: string): string | undefined {
  const event = events.find((e) => e.type === 'service' && e.service === service && e.status === 'healthy');
  return event?.type === 'service' ? event.detail : undefined;
}

const explain = (r: RecordedRun) => r.session.findings.map((f) => `${f.code}: ${f.message}\n  ${f.excerpt.join('\n  ')}`).join('\n');

// Verdicts of services that are up

for (const [fixture, detail, url] of [
  ['api-no-root', /^up, no root route \(\/ answers 404: an API\?\)$/, /^http:\/\//],
  ['login-root', /^up, needs login \(\/ answers 401\)$/, /^http:\/\//],
  ['plain-http-server', /^up; \/healthz answers 200$/, /^http:\/\//],
] as const) {
  test(`${fixture}: healthy, shown as ${url.source}, and the event says "${detail.source}"`, async () => {
    const { recorded, root, outcome } = await runFixture(fixture);
    assert.equal(outcome, 'healthy', explain(recorded));
    const service = recorded.session.services[0];
    assert.match(service.url ?? '', url);
    assert.match(healthyDetail(recorded.events, service.name) ?? '', detail);
    await stopAndCheck(recorded, root);
  });
}

test('api-no-root: what the API serves is really there (the 404 is only the root)', async () => {
  const { recorded, root, outcome } = await runFixture('api-no-root');
  assert.equal(outcome, 'healthy', explain(recorded));
  assert.deepEqual(await getJson(`${recorded.session.services[0].url}/api/items`), [{ id: 1, name: 'kettle' }]);
  await stopAndCheck(recorded, root);
});

test('warmup-503: a server answering 503 while it warms up (like Nuxt) is waited out and ends healthy, not failed after 5 s', async () => {
  const { recorded, root, outcome } = await runFixture('warmup-503', {});
  assert.equal(outcome, 'healthy', explain(recorded));
  assert.equal(recorded.session.findings.filter((f) => f.severity === 'error').length, 0);
  assert.match(await (await fetch(recorded.session.services[0].url!)).text(), /warm and ready/);
  assert.match(healthyDetail(recorded.events, 'warmup-503') ?? '', /^up; \/ answers 200$/);
  await stopAndCheck(recorded, root);
});

test('queue-worker: a worker with no port is running (no URL, no port wait), and the run is healthy', async () => {
  const { recorded, root, outcome } = await runFixture('queue-worker');
  assert.equal(outcome, 'healthy', explain(recorded));
  const worker = recorded.session.services[0];
  assert.equal(worker.url, undefined);
  assert.equal(healthyDetail(recorded.events, worker.name), 'running; no port (a worker)');
  const done = recorded.events.find((e) => e.type === 'run');
  assert.equal(done?.type === 'run' && done.detail, '1 worker running');
  assert.ok(recorded.events.some((e) => e.type === 'output' && e.line === 'worker: waiting for jobs'));
  await stopAndCheck(recorded, root);
});

test('own-port-server: a server that ignores its port and prints where it listens is followed there, and the URL works', async () => {
  const { recorded, root, outcome } = await runFixture('own-port-server');
  assert.equal(outcome, 'healthy', explain(recorded));
  const printed = recorded.events.flatMap((e) => (e.type === 'output' ? [/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(e.line)?.[1]] : [])).find(Boolean);
  const service = recorded.session.services[0];
  assert.equal(String(service.port), printed);
  assert.equal(await (await fetch(service.url!)).text(), 'served on my own port');
  assert.match(healthyDetail(recorded.events, service.name) ?? '', /listens on \d+, the port it printed, not the one it was given/);
  await stopAndCheck(recorded, root);
});

// Failures, said by the line that says the cause

test('ts-node-compile-error: failed, the finding quotes TS2307 at src/index.ts:2, with a restart once fixed', async () => {
  const { recorded, root, outcome } = await runFixture('failures/ts-node-compile-error');
  assert.equal(outcome, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'typescript-compile-error', explain(recorded));
  assert.match(finding.message, /does not compile: TS2307 Cannot find module '\.\/greetings'/);
  assert.deepEqual([finding.file, finding.range?.startLine], ['src/index.ts', 2]);
  assert.deepEqual(finding.fixes.map((f) => [f.kind, f.auto]), [['rerun', false]]);
  await stopAndCheck(recorded, root);
});

test('java-caused-by: failed, the finding quotes the last Caused by (the root cause) at the repo frame, not the wrapper', async () => {
  const { recorded, root, outcome } = await runFixture('failures/java-caused-by');
  assert.equal(outcome, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'java-root-cause', explain(recorded));
  assert.match(finding.message, /IllegalStateException: Cannot map property 'price' of Product: unknown column type 'money'/);
  assert.doesNotMatch(finding.message, /BeanCreationException|entity mapping/);
  assert.deepEqual([finding.file, finding.range?.startLine], ['src/main/java/com/example/shop/ShopApplication.java', 12]);
  await stopAndCheck(recorded, root);
});

test('rust-error-backtrace: failed, and the finding quotes the program\'s error, not the backtrace RUST_BACKTRACE=1 prints after it', async () => {
  const root = copyFixture('failures/rust-error-backtrace');
  const recorded = run(root, { host: createNodeHost({ ...process.env, RUST_BACKTRACE: '1' }), engine: { healthTimeoutMs: 90_000, maxRetries: 0 } });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'service-exited', explain(recorded));
  assert.ok(finding.excerpt.includes('Error: Refusing to start as no folder to serve was given'), explain(recorded));
  assert.ok(!finding.excerpt.some((l) => /^\s+(\d+: |at )/.test(l)), `no frame is quoted:\n${finding.excerpt.join('\n')}`);
  await stopAndCheck(recorded, root);
});

test('host-unreachable-node: failed, the finding names the host that does not resolve and the variable it comes from', async () => {
  const { recorded, root, outcome } = await runFixture('failures/host-unreachable-node');
  assert.equal(outcome, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'host-unreachable', explain(recorded));
  assert.match(finding.message, /cannot reach pricing\.unreachable\.invalid: the name does not resolve/);
  await stopAndCheck(recorded, root);
});

test('npm-git-unreachable: an install waiting silently on a git host that never answers is stopped and said as unreachable', async () => {
  // A quiet period of 3 s instead of a minute, so the test does not wait long.
  const { recorded, root, outcome } = await runFixture('failures/npm-git-unreachable', { installQuietMs: 3_000 });
  assert.equal(outcome, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'dependency-host-unreachable', explain(recorded));
  assert.match(finding.message, /10\.255\.255\.1.*cannot be reached from this machine/);
  assert.equal(finding.file, 'package.json');
  assert.deepEqual(finding.fixes.map((f) => [f.kind, f.auto]), [['rerun', false]]);
  assert.deepEqual(survivors({ dir: root }), [], 'the install was stopped');
  await stopAndCheck(recorded, root);
});

test('pip-index-unreachable: pip says "no matching distribution"; the finding names the package index it could not reach, on its requirements line', async () => {
  const { recorded, root, outcome } = await runFixture('failures/pip-index-unreachable');
  assert.equal(outcome, 'failed');
  const finding = recorded.session.findings.find((f) => f.severity === 'error')!;
  assert.equal(finding.code, 'dependency-host-unreachable', explain(recorded));
  assert.match(finding.message, /needs pypi\.corp\.invalid \(port 443\), which cannot be reached from this machine .*failed without it/);
  assert.deepEqual([finding.file, finding.range?.startLine], ['requirements.txt', 1]);
  await stopAndCheck(recorded, root);
});

// The CLI: exit code and final line agree with what a person sees

const lastLine = (text: string) => text.trim().split('\n').at(-1)!.trim();
/** The verdict, and the line after it: a run that ends by itself stops its processes and says so last. */
const lastTwo = (text: string) => text.trim().split('\n').slice(-2).map((l) => l.trim());
const ended = (exit: Promise<number | null>) => Promise.race([exit, new Promise<'still running'>((done) => setTimeout(() => done('still running'), 120_000).unref())]);

test('CLI, healthy: --exit-when-healthy ends with "All services healthy (…)" and exit 0', async () => {
  const root = copyFixture('plain-http-server');
  const cli = startCli(['run', root, '--exit-when-healthy', '--quiet'], /\$^/);
  assert.equal(await ended(cli.exit), 0, cli.output());
  assert.deepEqual(lastTwo(cli.output()), ['All services healthy (1/1 healthy).', 'Stopped every process.']);
  assert.deepEqual(survivors({ dir: root }), []);
});

test('CLI, failed: nothing healthy, the run ends by itself with "Run failed: 0/1 healthy: <the cause>" and exit 1', async () => {
  const root = copyFixture('failures/host-unreachable-node');
  const cli = startCli(['run', root, '--quiet'], /\$^/);
  assert.equal(await ended(cli.exit), 1, cli.output());
  const [verdict, last] = lastTwo(cli.output());
  assert.match(verdict, /^Run failed: 0\/1 healthy: .*cannot reach pricing\.unreachable\.invalid/);
  assert.equal(last, 'Stopped every process.');
  assert.deepEqual(survivors({ dir: root }), []);
});

test('CLI, partly healthy: stays up and says so; Ctrl-C then exits 1. With --exit-when-healthy it exits 1 at once', async () => {
  const root = copyFixture('partly-healthy');
  const cli = startCli(['run', root, '--quiet'], /Press Ctrl-C to stop/);
  await cli.ready;
  assert.equal(lastLine(cli.output()), 'Some services failed (see above); the others keep running. Press Ctrl-C to stop.');
  assert.match(cli.output(), /● web healthy\s+http:\/\/127\.0\.0\.1:\d+/);
  const web = /● web healthy\s+(http:\/\/\S+)/.exec(cli.output())![1];
  assert.equal(await (await fetch(web)).text(), 'web is up', 'the healthy part really serves');
  cli.child.kill('SIGINT');
  assert.equal(await ended(cli.exit), 1, cli.output());
  assert.equal(lastLine(cli.output()), 'Stopped every process.');
  assert.deepEqual(survivors({ dir: root }), []);

  const once = startCli(['run', root, '--quiet', '--exit-when-healthy'], /\$^/);
  assert.equal(await ended(once.exit), 1, once.output());
  const [verdict, last] = lastTwo(once.output());
  assert.match(verdict, /^Run failed: 1\/2 healthy: reports crashed/);
  assert.equal(last, 'Stopped every process.');
  assert.deepEqual(survivors({ dir: root }), []);
});

test('CLI, job: "Done: 1 job finished." and exit 0', async () => {
  const root = copyFixture('job-script');
  const cli = startCli(['run', root, '--quiet'], /\$^/);
  assert.equal(await ended(cli.exit), 0, cli.output());
  assert.deepEqual(lastTwo(cli.output()), ['Done: 1 job finished.', 'Stopped every process.']);
  assert.deepEqual(survivors({ dir: root }), []);
});

test('CLI, cancelled: Ctrl-C while a service warms up stops everything, says so, and exits 130', async () => {
  const root = copyFixture('warmup-503');
  const cli = startCli(['run', root], /compiling the app/);
  await cli.ready;
  cli.child.kill('SIGINT');
  assert.equal(await ended(cli.exit), 130, cli.output());
  assert.match(cli.output(), /Stopping every service \(SIGINT\)/);
  assert.equal(lastLine(cli.output()), 'Stopped every process.');
  assert.deepEqual(survivors({ dir: root }), []);
});
