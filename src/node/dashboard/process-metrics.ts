// CPU and memory of a service's whole process tree (a dev server is often a shell, a package
// manager and the real server under it): on Linux read from /proc, elsewhere from `ps`.
import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** CPU time used so far, in seconds (Linux), or the current CPU percentage (ps). */
  cpuSeconds?: number;
  /** CPU time of its children that have ended and been waited for (Linux), in seconds. */
  childCpuSeconds?: number;
  cpuPercent?: number;
  rssBytes: number;
}

/** Clock ticks per second and page size: the values of every Linux this runs on (x86-64, arm64). */
const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

/** Every process of the machine, with its parent, CPU time and resident memory. */
export async function listProcesses(): Promise<ProcessInfo[]> {
  if (process.platform === 'linux') return listFromProc();
  return listFromPs();
}

async function listFromProc(): Promise<ProcessInfo[]> {
  const entries = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const result: ProcessInfo[] = [];
  await Promise.all(entries.map(async (name) => {
    const text = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : parseProcStat(text);
    if (parsed) result.push(parsed);
  }));
  return result;
}

/** Parses /proc/PID/stat: the command may hold spaces and parentheses, so fields are counted after the last ')'. */
export function parseProcStat(text: string): ProcessInfo | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || Number.isNaN(pid)) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // After the command: state(3) ppid(4) … utime(14) stime(15) … rss(24); fields[0] is field 3.
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  const rss = Number(fields[21]);
  if ([ppid, utime, stime, rss].some((n) => Number.isNaN(n))) return undefined;
  const children = Number.isNaN(cutime + cstime) ? undefined : (cutime + cstime) / CLOCK_TICKS;
  return { pid, ppid, cpuSeconds: (utime + stime) / CLOCK_TICKS, childCpuSeconds: children, rssBytes: rss * PAGE_SIZE };
}

function listFromPs(): Promise<ProcessInfo[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pcpu=,rss='], { maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      resolve(stdout.split('\n').map((line) => line.trim().split(/\s+/).map(Number)).filter((f) => f.length === 4 && !f.some(Number.isNaN))
        .map(([pid, ppid, pcpu, rss]) => ({ pid, ppid, cpuPercent: pcpu, rssBytes: rss * 1024 })));
    });
  });
}

/** `root` and every process below it. */
export function treeOf(root: number, all: readonly ProcessInfo[]): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: ProcessInfo[] = [];
  const queue = all.filter((p) => p.pid === root);
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return found;
}

/** CPU seconds `root`'s tree has used, its finished children included (Linux only: undefined elsewhere or when it is gone). */
export async function treeCpuSeconds(root: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const tree = treeOf(root, await listProcesses());
  if (!tree.length) return undefined;
  return tree.reduce((sum, p) => sum + (p.cpuSeconds ?? 0) + (p.childCpuSeconds ?? 0), 0);
}

/** TCP ports `root`'s tree listens on (Linux: its sockets' inodes matched in /proc/net/tcp and tcp6); empty elsewhere. */
export async function treeListeningPorts(root: number): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const inodes = new Set<string>();
  for (const p of treeOf(root, await listProcesses())) {
    const fds = await readdir(`/proc/${p.pid}/fd`).catch(() => [] as string[]);
    await Promise.all(fds.map(async (fd) => {
      const target = await readlink(`/proc/${p.pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }));
  }
  if (!inodes.size) return [];
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is field 10.
      if (fields[3] === '0A' && inodes.has(fields[9])) ports.add(Number.parseInt(fields[1].split(':').pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}
