// The preload that opens Node's inspector for a service Repo Runner starts under the debugger
// (NODE_OPTIONS --require). It opens it in the first process that listens on the service's
// port, which is the server whatever started it: `npm run dev` (npm itself never listens), a CLI
// that forks the server (Next.js, the Nest CLI, tsx, nodemon) or `node server.js`. Plain
// `--inspect` in NODE_OPTIONS would be taken by npm, the first Node process, and refused to the
// server. Written once into the user's cache under a name that changes with its text.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userCacheDir } from './cache-dir.js';

export const DEBUG_PRELOAD = `'use strict';
// Loaded by Repo Runner (NODE_OPTIONS --require) into a service started for debugging: the
// process that listens on the service's port opens the inspector at REPO_RUNNER_DEBUG_INSPECT.
const target = process.env.REPO_RUNNER_DEBUG_INSPECT;
if (target && !process.env.REPO_RUNNER_DEBUG_CLAIMED) {
  const net = require('net');
  const listen = net.Server.prototype.listen;
  const wanted = Number(process.env.PORT);
  const portOf = (first) => {
    if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) return Number(first);
    if (first && typeof first === 'object' && first.path == null && first.port !== undefined) return Number(first.port);
    return undefined;
  };
  let claimed = false;
  net.Server.prototype.listen = function (...args) {
    const port = portOf(args[0]);
    if (!claimed && port !== undefined && (!wanted || port === wanted)) {
      claimed = true;
      const at = target.lastIndexOf(':');
      try {
        require('inspector').open(Number(target.slice(at + 1)), target.slice(0, at), false);
        // Its own children (workers, a reloader's server) do not try again.
        process.env.REPO_RUNNER_DEBUG_CLAIMED = String(process.pid);
      } catch (error) {
        process.stderr.write('[repo-runner] the debugger could not listen on ' + target + ': ' + error.message + '\\n');
      }
    }
    return listen.apply(this, args);
  };
}
`;

/** The preload's path, written when missing; undefined when the cache cannot be written. */
export function debugPreloadPath(env: Record<string, string | undefined>): string | undefined {
  const file = join(userCacheDir(env), `debug-preload-${createHash('sha256').update(DEBUG_PRELOAD).digest('hex').slice(0, 12)}.cjs`);
  try {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.${process.pid}`, DEBUG_PRELOAD);
      renameSync(`${file}.${process.pid}`, file);
    }
    return file;
  } catch {
    return undefined;
  }
}
