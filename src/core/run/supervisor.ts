// Watches what the pipeline brought up, apart from it (as process-compose and Aspire do):
// services and database servers that exit by themselves, services that stop answering. It
// restarts them as the policy says, with one backoff routine, and reports a loop once the
// bound is reached.
import { provisionDatabase } from '../database/provision.js';
import { HealthMonitor } from '../health-monitor.js';
import type { CommandResult } from '../host.js';
import type { Finding } from '../model.js';
import { mayBeAJob, type DatabaseRuntime, type RunContext, type ServiceRuntime } from '../run-context.js';
import type { BoundedLines } from '../bounded-lines.js';

export interface SupervisorOwner {
  /** Stops the service and starts it again on its port; resolves once it is healthy or failed. */
  restartService(name: string): Promise<boolean>;
  report(finding: Finding): void;
  /** Whether the run is being stopped: nothing is restarted then. */
  stopping(): boolean;
}

/** Something that can be restarted: its count of restarts in this run and its last output. */
interface Restartable {
  name: string;
  restarts: number;
  readonly output: BoundedLines;
}

/** The wait before restart `attempt` (0-based): doubling from `baseMs`, at most 30 s. */
export function backoffDelay(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** attempt, 30_000);
}

export class Supervisor {
  private readonly monitor: HealthMonitor;
  /** Restarts waiting or under way: a stop waits for them, so none starts a process after it. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly ctx: RunContext, private readonly owner: SupervisorOwner) {
    this.monitor = new HealthMonitor(ctx, (service) => this.unhealthy(service));
  }

  /** Keeps checking the running services' health from now on. */
  watch(): void {
    this.monitor.start();
  }

  /** Stops watching; resolves once no restart is under way (the waits are cancelled with the run). */
  async dispose(): Promise<void> {
    this.monitor.dispose();
    await Promise.all(this.pending);
  }

  /** A service's process ended by itself: if it had been healthy, it is restarted with backoff. */
  serviceExited(service: ServiceRuntime, result: CommandResult): void {
    const policy = this.ctx.options.restartPolicy;
    if (result.exitCode === 0 && !service.everHealthy && mayBeAJob(service)) {
      this.ctx.setStatus(service, 'completed', { exitCode: 0, detail: service.output.tail(1)[0] });
      return;
    }
    this.ctx.setStatus(service, 'crashed', { exitCode: result.exitCode, detail: result.spawnError });
    if (!service.everHealthy || policy === 'never' || (policy === 'on-failure' && result.exitCode === 0)) return;
    this.restart(service, 500, {
      loop: (tail) => ({
        code: 'crash-loop', severity: 'error', phase: 'health', service: service.name, excerpt: tail, fixes: [],
        message: `${service.name} crashed ${service.restarts + 1} times in a row and is no longer restarted; its last output: ${tail.at(-1) ?? '(none)'}.`,
      }),
      log: (delay) => `${service.name} exited (code ${result.exitCode}); restarting it in ${delay} ms (restart ${service.restarts} of ${this.ctx.options.maxRestarts})`,
      again: () => this.owner.restartService(service.name),
    });
  }

  /** A running service stopped answering: with the "always" policy it is restarted, within the same bound as crashes. */
  private unhealthy(service: ServiceRuntime): void {
    if (this.ctx.options.restartPolicy !== 'always') return;
    this.restart(service, 0, {
      loop: (tail) => ({
        code: 'unhealthy-loop', severity: 'error', phase: 'health', service: service.name, excerpt: tail, fixes: [],
        message: `${service.name} stopped answering its health check again after ${service.restarts} restarts; it is left as it is.`,
      }),
      log: () => `${service.name} stopped answering its health check; restarting it (restart ${service.restarts} of ${this.ctx.options.maxRestarts})`,
      again: () => this.owner.restartService(service.name),
    });
  }

  /** A database server we started ended by itself: it starts again on its port, with its data. */
  databaseExited(db: DatabaseRuntime): void {
    if (this.ctx.options.restartPolicy === 'never') return;
    this.restart(db, 250, {
      loop: (tail) => ({
        code: 'database-crash-loop', severity: 'error', phase: 'database', excerpt: tail, fixes: [],
        message: `The database ${db.name} stopped ${db.restarts + 1} times and is no longer restarted; its last output: ${tail.at(-1) ?? '(none)'}.`,
      }),
      log: (delay) => `${db.name} stopped; starting it again in ${delay} ms (restart ${db.restarts} of ${this.ctx.options.maxRestarts})`,
      again: () => this.restartDatabase(db),
    });
  }

  /** The one backoff routine: past `maxRestarts` a loop finding, else wait, count and start again. */
  private restart(target: Restartable, baseMs: number, how: { loop: (tail: string[]) => Finding; log: (delay: number) => string; again: () => Promise<unknown> }): void {
    if (this.owner.stopping()) return;
    if (target.restarts >= this.ctx.options.maxRestarts) {
      this.owner.report(how.loop(target.output.tail(10)));
      return;
    }
    const delay = backoffDelay(baseMs, target.restarts);
    target.restarts++;
    this.ctx.log('warn', how.log(delay));
    const work = (delay > 0 ? this.ctx.host.sleep(delay, this.ctx.signal) : Promise.resolve()).then(() => (this.owner.stopping() ? undefined : how.again()));
    const settled: Promise<unknown> = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  private async restartDatabase(db: DatabaseRuntime): Promise<void> {
    // Its own port back (kept in its data folder), so the apps' URLs stay right.
    if (db.port !== undefined) this.ctx.host.ports.release(db.port);
    const finding = await provisionDatabase(this.ctx, db, { preset: {}, defaultName: db.name }).catch((error: unknown): Finding => ({
      code: 'database-start-failed', severity: 'error', phase: 'database', excerpt: [], fixes: [],
      message: `${db.name} could not be started again: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if (finding) this.owner.report(finding);
    else this.ctx.log('info', `${db.name} is back on port ${db.port}`);
  }
}
