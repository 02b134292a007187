// A FAKE Host for unit tests of the run logic. The file system is the real one (a small temp
// repo the test writes, so detection, the checkpoint and the audit log are real); everything
// else is scripted and recorded: commands run to completion answer from a script, services are
// FakeProcess objects the test makes print, exit or hang, ports come from a counter, health
// probes answer from what the test set, and time is a counter that only `sleep` moves.
// Nothing here starts a process, opens a socket or waits for real time.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommandResult, DatabaseHost, Host, PortAllocator, ProbeResult, Prober, ProcessLauncher, ServiceProcess, SpawnOptions, ToolchainProbe, ToolProvisioner } from '../../src/core/host.js';
import type { CommandSpec } from '../../src/core/model.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';

/** How a fake service answers its health check while it runs: 'ok' (HTTP 200), 'refused', or an HTTP status. */
export type Answer = 'ok' | 'refused' | number;

export interface RunCall {
  spec: CommandSpec;
  options: SpawnOptions;
}

export type RunScript = (call: RunCall) => CommandResult | Promise<CommandResult>;

export function commandLine(spec: CommandSpec): string {
  return [spec.command, ...spec.args].join(' ');
}

export function exitResult(exitCode: number | null, tail: string[] = [], extra: Partial<CommandResult> = {}): CommandResult {
  return { exitCode, tail, cancelled: false, ...extra };
}

/** A long-running service that never runs: the test decides what it prints and when it ends. */
export class FakeProcess implements ServiceProcess {
  readonly exited: Promise<CommandResult>;
  /** The grace period of every `stop()` call, in order. */
  readonly stops: (number | undefined)[] = [];
  /** How it answers health checks while alive; the test may change it at any time. */
  answer: Answer = 'ok';
  /** The share of one core its tree uses (CPU seconds per second of fake time); undefined: unknown, as off Linux. */
  cpuShare?: number;
  readonly output: string[] = [];
  private settle!: (result: CommandResult) => void;
  private result?: CommandResult;

  constructor(readonly pid: number, readonly spec: CommandSpec, readonly options: SpawnOptions, private readonly host: FakeHost) {
    this.exited = new Promise((resolve) => { this.settle = resolve; });
  }

  /** The TCP ports its tree listens on, as the host would find them from its sockets. */
  listening: number[] = [];

  async listeningPorts(): Promise<number[]> {
    return this.alive ? this.listening : [];
  }

  async cpuSeconds(): Promise<number | undefined> {
    return this.cpuShare === undefined ? undefined : (this.cpuShare * this.host.now()) / 1000;
  }

  get alive(): boolean {
    return this.result === undefined;
  }

  /** The port it was told to listen on (PORT in its environment). */
  get port(): number | undefined {
    const value = this.options.env.PORT;
    return value === undefined ? undefined : Number(value);
  }

  get exitResult(): CommandResult | undefined {
    return this.result;
  }

  print(line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    this.output.push(line);
    this.options.onLine?.(stream, line);
  }

  /** Prints `lines` on stderr, then ends by itself with `exitCode`. */
  exit(exitCode: number | null, lines: string[] = []): void {
    if (!this.alive) throw new Error(`fake process ${this.pid} already exited`);
    for (const line of lines) this.print(line, 'stderr');
    this.finish(exitCode === null ? exitResult(null, this.output.slice(-40), { signal: 'SIGKILL' }) : exitResult(exitCode, this.output.slice(-40)));
    this.host.record(`exit ${this.pid} code ${exitCode}`);
  }

  stop(graceMs?: number): Promise<void> {
    this.stops.push(graceMs);
    this.host.record(`stop ${this.pid}${this.alive ? '' : ' (already exited)'} grace ${graceMs}`);
    if (this.alive) this.finish(exitResult(null, this.output.slice(-40), { signal: 'SIGTERM' }));
    return this.exited.then(() => undefined);
  }

