// Everything a phase needs while a run is under way: the plan, the services' live state,
// the host's ports into the world, the checkpoint, and the way to report.
import { LOOPBACK } from './bind-address.js';
import { BoundedLines } from './bounded-lines.js';
import type { Checkpoint } from './checkpoint.js';
import type { CommandResult, Host, ServiceProcess } from './host.js';
import type { Connection } from './database/connection.js';
import { formatUrl } from './database/connection.js';
import type { CommandSpec, DatabaseNeed, DatabaseSource, DatabaseState, DatabaseStatus, EnvValue, Finding, Plan, RunEvent, ServicePlan, ServiceStatus } from './model.js';

export interface EngineOptions {
  /** How long a service may take to answer its health check after it starts. */
  healthTimeoutMs: number;
  /** How often a running service is checked again. */
  healthIntervalMs: number;
  /** Consecutive failed checks before a running service is reported unhealthy. */
  unhealthyAfter: number;
  /** Automatic fixes applied in one run, at most. */
  maxRetries: number;
  /** How long a stopping process gets between SIGTERM and SIGKILL. */
  stopGraceMs: number;
  /** What happens when a service that was healthy exits. */
  restartPolicy: 'never' | 'on-failure' | 'always';
  /** Restarts of one service in a run before it is declared a crash loop. */
  maxRestarts: number;
  /**
   * The address services are told to listen on (`{host}` in start commands, HOST in their
   * environment): loopback, so nothing is reachable from the network unless the user asks.
   */
  bindAddress: string;
  /**
   * Whether a package manager or runtime the repo needs and the machine lacks (or has at another
   * version) is brought into Repo Runner's cache and used; off, it is only reported.
   */
  provisionTools: boolean;
  /**
   * An install that prints nothing for this long has the hosts its dependencies come from checked
   * (a git+ssh dependency on a host that never answers hangs silently); one out of reach ends it.
   */
  installQuietMs: number;
  /**
   * Where services with an OpenTelemetry SDK send traces and logs (the dashboard's receiver);
   * absent: they are told nothing.
   */
  telemetry?: { endpoint: string; token: string };
}

export const DEFAULT_OPTIONS: EngineOptions = {
  healthTimeoutMs: 120_000,
  healthIntervalMs: 5_000,
  unhealthyAfter: 3,
  maxRetries: 3,
  stopGraceMs: 5_000,
  restartPolicy: 'on-failure',
  maxRestarts: 5,
  bindAddress: LOOPBACK,
  provisionTools: true,
  installQuietMs: 60_000,
};

/** The variable every process the engine starts carries, so it can be recognised later. */
export const MARKER_ENV = 'REPO_RUNNER_RUN';

export class ServiceRuntime {
  status: ServiceStatus = 'pending';
  port?: number;
  process?: ServiceProcess;
  /** When its current process was started (host clock). */
  startedAt?: number;
  /** When its current process last printed a line (host clock). */
  lastOutputAt?: number;
  /** How the last process of this service ended. */
  lastExit?: CommandResult;
  /** Set when a phase failed for this service: later phases leave it alone. */
  failed?: Finding;
  readonly output = new BoundedLines();
  /** Set once the service first answered its health check. */
  everHealthy = false;
  /** Automatic restarts after crashes, in this run. */
  restarts = 0;
  /** Its release steps ran in this run (they run once, not on every restart). */
  released = false;
  /** How long its last successful health check (after it became healthy) took, in ms. */
  healthLatencyMs?: number;
  /** Its installed dependencies hold an OpenTelemetry SDK (checked before it starts, when the run has a receiver). */
  otelSdk = false;
  /** Values from its dotenv file (the user's and the ones Repo Runner wrote), passed to its processes. */
  fileEnv: Record<string, string> = {};
  /** Every variable it gets, where each came from (secrets masked), for the UI. */
  envValues: EnvValue[] = [];
  /** For a service checked on its port alone: whether it answered HTTP (undefined until asked). */
  speaksHttp?: boolean;
  /** Folders of the tools provided for it (first on the PATH of its installs, migrations and start). */
  toolDirs: string[] = [];
  /** Variables that select its toolchain (e.g. GOTOOLCHAIN), set by the requirements phase. */
  toolEnv: Record<string, string> = {};
  /** Set while it runs under its debugger: the start command and variables that switch it on, and the debugger's port. */
  debug?: { start: CommandSpec; env: Record<string, string>; port: number };

