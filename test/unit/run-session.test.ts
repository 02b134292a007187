// The run logic of RunSession through its public API only (startRun, ready, stop, retry,
// restartService, findings, marker, events) on a FakeHost: detection reads a real temp repo, but
// no process starts, no port opens and no real time passes (the fake clock moves only in sleep).
// The health monitor's interval is a real timer (see the report in the commit): it is set to an
// hour here, so it never ticks while a test runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test, type TestContext } from 'node:test';
import { PHASES, type Finding, type RunEvent } from '../../src/core/model.js';
import { startRun, type RunRequest, type RunSession } from '../../src/core/orchestrator.js';
import { commandLine, exitResult, FakeHost, fakeRepo, nodeService, turns, type FakeHostOptions, type FakeProcess } from '../helpers/fake-host.js';

type Options = NonNullable<RunRequest['options']>;
type PhaseEvent = Extract<RunEvent, { type: 'phase' }>;
type ServiceEvent = Extract<RunEvent, { type: 'service' }>;

/** Small and fake-time friendly: a health wait of 1 s of fake time, no grace on stop, a monitor that never ticks in a test. */
const ENGINE: Options = { healthTimeoutMs: 1_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 };

interface Harness {
  host: FakeHost;
  session: RunSession;
  events: RunEvent[];
  root: string;
}

interface Setup {
  name?: string;
  files?: Record<string, string>;
  host?: FakeHostOptions | FakeHost;
  options?: Options;
  signal?: AbortSignal;
  root?: string;
}

/** What each test must undo: its sessions are stopped first, then its folders removed. */
const teardown = new WeakMap<TestContext, { sessions: RunSession[]; folders: (() => void)[] }>();

function owned(t: TestContext) {
  let entry = teardown.get(t);
  if (!entry) {
    const created = { sessions: [] as RunSession[], folders: [] as (() => void)[] };
    teardown.set(t, created);
    t.after(async () => {
      await Promise.all(created.sessions.map((s) => s.stop(0)));
      await turns(5); // pending audit-log appends land before the folder goes
      for (const remove of created.folders) remove();
    });
    entry = created;
  }
  return entry;
}

/** Writes the repo (unless `root` is given) and starts a run on a FakeHost; both are undone after the test. */
function launch(t: TestContext, setup: Setup = {}): Harness {
  const name = setup.name ?? 'shop';
  let root = setup.root;
  if (!root) {
    const repo = fakeRepo(name, setup.files ?? nodeService(name));
    root = repo.root;
    owned(t).folders.push(repo.cleanup);
  }
  const host = setup.host instanceof FakeHost ? setup.host : new FakeHost(setup.host);
  const events: RunEvent[] = [];
  const session = startRun({ root, host, options: { ...ENGINE, ...setup.options }, signal: setup.signal, onEvent: (e) => {
    events.push(e);
    host.changed();
  } });
  owned(t).sessions.push(session);
  return { host, session, events, root };
}

/** A run script whose `npm ci` leaves node_modules behind, the marker that the install is still there. */
function installsNodeModules(host: () => FakeHost): FakeHostOptions['run'] {
  return async ({ spec, options }) => {
    if (spec.args[0] === 'ci') await host().fs.mkdirp(`${options.cwd}/node_modules`);
    return exitResult(0);
  };
}

const phaseEvents = (events: RunEvent[]) => events.filter((e): e is PhaseEvent => e.type === 'phase');
/** `phase:status` of every phase event but the pending ones, in order. */
const phaseTrail = (events: RunEvent[]) => phaseEvents(events).filter((e) => e.status !== 'pending').map((e) => `${e.phase}:${e.status}`);
const runningPhases = (events: RunEvent[]) => phaseEvents(events).filter((e) => e.status === 'running').map((e) => e.phase);
const serviceEvents = (events: RunEvent[], name: string) => events.filter((e): e is ServiceEvent => e.type === 'service' && e.service === name);
/** `status@port` of every event of one service, in order. */
const serviceTrail = (events: RunEvent[], name: string) => serviceEvents(events, name).map((e) => `${e.status}${e.port !== undefined ? `@${e.port}` : ''}`);
const logs = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
const runOutcomes = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'run' ? [e.status] : []));
const countOf = (events: RunEvent[], name: string, status: string) => serviceEvents(events, name).filter((e) => e.status === status).length;

