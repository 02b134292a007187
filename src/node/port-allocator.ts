// Free ports from get-port: the preferred one when it is free on every local interface,
// otherwise one nearby, otherwise any. Allocations in this process are serialised and each
// port is held until its run releases it, so concurrent runs (multi-root workspaces) never
// collide, and a run that stopped gives its ports back at once for the next run to reuse.
import getPort, { clearLockedPorts, portNumbers } from 'get-port';
import type { PortAllocator } from '../core/host.js';

const held = new Set<number>();
let queue: Promise<unknown> = Promise.resolve();

export const nodePortAllocator: PortAllocator = {
  allocate(preferred, exclude) {
    const next = queue.then(async () => {
      const candidates = [preferred, ...portNumbers(Math.min(preferred + 1, 65_000), Math.min(preferred + 50, 65_535))];
      const port = await getPort({ port: candidates, exclude: [...exclude, ...held] });
      held.add(port);
      // `held` replaces get-port's own time-based lock, which would keep a released port
      // from its next run for up to 30 s.
      clearLockedPorts();
      return port;
    });
    queue = next.catch(() => undefined);
    return next;
  },
  release(port) {
    held.delete(port);
  },
};
