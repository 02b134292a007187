// One pass of the phases, in order: each phase's findings and failures go through the Fixer
// bridge; a fix that is safe to apply by itself is applied and the pass goes back to the phase
// it names (a bounded number of times); a step-by-step run waits between phases.
import { stopDatabase } from '../database/provision.js';
import { PHASES, type Finding, type PhaseName, type PhaseStatus, type RunOutcome } from '../model.js';
import { databasePhase } from '../phases/database-phase.js';
import { detectPhase } from '../phases/detect-phase.js';
import { healthPhase } from '../phases/health-phase.js';
import type { Phase, PhaseResult } from '../phases/phase.js';
import { portsPhase } from '../phases/ports-phase.js';
import { requirementsPhase } from '../phases/requirements-phase.js';
import { runPhase } from '../phases/run-phase.js';
import { setupPhase } from '../phases/setup-phase.js';
import { activeServices, settled, stopServiceProcess, type RunContext, type ServiceRuntime } from '../run-context.js';
import type { FixerBridge, RerunFix } from './fixer-bridge.js';

const PHASE_OF: Record<PhaseName, Phase> = {
  detect: detectPhase, requirements: requirementsPhase, setup: setupPhase, database: databasePhase,
  ports: portsPhase, run: runPhase, health: healthPhase,
};

export interface PipelineHooks {
  /** Step by step: awaited after each phase but the last, before the next one starts. */
  afterPhase?: (phase: PhaseName, status: PhaseStatus) => Promise<void>;
  /** The pass ended with services running: watch them from now on. */
  watch(): void;
}

export class Pipeline {
  /** How each phase ended in the last pass. */
  readonly status = new Map<PhaseName, PhaseStatus>();

  constructor(private readonly ctx: RunContext, private readonly fixer: FixerBridge, private readonly hooks: PipelineHooks) {}

  /** The first phase that failed in the last pass, if any. */
  get failed(): PhaseName | undefined {
    return PHASES.find((p) => this.status.get(p) === 'failed');
  }

  /** Runs the phases from `start` on; work a later phase began early never outlives the pass. */
  async drive(start: number): Promise<RunOutcome> {
    const early: Promise<unknown>[] = [];
    try {
      return await this.phasesFrom(start, early);
    } finally {
      await Promise.all(early);
    }
  }

  skipFrom(index: number, outcome: RunOutcome): RunOutcome {
    for (const phase of PHASES.slice(index)) this.ctx.emit({ type: 'phase', phase, status: 'skipped', detail: outcome });
    return outcome;
  }

  private async phasesFrom(start: number, early: Promise<unknown>[]): Promise<RunOutcome> {
    const ctx = this.ctx;
    let index = start;
    let retries = 0;
    while (index < PHASES.length) {
      if (ctx.signal.aborted) return this.skipFrom(index, 'cancelled');
      const name = PHASES[index];
      // Databases need nothing the installs make: they are provisioned while setup runs.
      if (name === 'setup') {
        for (const later of PHASES.slice(index + 1)) {
          const work = PHASE_OF[later].prepare?.(ctx);
          if (work) early.push(work.catch(() => undefined));
        }
      }
      const result = await this.runPhase(PHASE_OF[name]);
      if (ctx.signal.aborted) return this.skipFrom(index + 1, 'cancelled');
      if (name === 'detect' && ctx.plan.services.length === 0) {
        await this.fixer.suggest();
        return this.skipFrom(1, 'nothing-to-run');
      }
      if (result.status === 'failed') {
        const fix = this.fixer.nextAutoFix(result.findings);
        if (fix && retries < ctx.options.maxRetries) {
          retries++;
          ctx.log('info', `fixing automatically: ${fix.title}`);
          await this.applyRerun(fix);
          index = PHASES.indexOf(fix.from);
          continue;
        }
        if (activeServices(ctx).length === 0) return this.skipFrom(index + 1, 'failed');
      }
      if (this.hooks.afterPhase && index < PHASES.length - 1) {
        await this.hooks.afterPhase(name, result.status);
        if (ctx.signal.aborted) return this.skipFrom(index + 1, 'cancelled');
      }
      index++;
    }
    const all = [...ctx.services.values()];
    if (all.some((s) => s.running)) this.hooks.watch();
    return all.every(settled) ? 'healthy' : 'failed';
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
    for (const finding of result.findings ?? []) this.fixer.report(finding);
    const findings = [...(result.findings ?? []), ...(await this.fixer.diagnose(result.failures ?? []))];
    const durationMs = ctx.host.now() - started;
    const status = ctx.signal.aborted && result.status !== 'done' ? 'failed' : result.status;
    this.status.set(phase.name, status);
    const firstError = findings.find((f) => f.severity === 'error');
    ctx.emit({ type: 'phase', phase: phase.name, status, durationMs, detail: ctx.signal.aborted ? 'cancelled' : result.detail, finding: status === 'failed' ? firstError : undefined });
    await ctx.checkpoint.update((d) => { d.phases[phase.name] = { status, durationMs }; });
    return { ...result, status, findings };
  }

  /** Undo what a failed attempt left, so the phases from `fix.from` on can try again. */
  private async applyRerun(fix: RerunFix): Promise<void> {
    const ctx = this.ctx;
    if (fix.avoidPort !== undefined) ctx.avoidPorts.add(fix.avoidPort);
    const service = fix.service ? ctx.services.get(fix.service) : undefined;
    if (!service) return;
    await stopServiceProcess(ctx, service);
    if (service.port !== undefined) {
      if (fix.from === 'ports') ctx.avoidPorts.add(service.port);
      ctx.host.ports.release(service.port);
    }
    service.port = undefined;
    service.failed = undefined;
    ctx.setStatus(service, 'pending');
    if (fix.from === 'database') await this.recheckDatabases(service);
    // Services that call it were told its old URL: they start again with the new one.
    if (fix.from === 'ports') {
      for (const dependent of [...ctx.services.values()].filter((s) => s.process && s.plan.links.some((l) => l.service === service.name))) {
        ctx.log('info', `${dependent.name} links to ${service.name}, which moves to another port: restarting it with the new URL`);
        await stopServiceProcess(ctx, dependent);
        ctx.setStatus(dependent, 'pending');
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
}