/** Node's real EADDRINUSE crash (test/logs/port-in-use-express.log), for `port`. */
const PORT_IN_USE_LOG = readFileSync(new URL('../logs/port-in-use-express.log', import.meta.url), 'utf8');
function portInUse(port: number): string[] {
  return PORT_IN_USE_LOG.replaceAll('3998', String(port)).split('\n').filter((l) => l.trim() !== '');
}

/** Ends a spawned fake service on the next macrotask, as a real crash would, never answering before. */
function crashSoon(child: FakeProcess, exitCode: number, lines: string[]): void {
  child.answer = 'refused';
  setImmediate(() => child.exit(exitCode, lines));
}

// Every test has its own FakeHost and folder, so they run side by side: what takes real time is
// the engine's file I/O (detection, checkpoint writes), and it overlaps.
// A test waiting for something that never comes fails at the timeout instead of hanging.
describe('RunSession on a FakeHost', { concurrency: true, timeout: 10_000 }, () => {
  test('phases run in the order of PHASES, each settles before the next starts, and a service that answers makes the run healthy', async (t) => {
    const { host, session, events, root } = launch(t);
    assert.equal(await session.ready, 'healthy');

    assert.deepEqual(runningPhases(events), [...PHASES]);
    assert.deepEqual(phaseTrail(events), [
      'detect:running', 'detect:done', 'requirements:running', 'requirements:done', 'setup:running', 'setup:done',
      // No database in this repo: the phase says so rather than "done".
      'database:running', 'database:skipped',
      'ports:running', 'ports:done', 'run:running', 'run:done', 'health:running', 'health:done',
    ]);
    assert.deepEqual(phaseEvents(events).filter((e) => e.status === 'pending').map((e) => e.phase), [...PHASES], 'every phase is announced first');
    assert.deepEqual(runOutcomes(events), ['healthy']);
    assert.equal(events.flatMap((e) => (e.type === 'run' ? [e.detail] : [])).at(-1), '1/1 healthy');

    // What the host was asked, in order: toolchains, the install, a port, the service, one probe.
    assert.deepEqual(host.calls, [
      'version node', 'version npm',
      'run npm ci --no-audit --no-fund',
      'allocate 3000 -> 3000',
      `spawn npm run start in ${root} port 3000 pid 1000`,
      'probe http 3000 ok',
    ]);
    assert.equal(host.runs[0].options.cwd, root);
    assert.ok(host.runs[0].options.signal, 'the install can be cancelled');
    const [child] = host.spawned;
    assert.equal(child.options.env.PORT, '3000');
    assert.equal(child.options.env.HOST, '127.0.0.1');
    assert.equal(child.options.env.REPO_RUNNER_RUN, session.marker);
    assert.deepEqual(serviceTrail(events, 'shop'), ['starting@3000', 'healthy@3000']);
    assert.equal(serviceEvents(events, 'shop').at(-1)?.url, 'http://127.0.0.1:3000');
    assert.deepEqual(host.sleeps, [], 'a service that answers at once needs no waiting');
    assert.deepEqual(session.findings, []);

    await session.stop();
    assert.deepEqual(child.stops, [0], 'stopped once, with the grace the options give');
    assert.deepEqual(host.released, [3000]);
    assert.deepEqual(runOutcomes(events), ['healthy', 'stopped']);
    const state = JSON.parse(readFileSync(`${root}/.repo-runner/state.json`, 'utf8')) as { processes: unknown[]; services: Record<string, { port?: number }> };
    assert.deepEqual(state.processes, [], 'a stopped run leaves no process record behind');
    assert.equal(state.services.shop.port, 3000);
  });

  test('services another service links to start first, and the linking service is told their URL', async (t) => {
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(nodeService('frontend'))) files[`frontend/${path}`] = text;
    for (const [path, text] of Object.entries(nodeService('server'))) files[`server/${path}`] = text;
    files['frontend/.env.example'] = 'SERVER_URL=http://localhost:4000\n';
    const { host, session, events, root } = launch(t, { name: 'mono', files });
    assert.equal(await session.ready, 'healthy');

    // Ports in plan order (frontend, then server), each seeing the ones before it.
    assert.deepEqual(host.allocations, [{ preferred: 3000, exclude: [], port: 3000 }, { preferred: 3000, exclude: [3000], port: 3001 }]);
    // Installs of both services run at once, before anything starts.
    assert.deepEqual(host.runs.map((r) => r.options.cwd).sort(), [`${root}/frontend`, `${root}/server`]);
    const spawned = host.spawned.map((p) => [p.options.cwd, p.port]);
    assert.deepEqual(spawned, [[`${root}/server`, 3001], [`${root}/frontend`, 3000]], 'server first: frontend links to it');
    assert.equal(host.spawned[1].options.env.SERVER_URL, 'http://127.0.0.1:3001', 'the example value is replaced by the real URL');
    assert.deepEqual(serviceTrail(events, 'server'), ['starting@3001', 'healthy@3001']);
    assert.deepEqual(serviceTrail(events, 'frontend'), ['starting@3000', 'healthy@3000']);

    await session.stop();
    assert.deepEqual(host.spawned.map((p) => p.stops), [[0], [0]], 'every process is stopped');
    assert.deepEqual([...host.released].sort(), [3000, 3001]);
  });

  test('a service that exits with EADDRINUSE gets the automatic fix once: the ports phase runs again and the new port is healthy', async (t) => {
    const { host, session, events } = launch(t, {
      host: { onSpawn: (child, index) => { if (index === 0) crashSoon(child, 1, portInUse(child.port!)); } },
    });
    assert.equal(await session.ready, 'healthy');

    assert.deepEqual(runningPhases(events), [...PHASES, 'ports', 'run', 'health'], 'the fix reruns from ports');
    const firstHealth = phaseEvents(events).find((e) => e.phase === 'health' && e.status === 'failed');
    assert.equal(firstHealth?.finding?.code, 'port-in-use');
    assert.equal(phaseEvents(events).filter((e) => e.phase === 'health').at(-1)?.status, 'done');

    const finding = session.findings.find((f) => f.code === 'port-in-use');
    assert.ok(finding, 'the Fixer recognised the crash');
    assert.equal(finding.service, 'shop');
    assert.match(finding.excerpt.join('\n'), /EADDRINUSE: address already in use 127\.0\.0\.1:3000/);
    assert.deepEqual(finding.fixes.map((f) => f.kind === 'rerun' && [f.from, f.auto, f.avoidPort]), [['ports', true, 3000]]);
    assert.equal(logs(events).filter((m) => m.startsWith('fixing automatically')).length, 1);

    // The taken port is released and never handed out again in this run.
    assert.deepEqual(host.allocations, [{ preferred: 3000, exclude: [], port: 3000 }, { preferred: 3000, exclude: [3000], port: 3001 }]);
    assert.ok(host.calls.indexOf('release 3000') < host.calls.indexOf('allocate 3000 -> 3001'), 'released before the new allocation');
    assert.deepEqual(host.spawned.map((p) => p.port), [3000, 3001]);
    assert.deepEqual(host.spawned[0].exitResult?.exitCode, 1);
    assert.deepEqual(serviceTrail(events, 'shop'), ['starting@3000', 'crashed@3000', 'pending', 'starting@3001', 'healthy@3001']);
    assert.ok(host.sleeps.every((ms) => ms === 50), 'only the health poll waited (fake time)');
  });

  test('an automatic fix is never applied twice: an app that always binds the same taken port fails after one retry', async (t) => {
    // It ignores PORT and always listens on 3998, which something else holds.
    const { host, session, events } = launch(t, { host: { onSpawn: (child) => crashSoon(child, 1, portInUse(3998)) } });
    assert.equal(await session.ready, 'failed');

    assert.equal(host.spawned.length, 2, 'started twice: the first attempt and the one retry');
    assert.equal(logs(events).filter((m) => m.startsWith('fixing automatically')).length, 1);
    const found = session.findings.filter((f) => f.code === 'port-in-use');
    assert.equal(found.length, 1, 'the same cause, found again by the retry, is reported once');
    assert.ok(found[0].fixes.some((x) => x.kind === 'rerun' && x.avoidPort === 3998), 'with its fix');
    assert.deepEqual(runningPhases(events), [...PHASES, 'ports', 'run', 'health']);
    assert.equal(phaseEvents(events).filter((e) => e.phase === 'health').at(-1)?.status, 'failed');
    assert.deepEqual(host.allocations.map((a) => a.exclude), [[], [3000, 3998]], 'the port it named and the one it had are avoided');
    assert.deepEqual(runOutcomes(events), ['failed']);
  });

  test('maxRetries bounds automatic fixes: with 0, a port-in-use crash is reported with its fix but nothing is retried', async (t) => {
    const { host, session, events } = launch(t, {
      options: { maxRetries: 0 },
      host: { onSpawn: (child) => crashSoon(child, 1, portInUse(child.port!)) },
    });
    assert.equal(await session.ready, 'failed');
    assert.equal(host.spawned.length, 1);
    assert.equal(host.allocations.length, 1);
    assert.equal(logs(events).some((m) => m.startsWith('fixing automatically')), false);
    assert.deepEqual(runningPhases(events), [...PHASES]);
    const finding = session.findings.find((f) => f.code === 'port-in-use');
    assert.ok(finding?.fixes.some((f) => f.kind === 'rerun' && f.auto), 'the fix is still offered');
  });

  // Each attempt keeps its own output (startService clears it), so the Fixer, which takes the first
  // matching line, diagnoses the second attempt's port and not the first's.
  test('each attempt is diagnosed from its own output: a retry that fails on its new port is fixed again, up to maxRetries', async (t) => {
    const { host, session, events } = launch(t, {
      options: { maxRetries: 2 },
      host: { onSpawn: (child) => crashSoon(child, 1, portInUse(child.port!)) },
    });
    assert.equal(await session.ready, 'failed');
    const ports = session.findings.filter((f) => f.code === 'port-in-use').map((f) => f.fixes.map((x) => x.kind === 'rerun' && x.avoidPort)[0]);
    assert.deepEqual(ports, [3000, 3001, 3002], 'each finding names the port its attempt had');
    assert.deepEqual(host.spawned.map((p) => p.port), [3000, 3001, 3002], 'the first attempt and two retries');
    assert.equal(logs(events).filter((m) => m.startsWith('fixing automatically')).length, 2);
  });

  test('a healthy service that keeps exiting with code 1 is restarted with exponential backoff, capped at 30 s', async (t) => {
    const { host, session, events } = launch(t, { options: { maxRestarts: 10 } });
    assert.equal(await session.ready, 'healthy');

    for (let crash = 1; crash <= 8; crash++) {
      host.spawned[crash - 1].exit(1, [`Error: crash number ${crash}`]);
      await host.until(() => countOf(events, 'shop', 'healthy') === crash + 1, `restart ${crash} to be healthy`);
    }
    assert.deepEqual(host.sleeps, [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    assert.equal(host.spawned.length, 9);
    assert.ok(host.spawned.every((p) => p.port === 3000), 'a restart keeps its port');
    assert.equal(host.allocations.length, 1, 'no new port for a restart');
    assert.match(logs(events).find((m) => m.includes('restart 1 of 10')) ?? '', /exited \(code 1\); restarting it in 500 ms/);
    assert.deepEqual(serviceTrail(events, 'shop').slice(0, 5), ['starting@3000', 'healthy@3000', 'crashed@3000', 'starting@3000', 'healthy@3000']);
    assert.equal(serviceEvents(events, 'shop').find((e) => e.status === 'crashed')?.exitCode, 1);
    assert.deepEqual(session.findings, []);
  });

  test('after maxRestarts crashes in a row, a crash-loop finding quotes the last output line and nothing is started again', async (t) => {
    const { host, session, events } = launch(t, { options: { maxRestarts: 2 } });
    assert.equal(await session.ready, 'healthy');

    host.spawned[0].exit(1, ['Error: first']);
    await host.until(() => countOf(events, 'shop', 'healthy') === 2, 'the first restart');
    host.spawned[1].exit(1, ['Error: second']);
    await host.until(() => countOf(events, 'shop', 'healthy') === 3, 'the second restart');
    host.spawned[2].exit(1, ['Error: connect ECONNREFUSED 127.0.0.1:6379', '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)']);
    await host.until(() => session.findings.some((f) => f.code === 'crash-loop'), 'the crash-loop finding');
    await turns(50); // room for a restart that must not come

    const loop = session.findings.find((f) => f.code === 'crash-loop') as Finding;
    assert.equal(loop.service, 'shop');
    assert.equal(loop.severity, 'error');
    assert.match(loop.message, /crashed 3 times in a row/);
    assert.ok(loop.message.endsWith('its last output:     at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16).'), loop.message);
    assert.equal(loop.excerpt.at(-1), '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)');
    assert.ok(loop.excerpt.includes('Error: connect ECONNREFUSED 127.0.0.1:6379'));
    assert.ok(events.some((e) => e.type === 'finding' && e.finding.code === 'crash-loop'), 'reported as an event too');
    assert.equal(host.spawned.length, 3, 'no fourth start');
    assert.deepEqual(host.sleeps, [500, 1000], 'no backoff after the last crash');
    assert.equal(serviceEvents(events, 'shop').at(-1)?.status, 'crashed');
  });

  for (const how of ['signal', 'stop'] as const) {
    test(`cancelling (${how === 'signal' ? 'aborting the request signal' : 'stop()'}) while dependencies install ends the run as cancelled and skips the later phases`, async (t) => {
      const controller = new AbortController();
      let sawAbort = false;
      const { host, session, events } = launch(t, {
        signal: controller.signal,
        host: {
          // The install hangs until it is cancelled, as a real one killed by the signal would.
          run: ({ spec, options }) => (spec.args[0] !== 'ci' ? exitResult(0) : new Promise((resolve) => {
            options.signal!.addEventListener('abort', () => {
              sawAbort = true;
              resolve(exitResult(null, ['npm warn cancelled'], { signal: 'SIGTERM', cancelled: true }));
            }, { once: true });
          })),
        },
      });
      await host.until(() => host.runs.length === 1, 'the install to start');
      if (how === 'signal') controller.abort();
      else void session.stop();
      assert.equal(await session.ready, 'cancelled');
      await session.stop();

      assert.ok(sawAbort, 'the install was told to stop');
      assert.deepEqual(host.runs.map((r) => commandLine(r.spec)), ['npm ci --no-audit --no-fund'], 'no fallback install after a cancel');
      assert.deepEqual(phaseTrail(events), [
        'detect:running', 'detect:done', 'requirements:running', 'requirements:done', 'setup:running', 'setup:failed',
        'database:skipped', 'ports:skipped', 'run:skipped', 'health:skipped',
      ]);
      assert.equal(phaseEvents(events).find((e) => e.phase === 'setup' && e.status === 'failed')?.detail, 'cancelled');
      assert.ok(phaseEvents(events).filter((e) => e.status === 'skipped').every((e) => e.detail === 'cancelled'));
      assert.deepEqual(host.spawned, [], 'nothing started');
      assert.deepEqual(host.allocations, []);
      assert.deepEqual(runOutcomes(events), ['cancelled', 'stopped']);
    });
  }

  test('cancelling while services wait for their first answer stops every process they started and releases their ports', async (t) => {
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(nodeService('frontend'))) files[`frontend/${path}`] = text;
    for (const [path, text] of Object.entries(nodeService('server'))) files[`server/${path}`] = text;
    const controller = new AbortController();
    const { host, session, events } = launch(t, {
      name: 'mono', files, signal: controller.signal, options: { healthTimeoutMs: 3_600_000 },
      host: { onSpawn: (child) => { child.answer = 'refused'; } },
    });
    await host.until(() => host.spawned.length === 2 && host.sleeps.length >= 4, 'both services to be polled');
    controller.abort();
    assert.equal(await session.ready, 'cancelled');
    await session.stop();

    assert.deepEqual(host.spawned.map((p) => p.stops), [[0], [0]], 'both processes stopped, no grace');
    assert.ok(host.spawned.every((p) => !p.alive));
    assert.deepEqual([...host.released].sort(), [3000, 3001]);
    assert.ok(host.now() - 1_000_000 < 3_600_000, 'gave up on cancel, not on the health timeout');
    assert.deepEqual(session.findings.filter((f) => f.severity === 'error'), [], 'a cancel is no failure');
    for (const name of ['frontend', 'server']) assert.equal(serviceEvents(events, name).at(-1)?.status, 'stopped');
    assert.deepEqual(runOutcomes(events), ['cancelled', 'stopped']);
  });

  // A cancel while services wait for their first answer: the health phase is not "done".
  test('a health phase cut short by a cancel is not reported done', async (t) => {
    const controller = new AbortController();
    const { host, session, events } = launch(t, { signal: controller.signal, options: { healthTimeoutMs: 3_600_000 }, host: { onSpawn: (child) => { child.answer = 'refused'; } } });
    await host.until(() => host.sleeps.length >= 2, 'the service to be polled');
    controller.abort();
    assert.equal(await session.ready, 'cancelled');
    assert.notEqual(phaseEvents(events).filter((e) => e.phase === 'health').at(-1)?.status, 'done');
  });

  test('restart policies: "never" leaves an exited service down, "on-failure" ignores a clean exit, "always" restarts it', async (t) => {
    const cases = [
      { policy: 'never', exitCode: 1, restarted: false },
      { policy: 'on-failure', exitCode: 0, restarted: false },
      { policy: 'on-failure', exitCode: 1, restarted: true },
      { policy: 'always', exitCode: 0, restarted: true },
    ] as const;
    for (const { policy, exitCode, restarted } of cases) {
      await t.test(`${policy}, exit code ${exitCode}`, async (st) => {
        const { host, session, events } = launch(st, { options: { restartPolicy: policy } });
        assert.equal(await session.ready, 'healthy');
        host.spawned[0].exit(exitCode, ['bye']);
        if (restarted) await host.until(() => countOf(events, 'shop', 'healthy') === 2, 'the restart');
        else await turns(50); // room for a restart that must not come
        const crashed = serviceEvents(events, 'shop').find((e) => e.status === 'crashed');
        assert.equal(crashed?.exitCode, exitCode, 'the exit is reported');
        assert.equal(host.spawned.length, restarted ? 2 : 1);
        assert.deepEqual(host.sleeps, restarted ? [500] : []);
        assert.equal(logs(events).some((m) => m.includes('restarting it in')), restarted);
        assert.equal(serviceEvents(events, 'shop').at(-1)?.status, restarted ? 'healthy' : 'crashed');
      });
    }
  });

  test('a service that never answers fails the health phase after healthTimeoutMs of fake time, with its last check', async (t) => {
    const { host, session, events } = launch(t, { options: { healthTimeoutMs: 2_000 }, host: { onSpawn: (child) => { child.answer = 'refused'; } } });
    assert.equal(await session.ready, 'failed');
    const finding = session.findings.find((f) => f.phase === 'health');
    assert.ok(finding);
    assert.equal(finding.code, 'health-timeout');
    assert.match(finding.message, /did not answer on port 3000 within 2 s \(last check: ECONNREFUSED\)/);
    assert.ok(host.sleeps.length >= 40 && host.sleeps.every((ms) => ms === 50), `polled every 50 ms of fake time (${host.sleeps.length} polls)`);
    assert.ok(host.sleeps.reduce((a, b) => a + b, 0) > 2_000);
    const health = phaseEvents(events).filter((e) => e.phase === 'health').at(-1);
    assert.ok(health);
    assert.equal(health.status, 'failed');
    assert.ok((health.durationMs ?? 0) > 2_000, 'the phase took its time on the fake clock');
    assert.equal(host.spawned[0].alive, true, 'the failed service is left running for the user to look at');
    assert.equal(logs(events).some((m) => m.startsWith('fixing automatically')), false);
  });

  test('a service that keeps printing while its port is closed (a compiler at work) is given more than healthTimeoutMs, and is healthy once it answers', async (t) => {
    let child: FakeProcess | undefined;
    const { host, session } = launch(t, { options: { healthTimeoutMs: 2_000 }, host: { onSpawn: (c) => { child = c; c.answer = 'refused'; } } });
    const begin = host.now();
    let printedAt = -1_000;
    let settled = false;
    void session.ready.then(() => { settled = true; });
    // Real macrotasks interleave with the fake sleeps: a line every 500 ms of fake time, the port open after 5 s.
    await new Promise<void>((done) => {
      const tick = () => {
        const elapsed = host.now() - begin;
        if (settled) return done(); // it gave up before the port opened: the assertion below says so
        if (child && elapsed >= 5_000) {
          child.answer = 'ok';
          return done();
        }
        if (child && elapsed - printedAt >= 500) {
          child.print(`   Compiling crate-${elapsed}`);
          printedAt = elapsed;
        }
        setImmediate(tick);
      };
      tick();
    });
    assert.equal(await session.ready, 'healthy');
    assert.ok(host.now() - begin >= 5_000, 'it waited past the 2 s timeout while the service printed');
  });

  test('a silent service whose process tree keeps using the CPU (a quiet `go run`) is given more than four times the timeout, and is healthy once it answers', async (t) => {
    let child: FakeProcess | undefined;
    const { host, session } = launch(t, { options: { healthTimeoutMs: 2_000 }, host: { onSpawn: (c) => { child = c; c.answer = 'refused'; c.cpuShare = 0.9; } } });
    const begin = host.now();
    let settled = false;
    void session.ready.then(() => { settled = true; });
    await new Promise<void>((done) => {
      const tick = () => {
        if (settled) return done();
        if (child && host.now() - begin >= 15_000) {
          child.answer = 'ok';
          return done();
        }
        setImmediate(tick);
      };
      tick();
    });
    assert.equal(await session.ready, 'healthy');
    assert.ok(host.now() - begin >= 15_000, 'it waited past four times the 2 s timeout while the tree used the CPU');
  });

  test('a silent service whose process tree is idle fails soon after the timeout, and one that works for ever stops at ten times it', async (t) => {
    const idle = launch(t, { options: { healthTimeoutMs: 20_000 }, host: { onSpawn: (c) => { c.answer = 'refused'; c.cpuShare = 0.01; } } });
    const idleBegin = idle.host.now();
    assert.equal(await idle.session.ready, 'failed');
    assert.ok(idle.host.now() - idleBegin < 31_000, `an idle tree gets one CPU reading's grace (${idle.host.now() - idleBegin} ms of fake time)`);
    const busy = launch(t, { options: { healthTimeoutMs: 2_000 }, host: { onSpawn: (c) => { c.answer = 'refused'; c.cpuShare = 1; } } });
    const busyBegin = busy.host.now();
    assert.equal(await busy.session.ready, 'failed');
    assert.equal(busy.session.findings.find((f) => f.phase === 'health')?.code, 'health-timeout');
    const waited = busy.host.now() - busyBegin;
    assert.ok(waited >= 20_000 && waited < 21_000, `a tree that never stops working gives up at ten times the timeout (${waited} ms of fake time)`);
  });

  test('a service silent since its start is not given more: the timeout holds once its last line is old', async (t) => {
    const { host, session } = launch(t, { options: { healthTimeoutMs: 60_000 }, host: { onSpawn: (c) => { c.answer = 'refused'; c.print('starting...'); } } });
    const begin = host.now();
    assert.equal(await session.ready, 'failed');
    assert.equal(session.findings.find((f) => f.phase === 'health')?.code, 'health-timeout');
    assert.ok(host.now() - begin < 61_000, `gave up at the timeout (${host.now() - begin} ms of fake time)`);
  });

  test('retry() after a failed health phase stops the failed service and starts it again from requirements', async (t) => {
    // The first process answers only HTTP 500: the Fixer explains it, with a fix that waits for the user.
    let host!: FakeHost;
    const { session, events } = ({ host } = launch(t, {
      options: { healthTimeoutMs: 500 },
      host: { run: installsNodeModules(() => host), onSpawn: (child, index) => { if (index === 0) child.answer = 500; } },
    }));
    assert.equal(await session.ready, 'failed');
    const finding = session.findings.find((f) => f.phase === 'health');
    assert.equal(finding?.code, 'health-http-error');
    assert.ok(finding.fixes.every((f) => !f.auto), 'nothing applied by itself');
    assert.equal(host.spawned.length, 1);
    const installs = host.runs.length;

    assert.equal(await session.retry(), 'healthy');
    assert.deepEqual(host.spawned[0].stops, [0], 'the old process is stopped first');
    assert.deepEqual(host.spawned.map((p) => p.port), [3000, 3000], 'the same port again');
    assert.equal(host.runs.length, installs, 'unchanged dependencies are not installed again');
    assert.deepEqual(runningPhases(events), [...PHASES, 'requirements', 'setup', 'database', 'ports', 'run', 'health']);
    assert.deepEqual(runOutcomes(events), ['failed', 'healthy']);
  });

  test('restartService() stops the process and starts it again on the same port', async (t) => {
    const { host, session, events } = launch(t);
    assert.equal(await session.ready, 'healthy');
    assert.equal(await session.restartService('shop'), true);
    assert.equal(await session.restartService('nope'), false);
    assert.deepEqual(host.spawned.map((p) => [p.port, p.stops]), [[3000, [0]], [3000, []]]);
    assert.equal(host.allocations.length, 1);
    assert.deepEqual(serviceTrail(events, 'shop'), ['starting@3000', 'healthy@3000', 'stopped@3000', 'starting@3000', 'healthy@3000']);
    assert.deepEqual(host.sleeps, [], 'a restart asked for is not delayed');
  });

  test('a second run on the same repo reuses the install and the plan, and reaps the process the first run left behind', async (t) => {
    const host: FakeHost = new FakeHost({ run: installsNodeModules(() => host) });
    // The first run is left running, as after an editor crash (it would restart a reaped process otherwise).
    const first = launch(t, { host, options: { restartPolicy: 'never' } });
    assert.equal(await first.session.ready, 'healthy');
    const second = launch(t, { host, root: first.root });
    assert.equal(await second.session.ready, 'healthy');

    assert.deepEqual(host.reaped, [{ pid: 1000, marker: first.session.marker }]);
    assert.deepEqual(host.spawned[0].stops, [undefined], 'the leftover was stopped');
    assert.equal(host.runs.filter((r) => r.spec.args[0] === 'ci').length, 1, 'installed once');
    assert.ok(logs(second.events).some((m) => m.includes('dependencies unchanged since the last install')));
    assert.ok(logs(second.events).some((m) => m.includes('detection skipped')));
    assert.ok(logs(second.events).some((m) => m.includes('left running by an earlier run')));
    assert.equal(host.spawned.length, 2);
  });
});
