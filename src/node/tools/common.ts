// What the tool provisioner's parts share: the error a refused request carries, a child process
// that a cancellation stops with everything it started, PATH lookup and the nearest version.
import { execa } from 'execa';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProvisionableTool, ToolUnavailable } from '../../core/host.js';

export type Env = Record<string, string | undefined>;

export interface ProvideOptions {
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

/** The Error `provide` rejects with: `unavailable` says why, and what can be had instead. */
export class ToolUnavailableError extends Error {
  readonly unavailable: ToolUnavailable;

  constructor(unavailable: ToolUnavailable) {
    super(`${unavailable.tool}${unavailable.range ? ` ${unavailable.range}` : ''} is unavailable: ${unavailable.reason}${unavailable.nearest ? ` (nearest: ${unavailable.nearest})` : ''}`);
    this.name = 'ToolUnavailableError';
    this.unavailable = unavailable;
  }
}

export function unavailable(tool: ProvisionableTool, range: string | undefined, reason: string, extra: { nearest?: string; hint?: string } = {}): ToolUnavailableError {
  return new ToolUnavailableError({ tool, ...(range ? { range } : {}), reason, ...extra });
}

export function homeOf(env: Env): string {
  return env.HOME || homedir();
}

export function which(env: Env, name: string): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ChildResult {
  exitCode: number | undefined;
  stdout: string;
  /** stdout and stderr lines, in the order they came. */
  lines: string[];
  cancelled: boolean;
  spawnError?: string;
}

/**
 * Runs a program to completion (an argument array, no shell) in its own process group, so a
 * cancellation stops it and whatever it started (an install script): SIGTERM, SIGKILL 3 s later.
 */
export async function runChild(file: string, args: string[], options: { env: Env; cwd?: string; signal?: AbortSignal; onLine?: (line: string) => void; timeoutMs?: number }): Promise<ChildResult> {
  if (options.signal?.aborted) return { exitCode: undefined, stdout: '', lines: [], cancelled: true };
  const lines: string[] = [];
  const stdout: string[] = [];
  let cancelled = false;
  let subprocess;
  try {
    subprocess = execa(file, args, {
      env: options.env,
      extendEnv: false,
      cwd: options.cwd,
      detached: true,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
  } catch (error) {
    return { exitCode: undefined, stdout: '', lines: [], cancelled: false, spawnError: String(error) };
  }
  const pid = subprocess.pid;
  const group = (signal: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    cancelled = true;
    group('SIGTERM');
    killTimer = setTimeout(() => group('SIGKILL'), 3_000);
    killTimer.unref();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const readers = (['stdout', 'stderr'] as const).map((name) => {
    const stream = subprocess[name];
    if (!stream) return Promise.resolve();
    return new Promise<void>((done) => {
      const reader = createInterface({ input: stream, crlfDelay: Infinity });
      reader.on('line', (line) => {
        if (name === 'stdout') stdout.push(line);
        if (lines.length < 5_000) lines.push(line);
        options.onLine?.(line);
      });
      reader.on('close', () => done());
    });
  });
  try {
    const result = await subprocess;
    await Promise.all(readers);
    if (result.timedOut) group('SIGKILL');
    const spawnError = result.failed && result.exitCode === undefined && !result.signal && !cancelled && !result.timedOut ? result.shortMessage : undefined;
    return { exitCode: result.exitCode, stdout: stdout.join('\n'), lines, cancelled, ...(spawnError ? { spawnError } : {}) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
    if (cancelled) group('SIGKILL'); // what the leader left behind
  }
}

/** Numeric parts of a version ('3.12.1' → [3, 12, 1]); undefined for a pre-release or anything else. */
export function numericParts(version: string): number[] | undefined {
  return /^\d+(\.\d+)*$/.test(version) ? version.split('.').map(Number) : undefined;
}

export function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * The published (or installed) version closest to the one asked for: one of the same major when
 * there is one, the newest not above it, else the oldest above it. Pre-releases are never suggested.
 */
export function nearestVersion(available: string[], wanted: string | undefined): string | undefined {
  const parsed = available.map((v) => ({ v, parts: numericParts(v) })).filter((x): x is { v: string; parts: number[] } => x.parts !== undefined);
  if (parsed.length === 0) return undefined;
  parsed.sort((a, b) => compareParts(a.parts, b.parts));
  const want = wanted ? /\d+(\.\d+)*/.exec(wanted)?.[0].split('.').map(Number) : undefined;
  if (!want) return parsed[parsed.length - 1].v;
  const sameMajor = parsed.filter((x) => x.parts[0] === want[0]);
  const pool = sameMajor.length > 0 ? sameMajor : parsed;
  const below = pool.filter((x) => compareParts(x.parts, want) <= 0);
  return below.length > 0 ? below[below.length - 1].v : pool[0].v;
}

/** The line of a program's output that says what went wrong, without the noise around it. */
export function meaningfulLine(lines: string[], patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const found = lines.find((line) => pattern.test(line));
    if (found) return found.trim();
  }
  return undefined;
}
