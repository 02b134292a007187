// The orchestrator owns a run: it drives the phases in order, hands failures to the Fixer,
// applies the fixes that are safe to apply by itself and retries (a bounded number of times),
// keeps the checkpoint, restarts crashed services as the policy says, and stops every process
// it started when asked or cancelled.
import { Checkpoint } from './checkpoint.js';
import { detectPlanCached } from './detect/plan-cache.js';
import { diagnose } from './fixer/diagnose.js';
import type { Failure, FixerContext } from './fixer/failure.js';
import { HealthMonitor } from './health-monitor.js';
import type { CommandResult, Host } from './host.js';
import { PHASES, type Finding, type Fix, type PhaseName, type PhaseStatus, type Plan, type RunEvent, type RunOutcome, type ServiceStatus } from './model.js';
import { databasePhase } from './phases/database-phase.js';
import { healthPhase, waitHealthy } from './phases/health-phase.js';
import type { Phase, PhaseResult } from './phases/phase.js';
import { portsPhase } from './phases/ports-phase.js';
import { requirementsPhase } from './phases/requirements-phase.js';
import { runPhase, startService } from './phases/run-phase.js';
import { setupPhase } from './phases/setup-phase.js';
import { auditedLauncher } from './audit-log.js';
import { maskEvent, maskFinding, secretsOfRun } from './secrets/index.js';
import { provisionDatabase, stopDatabase } from './database/provision.js';
import { formatUrl } from './database/connection.js';
import { canonicalVariable } from './database/wiring.js';
import { serviceEnv } from './phases/service-env.js';
import { activeServices, BIND_ADDRESSES, DEFAULT_OPTIONS, parseBindAddress, ServiceRuntime, type DatabaseRuntime, type EngineOptions, type RunContext } from './run-context.js';

export interface RunRequest {
  root: string;
  host: Host;
  options?: Partial<EngineOptions>;
  onEvent?: (event: RunEvent) => void;
  /** Aborting it cancels the run and stops everything it started. */
  signal?: AbortSignal;
  /** Step by step: awaited after each phase but the last, before the next one starts. */
  afterPhase?: (phase: PhaseName, status: PhaseStatus) => Promise<void>;
  /**
   * Asked when no known signature explains a failure (the LLM, when one is configured). Its
   * finding is shown with its fixes; none of them is ever applied without the user's yes.
   */
  assist?: (failure: Failure, ctx: FixerContext, signal?: AbortSignal) => Promise<Finding | undefined>;
  /** Asked when detection finds nothing to run (the LLM's detection agent, when configured). */
  suggest?: (plan: Plan, signal?: AbortSignal) => Promise<Finding | undefined>;
}

const detectPhase: Phase = {
  name: 'detect',
  async run(ctx) {
    const { plan, cache, reused } = await detectPlanCached(ctx.root, ctx.host.fs, ctx.host.hash, ctx.checkpoint.state.plan);
    ctx.plan = plan;
    if (reused) ctx.log('info', 'no file the plan came from changed since the last run: detection skipped');
    else await ctx.checkpoint.update((d) => { d.plan = cache; });
    ctx.services.clear();
    for (const service of ctx.plan.services) ctx.services.set(service.name, new ServiceRuntime(service));
    ctx.emit({ type: 'plan', plan: ctx.plan });
    const count = ctx.plan.services.length;
    return {
      status: count > 0 ? 'done' : 'failed',
      findings: ctx.plan.findings,
      detail: count > 0 ? `${count} service${count === 1 ? '' : 's'}: ${ctx.plan.services.map((s) => `${s.name} (${s.framework})`).join(', ')}${reused ? ' (unchanged)' : ''}` : 'nothing to run',
    };
  },
};

const PIPELINE: Record<PhaseName, Phase> = {
  detect: detectPhase, requirements: requirementsPhase, setup: setupPhase, database: databasePhase,
  ports: portsPhase, run: runPhase, health: healthPhase,
};