  private finish(result: CommandResult): void {
    this.result = result;
    this.settle(result);
  }
}

export interface FakeHostOptions {
  /** Versions `toolchains.version` reports, by command; a command absent here is "not installed". */
  versions?: Record<string, string | undefined>;
  /** Answers for `processes.run`; by default every command succeeds at once with no output. */
  run?: RunScript;
  /** Called with every process `spawn` creates, before `spawn` returns. */
  onSpawn?: (process: FakeProcess, index: number) => void;
  env?: Record<string, string | undefined>;
}

export const DEFAULT_VERSIONS: Record<string, string> = {
  node: '20.20.0', npm: '11.0.0', yarn: '1.22.22', pnpm: '9.15.0', python3: '3.12.3', go: '1.23.4', cargo: '1.83.0',
};

/** A Host whose world is scripted: see the header of this file. */
export class FakeHost implements Host {
  readonly fs = nodeFileSystem;
  env: Record<string, string | undefined>;
  /** Every call to the host that is not the file system, in order, as one line each. */
  readonly calls: string[] = [];
  readonly runs: RunCall[] = [];
  readonly spawned: FakeProcess[] = [];
  readonly reaped: { pid: number; marker: string }[] = [];
  readonly allocations: { preferred: number; exclude: number[]; port: number }[] = [];
  readonly released: number[] = [];
  readonly probes: { kind: 'http' | 'tcp'; port: number; path?: string; result: ProbeResult }[] = [];
  /** The `ms` of every `sleep` call, in order. */
  readonly sleeps: number[] = [];
  /** Health answers by port; they win over the answer of the process listening there. */
  readonly answers = new Map<number, Answer>();
  versions: Record<string, string | undefined>;
  runScript: RunScript;
  onSpawn?: (process: FakeProcess, index: number) => void;
  private clock = 1_000_000;
  private nextPid = 1000;
  private tokens = 0;
  private readonly held = new Set<number>();
  private readonly waiters = new Set<() => void>();

  constructor(options: FakeHostOptions = {}) {
    this.versions = { ...DEFAULT_VERSIONS, ...options.versions };
    this.runScript = options.run ?? (() => exitResult(0));
    this.onSpawn = options.onSpawn;
    this.env = options.env ?? { PATH: '/usr/bin:/bin', HOME: '/home/fake' };
  }

  record(line: string): void {
    this.calls.push(line);
    this.changed();
  }

