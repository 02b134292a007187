// Ports: every service gets a free port, the one it had last time or its framework's default
// when free (a port the user pinned comes first), never a port another service of this run
// holds or one found taken. A preference below 1024 (a container's 80 or 443) is moved to
// 8000 and up: a dev server needs no privileged port.
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
      const binding = service.plan.port;
      if (binding.hardCoded) {
        // The program listens on its own port whatever it is told: that one, free or not (if
        // another program holds it, the start says so and the Fixer names the holder).
        if (taken.has(binding.preferred)) ctx.log('warn', `${service.name}: its code listens on port ${binding.preferred}, which is taken; it is started anyway`);
        service.port = binding.preferred;
        assigned.push(`${service.name} → ${service.port} (hard-coded)`);
        continue;
      }
      const previous = ctx.checkpoint.state.services[service.name]?.port;
      const wanted = service.plan.port.pinned || previous === undefined || taken.has(previous) ? service.plan.port.preferred : previous;
      const preferred = wanted < 1024 ? 8000 + wanted : wanted;
      if (preferred !== wanted) ctx.log('info', `${service.name}: port ${wanted} is a privileged port; using ${preferred} and up instead`);
      service.port = await ctx.host.ports.allocate(preferred, taken);
      assigned.push(`${service.name} → ${service.port}`);
      const port = service.port;
      await ctx.checkpoint.update((d) => { d.services[service.name] = { ...d.services[service.name], port }; });
    }
    return { status: 'done', detail: assigned.join(', ') || 'ports unchanged' };
  },
};
