// The orchestrator owns a run: it wires the context, the pipeline of phases, the Fixer bridge
// and the supervisor together, keeps the checkpoint, and stops every process it started when
// asked or cancelled. The parts live in run/: pipeline (phases in order, automatic fixes and
// retries), fixer-bridge (diagnoses, the LLM, masking), supervisor (exits, health, restarts),
// session-report (leftovers of an earlier run, the summary of a pass).
import { auditedLauncher } from './audit-log.js';
import { recordTimings, type RunTimings } from './checkpoint.js';
import { resolveBindAddress } from './bind-address.js';
import { stopDatabase } from './database/provision.js';
import { maskEvent, secretsOfRun } from './secrets/index.js';
import { PHASES, type Finding, type PhaseName, type PhaseStatus, type Plan, type RunEvent, type RunOutcome } from './model.js';
import { waitHealthy } from './phases/health-phase.js';
import { startService } from './phases/run-phase.js';
import { FixerBridge, type Assistants } from './run/fixer-bridge.js';
import { createRunContext } from './run/create-context.js';
import { Pipeline } from './run/pipeline.js';
import { reapLeftovers, runSummary } from './run/session-report.js';
import { Supervisor } from './run/supervisor.js';
import { askedOnce } from './requirements/toolchains.js';
import { stopServiceProcess, type DatabaseRuntime, type EngineOptions, type RunContext, type ServiceRuntime } from './run-context.js';
import type { Host } from './host.js';

export interface RunRequest extends Assistants {
  root: string;
  host: Host;
  options?: Partial<EngineOptions>;
  onEvent?: (event: RunEvent) => void;
  /** Aborting it cancels the run and stops everything it started. */
  signal?: AbortSignal;
  /** Step by step: awaited after each phase but the last, before the next one starts. */
  afterPhase?: (phase: PhaseName, status: PhaseStatus) => Promise<void>;
}

export class RunSession {
  /** Settles when the first pass of the pipeline has ended: healthy, failed, cancelled, or nothing to run. */
  readonly ready: Promise<RunOutcome>;
  /** The value of REPO_RUNNER_RUN in every process this run starts. */
  readonly marker: string;
  private readonly controller = new AbortController();
  private readonly ctx: RunContext;
  private readonly fixer: FixerBridge;
  private readonly pipeline: Pipeline;
  private readonly supervisor: Supervisor;
  private current: Promise<RunOutcome>;
  private stopped?: Promise<void>;
  private secrets: string[] = [];
  private earlierRuns: RunTimings[] = [];
  /** Toolchain versions, asked once per pass: a retry asks again (the user may have installed one). */
  private readonly toolchains: ReturnType<typeof askedOnce>;

  constructor(request: RunRequest) {
    const { root } = request;
    this.toolchains = askedOnce(request.host.toolchains);
    // Every command the run starts is written to the repo's audit log; each tool is asked its version once per run.
    const host = { ...request.host, processes: auditedLauncher(request.host.processes, request.host.fs, root, () => request.host.now()), toolchains: this.toolchains };
    const emit = (event: RunEvent) => {
      try {
        // Secrets change only between phases; output lines reuse the last list.
        if (event.type !== 'output') this.secrets = this.runSecrets();
        request.onEvent?.(maskEvent(event, this.secrets));
      } catch {
        // A listener's failure must not break the run.
      }
    };
    request.signal?.addEventListener('abort', () => void this.stop(), { once: true });
    if (request.signal?.aborted) this.controller.abort();
    this.marker = host.hash(`${root}\n${host.now()}\n${Math.random()}`).slice(0, 16);
    this.ctx = createRunContext({
      root, host, emit, options: request.options, signal: this.controller.signal, marker: this.marker,
      serviceExited: (service, result) => this.supervisor.serviceExited(service, result),
      databaseExited: (database) => this.supervisor.databaseExited(database),
    });
    this.fixer = new FixerBridge(this.ctx, request, () => this.runSecrets());
    this.supervisor = new Supervisor(this.ctx, {
      restartService: (name) => this.restartService(name),
      report: (finding) => this.fixer.report(finding),
      stopping: () => this.stopped !== undefined,
    });
    this.pipeline = new Pipeline(this.ctx, this.fixer, { afterPhase: request.afterPhase, watch: () => this.supervisor.watch() });
    this.current = this.ready = this.settle(this.firstPass());
  }

  get plan(): Plan { return this.ctx.plan; }
  get services(): ServiceRuntime[] { return [...this.ctx.services.values()]; }
  get databases(): DatabaseRuntime[] { return [...this.ctx.databases.values()]; }
  get root(): string { return this.ctx.root; }
  /** Every finding of the run, secrets masked. */
  get findings(): Finding[] { return this.fixer.findings; }
  /** The first phase that failed in the last pass, if any. */
  get failedPhase(): PhaseName | undefined { return this.pipeline.failed; }

  /**
   * Runs the pipeline again for the services that failed, after the user fixed something.
   * Every phase after detection is idempotent (unchanged installs are skipped, healthy services
   * kept), so it restarts at requirements: a fix to a manifest is installed, and a failed service
   * is stopped and started again with the fixed code.
   */
  retry(): Promise<RunOutcome> {
    const failed = this.failedPhase;
    if (this.stopped || !failed) return this.current;
    const from = Math.min(PHASES.indexOf(failed), PHASES.indexOf('requirements'));
    this.current = this.current.then(async () => {
      this.toolchains.forget();
      // A failed service may still be running its old code (e.g. on the wrong port): start it afresh.
      await Promise.all(this.services.filter((s) => s.failed).map((s) => stopServiceProcess(this.ctx, s)));
      for (const service of this.services) service.failed = undefined;
      for (const phase of PHASES.slice(from)) this.ctx.emit({ type: 'phase', phase, status: 'pending' });
      return this.settle(this.pipeline.drive(from));
    });
    return this.current;
  }

