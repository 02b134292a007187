// Node servers that name no address (`app.listen(port)`) listen on every network interface.
// Services Repo Runner starts get, through NODE_OPTIONS, a small preload that gives such a
// listen call 127.0.0.1 instead; a server that names its address keeps it. The preload is
// written once into the user's cache, under a name that changes with its text.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userCacheDir } from './cache-dir.js';
import { LOOPBACK } from '../core/bind-address.js';

export const LOOPBACK_PRELOAD = `'use strict';
// Loaded by Repo Runner (NODE_OPTIONS --require) into the services it starts: a server that
// names no address listens on ${LOOPBACK}, so it is not reachable from the network.
const net = require('net');
const listen = net.Server.prototype.listen;
const HOST = '${LOOPBACK}';
const isPort = (v) => typeof v === 'number' || (typeof v === 'string' && /^\\d+$/.test(v));
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (isPort(first)) {
    if (args[1] === undefined || args[1] === null) args[1] = HOST;
    else if (typeof args[1] !== 'string') args.splice(1, 0, HOST);
  } else if (first && typeof first === 'object' && first.port !== undefined && first.host == null && first.path == null && first.fd == null && !first._handle) {
    args[0] = { ...first, host: HOST };
  }
  return listen.apply(this, args);
};
`;

/**
 * The preload's path, written when missing (checked on each call, so a cache cleared while a run
 * is going is written again); undefined when the cache cannot be written.
 */
export function loopbackPreloadPath(env: Record<string, string | undefined>): string | undefined {
  const file = join(userCacheDir(env), `loopback-preload-${createHash('sha256').update(LOOPBACK_PRELOAD).digest('hex').slice(0, 12)}.cjs`);
  try {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.${process.pid}`, LOOPBACK_PRELOAD);
      // Atomic: a service started meanwhile by another run never reads half a file.
      renameSync(`${file}.${process.pid}`, file);
    }
    return file;
  } catch {
    return undefined;
  }
}
