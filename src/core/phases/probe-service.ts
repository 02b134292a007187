// One health check of a service on its assigned port.
import type { ProbeResult } from '../host.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

const PROBE_TIMEOUT_MS = 2_000;

export function probeService(ctx: RunContext, service: ServiceRuntime): Promise<ProbeResult> {
  const check = service.plan.health;
  return check.kind === 'http'
    ? ctx.host.probe.http(service.port!, check.path, PROBE_TIMEOUT_MS)
    : ctx.host.probe.tcp(service.port!, PROBE_TIMEOUT_MS);
}