  /** Stops one service and starts it again on the same port; resolves once it is healthy or has failed. */
  async restartService(name: string): Promise<boolean> {
    const service = this.ctx.services.get(name);
    if (!service || this.stopped || service.port === undefined) return false;
    await stopServiceProcess(this.ctx, service);
    service.failed = undefined;
    startService(this.ctx, service);
    const failure = await waitHealthy(this.ctx, service);
    if (failure) {
      await this.fixer.diagnose([failure]);
      return false;
    }
    this.supervisor.watch();
    return true;
  }

  /** Stops one service (its whole tree) and leaves it stopped; the supervisor does not restart it. */
  async stopService(name: string): Promise<boolean> {
    const service = this.ctx.services.get(name);
    if (!service || this.stopped || !service.process) return false;
    await stopServiceProcess(this.ctx, service);
    return true;
  }

  /** Starts a stopped (or crashed) service again on its port; a running one is left as it is. */
  startService(name: string): Promise<boolean> {
    const service = this.ctx.services.get(name);
    if (service?.running) return Promise.resolve(true);
    return this.restartService(name);
  }

  /**
   * Runs the pipeline again from `phase` (after the current pass). Every phase after detection
   * is idempotent: unchanged installs are skipped and healthy services kept.
   */
  rerunFrom(phase: PhaseName): Promise<RunOutcome> {
    const from = Math.max(1, PHASES.indexOf(phase));
    if (this.stopped) return this.current;
    this.current = this.current.then(async () => {
      this.toolchains.forget();
      for (const service of this.services) service.failed = undefined;
      for (const later of PHASES.slice(from)) this.ctx.emit({ type: 'phase', phase: later, status: 'pending' });
      return this.settle(this.pipeline.drive(from));
    });
    return this.current;
  }

  /**
   * Stops every process of the run (whole trees), keeps the checkpoint. Safe to call twice.
   * `graceMs` shortens the wait between SIGTERM and SIGKILL (e.g. when the editor closes).
   */
  stop(graceMs?: number): Promise<void> {
    if (graceMs !== undefined) this.ctx.options.stopGraceMs = Math.min(graceMs, this.ctx.options.stopGraceMs);
    this.stopped ??= (async () => {
      this.controller.abort();
      const supervised = this.supervisor.dispose();
      await this.current.catch(() => undefined);
      await supervised;
      await Promise.all(this.services.map((s) => stopServiceProcess(this.ctx, s)));
      // Databases last: their clients are gone, so they shut down at once; their data stays.
      await Promise.all(this.databases.map((d) => stopDatabase(this.ctx, d)));
      for (const service of this.services) if (service.port !== undefined) this.ctx.host.ports.release(service.port);
      for (const database of this.databases) if (database.port !== undefined && database.source !== 'configured') this.ctx.host.ports.release(database.port);
      await this.ctx.checkpoint.update((d) => { d.processes = d.processes.filter((p) => p.marker !== this.marker); });
      this.ctx.emit({ type: 'run', status: 'stopped' });
    })();
    return this.stopped;
  }

  /** The timings of the runs before this one, oldest first (from the checkpoint). */
  get history(): readonly RunTimings[] {
    return this.earlierRuns;
  }

  private settle(pass: Promise<RunOutcome>): Promise<RunOutcome> {
    const started = this.ctx.host.now();
    return pass.catch((error: unknown) => {
      this.ctx.log('error', `internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return 'failed' as const;
    }).then(async (outcome) => {
      // Each pass's phase timings join the checkpoint's history, so the next run can be compared with this one.
      const phases = Object.fromEntries(PHASES.map((p) => [p, this.ctx.checkpoint.state.phases[p]?.durationMs]).filter(([, ms]) => ms !== undefined));
      if (outcome !== 'cancelled') await this.ctx.checkpoint.update((d) => recordTimings(d, { at: started, outcome, totalMs: this.ctx.host.now() - started, phases }));
      this.ctx.emit({ type: 'run', status: outcome, detail: runSummary(outcome, this.ctx.plan, this.services, this.findings) });
      return outcome;
    });
  }

  private async firstPass(): Promise<RunOutcome> {
    const ctx = this.ctx;
    await ctx.checkpoint.load();
    if (ctx.checkpoint.corrupt) ctx.log('warn', ctx.checkpoint.corrupt);
    this.earlierRuns = [...(ctx.checkpoint.state.runs ?? [])];
    const bind = resolveBindAddress(ctx.options.bindAddress);
    ctx.options.bindAddress = bind.address;
    for (const warning of bind.warnings) ctx.log('warn', warning);
    await reapLeftovers(ctx);
    for (const phase of PHASES) ctx.emit({ type: 'phase', phase, status: 'pending' });
    return this.pipeline.drive(0);
  }

  /** The run's secret values: secret-named settings of its services and every database password. */
  private runSecrets(): string[] {
    if (!this.ctx) return [];
    return secretsOfRun(this.services.map((service) => ({ ...service.fileEnv, ...service.plan.start.env })), this.databases.map((db) => db.connection),
      [...this.services.map((s) => s.name), ...this.databases.map((d) => d.name), ...this.databases.flatMap((d) => (d.connection?.database ? [d.connection.database] : []))]);
  }
}

export function startRun(request: RunRequest): RunSession {
  return new RunSession(request);
}
