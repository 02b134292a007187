// The shape shared by the providers of Go, Rust, Java, Ruby, PHP, .NET and Deno: a manifest in
// the folder and text in it recognise a catalogue entry, whose argument templates say how to
// install and start; the toolchain version comes from the files the stack keeps it in.
import type { Evidence, HealthCheck, InstallStep, Requirement, ToolName } from '../../model.js';
import type { FrameworkEntry } from '../catalogue/index.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import { commandOf, fillTemplate, type Project, type Provider, type ProviderHelp } from './provider.js';

/** A file that names the toolchain version: its pattern's first group is the version. */
export interface VersionSource {
  file: string;
  pattern: RegExp;
  range: (version: string) => string;
}

export interface StackSpec {
  id: string;
  help: ProviderHelp;
  frameworks: readonly FrameworkEntry[];
  lockfiles: readonly string[];
  versionSources: readonly VersionSource[];
  /** Whether a project recognised by its manifest is a service at all (a Rust library is not). */
  isService?: (files: RepoFiles, dir: string, manifestText: string) => Promise<boolean>;
  /** Resolves `{entry}`: the first of the entry's candidates that exists in the folder. */
  findEntry?: (files: RepoFiles, dir: string, candidates: readonly string[]) => Promise<string | undefined>;
  /** The file and reason that justify `{entry}`, when it is not a file of the folder (a class name, a build target). */
  entryEvidence?: (dir: string, entry: string, manifest: string, manifestText: string) => Evidence;
  /** Toolchains the project needs besides its framework's (the C or C++ compiler a build uses). */
  moreTools?: (manifestText: string) => readonly ToolName[];
  /** Tools the build brings for itself that the run should provide (the Node of frontend-maven-plugin). */
  buildTools?: (manifestText: string, manifest: string, service: string) => Requirement[];
  /** Steps after the framework's install (Go code generators the build needs). */
  moreInstall?: (files: RepoFiles, dir: string, manifestText: string) => Promise<InstallStep[]>;
  /** Whether the manifest declares anything to install (a mix.exs with no deps has nothing: no Hex needed). */
  hasDependencies?: (manifestText: string) => boolean;
  /** A start the manifest itself names (a deno.json task), before any template. */
  declaredStart?: (manifestText: string) => { argv: string[]; marker: string; reason: string } | undefined;
  /** Extra arguments and evidence from the manifest (which of several Rust binaries). */
  refineStart?: (manifestText: string, manifest: string) => { args: string[]; without?: string[]; evidence: Evidence } | undefined;
  /** Where the entry's code says it serves HTTP, for entries whose check is TCP by default. */
  entryServesHttp?: (files: RepoFiles, dir: string, entry: string, pattern: RegExp) => Promise<boolean>;
}

interface StackProject extends Project {
  manifest: string;
  text: string;
  entry?: string;
  declared?: { argv: string[]; marker: string; reason: string };
}

const MANAGER_TOOLS: Partial<Record<string, ToolName>> = { bundler: 'bundle', composer: 'composer' };

