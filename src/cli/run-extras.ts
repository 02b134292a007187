// What `repo-runner run` adds on request: the dashboard (--dashboard: the local server and its
// URL), a line of CPU and memory per service (--stats) and a terminal bell when a service
// crashes, recovers or the run settles (--bell). Each returns its own disposer.
import type { RunEvent, RunSession, Host } from '../core/index.js';
import { DashboardServer } from '../node/dashboard/dashboard-server.js';
import { sessionTarget } from '../node/dashboard/dashboard-target.js';
import { formatSample, MetricsSampler } from '../node/dashboard/metrics-sampler.js';

export interface Extra {
  /** Sees every event of the run. */
  onEvent(event: RunEvent): void;
  dispose(): Promise<void>;
}

export async function dashboardExtra(host: Host, root: string, session: () => RunSession | undefined, write: (line: string) => void): Promise<Extra & { server: DashboardServer }> {
  const server = await DashboardServer.start({ target: sessionTarget(host, root, session) });
  write(`Dashboard: ${server.url}`);
  return { server, onEvent: (event) => server.publish(event), dispose: () => server.dispose() };
}

/** Every `everyMs`, and once when the run is healthy: `name  CPU 1.2 % · 48 MB · 3 processes` per running service. */
export function statsExtra(session: () => RunSession | undefined, write: (line: string) => void, everyMs = 30_000): Extra {
  const running = () => (session()?.services ?? []).filter((s) => s.running).map((s) => ({ name: s.name, pid: s.process?.pid }));
  const sampler = new MetricsSampler(running, { intervalMs: 3_000, keep: 2 }).start();
  const print = () => {
    for (const service of running()) write(`  ${service.name.padEnd(20)} ${formatSample(sampler.latest(service.name))}`);
  };
  const timer = setInterval(print, everyMs);
  timer.unref();
  return {
    onEvent(event) {
      if (event.type === 'run' && event.status === 'healthy') void sampler.sample().then(() => setTimeout(() => void sampler.sample().then(print), 1_000).unref());
    },
    async dispose() {
      clearInterval(timer);
      sampler.dispose();
    },
  };
}

/** A bell (BEL) when a service crashes or turns unhealthy, when it comes back, and when the run settles. */
export function bellExtra(ring: () => void): Extra {
  const down = new Set<string>();
  return {
    onEvent(event) {
      if (event.type === 'service') {
        if (event.status === 'crashed' || event.status === 'unhealthy') {
          down.add(event.service);
          ring();
        } else if (event.status === 'healthy' && down.delete(event.service)) ring();
      } else if (event.type === 'run' && (event.status === 'healthy' || event.status === 'failed')) ring();
    },
    dispose: async () => undefined,
  };
}
