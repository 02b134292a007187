// Test helpers: a fresh copy of a fixture repo in a temporary folder, and a check that no
// process of a run survives it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve('test/fixtures');

export function copyFixture(name: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'rr-test-')), name);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  return root;
}

/**
 * PIDs of live processes started by Repo Runner with this marker, or working inside `dir`.
 * With `startedByUs`, a process inside `dir` counts only if it carries a run marker (an
 * editor's own helpers, e.g. language servers, also work inside the workspace).
 */
export function survivors(options: { marker?: string; dir?: string; startedByUs?: boolean }): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      const state = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/^\d+ \(.*\) Z/.test(state)) continue; // a zombie holds nothing and is gone once reaped
      const ours = options.marker !== undefined && environ.includes(`REPO_RUNNER_RUN=${options.marker}`);
      const inside = options.dir !== undefined && readlinkSync(`/proc/${entry}/cwd`).startsWith(options.dir)
        && (!options.startedByUs || environ.some((v) => v.startsWith('REPO_RUNNER_RUN=')));
      if (ours || inside) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export function describeProcesses(pids: number[]): string {
  if (pids.length === 0) return 'none';
  try {
    return execFileSync('ps', ['-o', 'pid,ppid,cmd', '-p', pids.join(',')], { encoding: 'utf8' });
  } catch {
    return pids.join(', ');
  }
}

/** The command line of a process, arguments joined by spaces. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
