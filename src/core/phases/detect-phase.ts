// The first phase: the plan for the folder (reused while no file it came from changed), and a
// runtime for each of its services.
import { detectPlanCached } from '../detect/plan-cache.js';
import { ServiceRuntime } from '../run-context.js';
import type { Phase } from './phase.js';

export const detectPhase: Phase = {
  name: 'detect',
  async run(ctx) {
    const { plan, cache, reused } = await detectPlanCached(ctx.root, ctx.host.fs, ctx.host.hash, ctx.checkpoint.state.plan);
    ctx.plan = plan;
    if (reused) ctx.log('info', 'no file the plan came from changed since the last run: detection skipped');
    else await ctx.checkpoint.update((d) => { d.plan = cache; });
    ctx.services.clear();
    for (const service of ctx.plan.services) ctx.services.set(service.name, new ServiceRuntime(service));
    ctx.emit({ type: 'plan', plan: ctx.plan });
    const count = ctx.plan.services.length;
    return {
      status: count > 0 ? 'done' : 'failed',
      findings: ctx.plan.findings,
      detail: count > 0 ? `${count} service${count === 1 ? '' : 's'}: ${ctx.plan.services.map((s) => `${s.name} (${s.framework})`).join(', ')}${reused ? ' (unchanged)' : ''}` : 'nothing to run',
    };
  },
};
