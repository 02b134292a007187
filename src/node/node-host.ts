// The engine's ports, implemented for real on this machine.
import { createHash } from 'node:crypto';
import type { Host } from '../core/host.js';
import { nodeFileSystem } from './node-fs.js';
import { nodePortAllocator } from './port-allocator.js';
import { nodeProber } from './probes.js';
import { nodeProcessLauncher } from './process-launcher.js';
import { createToolchainProbe } from './toolchains.js';

export function createNodeHost(env: Record<string, string | undefined> = process.env): Host {
  return {
    fs: nodeFileSystem,
    processes: nodeProcessLauncher,
    ports: nodePortAllocator,
    probe: nodeProber,
    toolchains: createToolchainProbe(env),
    env,
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
    hash: (text) => createHash('sha256').update(text).digest('hex'),
  };
}
