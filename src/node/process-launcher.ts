// Starts commands with execa (argument arrays, never a shell), each in its own process group,
// streams their output line by line, and stops whole process trees with tree-kill.
import { execa, type Result, type ResultPromise } from 'execa';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import treeKill from 'tree-kill';
import { BoundedLines } from '../core/bounded-lines.js';
import type { CommandResult, ProcessLauncher, ServiceProcess, SpawnOptions } from '../core/host.js';
import type { CommandSpec } from '../core/model.js';
import { MARKER_ENV } from '../core/run-context.js';
import { ensureWatchdog, OWNER_ENV } from './watchdog.js';
import { treeCpuSeconds, treeListeningPorts } from './dashboard/process-metrics.js';

const TAIL_LINES = 200;

export const nodeProcessLauncher: ProcessLauncher = {
  async run(spec, options) {
    const child = launch(spec, options, false);
    return child.exited;
  },
  spawn(spec, options) {
    return launch(spec, options, true);
  },
  async reap(pid, marker) {
    if (!carriesMarker(pid, marker)) return false;
    await killTree(pid, 'SIGTERM');
    if (await waitGone(pid, 3_000)) return true;
    await killTree(pid, 'SIGKILL');
    return true;
  },
};

/**
 * `service`: a process that keeps running gets a stdin that stays open, as a terminal's does (dev
 * servers such as Create React App 3 stop with success when stdin ends); a command that runs to
 * its end (an install, a migration) gets none, so a prompt fails at once instead of waiting.
 */
function launch(spec: CommandSpec, options: SpawnOptions, service: boolean): ServiceProcess {
  const command = spec.command.includes('/') && !isAbsolute(spec.command) ? resolve(options.cwd, spec.command) : spec.command;
  const tail = new BoundedLines(TAIL_LINES);
  let cancelled = false;
  let subprocess: ResultPromise;
  try {
    const owner = ensureWatchdog();
    subprocess = execa(command, spec.args, {
      cwd: options.cwd,
      env: owner ? { ...options.env, [OWNER_ENV]: owner } : options.env,
      extendEnv: false,
      detached: true, // its own process group: a terminal's Ctrl-C reaches us, and we stop it in order
      stdin: service ? 'pipe' : 'ignore',
      buffer: false,
      reject: false,
      windowsHide: true,
    });
  } catch (error) {
    const exited = Promise.resolve<CommandResult>({ exitCode: null, tail: [], cancelled: false, spawnError: String(error) });
    return { pid: undefined, exited, stop: async () => undefined };
  }
  for (const [stream, readable] of [['stdout', subprocess.stdout], ['stderr', subprocess.stderr]] as const) {
    if (!readable) continue;
    createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      options.onLine?.(stream, line);
    });
  }
  const pid = subprocess.pid;
  let stopping: Promise<void> | undefined;
  const settled = subprocess.then((result) => result);
  const leaderExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => subprocess.once('exit', (code, signal) => done({ code, signal })));
  const exited = (async (): Promise<CommandResult> => {
    // execa settles only when the output pipes close, which a surviving grandchild can delay
    // for ever: the leader's exit is what ends the command.
    const first = await Promise.race([settled.then((result) => ({ result })), leaderExit.then((exit) => ({ exit }))]);
    if ('result' in first) return toResult(first.result, tail, cancelled, spec.command);
    if (pid !== undefined) signalGroup(pid, 'SIGKILL'); // what the leader left in its group
    const late = await Promise.race([settled, delay(1_000).then(() => undefined)]);
    if (late) return toResult(late, tail, cancelled, spec.command);
    return { exitCode: first.exit.code, signal: first.exit.signal ?? undefined, tail: tail.tail(), cancelled };
  })();
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      if (pid === undefined) return;
      await killTree(pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      // Even when the leader exited, members of its group may linger.
      await killTree(pid, 'SIGKILL');
      if (!done) await exited;
    })();
    return stopping;
  };
  const onAbort = () => {
    cancelled = true;
    void stop(1_000);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  void exited.then(() => options.signal?.removeEventListener('abort', onAbort));
  return { pid, exited, stop, cpuSeconds: async () => (pid === undefined ? undefined : treeCpuSeconds(pid)), listeningPorts: async () => (pid === undefined ? [] : treeListeningPorts(pid)) };
}

function toResult(result: Result, tail: BoundedLines, cancelled: boolean, command: string): CommandResult {
  const spawnError = result.failed && result.exitCode === undefined && !result.signal ? result.originalMessage || result.shortMessage : undefined;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal,
    tail: spawnError ? [...tail.tail(), spawnError] : tail.tail(),
    cancelled,
    spawnError: spawnError && /ENOENT/.test(spawnError) ? `${command}: command not found` : spawnError,
  };
}

/** Signals the process group (the child was started detached) and every descendant. */
async function killTree(pid: number, signal: NodeJS.Signals): Promise<void> {
  signalGroup(pid, signal);
  await new Promise<void>((done) => treeKill(pid, signal, () => done()));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // no such group: already gone
  }
}

/** Reads /proc to tell whether a process was started by us (Linux); elsewhere, assume not. */
export function carriesMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARKER_ENV}=${marker}`);
  } catch {
    return false;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await delay(100);
  }
  return false;
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
