// One health check of a service on its assigned port.
import { LOOPBACK } from '../bind-address.js';
import type { ProbeResult } from '../host.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

const PROBE_TIMEOUT_MS = 2_000;

/** A service with no port counts as up once it has kept running this long. */
const NO_PORT_SETTLE_MS = 1_000;

/** A probe's result and, for HTTP, the path it judged. */
export type ServiceProbe = ProbeResult & { path?: string };

export async function probeService(ctx: RunContext, service: ServiceRuntime): Promise<ServiceProbe> {
  const result = await probeOnce(ctx, service);
  if (result.ok && result.hostName && service.urlHost !== result.hostName) {
    service.urlHost = result.hostName;
    ctx.log('info', `${service.name} refuses requests to ${service.port === undefined ? 'its address' : `${LOOPBACK}:${service.port}`} (HTTP 400/403, a host check such as Django's ALLOWED_HOSTS) and answers as ${result.hostName}: its URL uses that name`);
  }
  return result;
}

async function probeOnce(ctx: RunContext, service: ServiceRuntime): Promise<ServiceProbe> {
  const check = service.plan.health;
  if (check.kind === 'log') {
    const pattern = safePattern(check.pattern);
    return service.output.tail().some((line) => pattern.test(line)) ? { ok: true } : { ok: false, error: `no output line matches /${check.pattern}/ yet` };
  }
  if (check.kind === 'none') {
    if (!service.running) return { ok: false, error: 'not running' };
    const up = ctx.host.now() - (service.startedAt ?? 0);
    return up >= NO_PORT_SETTLE_MS ? { ok: true } : { ok: false, error: `running for ${up} ms` };
  }
  if (check.kind === 'http') {
    const result = await ctx.host.probe.http(service.port!, check.path, PROBE_TIMEOUT_MS);
    // A health route that is not there after all (mounted under a prefix, only in production): judged on `/`.
    if (check.path === '/' || !result.ok || result.status !== 404) return { ...result, path: check.path };
    return { ...(await ctx.host.probe.http(service.port!, '/', PROBE_TIMEOUT_MS)), path: '/' };
  }
  const open = await ctx.host.probe.tcp(service.port!, PROBE_TIMEOUT_MS);
  if (!open.ok || service.speaksHttp === false) return open;
  // A port with no known protocol: a server that answers HTTP is judged as HTTP (a 500 is not
  // healthy) and shown as an http:// URL; one that does not is judged by the open port alone.
  const asHttp = await ctx.host.probe.http(service.port!, '/', service.speaksHttp ? PROBE_TIMEOUT_MS : HTTP_SNIFF_MS);
  if (service.speaksHttp === undefined) service.speaksHttp = asHttp.ok || /^HTTP \d/.test(asHttp.error);
  return service.speaksHttp ? { ...asHttp, path: '/' } : open;
}

/** How long a port with no known protocol gets to answer an HTTP request before it is taken for another protocol. */
const HTTP_SNIFF_MS = 1_000;

/** A pattern from a repo's config: an invalid regular expression matches as plain text. */
function safePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}
