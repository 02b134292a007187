// Health: waits until every started service answers on its port (HTTP, or TCP for services
// that do not speak HTTP). A service that exits or never answers fails with its last output.
import { causeExcerpt } from '../fixer/cause-excerpt.js';
import type { Failure } from '../fixer/failure.js';
import { announcedOtherPort } from '../fixer/signatures/runtime.js';
import type { Finding, FindingCode } from '../model.js';
import { activeServices, type RunContext, type ServiceRuntime } from '../run-context.js';
import type { Phase } from './phase.js';
import { followAnnouncedPort, heldByAnother } from './follow-port.js';
import { probeService } from './probe-service.js';

const POLL_MS = 50;
/** How long a service may answer only 5xx before the check gives up on it (a dev server may fail while it compiles). */
const SERVER_ERROR_GRACE_MS = 5_000;
/** How long after it announces another port a service may keep both closed before the check gives up. */
const WRONG_PORT_GRACE_MS = 10_000;
/** How long a connection to the port it announced may take. */
const PROBE_TIMEOUT_MS = 1_000;
/**
 * A service whose port is still closed but which printed a line this recently is still getting
 * ready (a compiler at work: `cargo run`, `mvn spring-boot:run`): the health timeout is extended
 * for it, up to BUSY_LIMIT times the timeout in all. One whose process tree keeps using the CPU
 * (a silent `go run`, a crate that takes minutes) is working too, up to WORKING_LIMIT times.
 */
const BUSY_QUIET_MS = 30_000;
const BUSY_LIMIT = 4;
const WORKING_LIMIT = 10;
/** How often its CPU time is read, and the share of one core that counts as working. */
const CPU_SAMPLE_MS = 5_000;
const WORKING_CPU_SHARE = 0.25;

export const healthPhase: Phase = {
  name: 'health',
  async run(ctx) {
    const services = activeServices(ctx);
    const outcomes = await Promise.all(services.map((s) => waitHealthy(ctx, s)));
    const failures = outcomes.filter((o): o is Failure => o !== undefined);
    const healthy = services.length - failures.length;
    // Cut short by a cancel: the services that did not answer were not healthy.
    if (ctx.signal.aborted && services.some((s) => s.status !== 'healthy')) return { status: 'failed', failures, detail: 'cancelled' };
    const jobs = services.filter((s) => s.status === 'completed').length;
    const workers = services.filter((s) => s.plan.health.kind === 'none' && s.status === 'healthy').length;
    const servers = services.length - jobs - workers;
    const parts = [servers || !(jobs || workers) ? `${healthy - jobs - workers}/${servers} healthy` : '', workers ? `${workers} worker${workers === 1 ? '' : 's'} running` : '', jobs ? `${jobs} job${jobs === 1 ? '' : 's'} finished` : ''];
    return { status: failures.length ? 'failed' : 'done', failures, detail: parts.filter(Boolean).join(', ') };
  },
};

