// When the editor speaks up about a run (no vscode import: the rules are tested in plain Node):
// the first crash or failed health check of a service, its recovery, and a run that became
// healthy after a long wait. The caller words the message and checks the focus.
import type { RunEvent } from '../core/index.js';

export interface NotificationSettings {
  crash: boolean;
  recovery: boolean;
  /** Seconds a run must have taken for its "healthy" to be announced; 0: never. */
  healthyAfterSeconds: number;
}

export type Notice =
  | { kind: 'crashed'; service: string; exitCode?: number | null }
  | { kind: 'unhealthy'; service: string }
  | { kind: 'recovered'; service: string }
  | { kind: 'healthy'; seconds: number };

export class NotificationRules {
  private readonly down = new Set<string>();
  private startedAt?: number;

  constructor(private readonly now: () => number = Date.now) {}

  /** What to tell the user about this event, if anything. */
  next(event: RunEvent, settings: NotificationSettings): Notice | undefined {
    if (event.type === 'phase' && event.phase === 'detect' && event.status === 'running') {
      this.startedAt = this.now();
      this.down.clear();
      return undefined;
    }
    if (event.type === 'service') {
      if (event.status === 'crashed' || event.status === 'unhealthy') {
        // A crash loop says so once, not at every attempt.
        const first = !this.down.has(event.service);
        this.down.add(event.service);
        if (!first || !settings.crash) return undefined;
        return event.status === 'crashed' ? { kind: 'crashed', service: event.service, exitCode: event.exitCode } : { kind: 'unhealthy', service: event.service };
      }
      if (event.status === 'healthy' && this.down.delete(event.service) && settings.recovery) return { kind: 'recovered', service: event.service };
      if (event.status === 'stopped') this.down.delete(event.service);
      return undefined;
    }
    if (event.type === 'run' && event.status === 'healthy' && this.startedAt !== undefined) {
      const seconds = Math.round((this.now() - this.startedAt) / 1000);
      this.startedAt = undefined;
      if (settings.healthyAfterSeconds > 0 && seconds >= settings.healthyAfterSeconds) return { kind: 'healthy', seconds };
    }
    return undefined;
  }
}
