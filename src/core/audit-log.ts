// The audit log: every command the engine runs or starts, with its folder and how it ended, one
// JSON object per line in .repo-runner/audit.log (kept below 2 MB: the older half moves to
// audit.log.1). Arguments pass through maskUrl, so passwords in URLs never land on disk; the
// environment is not logged.
import { posix } from 'node:path';
import { STATE_DIR } from './checkpoint.js';
import { maskUrl } from './secrets/index.js';
import type { CommandResult, FileSystemLike, ProcessLauncher } from './host.js';
import type { CommandSpec } from './model.js';

const MAX_BYTES = 2 * 1024 * 1024;

export interface AuditEntry {
  at: string;
  event: 'ran' | 'started' | 'exited';
  argv: string[];
  cwd: string;
  pid?: number;
  exitCode?: number | null;
  signal?: string;
  error?: string;
  cancelled?: boolean;
  ms?: number;
}

/** A launcher that records what `inner` runs into the repo's audit log. */
export function auditedLauncher(inner: ProcessLauncher, fs: FileSystemLike, root: string, now: () => number = Date.now): ProcessLauncher {
  const file = posix.join(root, STATE_DIR, 'audit.log');
  let writing = rotate(fs, file);
  const write = (entry: AuditEntry) => {
    writing = writing.then(() => fs.appendText(file, `${JSON.stringify(entry)}\n`)).catch(() => undefined);
  };
  const base = (spec: CommandSpec, cwd: string) => ({ at: new Date(now()).toISOString(), argv: [spec.command, ...spec.args].map(maskUrl), cwd });
  const outcome = (result: CommandResult) => ({
    exitCode: result.exitCode, ...(result.signal ? { signal: result.signal } : {}), ...(result.spawnError ? { error: result.spawnError } : {}), ...(result.cancelled ? { cancelled: true } : {}),
  });
  return {
    async run(spec, options) {
      const started = now();
      const result = await inner.run(spec, options);
      write({ ...base(spec, options.cwd), event: 'ran', ...outcome(result), ms: now() - started });
      return result;
    },
    spawn(spec, options) {
      const started = now();
      const child = inner.spawn(spec, options);
      write({ ...base(spec, options.cwd), event: 'started', pid: child.pid });
      void child.exited.then((result) => write({ ...base(spec, options.cwd), event: 'exited', pid: child.pid, ...outcome(result), ms: now() - started }));
      return child;
    },
    reap: (pid, marker) => inner.reap(pid, marker),
  };
}

async function rotate(fs: FileSystemLike, file: string): Promise<void> {
  try {
    await fs.mkdirp(posix.dirname(file));
    const size = (await fs.stat(file))?.size ?? 0;
    if (size < MAX_BYTES) return;
    const text = (await fs.readText(file)) ?? '';
    await fs.writeTextAtomic(`${file}.1`, text);
    await fs.writeTextAtomic(file, '');
  } catch {
    // An audit log that cannot be rotated is appended to as it is.
  }
}

/** An action a person asked for outside the pipeline (from the dashboard or the local API): who, what, on what, and how it ended. */
export interface ActionEntry {
  at: string;
  event: 'action';
  action: string;
  target?: string;
  /** Which face asked: `dashboard` (the local API) or another. */
  by: string;
  ok: boolean;
  detail?: string;
}

/** Appends an action to the repo's audit log (the same file as the commands); never throws. */
export async function auditAction(fs: FileSystemLike, root: string, entry: Omit<ActionEntry, 'at' | 'event'>, now: () => number = Date.now): Promise<void> {
  const file = posix.join(root, STATE_DIR, 'audit.log');
  const line: ActionEntry = { at: new Date(now()).toISOString(), event: 'action', ...entry, ...(entry.detail ? { detail: maskUrl(entry.detail) } : {}) };
  try {
    await fs.mkdirp(posix.dirname(file));
    await fs.appendText(file, `${JSON.stringify(line)}\n`);
  } catch {
    // An action is not refused because its audit line could not be written.
  }
}