export function stackProvider(spec: StackSpec): Provider<StackProject> {
  const manifests = [...new Set(spec.frameworks.map((f) => f.recognise!.manifest!))];
  return {
    id: spec.id,
    help: spec.help,
    manifests,

    async recognise(files, dir) {
      const names = (await files.list(dir)).filter((e) => e.isFile).map((e) => e.name);
      for (const framework of spec.frameworks) {
        const { manifest: pattern, match, requires } = framework.recognise!;
        const manifest = await manifestFile(files, dir, names, pattern!);
        if (!manifest) continue;
        const text = (await files.read(manifest)) ?? '';
        if ((match && !match.test(text)) || (requires && !names.includes(requires))) continue;
        if (spec.isService && !(await spec.isService(files, dir, text))) return undefined;
        const declared = spec.declaredStart?.(text);
        const entry = !declared && framework.start?.some((arg) => arg.includes('{entry}')) ? await (spec.findEntry ?? firstFile)(files, dir, framework.entries ?? []) : undefined;
        if (!declared && framework.start?.some((arg) => arg.includes('{entry}')) && !entry) continue;
        const base = manifest.split('/').pop();
        return {
          dir, framework, manifest, text, entry, declared, packageManager: framework.packageManager,
          evidence: [{ file: manifest, line: match ? lineOf(text, match) : undefined, reason: match ? `${base} uses ${framework.name}` : `${base} present: ${/^[AEIOU]/.test(framework.name) ? 'an' : 'a'} ${framework.name} project` }],
          manifests: [manifest, ...spec.lockfiles.filter((n) => names.includes(n)).map((n) => joinRel(dir, n))],
        };
      }
      return undefined;
    },

    async start(files, { dir, framework, manifest, text, entry, declared }) {
      if (declared) return { command: commandOf(declared.argv, dir), evidence: [{ file: manifest, line: lineOf(text, declared.marker), reason: declared.reason }] };
      const evidence: Evidence[] = !entry ? []
        : [spec.entryEvidence?.(dir, entry, manifest, text) ?? { file: joinRel(dir, entry === '.' ? 'go.mod' : entry.replace(/^\.\//, '')), reason: `start ${entry}` }];
      const wrapper = framework.wrapper && ((await files.has(joinRel(dir, framework.wrapper.script.replace(/^\.\//, '')))) ? framework.wrapper.script : framework.wrapper.fallback);
      let argv = fillTemplate(framework.start!, { ...(entry ? { entry } : {}), ...(wrapper ? { wrapper } : {}) });
      const refined = spec.refineStart?.(text, manifest);
      if (refined) {
        argv = [...argv.filter((arg) => !refined.without?.includes(arg)), ...refined.args];
        evidence.push(refined.evidence);
      }
      return { command: commandOf(argv, dir), evidence };
    },

    install: async (files, { dir, framework, text }) => [
      ...(spec.hasDependencies && !spec.hasDependencies(text) ? [] : (framework.install ?? []).map((argv) => ({ command: commandOf(argv, dir) }))),
      ...((await spec.moreInstall?.(files, dir, text)) ?? []),
    ],

    port: ({ framework }) => ({ env: framework.port.env, preferred: framework.port.preferred }),

    async readiness(files, { dir, framework }, start): Promise<HealthCheck> {
      if (framework.health.kind !== 'tcp' || !framework.httpWhen || !spec.entryServesHttp) return framework.health;
      return (await spec.entryServesHttp(files, dir, start.args.at(-1) ?? '.', framework.httpWhen)) ? { kind: 'http', path: '/' } : framework.health;
    },

    async versions(files, { dir, framework, manifest, text, evidence }, start, service) {
      const version = await askedVersion(files, dir, spec.versionSources, manifest, text);
      const requirements: Requirement[] = [{ tool: framework.tool!, range: version?.range, service, evidence: version?.evidence ?? evidence[0] }];
      for (const tool of [...(framework.alsoNeeds ?? []), ...(spec.moreTools?.(text) ?? [])]) requirements.push({ tool, service, evidence: evidence[0] });
      const managerTool = framework.packageManager && MANAGER_TOOLS[framework.packageManager];
      if (managerTool) requirements.push({ tool: managerTool, service, evidence: evidence[0] });
      if (framework.wrapper && start.command === framework.wrapper.fallback) requirements.push({ tool: framework.wrapper.fallback, service, evidence: evidence[0] });
      requirements.push(...(spec.buildTools?.(text, manifest, service) ?? []));
      return requirements;
    },
  };
}

async function manifestFile(files: RepoFiles, dir: string, names: string[], manifest: string): Promise<string | undefined> {
  if (manifest.startsWith('*.')) {
    const found = names.find((n) => n.endsWith(manifest.slice(1)));
    return found ? joinRel(dir, found) : undefined;
  }
  const rel = joinRel(dir, manifest);
  return manifest.includes('/') ? ((await files.has(rel)) ? rel : undefined) : names.includes(manifest) ? rel : undefined;
}

async function firstFile(files: RepoFiles, dir: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await files.has(joinRel(dir, candidate))) return candidate;
  return undefined;
}

async function askedVersion(files: RepoFiles, dir: string, sources: readonly VersionSource[], manifest: string, manifestText: string): Promise<{ range: string; evidence: Evidence } | undefined> {
  for (const source of sources) {
    const file = joinRel(dir, source.file);
    const content = file === manifest ? manifestText : await files.read(file);
    const match = content === undefined ? null : source.pattern.exec(content);
    if (!match) continue;
    return { range: source.range(match[1]), evidence: { file, line: lineOf(content!, match[0].trim().split('\n')[0]), reason: `${source.file} asks for ${match[1]}` } };
  }
  return undefined;
}
