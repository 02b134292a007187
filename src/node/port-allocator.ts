// Free ports from get-port: the preferred one when it is free on every local interface,
// otherwise one nearby, otherwise any. get-port also locks each port it hands out for a
// while, so concurrent allocations in this process never collide.
import getPort, { portNumbers } from 'get-port';
import type { PortAllocator } from '../core/host.js';

export const nodePortAllocator: PortAllocator = {
  async allocate(preferred, exclude) {
    const candidates = [preferred, ...portNumbers(Math.min(preferred + 1, 65_000), Math.min(preferred + 50, 65_535))];
    return getPort({ port: candidates, exclude: [...exclude] });
  },
};
