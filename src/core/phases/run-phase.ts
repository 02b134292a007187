// Run: starts every service that is not already running, the services others link to first,
// and watches each for an exit.
import { stripAnsi, type Failure } from '../fixer/failure.js';
import type { ServicePlan } from '../model.js';
import { activeServices, type RunContext, type ServiceRuntime } from '../run-context.js';
import { absoluteCwd, describe } from './commands.js';
import type { Phase } from './phase.js';
import { runReleaseSteps } from './release-steps.js';
import { serviceEnv, withBinding } from './service-env.js';
import { hasOtelSdk } from './telemetry-env.js';

export const runPhase: Phase = {
  name: 'run',
  async run(ctx) {
    const started: string[] = [];
    const telemetry = ctx.options.telemetry;
    if (telemetry) await Promise.all(activeServices(ctx).map(async (s) => { s.otelSdk = await hasOtelSdk(ctx, s).catch(() => false); }));
    const order = startOrder(activeServices(ctx)).filter((s) => !s.running);
    // Release steps first, all of them, so no process of their folder starts before they are done.
    const failures: Failure[] = [];
    for (const service of order) {
      const failure = await runReleaseSteps(ctx, service);
      if (failure) failures.push(failure);
      if (ctx.signal.aborted) return { status: 'failed', detail: 'cancelled' };
    }
    const blocked = new Set(failures.map((f) => f.service?.dir));
    for (const service of order) {
      if (blocked.has(service.plan.dir)) {
        const cause = failures.find((f) => f.service?.dir === service.plan.dir)!.generic;
        if (cause.service !== service.name) {
          service.failed = cause;
          ctx.setStatus(service, 'pending', { detail: `not started: ${cause.message}` });
        }
        continue;
      }
      startService(ctx, service);
      started.push(service.name);
    }
    const detail = started.length ? `started ${started.join(', ')}` : failures.length ? 'nothing started' : 'all services already running';
    return failures.length ? { status: 'failed', failures, detail } : { status: 'done', detail };
  },
};

export function startService(ctx: RunContext, service: ServiceRuntime): void {
  const plan = service.plan;
  const start = service.debug?.start ?? plan.start;
  const command = { ...start, args: withBinding(start.args, service.port!, ctx.options.bindAddress) };
  ctx.log('info', `${plan.name}: ${describe(command)} (port ${service.port}${service.debug ? `, debugger on ${service.debug.port}` : ''})`);
  // Each attempt is diagnosed from its own output, not from the one before it.
  service.output.clear();
  const child = ctx.host.processes.spawn(command, {
    cwd: absoluteCwd(ctx, command),
    env: withDebugEnv(serviceEnv(ctx, service), service.debug?.env),
    onLine: (stream, line) => {
      service.output.push(stripAnsi(line));
      service.lastOutputAt = ctx.host.now();
      ctx.emit({ type: 'output', service: plan.name, stream, line, source: 'service' });
    },
  });
  service.process = child;
  service.startedAt = ctx.host.now();
  ctx.setStatus(service, 'starting');
  if (child.pid !== undefined) {
    const record = { pid: child.pid, service: plan.name, command: describe(command), startedAt: ctx.host.now(), marker: ctx.marker };
    void ctx.checkpoint.update((d) => { d.processes.push(record); });
  }
  void child.exited.then((result) => {
    // Decided at once: a later await would let a restart's new process be taken for this one.
    if (service.process !== child) return;
    service.lastExit = result;
    if (result.spawnError) service.output.push(result.spawnError);
    const pid = child.pid;
    void ctx.checkpoint.update((d) => { d.processes = d.processes.filter((p) => p.pid !== pid); });
    if (service.status !== 'stopped') ctx.serviceExited(service, result);
  });
}

/** The service's environment with its debugger's variables; NODE_OPTIONS keeps what it had (the loopback preload, the user's). */
export function withDebugEnv(env: Record<string, string>, debug: Record<string, string> | undefined): Record<string, string> {
  if (!debug) return env;
  const merged = { ...env, ...debug };
  if (debug.NODE_OPTIONS && env.NODE_OPTIONS?.trim()) merged.NODE_OPTIONS = `${env.NODE_OPTIONS.trim()} ${debug.NODE_OPTIONS}`;
  return merged;
}

/** Services other services link to start first; a cycle falls back to plan order. */
function startOrder(services: ServiceRuntime[]): ServiceRuntime[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: ServiceRuntime[] = [];
  const visiting = new Set<string>();
  const visit = (plan: ServicePlan) => {
    const service = byName.get(plan.name);
    if (!service || ordered.includes(service) || visiting.has(plan.name)) return;
    visiting.add(plan.name);
    for (const link of plan.links) {
      const target = byName.get(link.service);
      if (target) visit(target.plan);
    }
    ordered.push(service);
  };
  for (const service of services) visit(service.plan);
  return ordered;
}
