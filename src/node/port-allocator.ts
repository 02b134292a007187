// Free ports from get-port: the preferred one when it is free on every local interface,
// otherwise one nearby, otherwise any. Allocations in this process are serialised and each
// port is held until its run releases it, so concurrent runs (multi-root workspaces) never
// collide, and a run that stopped gives its ports back at once for the next run to reuse.
// Other Repo Runner processes on the machine (another editor window, a CLI in a terminal) are
// kept out by a claim file per port in the temp folder, holding the claimer's PID: a port
// another live process claimed is skipped, even before its service binds it; a claim whose
// process is gone is taken over.
import getPort, { clearLockedPorts, portNumbers } from 'get-port';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortAllocator } from '../core/host.js';

const held = new Set<number>();
let queue: Promise<unknown> = Promise.resolve();
const CLAIMS = process.env.REPO_RUNNER_PORT_CLAIMS ?? join(tmpdir(), 'repo-runner-ports');
const MAX_TRIES = 25;

export const nodePortAllocator: PortAllocator = {
  allocate(preferred, exclude) {
    const next = queue.then(async () => {
      const from = Math.min(Math.max(preferred + 1, 1024), 65_000);
      const candidates = [preferred, ...portNumbers(from, Math.min(from + 49, 65_535))];
      const skip = new Set([...exclude, ...held]);
      for (let attempt = 0; ; attempt++) {
        const port = await getPort({ port: candidates, exclude: [...skip] });
        // `held` replaces get-port's own time-based lock, which would keep a released port
        // from its next run for up to 30 s.
        clearLockedPorts();
        if (claim(port) || attempt >= MAX_TRIES) {
          held.add(port);
          return port;
        }
        skip.add(port);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  },
  release(port) {
    held.delete(port);
    unclaim(port);
  },
};

process.once('exit', () => {
  for (const port of held) unclaim(port);
});

/** Claims `port` for this process; false when another live process holds it. */
function claim(port: number): boolean {
  const file = join(CLAIMS, String(port));
  try {
    mkdirSync(CLAIMS, { recursive: true, mode: 0o1777 });
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true; // no claims possible here: get-port's check stands
  }
  let owner: number;
  try {
    owner = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return false; // released meanwhile: the next try claims it afresh
  }
  if (owner !== process.pid && alive(owner)) return false;
  try {
    writeFileSync(file, String(process.pid));
  } catch {
    // the claim could not be taken over; get-port's check stands
  }
  return true;
}

function unclaim(port: number): void {
  const file = join(CLAIMS, String(port));
  try {
    if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file);
  } catch {
    // not claimed, or already gone
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
