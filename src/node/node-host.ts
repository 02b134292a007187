// The engine's ports, implemented for real on this machine.
import { createHash, randomBytes } from 'node:crypto';
import type { Host } from '../core/host.js';
import { ensureDatabase, pingDatabase } from './database-clients.js';
import { databaseDir, embeddedPostgres, findLocalServer, locations, prepareDatabaseDir, removeDatabaseDir } from './database-servers.js';
import { nodeFileSystem } from './node-fs.js';
import { nodePortAllocator } from './port-allocator.js';
import { nodeProber } from './probes.js';
import { nodeProcessLauncher } from './process-launcher.js';
import { createToolchainProbe } from './toolchains.js';
import { createToolProvisioner } from './tool-provisioner.js';
import { loopbackPreloadPath } from './loopback-preload.js';
import { debugPreloadPath } from './debug-preload.js';

export function createNodeHost(env: Record<string, string | undefined> = process.env): Host {
  const loc = locations(env);
  const clients = new Map<string, string | undefined>();
  return {
    fs: nodeFileSystem,
    processes: nodeProcessLauncher,
    ports: nodePortAllocator,
    probe: nodeProber,
    toolchains: createToolchainProbe(env),
    tools: createToolProvisioner(env),
    databases: {
      root: loc.root,
      findLocal: async (engine, major) => {
        const found = await findLocalServer(loc, engine, major);
        if (found?.names?.client) clients.set(engine, found.names.client);
        return found;
      },
      embedded: (engine, onLine, signal) => (engine === 'postgres' ? embeddedPostgres(loc, onLine, signal) : Promise.resolve(undefined)),
      dataDir: (root, name) => databaseDir(loc, root, name),
      prepare: (dir, engine) => prepareDatabaseDir(loc, dir, engine),
      ping: (connection, timeoutMs) => pingDatabase(connection, timeoutMs, clients.get(connection.engine)),
      ensureDatabase,
      removeDataDir: (dir) => removeDatabaseDir(loc, dir),
    },
    env,
    loopbackPreload: () => loopbackPreloadPath(env),
    debugPreload: () => debugPreloadPath(env),
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
    randomToken: (bytes) => randomBytes(bytes).toString('hex'),
  };
}
