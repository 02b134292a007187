// Samples each running service's process tree every few seconds (CPU %, resident memory, how
// many processes) and keeps the last few minutes per service for the dashboard's charts, the
// CLI's --stats line and the tree's tooltip. Owned by whoever starts it; dispose stops the timer.
import { listProcesses, treeOf, type ProcessInfo } from './process-metrics.js';

export interface MetricSample {
  at: number;
  /** Percent of one core (200 = two cores busy). */
  cpu: number;
  rssBytes: number;
  processes: number;
}

export interface SampledService {
  name: string;
  pid: number | undefined;
}

export class MetricsSampler {
  private readonly history = new Map<string, MetricSample[]>();
  private readonly lastCpu = new Map<number, { at: number; seconds: number }>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  constructor(
    private readonly services: () => SampledService[],
    private readonly options: { intervalMs: number; keep: number } = { intervalMs: 3_000, keep: 100 },
    private readonly list: () => Promise<ProcessInfo[]> = listProcesses,
  ) {}

  start(): this {
    this.timer ??= setInterval(() => void this.sample(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Takes one sample now (the timer calls this; tests may too). */
  sample(): Promise<void> {
    this.sampling ??= this.takeSample().finally(() => { this.sampling = undefined; });
    return this.sampling;
  }

  /** The samples of one service, oldest first. */
  of(service: string): MetricSample[] {
    return this.history.get(service) ?? [];
  }

  latest(service: string): MetricSample | undefined {
    return this.history.get(service)?.at(-1);
  }

  all(): Record<string, MetricSample[]> {
    return Object.fromEntries(this.history);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async takeSample(): Promise<void> {
    const running = this.services().filter((s): s is { name: string; pid: number } => s.pid !== undefined);
    if (running.length === 0) return;
    const all = await this.list().catch(() => []);
    const at = Date.now();
    const seen = new Set<number>();
    for (const service of running) {
      const tree = treeOf(service.pid, all);
      for (const p of tree) seen.add(p.pid);
      if (tree.length === 0) continue;
      const sample: MetricSample = { at, cpu: this.cpuOf(tree, at), rssBytes: tree.reduce((sum, p) => sum + p.rssBytes, 0), processes: tree.length };
      const samples = this.history.get(service.name) ?? [];
      samples.push(sample);
      if (samples.length > this.options.keep) samples.splice(0, samples.length - this.options.keep);
      this.history.set(service.name, samples);
    }
    for (const pid of this.lastCpu.keys()) if (!seen.has(pid)) this.lastCpu.delete(pid);
  }

  /** CPU % since the last sample of each process (ps gives a percentage directly). */
  private cpuOf(tree: ProcessInfo[], at: number): number {
    let percent = 0;
    for (const p of tree) {
      if (p.cpuPercent !== undefined) {
        percent += p.cpuPercent;
        continue;
      }
      if (p.cpuSeconds === undefined) continue;
      const last = this.lastCpu.get(p.pid);
      this.lastCpu.set(p.pid, { at, seconds: p.cpuSeconds });
      if (last && at > last.at) percent += Math.max(0, ((p.cpuSeconds - last.seconds) / ((at - last.at) / 1000)) * 100);
    }
    return Math.round(percent * 10) / 10;
  }
}

/** `1.2 % · 48 MB` for a line of text. */
export function formatSample(sample: MetricSample | undefined): string {
  if (!sample) return 'no sample yet';
  return `CPU ${sample.cpu.toFixed(1)} % · ${(sample.rssBytes / 1048576).toFixed(0)} MB · ${sample.processes} process${sample.processes === 1 ? '' : 'es'}`;
}