  constructor(readonly plan: ServicePlan) {}

  get name(): string {
    return this.plan.name;
  }

  /** The host name its URL uses when the server accepts only that name (ProbeResult.hostName); else the loopback address. */
  urlHost?: string;

  get url(): string | undefined {
    if (this.port === undefined || this.plan.health.kind === 'none') return undefined;
    const host = this.urlHost ?? LOOPBACK;
    return this.plan.health.kind !== 'tcp' || this.speaksHttp ? `http://${host}:${this.port}` : `tcp://${host}:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined && (this.status === 'starting' || this.status === 'healthy' || this.status === 'unhealthy');
  }
}

export class DatabaseRuntime {
  status: DatabaseStatus = 'pending';
  source?: DatabaseSource;
  reason?: string;
  port?: number;
  process?: ServiceProcess;
  /** Repo Runner's folder for it (data, socket, credentials); absent for a server the user runs. */
  dir?: string;
  version?: string;
  /** How apps log in. */
  connection?: Connection;
  /** Set when this run created its data folder: a fresh database gets the seeds. */
  created = false;
  /** Automatic restarts after its server exited, in this run. */
  restarts = 0;
  /** The server's own output, bounded. */
  readonly output = new BoundedLines();

  constructor(readonly need: DatabaseNeed) {}

  get name(): string {
    return this.need.name;
  }

  get running(): boolean {
    return this.process !== undefined && this.status !== 'stopped' && this.status !== 'failed';
  }

  state(detail?: string): DatabaseState {
    return {
      name: this.name, engine: this.need.engine, status: this.status, source: this.source, reason: this.reason, port: this.port,
      url: this.connection ? formatUrl(this.connection, { mask: true }) : undefined, dataDir: this.dir, version: this.version, detail,
    };
  }
}

export interface RunContext {
  readonly root: string;
  readonly host: Host;
  /** Mutable only to shorten the stop grace period when the run must end quickly. */
  options: EngineOptions;
  readonly signal: AbortSignal;
  readonly checkpoint: Checkpoint;
  /** The value of MARKER_ENV for this run. */
  readonly marker: string;
  plan: Plan;
  readonly services: Map<string, ServiceRuntime>;
  readonly databases: Map<string, DatabaseRuntime>;
  /** Ports the Fixer found taken: never handed out again in this run. */
  readonly avoidPorts: Set<number>;
  emit(event: RunEvent): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  setStatus(service: ServiceRuntime, status: ServiceStatus, extra?: { exitCode?: number | null; detail?: string }): void;
  setDatabase(database: DatabaseRuntime, status: DatabaseStatus, detail?: string): void;
  /** A service's process ended by itself (not stopped by us). */
  serviceExited(service: ServiceRuntime, result: CommandResult): void;
  /** A database server Repo Runner started, and that was healthy, ended by itself. */
  databaseExited(database: DatabaseRuntime): void;
}

/**
 * A service the plan knows no protocol for (a plain program, a worker): when it ends with exit
 * code 0 it was a job that did its work, not a server that died.
 */
export function mayBeAJob(service: ServiceRuntime): boolean {
  return service.plan.health.kind === 'tcp' || service.plan.health.kind === 'none';
}

/** Done for this pass: answering, or a job that finished. */
export function settled(service: ServiceRuntime): boolean {
  return service.status === 'healthy' || service.status === 'completed';
}

/** Services still in the race: not failed in an earlier phase. */
export function activeServices(ctx: RunContext): ServiceRuntime[] {
  return [...ctx.services.values()].filter((s) => !s.failed);
}

/** Stops a service's process tree (SIGTERM, then SIGKILL after the grace period); says so if it was running. */
export async function stopServiceProcess(ctx: RunContext, service: ServiceRuntime): Promise<void> {
  if (!service.process) return;
  const wasRunning = service.running;
  service.status = 'stopped';
  await service.process.stop(ctx.options.stopGraceMs);
  service.process = undefined;
  if (wasRunning) ctx.setStatus(service, 'stopped');
}