/** Waits until the service answers; the failure for the Fixer if it exits or never answers. */
export async function waitHealthy(ctx: RunContext, service: ServiceRuntime): Promise<Failure | undefined> {
  if (service.status === 'healthy') return undefined;
  const started = ctx.host.now();
  const deadline = started + ctx.options.healthTimeoutMs;
  let lastError = '';
  let failingSince: number | undefined;
  let followed: string | undefined;
  let announcedAt: number | undefined;
  const working = cpuWatch(ctx, service);
  while (!ctx.signal.aborted) {
    if (service.status === 'completed') return undefined; // a job that did its work
    if (!service.running) return failure(service, 'service-exited', `${service.name} exited before it answered on port ${service.port}${exitText(service)}.`);
    const result = await probeService(ctx, service);
    if (result.ok) {
      const note = service.plan.health.kind === 'none' ? WORKER_NOTE : answerNote(result.status, result.path);
      const elsewhere = followed ? `listens on ${service.port}, ${followed}, not the one it was given` : undefined;
      ctx.setStatus(service, 'healthy', { detail: [note, elsewhere].filter(Boolean).join('; ') || undefined });
      return undefined;
    }
    lastError = result.error;
    // Its own port is closed but it printed where it listens: followed there when that answers.
    const moved = /ECONNREFUSED/.test(lastError) ? await followAnnouncedPort(ctx, service) : undefined;
    if (moved) {
      followed = moved.why;
      continue;
    }
    // A server that answers, but only with errors, will not get better by waiting.
    // 503 is how dev servers say "still starting" (Nuxt compiling, Spring booting): waited out until the health timeout.
    if (/^HTTP 5\d\d/.test(lastError) && lastError !== 'HTTP 503') failingSince ??= ctx.host.now();
    else failingSince = undefined;
    if (failingSince !== undefined && ctx.host.now() - failingSince >= SERVER_ERROR_GRACE_MS) {
      return failure(service, 'health-http-error', `${service.name} is running but answers ${lastError} on its health path.`, lastError);
    }
    // It said it listens elsewhere a while ago and its own port stays closed: waiting longer will not
    // help, unless that port accepts connections (a server still loading its app there, like
    // granian's worker): then it is followed once it answers, within the usual wait.
    const announced = /ECONNREFUSED/.test(lastError) ? announcedOtherPort(service.output.tail(40), service.port, true) : undefined;
    if (announced === undefined) announcedAt = undefined;
    else announcedAt ??= ctx.host.now();
    // (Another service's or a database's port accepting connections says nothing about this one.)
    const elsewhere = announced !== undefined && ctx.host.now() - announcedAt! > WRONG_PORT_GRACE_MS
      && (heldByAnother(ctx, service, announced) || !(await ctx.host.probe.tcp(announced, PROBE_TIMEOUT_MS)).ok) ? announced : undefined;
    const now = ctx.host.now();
    const closed = /ECONNREFUSED/.test(lastError);
    const printing = service.lastOutputAt !== undefined && now - service.lastOutputAt < BUSY_QUIET_MS;
    const busy = closed && ((printing && now < started + BUSY_LIMIT * ctx.options.healthTimeoutMs)
      || (now > deadline && now < started + WORKING_LIMIT * ctx.options.healthTimeoutMs && await working()));
    if (elsewhere !== undefined || (now > deadline && !busy)) {
      return failure(service, 'health-timeout', `${service.name} is running but did not answer on port ${service.port} within ${Math.round(ctx.options.healthTimeoutMs / 1000)} s (last check: ${lastError}).`, lastError);
    }
    await ctx.host.sleep(POLL_MS, ctx.signal).catch(() => undefined);
  }
  return undefined;
}

/** Whether the service's process tree used at least WORKING_CPU_SHARE of a core since the last reading (one reading per CPU_SAMPLE_MS). */
function cpuWatch(ctx: RunContext, service: ServiceRuntime): () => Promise<boolean> {
  let last: { at: number; seconds: number } | undefined;
  let answer = false;
  return async () => {
    const now = ctx.host.now();
    if (last && now - last.at < CPU_SAMPLE_MS) return answer;
    const seconds = await service.process?.cpuSeconds?.();
    if (seconds === undefined) return (answer = false);
    answer = last !== undefined && (seconds - last.seconds) / ((now - last.at) / 1000) >= WORKING_CPU_SHARE;
    // The first reading only starts the window: working is not known yet, so the wait goes on until the second.
    if (!last) answer = true;
    last = { at: now, seconds };
    return answer;
  };
}

/** A service with no port that keeps running (a worker, a queue consumer, a bot): up, with nothing to open. */
export const WORKER_NOTE = 'running; no port (a worker)';

/** What the check saw (path and status), and what a person opening the URL would see when it is not simply a page. */
function answerNote(status: number | undefined, path: string | undefined): string | undefined {
  if (status === undefined || path === undefined) return undefined;
  if (status >= 200 && status < 300) return `up; ${path} answers ${status}`;
  if (status === 404) return `up, no root route (${path} answers 404: an API?)`;
  if (status === 401 || status === 403) return `up, needs login (${path} answers ${status})`;
  if (status >= 300 && status < 400) return `up; ${path} redirects (HTTP ${status})`;
  return `up; ${path} answers HTTP ${status}`;
}

function exitText(service: ServiceRuntime): string {
  return service.lastExit?.exitCode !== undefined && service.lastExit.exitCode !== null ? ` (exit code ${service.lastExit.exitCode})` : '';
}

function failure(service: ServiceRuntime, code: FindingCode, message: string, probe?: string): Failure {
  const tail = service.output.tail(40);
  const generic: Finding = {
    code, severity: 'error', phase: 'health', service: service.name, message,
    excerpt: causeExcerpt(tail), fixes: [],
  };
  return { phase: 'health', service: service.plan, exitCode: service.lastExit?.exitCode, tail, port: service.port, probe, generic };
}
