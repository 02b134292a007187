// What the engine needs from the outside world. The engine only touches files, processes,
// ports and the network through these interfaces; src/node implements them for real.
import type { CommandSpec } from './model.js';

export interface DirEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

/** Paths are absolute. */
export interface FileSystemLike {
  readText(path: string): Promise<string | undefined>;
  list(dir: string): Promise<DirEntry[]>;
  exists(path: string): Promise<boolean>;
  /** Writes through a temporary file and a rename, so readers never see half a file. */
  writeTextAtomic(path: string, text: string): Promise<void>;
  mkdirp(path: string): Promise<void>;
}

export interface CommandResult {
  exitCode: number | null;
  signal?: string;
  /** The last lines of combined output, bounded. */
  tail: string[];
  cancelled: boolean;
  /** Set when the command could not be started at all (e.g. not on PATH). */
  spawnError?: string;
}

export interface SpawnOptions {
  /** Absolute working directory. */
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** A long-running child process and every process it starts. */
export interface ServiceProcess {
  readonly pid: number | undefined;
  /** Settles when the process exits, whatever the reason. */
  readonly exited: Promise<CommandResult>;
  /** Stops the whole process tree: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ProcessLauncher {
  /** Runs a command to completion (installs, version probes). Cancelling kills its tree. */
  run(spec: CommandSpec, options: SpawnOptions): Promise<CommandResult>;
  /** Starts a long-running command (a service). */
  spawn(spec: CommandSpec, options: SpawnOptions): ServiceProcess;
  /** Stops a process tree left behind by an earlier run, if `pid` still carries `marker`. */
  reap(pid: number, marker: string): Promise<boolean>;
}

export interface PortAllocator {
  /** A free port on 127.0.0.1, `preferred` when it is free, never one of `exclude`. */
  allocate(preferred: number, exclude: ReadonlySet<number>): Promise<number>;
  /** The port's service is gone: it may be handed out again. */
  release(port: number): void;
}

export type ProbeResult = { ok: true; status?: number } | { ok: false; error: string };

export interface Prober {
  http(port: number, path: string, timeoutMs: number): Promise<ProbeResult>;
  tcp(port: number, timeoutMs: number): Promise<ProbeResult>;
}

export interface ToolchainProbe {
  /** The installed version of a tool ('20.20.2') as `command ...versionArgs` prints it, or undefined when it is not installed. */
  version(command: string, versionArgs?: string[]): Promise<string | undefined>;
}

export interface Host {
  fs: FileSystemLike;
  processes: ProcessLauncher;
  ports: PortAllocator;
  probe: Prober;
  toolchains: ToolchainProbe;
  /** The environment services inherit. */
  env: Record<string, string | undefined>;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Content hash for fingerprints. */
  hash(text: string): string;
}