export class RunSession {
  /** Settles when the first pass of the pipeline has ended: healthy, failed, cancelled, or nothing to run. */
  readonly ready: Promise<RunOutcome>;
  /** The value of REPO_RUNNER_RUN in every process this run starts. */
  readonly marker: string;
  readonly findings: Finding[] = [];
  private readonly controller = new AbortController();
  private readonly ctx: RunContext;
  private readonly monitor: HealthMonitor;
  private readonly phaseStatus = new Map<PhaseName, PhaseStatus>();
  /** Restarts under way: a stop waits for them, so none starts a process after it. */
  private readonly restarting = new Set<Promise<unknown>>();
  /** Automatic fixes applied in this run, so none is applied twice. */
  private readonly appliedFixes = new Set<string>();
  private current: Promise<RunOutcome>;
  private stopping?: Promise<void>;
  private secrets: string[] = [];

  constructor(private readonly request: RunRequest) {
    const { root } = request;
    // Every command the run starts is written to the repo's audit log.
    const host = { ...request.host, processes: auditedLauncher(request.host.processes, request.host.fs, root, () => request.host.now()) };
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
    this.ctx = {
      root, host, emit,
      options: { ...DEFAULT_OPTIONS, ...request.options },
      signal: this.controller.signal,
      checkpoint: new Checkpoint(root, host.fs),
      marker: this.marker,
      plan: { root, services: [], databases: [], env: [], requirements: [], findings: [] },
      services: new Map(),
      databases: new Map(),
      avoidPorts: new Set(),
      log: (level, message) => emit({ type: 'log', level, message }),
      setStatus: (service, status, extra) => {
        service.status = status;
        if (status === 'healthy') service.everHealthy = true;
        emit({ type: 'service', service: service.name, status, port: service.port, url: service.url, ...extra });
      },
      setDatabase: (database, status, detail) => {
        database.status = status;
        emit({ type: 'database', database: database.state(detail) });
      },
      serviceExited: (service, result) => this.onServiceExit(service, result),
      databaseExited: (database) => this.onDatabaseExit(database),
    };
    this.monitor = new HealthMonitor(this.ctx, (service) => this.onUnhealthy(service));
    this.current = this.ready = this.settle(this.firstPass());
  }

  get plan(): Plan {
    return this.ctx.plan;
  }

  get services(): ServiceRuntime[] {
    return [...this.ctx.services.values()];
  }

  get databases(): DatabaseRuntime[] {
    return [...this.ctx.databases.values()];
  }

  get root(): string {
    return this.ctx.root;
  }

  /** The first phase that failed in the last pass, if any. */
  get failedPhase(): PhaseName | undefined {
    return PHASES.find((p) => this.phaseStatus.get(p) === 'failed');
  }

  /**
   * Runs the pipeline again for the services that failed, after the user fixed something.
   * Every phase after detection is idempotent (unchanged installs are skipped, healthy services
   * kept), so it restarts at requirements: a fix to a manifest is installed, and a failed service
   * is stopped and started again with the fixed code.
   */
  retry(): Promise<RunOutcome> {
    const failed = this.failedPhase;
    if (this.stopping || !failed) return this.current;
    const from = Math.min(PHASES.indexOf(failed), PHASES.indexOf('requirements'));
    this.current = this.current.then(async () => {
      // A failed service may still be running its old code (e.g. on the wrong port): start it afresh.
      await Promise.all(this.services.filter((s) => s.failed).map((s) => this.stopService(s)));
      for (const service of this.services) service.failed = undefined;
      for (const phase of PHASES.slice(from)) this.ctx.emit({ type: 'phase', phase, status: 'pending' });
      return this.settle(this.drive(from));
    });
    return this.current;
  }

  /** Stops one service and starts it again on the same port; resolves once it is healthy or has failed. */
  async restartService(name: string): Promise<boolean> {
    const service = this.ctx.services.get(name);
    if (!service || this.stopping || service.port === undefined) return false;
    await this.stopService(service);
    service.failed = undefined;
    startService(this.ctx, service);
    const failure = await waitHealthy(this.ctx, service);
    if (failure) {
      await this.recordFailures([failure]);
      return false;
    }
    this.monitor.start();
    return true;
  }

