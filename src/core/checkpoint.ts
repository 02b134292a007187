// The run's memory, kept in .repo-runner/state.json inside the workspace: what was installed
// (fingerprints), which ports services had, how each phase ended, and every process started,
// so that the next run can reuse the work and stop anything an earlier run left behind.
import { posix } from 'node:path';
import type { CachedPlan } from './detect/plan-cache.js';
import type { FileSystemLike } from './host.js';
import type { PhaseName, PhaseStatus } from './model.js';

export const STATE_DIR = '.repo-runner';
const STATE_FILE = 'state.json';
const VERSION = 1;

export interface ProcessRecord {
  pid: number;
  service: string;
  command: string;
  startedAt: number;
  /** The value of the marker variable the process was started with: proves it is ours. */
  marker: string;
}

export interface CheckpointData {
  version: number;
  updatedAt: number;
  phases: Partial<Record<PhaseName, { status: PhaseStatus; durationMs?: number }>>;
  /** `seedPending`: the seed of a new database failed; the next run tries it again. */
  services: Record<string, { port?: number; installFingerprint?: string; seedPending?: boolean }>;
  processes: ProcessRecord[];
  /** The last plan and what it was derived from, to skip detection when nothing changed. */
  plan?: CachedPlan;
  /** Per dotenv file (relative to the root): hashes of the values Repo Runner wrote there, by name. */
  env?: Record<string, Record<string, string>>;
  /** Config files Repo Runner made from an example (relative to the root): the hash of what it wrote. Never made twice. */
  copies?: Record<string, string>;
  /** The last runs' phase timings, oldest first (at most RUN_HISTORY), so a run can be compared with the one before. */
  runs?: RunTimings[];
}

/** How long each phase of one pass took, and how the pass ended. */
export interface RunTimings {
  /** When the run started (epoch ms). */
  at: number;
  outcome: string;
  totalMs: number;
  phases: Partial<Record<PhaseName, number>>;
}

export const RUN_HISTORY = 10;

/** Adds a run's timings to the history, keeping the last RUN_HISTORY. */
export function recordTimings(data: CheckpointData, timings: RunTimings): void {
  data.runs = [...(data.runs ?? []), timings].slice(-RUN_HISTORY);
}

export class Checkpoint {
  private data: CheckpointData = empty();
  private writing: Promise<void> = Promise.resolve();
  /** Set when the state file existed but could not be read, so the caller can warn. */
  corrupt?: string;

  constructor(private readonly root: string, private readonly fs: FileSystemLike) {}

  get state(): Readonly<CheckpointData> {
    return this.data;
  }

  async load(): Promise<void> {
    const text = await this.fs.readText(this.path());
    if (text === undefined) return;
    try {
      const parsed = JSON.parse(text) as CheckpointData;
      if (parsed.version !== VERSION || typeof parsed.services !== 'object' || !Array.isArray(parsed.processes)) throw new Error('unexpected shape');
      this.data = parsed;
    } catch (error) {
      this.corrupt = `${STATE_DIR}/${STATE_FILE} could not be read (${error instanceof Error ? error.message : String(error)}); starting afresh`;
      await this.fs.writeTextAtomic(`${this.path()}.corrupt`, text).catch(() => undefined);
    }
  }

  update(change: (data: CheckpointData) => void): Promise<void> {
    change(this.data);
    this.data.updatedAt = Date.now();
    const snapshot = JSON.stringify(this.data, null, 2);
    // Writes are serialised so an older snapshot never lands after a newer one.
    this.writing = this.writing.then(() => this.write(snapshot)).catch(() => undefined);
    return this.writing;
  }

  private async write(snapshot: string): Promise<void> {
    const dir = posix.join(this.root, STATE_DIR);
    await this.fs.mkdirp(dir);
    if (!(await this.fs.exists(posix.join(dir, '.gitignore')))) {
      await this.fs.writeTextAtomic(posix.join(dir, '.gitignore'), '# Written by Repo Runner: its state is local to this machine.\n*\n');
    }
    await this.fs.writeTextAtomic(this.path(), snapshot);
  }

  private path(): string {
    return posix.join(this.root, STATE_DIR, STATE_FILE);
  }
}

function empty(): CheckpointData {
  return { version: VERSION, updatedAt: 0, phases: {}, services: {}, processes: [] };
}
