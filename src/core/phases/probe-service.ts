// One health check of a service on its assigned port.
import type { ProbeResult } from '../host.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

const PROBE_TIMEOUT_MS = 2_000;

/** A service with no port counts as up once it has kept running this long. */
const NO_PORT_SETTLE_MS = 1_000;

export async function probeService(ctx: RunContext, service: ServiceRuntime): Promise<ProbeResult> {
  const check = service.plan.health;
  if (check.kind === 'none') {
    if (!service.running) return { ok: false, error: 'not running' };
    const up = ctx.host.now() - (service.startedAt ?? 0);
    return up >= NO_PORT_SETTLE_MS ? { ok: true } : { ok: false, error: `running for ${up} ms` };
  }
  return check.kind === 'http'
    ? ctx.host.probe.http(service.port!, check.path, PROBE_TIMEOUT_MS)
    : ctx.host.probe.tcp(service.port!, PROBE_TIMEOUT_MS);
}