  /**
   * Stops every process of the run (whole trees), keeps the checkpoint. Safe to call twice.
   * `graceMs` shortens the wait between SIGTERM and SIGKILL (e.g. when the editor closes).
   */
  stop(graceMs?: number): Promise<void> {
    if (graceMs !== undefined) this.ctx.options.stopGraceMs = Math.min(graceMs, this.ctx.options.stopGraceMs);
    this.stopping ??= (async () => {
      this.controller.abort();
      this.monitor.dispose();
      await this.current.catch(() => undefined);
      await Promise.all(this.restarting);
      await Promise.all(this.services.map((s) => this.stopService(s)));
      // Databases last: their clients are gone, so they shut down at once; their data stays.
      await Promise.all(this.databases.map((d) => stopDatabase(this.ctx, d)));
      for (const service of this.services) if (service.port !== undefined) this.ctx.host.ports.release(service.port);
      for (const database of this.databases) if (database.port !== undefined && database.source !== 'configured') this.ctx.host.ports.release(database.port);
      await this.ctx.checkpoint.update((d) => { d.processes = d.processes.filter((p) => p.marker !== this.marker); });
      this.ctx.emit({ type: 'run', status: 'stopped' });
    })();
    return this.stopping;
  }

  private async stopService(service: ServiceRuntime): Promise<void> {
    if (!service.process) return;
    const wasRunning = service.running;
    service.status = 'stopped';
    await service.process.stop(this.ctx.options.stopGraceMs);
    service.process = undefined;
    if (wasRunning) this.ctx.setStatus(service, 'stopped');
  }

