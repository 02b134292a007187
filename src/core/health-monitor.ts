// Keeps checking running services after they became healthy, and reports the changes:
// healthy → unhealthy after N failed checks in a row (and tells its owner, which may restart
// it), and back.
import { probeService } from './phases/probe-service.js';
import type { RunContext, ServiceRuntime } from './run-context.js';

export class HealthMonitor {
  private timer?: ReturnType<typeof setTimeout>;
  private readonly failures = new Map<string, number>();
  private stopped = false;

  constructor(private readonly ctx: RunContext, private readonly onUnhealthy: (service: ServiceRuntime) => void = () => undefined) {}

  start(): void {
    if (this.timer === undefined) this.schedule();
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), this.ctx.options.healthIntervalMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const running = [...this.ctx.services.values()].filter((s) => s.status === 'healthy' || s.status === 'unhealthy');
    await Promise.all(running.map(async (service) => {
      const started = this.ctx.host.now();
      const result = await probeService(this.ctx, service);
      if (this.stopped || !service.running) return;
      if (result.ok) {
        service.healthLatencyMs = this.ctx.host.now() - started;
        this.failures.set(service.name, 0);
        if (service.status === 'unhealthy') this.ctx.setStatus(service, 'healthy');
        return;
      }
      const count = (this.failures.get(service.name) ?? 0) + 1;
      this.failures.set(service.name, count);
      if (count >= this.ctx.options.unhealthyAfter && service.status === 'healthy') {
        this.ctx.setStatus(service, 'unhealthy', { detail: result.error });
        this.onUnhealthy(service);
      }
    }));
  }
}
