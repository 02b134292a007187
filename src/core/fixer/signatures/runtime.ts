// Failures of a started service as the health check sees them: a variable is missing, it
// listens on another port than it was given, it answers 5xx, it exits at once with success.
import { joinRel } from '../../detect/repo-files.js';
import type { ServicePlan } from '../../model.js';
import type { FixerContext } from '../failure.js';
import { firstRepoPosition, lineIn, type Location } from '../locate.js';
import { dirOf, edit, envFix, lineText, nameOf, replaceLine, rerun, restartAfterEdit, serviceSetting, type Signature } from '../signature.js';

const ENTRY_FILES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.ts', 'index.ts', 'src/index.js', 'src/server.js', 'src/index.ts', 'src/main.ts', 'app.py', 'main.py', 'server.py', 'main.go'];

/** Files the start command names (and package.json's start script), then the usual entry files. */
async function entryFiles(service: ServicePlan, ctx: FixerContext): Promise<string[]> {
  const named = [service.start.command, ...service.start.args].filter((a) => /\.(?:[cm]?[jt]s|py|go)$/.test(a));
  const scripts = /"(?:start|dev|serve)"\s*:\s*"([^"]+)"/.exec((await ctx.read(joinRel(service.dir, 'package.json'))) ?? '')?.[1] ?? '';
  named.push(...scripts.split(/\s+/).filter((a) => /\.(?:[cm]?[jt]s)$/.test(a)));
  return [...new Set([...named, ...ENTRY_FILES])].map((f) => joinRel(service.dir, f));
}

/** Where the code names `port` literally. */
async function portLiteral(service: ServicePlan, port: number, ctx: FixerContext): Promise<Location | undefined> {
  for (const file of await entryFiles(service, ctx)) {
    const found = await lineIn(file, new RegExp(`(?<![\\w.])${port}(?![\\w.])`), ctx);
    if (found) return found;
  }
  return undefined;
}

