// A Procfile (Heroku, Foreman, Honcho) names a repo's processes: `web` serves on $PORT, others
// (workers, clock) run without a port. Each line is the repo's own shell command, like an npm
// script, so it runs through `sh -c`. `release` runs once before the app starts, as on Heroku:
// it becomes the release step of the folder's web process.
import type { Evidence, Finding, ServicePlan } from '../model.js';
import { joinRel, type RepoFiles } from './repo-files.js';

export interface ProcfileEntry {
  process: string;
  command: string;
  line: number;
}

export function parseProcfile(text: string): ProcfileEntry[] {
  const entries: ProcfileEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(raw.trim());
    if (match && !raw.trim().startsWith('#')) entries.push({ process: match[1], command: match[2].trim(), line: index + 1 });
  });
  return entries;
}

/** Compiled stacks whose start builds the program first: the argument list that passes the program's own arguments. */
const BUILD_AND_RUN: Record<string, string[]> = { go: [], rust: ['--'] };

/**
 * A Procfile web command that runs the compiled program by name (`miniflux`, `bin/server -port
 * $PORT`), a file the repo does not hold because the platform's build makes it: the stack's own
 * start (`go run`, `cargo run`) builds and runs it with the same arguments. Undefined when the
 * command is something else, or is shell beyond words and $PORT.
 */
async function builtBinaryStart(files: RepoFiles, dir: string, service: ServicePlan, command: string): Promise<{ binary: string; start: ServicePlan['start'] } | undefined> {
  const separator = BUILD_AND_RUN[service.kind];
  if (!separator || /[|&;<>()`"'\\*?]/.test(command)) return undefined;
  const [binary, ...args] = command.split(/\s+/);
  if (/^(exec|env|sh|bash|go|cargo)$/.test(binary) || (await files.has(joinRel(dir, binary.replace(/^\.\//, ''))))) return undefined;
  if (args.some((a) => a.includes('$') && !/^[^$]*\$\{?PORT\}?$/.test(a))) return undefined;
  const own = args.map((a) => a.replace(/\$\{?PORT\}?$/, '{port}'));
  return { binary, start: { ...service.start, args: [...service.start.args, ...(own.length > 0 ? [...separator, ...own] : [])] } };
}

/**
 * `java -jar target/app.jar` (Maven) or `build/libs/app.jar` (Gradle): the jar the platform's
 * build made, so the same build (tests skipped) runs before the start.
 */
function jarBuild(service: ServicePlan, command: string): ServicePlan['start'] | undefined {
  if (service.kind !== 'java') return undefined;
  const tool = service.start.command;
  if (/-jar\s+(\.\/)?target\//.test(command) && /(^|\/)(mvnw|mvn)$/.test(tool)) return { command: tool, args: ['-q', 'package', '-DskipTests'], cwd: service.dir };
  if (/-jar\s+(\.\/)?build\/libs\//.test(command) && /(^|\/)(gradlew|gradle)$/.test(tool)) return { command: tool, args: ['-q', 'assemble'], cwd: service.dir };
  return undefined;
}

/**
 * `./bin/fider migrate && ./bin/fider`: every command of the chain runs one Go program at a path
 * the repo does not hold (the platform's build put it there): `go build -o` that path first.
 */
async function goBinaryBuild(files: RepoFiles, dir: string, service: ServicePlan, command: string): Promise<ServicePlan['start'] | undefined> {
  if (service.kind !== 'go' || service.start.command !== 'go' || service.start.args[0] !== 'run') return undefined;
  const programs = new Set(command.split(/&&|;/).map((part) => part.trim().split(/\s+/)[0]));
  const [binary] = programs;
  if (programs.size !== 1 || !/^(?:\.\/)?[\w.-]+\/[\w./-]+$/.test(binary) || (await files.has(joinRel(dir, binary.replace(/^\.\//, ''))))) return undefined;
  // The program's own folder when the module has one by its name (cmd/board for bin/board), else the entry detected.
  const own = `./cmd/${binary.split('/').pop()}`;
  const pkg = (await files.has(joinRel(dir, own.slice(2)))) ? own : service.start.args.slice(1).find((arg) => !arg.startsWith('-')) ?? '.';
  return { command: 'go', args: ['build', '-o', binary, pkg], cwd: dir };
}

/**
 * Applies the Procfile of `dir`: its `web` process becomes the start command of the service
 * detected there (or a service of its own), every other process a service without a port.
 */
export async function applyProcfile(files: RepoFiles, dir: string, services: ServicePlan[], base: string): Promise<Finding[]> {
  const file = joinRel(dir, 'Procfile');
  const text = await files.read(file);
  if (text === undefined) return [];
  const findings: Finding[] = [];
  const existing = services.find((s) => s.dir === dir);
  const releases: { entry: ProcfileEntry; evidence: Evidence }[] = [];
  for (const entry of parseProcfile(text)) {
    const evidence: Evidence = { file, line: entry.line, reason: `Procfile "${entry.process}" process` };
    const start = { command: 'sh', args: ['-c', entry.command], cwd: dir };
    if (entry.process === 'release') {
      releases.push({ entry, evidence });
      continue;
    }
    const built = entry.process === 'web' && existing ? await builtBinaryStart(files, dir, existing, entry.command) : undefined;
    if (existing && built) {
      existing.start = built.start;
      existing.port = { ...existing.port, env: 'PORT' };
      existing.evidence.unshift({ ...evidence, reason: `Procfile "web" runs ${built.binary}, which the ${existing.kind} build makes: built and started with ${[built.start.command, ...built.start.args].join(' ')}` });
      continue;
    }
    if (entry.process === 'web' && existing) {
      const build = jarBuild(existing, entry.command) ?? await goBinaryBuild(files, dir, existing, entry.command);
      if (build) existing.install.push({ command: build, always: true });
      existing.start = start;
      existing.port = { ...existing.port, env: 'PORT' };
      if (existing.health.kind !== 'http') existing.health = { kind: 'http', path: '/' }; // a web process serves HTTP
      existing.evidence.unshift(evidence);
      continue;
    }
    const name = entry.process === 'web' ? base : `${base}-${entry.process}`;
    services.push({
      name, kind: existing?.kind ?? 'custom', framework: existing?.framework ?? 'procfile', dir,
      packageManager: existing?.packageManager, install: existing && entry.process !== 'web' ? [] : existing?.install ?? [],
      start, port: { env: 'PORT', preferred: existing?.port.preferred ?? 5000 },
      health: entry.process === 'web' ? { kind: 'http', path: '/' } : { kind: 'none' },
      links: [], manifests: [file, ...(existing?.manifests ?? [])], installedMarker: existing?.installedMarker, evidence: [evidence],
    });
  }
  // The release step belongs to the web process (the one the folder's app is), else the folder's first process.
  const owner = services.find((s) => s.dir === dir && s.health.kind !== 'none') ?? services.find((s) => s.dir === dir);
  for (const { entry, evidence } of releases) {
    if (!owner) break;
    owner.release = [...(owner.release ?? []), { command: 'sh', args: ['-c', entry.command], cwd: dir }];
    owner.evidence.push({ ...evidence, reason: `${evidence.reason}: run once before the app starts` });
  }
  return findings;
}
