// An install that goes quiet is asked why before anyone calls it hung: a git dependency on a host
// that never answers (git+ssh to a private server, a registry behind a VPN) makes npm, pip or
// cargo wait silently for minutes. After `installQuietMs` without a line of output, the hosts the
// service's manifests fetch from are tried; one out of reach ends the install with that reason.
// Reachable hosts (a big, slow install) let it go on, and it is asked again after another quiet spell.
import type { CommandResult } from '../host.js';
import type { CommandSpec } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';
import { absoluteCwd, baseEnv, toolEnv } from './commands.js';

const REACH_TIMEOUT_MS = 5_000;
const POLL_MS = 500;

export interface UnreachableHost {
  host: string;
  port: number;
  /** A package index, not a git source. */
  registry?: boolean;
  /** How the connection failed (ENOTFOUND, a timeout). */
  error: string;
  /** The manifest line that names it. */
  file: string;
  line: number;
  quietMs: number;
}

export type WatchedResult = CommandResult & { unreachable?: UnreachableHost };

/** Runs an install step; when it falls silent and a host it needs is out of reach, it is stopped and that host is returned. */
export async function runWatchedInstall(ctx: RunContext, command: CommandSpec, onLine: (line: string) => void, service: ServiceRuntime): Promise<WatchedResult> {
  const stop = new AbortController();
  const forward = () => stop.abort();
  ctx.signal.addEventListener('abort', forward, { once: true });
  let lastOutput = ctx.host.now();
  let unreachable: UnreachableHost | undefined;
  let finished = false;
  const running = ctx.host.processes.run(command, {
    cwd: absoluteCwd(ctx, command),
    env: { ...baseEnv(ctx), ...toolEnv(ctx, service), ...command.env },
    signal: stop.signal,
    onLine: (_stream, line) => {
      lastOutput = ctx.host.now();
      onLine(line);
    },
  });
  // A timer, not the host's sleep: the watch must not move a scripted clock, only look at it.
  let checking = false;
  const timer = setInterval(() => {
    if (finished || checking || stop.signal.aborted || ctx.host.now() - lastOutput < ctx.options.installQuietMs) return;
    checking = true;
    const quietMs = ctx.host.now() - lastOutput;
    ctx.log('warn', `${service.name}: the install has printed nothing for ${Math.round(quietMs / 1000)} s; checking the hosts its dependencies come from`);
    void firstUnreachable(ctx, service).then((found) => {
      checking = false;
      if (finished) return;
      if (found) {
        unreachable = { ...found, quietMs };
        stop.abort();
      } else lastOutput = ctx.host.now();
    });
  }, POLL_MS);
  timer.unref?.();
  try {
    const result = await running;
    finished = true;
    return unreachable && !ctx.signal.aborted ? { ...result, cancelled: false, unreachable } : result;
  } finally {
    finished = true;
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', forward);
  }
}

/** Hosts the service's manifests fetch from: git URLs (ssh, https, git), scp-like git@host:path, Cargo and pip git sources, Python package indexes. */
export interface DependencyHost {
  host: string;
  port: number;
  protocol: 'ssh' | 'tls' | 'tcp';
  index: number;
  /** A package index (pip's -i, a Pipfile source) rather than a git source. */
  registry?: boolean;
}

export function dependencyHosts(text: string): DependencyHost[] {
  const out: DependencyHost[] = [];
  const add = (host: string, port: number, protocol: DependencyHost['protocol'], index: number, registry = false) => {
    if (!out.some((h) => h.host === host && h.port === port)) out.push({ host, port, protocol, index, ...(registry ? { registry } : {}) });
  };
  for (const m of text.matchAll(/(?:git\+)?(ssh|https?|git):\/\/(?:[^@/\s"']+@)?([A-Za-z0-9.-]+)(?::(\d+))?\//g)) {
    // Only sources of dependencies: a URL on a line that says "git" (git+…, .git, git = "…"), not any link in a manifest.
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index);
    if (!/git/.test(text.slice(start, end === -1 ? undefined : end))) continue;
    const scheme = m[1];
    const protocol = scheme === 'ssh' ? 'ssh' : scheme === 'https' ? 'tls' : 'tcp';
    add(m[2], m[3] ? Number(m[3]) : scheme === 'ssh' ? 22 : scheme === 'git' ? 9418 : scheme === 'http' ? 80 : 443, protocol, m.index);
  }
  for (const m of text.matchAll(/["'\s]git@([A-Za-z0-9.-]+):[\w./-]+/g)) add(m[1], 22, 'ssh', m.index);
  // Package indexes: pip's -i / --index-url / --extra-index-url, and the url of a Pipfile [[source]],
  // a [[tool.poetry.source]] or a [[tool.uv.index]].
  for (const m of text.matchAll(/^\s*(?:(?:-i|--index-url|--extra-index-url)[=\s]+|url\s*=\s*["'])(https?):\/\/(?:[^@/\s"']+@)?([A-Za-z0-9.-]+)(?::(\d+))?/gm)) {
    if (m[0].trimStart().startsWith('url') && !/^\s*\[\[?[^\]]*(?:source|index)[^\]]*\]\]?\s*$/m.test(lastTableHeader(text, m.index))) continue;
    add(m[2], m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80, m[1] === 'https' ? 'tls' : 'tcp', m.index + m[0].indexOf(m[1]), true);
  }
  return out;
}

/** The TOML table header (`[[source]]`) the text at `index` sits under, or ''. */
function lastTableHeader(text: string, index: number): string {
  const headers = [...text.slice(0, index).matchAll(/^\s*\[.*\]\s*$/gm)];
  return headers.at(-1)?.[0] ?? '';
}

/** The first host the service's manifests fetch from that does not answer, with the line that names it. */
export async function firstUnreachable(ctx: RunContext, service: ServiceRuntime): Promise<Omit<UnreachableHost, 'quietMs'> | undefined> {
  const probe = ctx.host.probe.remote;
  if (!probe) return undefined;
  for (const file of service.plan.manifests) {
    const text = await ctx.host.fs.readText(`${ctx.root}/${file}`);
    if (!text) continue;
    for (const { host, port, protocol, index, registry } of dependencyHosts(text)) {
      const answer = await probe(host, port, protocol, REACH_TIMEOUT_MS);
      if (!answer.ok) return { host, port, error: answer.error, file, line: text.slice(0, index).split('\n').length, ...(registry ? { registry } : {}) };
    }
  }
  return undefined;
}
