// Detects a service of one of the data-driven stacks (Go, Rust, Java, Ruby, PHP, .NET, Deno):
// the first catalogue entry whose manifest is in the folder and whose text matches, its
// commands filled in, and the toolchain version the repo asks for.
import type { CommandSpec, Evidence, Requirement, ServicePlan } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';
import { STACKS, type StackEntry } from './stacks.js';
import { stackVersionRequirement } from './stack-versions.js';

export interface StackDetection {
  service?: ServicePlan;
  requirements: Requirement[];
}

export async function detectStackApp(files: RepoFiles, dir: string, serviceName: string): Promise<StackDetection> {
  const names = (await files.list(dir)).filter((e) => e.isFile).map((e) => e.name);
  for (const entry of STACKS) {
    const manifest = await manifestFile(files, dir, names, entry.manifest);
    if (!manifest) continue;
    const text = (await files.read(manifest)) ?? '';
    if (entry.match && !entry.match.test(text)) continue;
    if (entry.requires && !names.includes(entry.requires)) continue;
    if (entry.kind === 'rust' && !(await isRustBinary(files, dir, text))) return { requirements: [] };
    const evidence: Evidence[] = [{
      file: manifest, line: entry.match ? lineOf(text, entry.match) : undefined,
      reason: entry.match ? `${manifest.split('/').pop()} uses ${entry.name}` : `${manifest.split('/').pop()} present: a ${entry.name} project`,
    }];
    const start = await startCommand(files, dir, entry, text, evidence);
    if (!start) continue;
    const health = entry.health.kind === 'tcp' && entry.httpWhen && (await entryMatches(files, dir, start, entry.httpWhen)) ? { kind: 'http' as const, path: '/' } : entry.health;
    const version = await stackVersionRequirement(files, dir, entry, manifest, text);
    const requirements: Requirement[] = [{ tool: entry.tool, range: version?.range, service: serviceName, evidence: version?.evidence ?? evidence[0] }];
    if (entry.packageManager === 'bundler') requirements.push({ tool: 'bundle', service: serviceName, evidence: evidence[0] });
    if (entry.packageManager === 'composer') requirements.push({ tool: 'composer', service: serviceName, evidence: evidence[0] });
    if (entry.wrapper && start.command === entry.wrapper.fallback) requirements.push({ tool: entry.wrapper.fallback === 'gradle' ? 'gradle' : 'mvn', service: serviceName, evidence: evidence[0] });
    return {
      requirements,
      service: {
        name: serviceName, kind: entry.kind, framework: entry.id, dir, packageManager: entry.packageManager,
        install: entry.install.map((argv) => ({ command: { command: argv[0], args: argv.slice(1), cwd: dir } })),
        start,
        port: { env: entry.portEnv, preferred: entry.preferredPort },
        health,
        links: [],
        docs: entry.docs,
        manifests: [manifest, ...lockfiles(names, dir)],
        evidence,
      },
    };
  }
  return { requirements: [] };
}

async function manifestFile(files: RepoFiles, dir: string, names: string[], manifest: string): Promise<string | undefined> {
  if (manifest.startsWith('*.')) {
    const found = names.find((n) => n.endsWith(manifest.slice(1)));
    return found ? joinRel(dir, found) : undefined;
  }
  const rel = joinRel(dir, manifest);
  return manifest.includes('/') ? ((await files.has(rel)) ? rel : undefined) : names.includes(manifest) ? rel : undefined;
}

async function startCommand(files: RepoFiles, dir: string, entry: StackEntry, manifestText: string, evidence: Evidence[]): Promise<CommandSpec | undefined> {
  let argv = [...entry.start];
  if (entry.kind === 'deno') {
    const task = ['dev', 'start'].find((t) => new RegExp(`"${t}"\\s*:`).test(/"tasks"\s*:\s*\{[^}]*\}/s.exec(manifestText)?.[0] ?? ''));
    if (task) {
      evidence.push({ file: joinRel(dir, entry.manifest), line: lineOf(manifestText, `"${task}"`), reason: `start with the "${task}" task` });
      return { command: 'deno', args: ['task', task], cwd: dir };
    }
  }
  if (argv.includes('{entry}')) {
    const found = await firstEntry(files, dir, entry);
    if (!found) return undefined;
    evidence.push({ file: joinRel(dir, found === '.' ? 'go.mod' : found.replace(/^\.\//, '')), reason: `start ${found}` });
    argv = argv.map((a) => (a === '{entry}' ? found : a));
  }
  if (entry.wrapper) {
    const hasWrapper = await files.has(joinRel(dir, entry.wrapper.script.replace(/^\.\//, '')));
    argv = argv.map((a) => (a === '{wrapper}' ? (hasWrapper ? entry.wrapper!.script : entry.wrapper!.fallback) : a));
  }
  if (entry.kind === 'rust') {
    const bins = [...manifestText.matchAll(/\[\[bin\]\][^[]*?name\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
    const pkg = /\[package\][^[]*?name\s*=\s*"([^"]+)"/.exec(manifestText)?.[1];
    if (bins.length > 1) {
      const bin = bins.find((b) => b === pkg) ?? bins.find((b) => /server|api|web|app/.test(b)) ?? bins[0];
      argv.push('--bin', bin);
      evidence.push({ file: joinRel(dir, 'Cargo.toml'), line: lineOf(manifestText, `"${bin}"`), reason: `${bins.length} binaries; run "${bin}"` });
    }
  }
  return { command: argv[0], args: argv.slice(1), cwd: dir };
}

/** Whether the Go files of the package the start command runs match `pattern`. */
async function entryMatches(files: RepoFiles, dir: string, start: CommandSpec, pattern: RegExp): Promise<boolean> {
  const target = start.args.at(-1) ?? '.';
  const folder = target === '.' ? dir : joinRel(dir, target.replace(/^\.\//, ''));
  for (const file of (await files.list(folder)).filter((e) => e.isFile && e.name.endsWith('.go'))) {
    if (pattern.test((await files.read(joinRel(folder, file.name))) ?? '')) return true;
  }
  return false;
}

async function firstEntry(files: RepoFiles, dir: string, entry: StackEntry): Promise<string | undefined> {
  for (const candidate of entry.entries ?? []) {
    if (entry.kind === 'go') {
      const folder = candidate === '.' ? dir : joinRel(dir, candidate.slice(2));
      const goFiles = (await files.list(folder)).filter((e) => e.isFile && e.name.endsWith('.go') && !e.name.endsWith('_test.go'));
      for (const file of goFiles) if (/^\s*package\s+main\b/m.test((await files.read(joinRel(folder, file.name))) ?? '')) return candidate;
      continue;
    }
    if (await files.has(joinRel(dir, candidate))) return candidate;
  }
  return undefined;
}

/** A crate with a [package] and a binary (src/main.rs, src/bin/, or [[bin]]); not a library or a bare workspace. */
async function isRustBinary(files: RepoFiles, dir: string, manifest: string): Promise<boolean> {
  if (!/^\s*\[package\]/m.test(manifest)) return false;
  return /^\s*\[\[bin\]\]/m.test(manifest) || (await files.has(joinRel(dir, 'src/main.rs'))) || (await files.has(joinRel(dir, 'src/bin')));
}

function lockfiles(names: string[], dir: string): string[] {
  return ['go.sum', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'packages.lock.json', 'deno.lock'].filter((n) => names.includes(n)).map((n) => joinRel(dir, n));
}
