// Ports: every service gets a free port, the one it had last time or its framework's default
// when free, never a port another service of this run holds or one found taken.
import { activeServices } from '../run-context.js';
import type { Phase } from './phase.js';

export const portsPhase: Phase = {
  name: 'ports',
  async run(ctx) {
    const assigned: string[] = [];
    // One at a time: each allocation must see the ones before it.
    for (const service of activeServices(ctx)) {
      if (service.port !== undefined) continue;
      const taken = new Set([...ctx.avoidPorts, ...[...ctx.services.values()].flatMap((s) => (s.port === undefined ? [] : [s.port]))]);
      const previous = ctx.checkpoint.state.services[service.name]?.port;
      const preferred = previous !== undefined && !taken.has(previous) ? previous : service.plan.port.preferred;
      service.port = await ctx.host.ports.allocate(preferred, taken);
      assigned.push(`${service.name} → ${service.port}`);
      const port = service.port;
      await ctx.checkpoint.update((d) => { d.services[service.name] = { ...d.services[service.name], port }; });
    }
    return { status: 'done', detail: assigned.join(', ') || 'ports unchanged' };
  },
};