  /** Wakes every `until` waiting for a condition: called on every recorded call, and by tests on every run event. */
  changed(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /**
   * Resolves once `condition` holds, checking it again after each change (a host call, or a run
   * event the test passes on through `changed`). No polling, no timer: a condition that never
   * comes true hangs, and the test's own timeout turns that into a failure. `what` only names
   * the wait for a reader of the test.
   */
  async until(condition: () => boolean, _what: string): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.waiters.add(resolve));
  }

  readonly processes: ProcessLauncher = {
    run: async (spec, options) => {
      this.runs.push({ spec, options });
      this.record(`run ${commandLine(spec)}`);
      return this.runScript({ spec, options });
    },
    spawn: (spec, options) => {
      const child = new FakeProcess(this.nextPid++, spec, options, this);
      this.spawned.push(child);
      this.record(`spawn ${commandLine(spec)} in ${options.cwd} port ${options.env.PORT} pid ${child.pid}`);
      this.onSpawn?.(child, this.spawned.length - 1);
      return child;
    },
    reap: async (pid, marker) => {
      this.reaped.push({ pid, marker });
      this.record(`reap ${pid}`);
      const child = this.spawned.find((p) => p.pid === pid && p.alive && p.options.env.REPO_RUNNER_RUN === marker);
      if (!child) return false;
      await child.stop();
      return true;
    },
  };

  readonly ports: PortAllocator = {
    allocate: async (preferred, exclude) => {
      let port = preferred;
      while (this.held.has(port) || exclude.has(port)) port++;
      this.held.add(port);
      this.allocations.push({ preferred, exclude: [...exclude].sort((a, b) => a - b), port });
      this.record(`allocate ${preferred} -> ${port}`);
      return port;
    },
    release: (port) => {
      this.held.delete(port);
      this.released.push(port);
      this.record(`release ${port}`);
    },
  };

  readonly probe: Prober = {
    http: async (port, path) => this.answerProbe('http', port, path),
    tcp: async (port) => this.answerProbe('tcp', port),
  };

  /** Absent unless a test gives one (then tools a service lacks are provided through it). */
  tools?: ToolProvisioner;

  readonly toolchains: ToolchainProbe = {
    version: async (command) => {
      this.record(`version ${command}`);
      return this.versions[command];
    },
  };

  readonly databases: DatabaseHost = {
    root: false,
    findLocal: async () => undefined,
    embedded: async () => { throw new Error('no embedded database in the fake host'); },
    dataDir: (root, name) => join(root, '.fake-data', name),
    prepare: async () => ({}),
    ping: async () => ({ ok: false, error: 'no database in the fake host' }),
    ensureDatabase: async () => undefined,
    removeDataDir: async () => undefined,
  };

  // The methods of Host are own arrow-function properties, not prototype methods: the
  // orchestrator copies the host with an object spread ({ ...host, processes }), which keeps
  // only own properties, and calls them on the copy.
  readonly now = (): number => this.clock;

  /** Fake time: moves the clock by `ms` and resolves on the next macrotask; rejects once `signal` is aborted. */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    this.record(`sleep ${ms}`);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      this.clock += ms;
      const onAbort = () => {
        clearImmediate(timer);
        reject(new Error('aborted'));
      };
      const timer = setImmediate(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  readonly hash = (text: string): string => createHash('sha256').update(text).digest('hex');

  /** Deterministic: 1, 2, 3… as `bytes` bytes of hex. */
  readonly randomToken = (bytes: number): string => {
    this.tokens++;
    return this.tokens.toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
  };

  /** The live process listening on `port`, if any. */
  listener(port: number): FakeProcess | undefined {
    return this.spawned.find((p) => p.alive && p.port === port);
  }

  private answerProbe(kind: 'http' | 'tcp', port: number, path?: string): ProbeResult {
    const answer = this.answers.get(port) ?? this.listener(port)?.answer ?? 'refused';
    // A port that is listening accepts a TCP connection whatever its HTTP answers would be.
    const result: ProbeResult = answer === 'ok' || (kind === 'tcp' && answer !== 'refused')
      ? { ok: true, status: kind === 'http' ? 200 : undefined }
      : answer === 'refused'
        ? { ok: false, error: 'ECONNREFUSED' }
        : answer < 500 ? { ok: true, status: answer } : { ok: false, error: `HTTP ${answer}` };
    this.probes.push({ kind, port, path, result });
    this.record(`probe ${kind} ${port} ${result.ok ? 'ok' : result.error}`);
    return result;
  }
}

/** Lets every pending callback run: `turns` macrotasks (setImmediate), no real waiting. */
export async function turns(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A small repository in a temp folder, as { path: content }; `root` is named `name` so the service name is predictable. */
export function fakeRepo(name: string, files: Record<string, string>): { root: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'rr-fakehost-'));
  const root = join(parent, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // maxRetries: an audit-log append may still land while the folder is being removed.
  return { root, cleanup: () => rmSync(parent, { recursive: true, force: true, maxRetries: 5 }) };
}

/** package.json + package-lock.json of a Node service started by `npm run start`. */
export function nodeService(name: string, extra: Record<string, unknown> = {}): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name, version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' }, ...extra }, null, 2),
    'package-lock.json': JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0' } } }, null, 2),
    'server.js': "require('express')().get('/', (_req, res) => res.send('ok')).listen(process.env.PORT);\n",
  };
}