function readsPort(line: string, port: number, kind: ServicePlan['kind'], text: string): string | undefined {
  // Only a line that plainly sets up the listener: a port elsewhere (a URL, a timeout) is not rewritten.
  if (/PORT/.test(line) || !/listen|port|\.run\(|serve/i.test(line)) return undefined;
  const literal = new RegExp(`(?<![\\w.])${port}(?![\\w.])`);
  if (kind === 'node') return line.replace(literal, `Number(process.env.PORT) || ${port}`);
  if (kind === 'python' && /^import os\b|^from os import|^import .*\bos\b/m.test(text)) return line.replace(literal, `int(os.environ.get("PORT", ${port}))`);
  return undefined;
}

const ANNOUNCED_PORT = /(?:listen(?:ing)?|running|started|serving|server|available|Local:)[^\n]*?(?:\bport\s*|:)(\d{2,5})\b/i;

/** Only the plainest announcements ("listening on …:N", "Local: http://…:N"), for giving up early. */
const LISTENING_ON = /(?:listening|running|serving|started)\s+(?:on|at)\b[^\n]*?(?::|\bport\s*)(\d{2,5})\b|Local:\s+https?:\/\/[^\s/:]+:(\d{2,5})/i;

/** A line without what looks like a port but is not the app's: the debugger's ws:// address, clock times. */
function withoutNoise(line: string): string {
  if (/Debugger listening|Starting inspector|wss?:\/\//i.test(line)) return '';
  return line.replace(/(?<![\d.])\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?![\d:])/g, '');
}

/** The last port a service's output says it listens on, when that is not the one it was given. */
export function announcedOtherPort(lines: readonly string[], assigned: number | undefined, strict = false): number | undefined {
  const pattern = strict ? LISTENING_ON : ANNOUNCED_PORT;
  const ports = [...lines.map(withoutNoise).join('\n').matchAll(new RegExp(pattern.source, 'gi'))].map((m) => Number(m[1] ?? m[2]));
  return ports.reverse().find((p) => p !== assigned && p > 0);
}

export const RUNTIME_SIGNATURES: readonly Signature[] = [
  {
    code: 'env-missing',
    phases: ['run', 'health'],
    pattern: /(?:environment variable|env var(?:iable)?)\s*[`'"]?([A-Z][A-Z0-9_]{1,})[`'"]?[^\n]*?(?:not set|missing|required|undefined)|\b([A-Z][A-Z0-9_]{2,}) (?:is not set|is required|must be set)|KeyError: '([A-Z][A-Z0-9_]+)'|Environment variable not found: ([A-Z][A-Z0-9_]+)/,
    async diagnose(match, failure, ctx) {
      // A KeyError is about the environment only when the traceback reads it (os.environ[...], getenv).
      if (match[3] && !/environ\b|getenv|<frozen os>/.test(failure.tail.join('\n'))) return undefined;
      // A warning that the app carries on without it ("… is not set, using random value") is not why it stopped.
      const said = failure.tail.find((l) => l.includes(match[0])) ?? '';
      if (/\bwarn(?:ing)?\b|\busing (?:a )?(?:random|default|generated)\b/i.test(said)) return undefined;
      const name = match[1] ?? match[2] ?? match[3] ?? match[4];
      const declared = ctx.plan.env.find((e) => e.name === name);
      return {
        message: `${nameOf(failure)} stopped because the environment variable ${name} is not set${declared ? ` (it is listed in ${declared.evidence.file})` : ''}.`,
        file: declared?.evidence.file,
        range: declared?.evidence.line ? { startLine: declared.evidence.line } : undefined,
        fixes: [envFix(name, dirOf(failure))],
      };
    },
  },
  {
    code: 'wrong-port',
    phases: ['health'],
    pattern: ANNOUNCED_PORT,
    when: (failure) => failure.port !== undefined && failure.generic.code === 'health-timeout',
    async diagnose(match, failure, ctx) {
      const port = announcedOtherPort(failure.tail, failure.port);
      const service = failure.service;
      if (port === undefined || !service) return undefined;
      const literal = await portLiteral(service, port, ctx);
      const text = literal ? (await ctx.read(literal.file)) ?? '' : '';
      const line = literal ? lineText(text, literal.range.startLine) : '';
      const rewritten = literal ? readsPort(line, port, service.kind, text) : undefined;
      return {
        message: `${service.name} listens on port ${port}, not on the port ${failure.port} it was given${literal ? ` (${literal.file} hard-codes it)` : ''}, so the health check never reaches it.`,
        ...literal,
        excerpt: [failure.tail.find((l) => l.includes(String(port))) ?? match[0]],
        fixes: [
          ...(rewritten && literal ? [edit(`Listen on the PORT variable in ${literal.file} (${port} stays the default)`, literal.file, [replaceLine(literal.range.startLine, rewritten)], 'run')] : []),
          serviceSetting(`Give ${service.name} port ${port}, the one it uses (repo-runner.json)`, service, 'port', port, 'ports'),
        ],
      };
    },
  },
  {
    code: 'health-http-error',
    phases: ['health'],
    pattern: /^/,
    when: (failure) => /^HTTP 5\d\d\b/.test(failure.probe ?? ''),
    async diagnose(_match, failure, ctx) {
      const service = failure.service;
      const lines = service?.kind === 'python' ? [...failure.tail].reverse() : failure.tail;
      const at = await firstRepoPosition(lines, dirOf(failure), ctx);
      const error = [...failure.tail].reverse().find((l) => /^\s*(?:\w*Error|\w+Exception)\b[:\s]/.test(l))?.trim();
      const path = service?.health.kind === 'http' ? service.health.path : '/';
      return {
        message: `${nameOf(failure)} is up but answers ${failure.probe} on ${path}${error ? `: ${error}` : ''}${at ? ` (at ${at.file}:${at.range.startLine})` : ''}.`,
        ...at,
        excerpt: [`GET ${path} → ${failure.probe}`, ...(error ? [error] : [])],
        fixes: [restartAfterEdit(failure, at?.file ?? 'the handler')],
      };
    },
  },
  {
    code: 'service-exits-at-once',
    phases: ['health', 'run'],
    pattern: /^/,
    when: (failure) => failure.exitCode === 0 && failure.generic.code === 'service-exited',
    async diagnose(_match, failure, ctx) {
      const service = failure.service;
      if (!service) return undefined;
      const current = [service.start.command, ...service.start.args].join(' ');
      const manifest = joinRel(service.dir, 'package.json');
      let alternative: string | undefined;
      try {
        const names = Object.keys(JSON.parse((await ctx.read(manifest)) ?? '{}').scripts ?? {});
        alternative = ['dev', 'serve', 'start', 'develop', 'preview'].find((s) => names.includes(s) && !current.endsWith(` ${s}`) && !(s === 'start' && current === 'npm start'));
      } catch {
        alternative = undefined;
      }
      const last = [...failure.tail].reverse().find((l) => l.trim() !== '');
      return {
        message: `${service.name} exited with success right after it started (\`${current}\` ran to completion instead of serving)${last ? `; its last line: ${last.trim()}` : ''}.`,
        excerpt: last ? [last.trim()] : [],
        ...(alternative ? await lineIn(manifest, new RegExp(`"${alternative}"\\s*:`), ctx) : undefined),
        fixes: alternative
          ? [serviceSetting(`Start ${service.name} with "npm run ${alternative}" (repo-runner.json)`, service, 'start', ['npm', 'run', alternative])]
          : [rerun(`Start ${service.name} again once its start command serves`, 'run', false, service)],
      };
    },
  },
];