  private settle(pass: Promise<RunOutcome>): Promise<RunOutcome> {
    return pass.catch((error: unknown) => {
      this.ctx.log('error', `internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return 'failed' as const;
    }).then((outcome) => {
      this.ctx.emit({ type: 'run', status: outcome, detail: this.summary(outcome) });
      return outcome;
    });
  }

  private async firstPass(): Promise<RunOutcome> {
    const ctx = this.ctx;
    await ctx.checkpoint.load();
    if (ctx.checkpoint.corrupt) ctx.log('warn', ctx.checkpoint.corrupt);
    const bind = parseBindAddress(ctx.options.bindAddress);
    if (bind === undefined) ctx.log('warn', `bind address "${ctx.options.bindAddress}" is not one of ${BIND_ADDRESSES.join(', ')}: services listen on ${DEFAULT_OPTIONS.bindAddress}`);
    ctx.options.bindAddress = bind ?? DEFAULT_OPTIONS.bindAddress;
    if (ctx.options.bindAddress !== DEFAULT_OPTIONS.bindAddress) {
      ctx.log('warn', `services are told to listen on ${ctx.options.bindAddress} (every network interface), as the settings ask: other machines on the network can reach them`);
    }
    await this.reapLeftovers();
    for (const phase of PHASES) ctx.emit({ type: 'phase', phase, status: 'pending' });
    return this.drive(0);
  }

  private async drive(start: number): Promise<RunOutcome> {
    const early: Promise<unknown>[] = [];
    try {
      return await this.drivePhases(start, early);
    } finally {
      // Work started ahead of its phase is never left running past the pass (e.g. when setup failed).
      await Promise.all(early);
    }
  }

  private async drivePhases(start: number, early: Promise<unknown>[]): Promise<RunOutcome> {
    const ctx = this.ctx;
    let index = start;
    let retries = 0;
    while (index < PHASES.length) {
      if (ctx.signal.aborted) return this.skipFrom(index, 'cancelled');
      const name = PHASES[index];
      // Databases need nothing the installs make: they are provisioned while setup runs.
      if (name === 'setup') {
        for (const later of PHASES.slice(index + 1)) {
          const work = PIPELINE[later].prepare?.(ctx);
          if (work) early.push(work.catch(() => undefined));
        }
      }
      const result = await this.runPhase(PIPELINE[name]);
      if (ctx.signal.aborted) return this.skipFrom(index + 1, 'cancelled');
      if (name === 'detect' && ctx.plan.services.length === 0) {
        await this.suggestServices();
        return this.skipFrom(1, 'nothing-to-run');
      }
      if (result.status === 'failed') {
        const fix = this.nextAutoFix(result.findings);
        if (fix && retries < ctx.options.maxRetries) {
          retries++;
          ctx.log('info', `fixing automatically: ${fix.title}`);
          await this.applyRerun(fix);
          index = PHASES.indexOf(fix.from);
          continue;
        }
        if (activeServices(ctx).length === 0) return this.skipFrom(index + 1, 'failed');
      }
      if (this.request.afterPhase && index < PHASES.length - 1) {
        await this.request.afterPhase(name, result.status);
        if (ctx.signal.aborted) return this.skipFrom(index + 1, 'cancelled');
      }
      index++;
    }
    const all = this.services;
    if (all.some((s) => s.running)) this.monitor.start();
    return all.every((s) => s.status === 'healthy') ? 'healthy' : 'failed';
  }

  private async runPhase(phase: Phase): Promise<PhaseResult & { findings: Finding[] }> {
    const ctx = this.ctx;
    const started = ctx.host.now();
    ctx.emit({ type: 'phase', phase: phase.name, status: 'running' });
    let result: PhaseResult;
    try {
      result = await phase.run(ctx);
    } catch (error) {
      result = { status: 'failed', findings: [{
        code: 'internal-error', severity: 'error', phase: phase.name, excerpt: [error instanceof Error ? error.stack ?? error.message : String(error)],
        message: `Repo Runner failed inside the ${phase.name} phase: ${error instanceof Error ? error.message : String(error)}.`, fixes: [],
      }] };
    }
    for (const finding of result.findings ?? []) this.report(finding);
    const findings = [...(result.findings ?? []), ...(await this.recordFailures(result.failures ?? []))];
    const durationMs = ctx.host.now() - started;
    const status = ctx.signal.aborted && result.status !== 'done' ? 'failed' : result.status;
    this.phaseStatus.set(phase.name, status);
    const firstError = findings.find((f) => f.severity === 'error');
    ctx.emit({ type: 'phase', phase: phase.name, status, durationMs, detail: ctx.signal.aborted ? 'cancelled' : result.detail, finding: status === 'failed' ? firstError : undefined });
    await ctx.checkpoint.update((d) => { d.phases[phase.name] = { status, durationMs }; });
    return { ...result, status, findings };
  }

  /** Hands failures to the Fixer; the services they concern are marked failed. */
  private async recordFailures(failures: Failure[]): Promise<Finding[]> {
    const ctx = this.ctx;
    const fixer: FixerContext = {
      plan: ctx.plan,
      read: (rel) => ctx.host.fs.readText(`${ctx.root}/${rel}`),
      databases: [...ctx.databases.values()].map((db) => ({
        name: db.name, engine: db.need.engine, port: db.port, healthy: db.status === 'healthy',
        url: db.connection ? formatUrl(db.connection) : undefined, variable: canonicalVariable(db.need.engine),
      })),
    };
    const findings: Finding[] = [];
    for (const failure of failures) {
      const service = failure.service && ctx.services.get(failure.service.name);
      if (service && !failure.env) failure.env = serviceEnv(ctx, service);
      const diagnosed = await diagnose(failure, fixer);
      if (diagnosed[0] === failure.generic && this.request.assist) {
        const suggested = await this.request.assist(failure, fixer, ctx.signal).catch((error: unknown) => {
          ctx.log('warn', `the LLM could not help: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        if (suggested) diagnosed.push({ ...suggested, fixes: suggested.fixes.map((f) => ({ ...f, auto: false }) as Fix) });
      }
      diagnosed.forEach((f) => this.report(f));
      findings.push(...diagnosed);
      if (service) service.failed = diagnosed[0];
    }
    return findings;
  }

  /** Nothing to run: the detection agent may suggest services (as fixes the user confirms). */
  private async suggestServices(): Promise<void> {
    if (!this.request.suggest) return;
    const finding = await this.request.suggest(this.ctx.plan, this.ctx.signal).catch((error: unknown) => {
      this.ctx.log('warn', `the LLM could not help: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (finding) this.report({ ...finding, fixes: finding.fixes.map((f) => ({ ...f, auto: false }) as Fix) });
  }

  /** The first fix safe to apply by itself that was not tried yet in this run: no fix is applied twice. */
  private nextAutoFix(findings: Finding[]): Extract<Fix, { kind: 'rerun' }> | undefined {
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        if (fix.kind !== 'rerun' || !fix.auto) continue;
        const key = `${finding.code}|${fix.service ?? ''}|${fix.from}|${fix.avoidPort ?? ''}`;
        if (this.appliedFixes.has(key)) continue;
        this.appliedFixes.add(key);
        return fix;
      }
    }
    return undefined;
  }

  private report(finding: Finding): void {
    this.findings.push(maskFinding(finding, this.runSecrets()));
    this.ctx.emit({ type: 'finding', finding });
  }

  /** The run's secret values: secret-named settings of its services and every database password. */
  private runSecrets(): string[] {
    if (!this.ctx) return [];
    return secretsOfRun([...this.ctx.services.values()].map((service) => ({ ...service.fileEnv, ...service.plan.start.env })), [...this.ctx.databases.values()].map((db) => db.connection));
  }

  /** A service that was healthy exited by itself: restart it with backoff, as the policy says. */
  private onServiceExit(service: ServiceRuntime, result: CommandResult): void {
    const ctx = this.ctx;
    ctx.setStatus(service, 'crashed', { exitCode: result.exitCode, detail: result.spawnError });
    const policy = ctx.options.restartPolicy;
    if (!service.everHealthy || this.stopping || policy === 'never' || (policy === 'on-failure' && result.exitCode === 0)) return;
    if (service.restarts >= ctx.options.maxRestarts) {
      const tail = service.output.tail(10);
      this.report({
        code: 'crash-loop', severity: 'error', phase: 'health', service: service.name, excerpt: tail, fixes: [],
        message: `${service.name} crashed ${service.restarts + 1} times in a row and is no longer restarted; its last output: ${tail.at(-1) ?? '(none)'}.`,
      });
      return;
    }
    const delay = Math.min(500 * 2 ** service.restarts, 30_000);
    service.restarts++;
    ctx.log('warn', `${service.name} exited (code ${result.exitCode}); restarting it in ${delay} ms (restart ${service.restarts} of ${ctx.options.maxRestarts})`);
    this.track(this.ctx.host.sleep(delay, this.controller.signal).then(() => this.restartService(service.name)));
  }

  /** A running service stopped answering: with the "always" policy it is restarted, within the same bound as crashes. */
  private onUnhealthy(service: ServiceRuntime): void {
    const ctx = this.ctx;
    if (this.stopping || ctx.options.restartPolicy !== 'always') return;
    if (service.restarts >= ctx.options.maxRestarts) {
      this.report({
        code: 'unhealthy-loop', severity: 'error', phase: 'health', service: service.name, excerpt: service.output.tail(10), fixes: [],
        message: `${service.name} stopped answering its health check again after ${service.restarts} restarts; it is left as it is.`,
      });
      return;
    }
    service.restarts++;
    ctx.log('warn', `${service.name} stopped answering its health check; restarting it (restart ${service.restarts} of ${ctx.options.maxRestarts})`);
    this.track(this.restartService(service.name));
  }

  /** A database server we started exited by itself: start it again on its port, with its data, with backoff. */
  private onDatabaseExit(db: DatabaseRuntime): void {
    const ctx = this.ctx;
    if (this.stopping || ctx.options.restartPolicy === 'never') return;
    if (db.restarts >= ctx.options.maxRestarts) {
      const tail = db.output.tail(10);
      this.report({
        code: 'database-crash-loop', severity: 'error', phase: 'database', excerpt: tail, fixes: [],
        message: `The database ${db.name} stopped ${db.restarts + 1} times and is no longer restarted; its last output: ${tail.at(-1) ?? '(none)'}.`,
      });
      return;
    }
    const delay = Math.min(250 * 2 ** db.restarts, 30_000);
    db.restarts++;
    ctx.log('warn', `${db.name} stopped; starting it again in ${delay} ms (restart ${db.restarts} of ${ctx.options.maxRestarts})`);
    this.track(this.ctx.host.sleep(delay, this.controller.signal).then(() => this.restartDatabase(db)));
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.restarting.delete(settled));
    this.restarting.add(settled);
  }

  private async restartDatabase(db: DatabaseRuntime): Promise<void> {
    if (this.stopping) return;
    // Its own port back (kept in its data folder), so the apps' URLs stay right.
    if (db.port !== undefined) this.ctx.host.ports.release(db.port);
    const finding = await provisionDatabase(this.ctx, db, { preset: {}, defaultName: db.name }).catch((error: unknown) => ({
      code: 'database-start-failed' as const, severity: 'error' as const, phase: 'database' as const, excerpt: [], fixes: [],
      message: `${db.name} could not be started again: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if (finding) this.report(finding);
    else this.ctx.log('info', `${db.name} is back on port ${db.port}`);
  }

  /** Undo what a failed attempt left, so the phases from `fix.from` on can try again. */
  private async applyRerun(fix: Extract<Fix, { kind: 'rerun' }>): Promise<void> {
    if (fix.avoidPort !== undefined) this.ctx.avoidPorts.add(fix.avoidPort);
    const service = fix.service ? this.ctx.services.get(fix.service) : undefined;
    if (!service) return;
    await this.stopService(service);
    if (service.port !== undefined) {
      if (fix.from === 'ports') this.ctx.avoidPorts.add(service.port);
      this.ctx.host.ports.release(service.port);
    }
    service.port = undefined;
    service.failed = undefined;
    this.ctx.setStatus(service, 'pending');
    if (fix.from === 'database') await this.recheckDatabases(service);
    // Services that call it were told its old URL: they start again with the new one.
    if (fix.from === 'ports') {
      for (const dependent of this.services.filter((s) => s.process && s.plan.links.some((l) => l.service === service.name))) {
        this.ctx.log('info', `${dependent.name} links to ${service.name}, which moves to another port: restarting it with the new URL`);
        await this.stopService(dependent);
        this.ctx.setStatus(dependent, 'pending');
      }
    }
  }

  /** Before the database phase runs again: a database of the service that no longer answers is provisioned afresh. */
  private async recheckDatabases(service: ServiceRuntime): Promise<void> {
    for (const db of this.ctx.databases.values()) {
      if (!db.need.usedBy.includes(service.name) || !db.connection || db.status !== 'healthy') continue;
      const answer = await this.ctx.host.databases.ping(db.connection, 2_000);
      if (answer.ok) continue;
      this.ctx.log('warn', `${db.name} no longer answers (${answer.error}); starting it again`);
      await stopDatabase(this.ctx, db);
      this.ctx.setDatabase(db, 'pending', answer.error);
    }
  }

  private skipFrom(index: number, outcome: RunOutcome): RunOutcome {
    for (const phase of PHASES.slice(index)) this.ctx.emit({ type: 'phase', phase, status: 'skipped', detail: outcome });
    return outcome;
  }

  /** Processes recorded by an earlier run that are still alive and still ours are stopped. */
  private async reapLeftovers(): Promise<void> {
    const records = this.ctx.checkpoint.state.processes;
    if (records.length === 0) return;
    for (const record of records) {
      if (await this.ctx.host.processes.reap(record.pid, record.marker)) {
        this.ctx.log('warn', `stopped ${record.service} (pid ${record.pid}, \`${record.command}\`), left running by an earlier run`);
      }
    }
    await this.ctx.checkpoint.update((d) => { d.processes = []; });
  }

  private summary(outcome: RunOutcome): string {
    if (outcome === 'nothing-to-run') {
      const why = this.ctx.plan.nothingToRun;
      return why ? `nothing to run here, because ${why.reason}; ${why.suggestion}` : 'nothing to run here';
    }
    const count = (status: ServiceStatus) => this.services.filter((s) => s.status === status).length;
    const total = this.services.length;
    if (outcome === 'healthy') return `${total}/${total} healthy`;
    if (outcome === 'cancelled') return 'cancelled';
    const error = this.findings.find((f) => f.severity === 'error');
    return `${count('healthy')}/${total} healthy${error ? `: ${error.message}` : ''}`;
  }
}

export function startRun(request: RunRequest): RunSession {
  return new RunSession(request);
}
