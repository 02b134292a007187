// A guard against the process that runs the engine dying without stopping its services (an
// editor window killed, a CLI hit by SIGKILL). Services run in process groups of their own, so
// nothing else stops them. A tiny detached watchdog polls its owner; once the owner is gone
// (checked by PID and start time, never by PID alone) it stops every process that carries the
// owner's REPO_RUNNER_OWNER value, then exits. Linux only: it reads /proc.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

export const OWNER_ENV = 'REPO_RUNNER_OWNER';

// Runs with `node -e`; its arguments are the owner's PID, its start time and the owner id.
const WATCHDOG_SOURCE = `
const fs = require('fs');
const [owner, ownerStart, id] = process.argv.slice(1);
const startOf = (pid) => { try { return fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[19]; } catch { return null; } };
const ours = () => fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).filter((p) => {
  try { return fs.readFileSync('/proc/' + p + '/environ', 'latin1').split('\\0').includes('${OWNER_ENV}=' + id); } catch { return false; }
}).map(Number);
const sweep = (signal) => { for (const pid of ours()) { try { process.kill(pid, signal); } catch {} } };
const timer = setInterval(() => {
  if (startOf(owner) === ownerStart) return;
  clearInterval(timer);
  sweep('SIGTERM');
  setTimeout(() => { sweep('SIGKILL'); process.exit(0); }, 2000);
}, 1000);
`;

let ownerId: string | undefined;

/** The value to put in OWNER_ENV of every process this one starts; starts the watchdog once. */
export function ensureWatchdog(): string | undefined {
  if (ownerId !== undefined) return ownerId || undefined;
  ownerId = '';
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat') || process.env.REPO_RUNNER_NO_WATCHDOG) return undefined;
  const start = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[19];
  const id = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  delete env[OWNER_ENV];
  try {
    const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(process.pid), start, id], { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined);
    child.unref();
    ownerId = id;
  } catch {
    return undefined;
  }
  return ownerId;
}
