// The providers of Go, Rust, Java, Ruby, PHP, .NET and Deno, each a stack spec over its
// catalogue entries: what it looks for, its lockfiles and where it keeps its toolchain version.
import type { Requirement } from '../../model.js';
import { DENO_FRAMEWORKS, DOTNET_FRAMEWORKS, GO_FRAMEWORKS, JAVA_FRAMEWORKS, PHP_FRAMEWORKS, RUBY_FRAMEWORKS, RUST_FRAMEWORKS } from '../catalogue/index.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import { goGenerateSteps } from './go-generate.js';
import { stackProvider } from './stack.js';

const atLeast = (v: string) => `>=${v}`;

export const goProvider = stackProvider({
  id: 'go', help: { phrase: 'a go.mod with a main package', lookedFor: ['go.mod with a main package'] },
  frameworks: GO_FRAMEWORKS, lockfiles: ['go.sum'],
  moreInstall: goGenerateSteps,
  // A toolchain line names the exact Go to build with; the go line the oldest that can.
  versionSources: [
    { file: 'go.mod', pattern: /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)/m, range: atLeast },
    { file: 'go.mod', pattern: /^go\s+(\d+\.\d+(?:\.\d+)?)/m, range: atLeast },
  ],
  // `{entry}` is a package folder: the first with a `package main` file, among the usual ones and
  // then `cmd/*` (Go's layout for programs): the one named like the module first.
  async findEntry(files, dir, candidates) {
    for (const candidate of [...candidates, ...await cmdFolders(files, dir)]) {
      const folder = candidate === '.' ? dir : joinRel(dir, candidate.slice(2));
      for (const file of await goFiles(files, folder)) if (/^\s*package\s+main\b/m.test((await files.read(joinRel(folder, file))) ?? '')) return candidate;
    }
    return undefined;
  },
  async entryServesHttp(files, dir, entry, pattern) {
    const folder = entry === '.' ? dir : joinRel(dir, entry.replace(/^\.\//, ''));
    for (const file of await goFiles(files, folder, true)) if (pattern.test((await files.read(joinRel(folder, file))) ?? '')) return true;
    return false;
  },
});

export const rustProvider = stackProvider({
  id: 'rust', help: { phrase: 'a Cargo.toml with a binary', lookedFor: ['Cargo.toml with a [package]'] },
  frameworks: RUST_FRAMEWORKS, lockfiles: ['Cargo.lock'],
  versionSources: [
    { file: 'rust-toolchain.toml', pattern: /channel\s*=\s*"(\d+\.\d+(?:\.\d+)?)"/, range: atLeast },
    { file: 'rust-toolchain', pattern: /^(\d+\.\d+(?:\.\d+)?)/m, range: atLeast },
  ],
  // A crate with a [package] and a binary (src/main.rs, src/bin/, or [[bin]]); not a library or a bare workspace.
  async isService(files, dir, manifest) {
    if (!/^\s*\[package\]/m.test(manifest)) return false;
    return /^\s*\[\[bin\]\]/m.test(manifest) || (await files.has(joinRel(dir, 'src/main.rs'))) || (await files.has(joinRel(dir, 'src/bin')));
  },
  refineStart(manifestText, manifest) {
    const bins = [...manifestText.matchAll(/\[\[bin\]\][^[]*?name\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
    if (bins.length < 2) return undefined;
    const pkg = /\[package\][^[]*?name\s*=\s*"([^"]+)"/.exec(manifestText)?.[1];
    const bin = bins.find((b) => b === pkg) ?? bins.find((b) => /server|api|web|app/.test(b)) ?? bins[0];
    return { args: ['--bin', bin], evidence: { file: manifest, line: lineOf(manifestText, `"${bin}"`), reason: `${bins.length} binaries; run "${bin}"` } };
  },
});

export const javaProvider = stackProvider({
  id: 'java', help: { phrase: 'a pom.xml or build.gradle (Spring Boot, or a program with a main class)', lookedFor: ['pom.xml / build.gradle with Spring Boot, a main class or the application plugin'] },
  frameworks: JAVA_FRAMEWORKS, lockfiles: [],
  versionSources: [
    { file: '.java-version', pattern: /^(\d+)/m, range: atLeast },
    { file: 'pom.xml', pattern: /<java\.version>\s*(\d+)\s*</, range: atLeast },
    { file: 'pom.xml', pattern: /<maven\.compiler\.(?:release|source)>\s*(?:1\.)?(\d+)\s*</, range: atLeast },
  ],
  // `{entry}` is the main class: the one the pom names, else the one class under src/main/java with a main method.
  findEntry: javaMainClass,
  buildTools: frontendMavenNode,
  // Maven's -q would hide what the front end's npm says when its step fails (it logs it as INFO).
  refineStart: (text, manifest) => (INSTALLS_NODE.test(text)
    ? { args: [], without: ['-q'], evidence: { file: manifest, line: lineOf(text, 'install-node-and-npm'), reason: 'Maven runs without -q: the output of the front-end steps frontend-maven-plugin runs stays in the log' } }
    : undefined),
  entryEvidence: (dir, entry, manifest, text) => text.includes(entry)
    ? { file: manifest, line: lineOf(text, entry), reason: `run the main class ${entry}` }
    : { file: joinRel(dir, `src/main/java/${entry.replaceAll('.', '/')}.java`), reason: `run the main class ${entry}` },
});

export const rubyProvider = stackProvider({
  id: 'ruby', help: { phrase: 'a Gemfile with Rails, Sinatra or a config.ru', lookedFor: ['Gemfile (Rails, Sinatra, config.ru)'] },
  frameworks: RUBY_FRAMEWORKS, lockfiles: ['Gemfile.lock'],
  versionSources: [
    { file: '.ruby-version', pattern: /^(?:ruby-)?(\d+\.\d+(?:\.\d+)?)/m, range: (v) => `~${v}` },
    { file: 'Gemfile', pattern: /^\s*ruby\s+["'](?:~>\s*)?(\d+\.\d+(?:\.\d+)?)["']/m, range: (v) => `~${v}` },
  ],
});

export const phpProvider = stackProvider({
  id: 'php', help: { phrase: 'a composer.json with Laravel or an index.php', lookedFor: ['composer.json (Laravel) or index.php'] },
  frameworks: PHP_FRAMEWORKS, lockfiles: ['composer.lock'],
  versionSources: [{ file: 'composer.json', pattern: /"php"\s*:\s*"([^"]+)"/, range: (v) => v }],
});

export const dotnetProvider = stackProvider({
  id: 'dotnet', help: { phrase: 'a .csproj (ASP.NET Core, a worker or a console app)', lookedFor: ['*.csproj (ASP.NET Core, worker, or OutputType Exe)'] },
  frameworks: DOTNET_FRAMEWORKS, lockfiles: ['packages.lock.json'],
  versionSources: [{ file: 'global.json', pattern: /"version"\s*:\s*"(\d+\.\d+\.\d+)"/, range: atLeast }],
});

export const denoProvider = stackProvider({
  id: 'deno', help: { phrase: 'a deno.json', lookedFor: ['deno.json'] },
  frameworks: DENO_FRAMEWORKS, lockfiles: ['deno.lock'], versionSources: [],
  // A dev or start task in deno.json is how the project says it starts.
  declaredStart(manifestText) {
    const tasks = /"tasks"\s*:\s*\{[^}]*\}/s.exec(manifestText)?.[0] ?? '';
    const task = ['dev', 'start'].find((t) => new RegExp(`"${t}"\\s*:`).test(tasks));
    return task ? { argv: ['deno', 'task', task], marker: `"${task}"`, reason: `start with the "${task}" task` } : undefined;
  },
});

/** `./cmd/NAME` folders, the one named like the module's last path element first. */
async function cmdFolders(files: RepoFiles, dir: string): Promise<string[]> {
  const module = /^module\s+(\S+)/m.exec((await files.read(joinRel(dir, 'go.mod'))) ?? '')?.[1] ?? '';
  const own = module.split('/').filter((part) => !/^v\d+$/.test(part)).pop();
  const names = (await files.list(joinRel(dir, 'cmd'))).filter((e) => !e.isFile).map((e) => e.name).sort();
  return [...names.filter((n) => n === own), ...names.filter((n) => n !== own)].map((n) => `./cmd/${n}`);
}

async function goFiles(files: RepoFiles, folder: string, includeTests = false): Promise<string[]> {
  return (await files.list(folder)).filter((e) => e.isFile && e.name.endsWith('.go') && (includeTests || !e.name.endsWith('_test.go'))).map((e) => e.name);
}

const MAIN_METHOD = /\bpublic\s+static\s+void\s+main\s*\(|\bstatic\s+void\s+main\s*\(\s*(?:final\s+)?String/;

/** A pom whose build runs frontend-maven-plugin's install-node-and-npm. */
const INSTALLS_NODE = /<goal>\s*install-node-and-npm\s*<\/goal>/;

/**
 * The Node that frontend-maven-plugin's install-node-and-npm downloads from nodejs.org for the
 * front-end build (JHipster and other Spring apps with a web UI): `<nodeVersion>`, itself or
 * through a `${property}` of the pom, and its `<npmVersion>` (absent: npm comes with Node).
 */
export function frontendMavenNode(text: string, manifest: string, service: string): Requirement[] {
  if (!INSTALLS_NODE.test(text)) return [];
  const value = (tag: string) => {
    const raw = new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`).exec(text)?.[1];
    const property = raw && /^\$\{([\w.-]+)\}$/.exec(raw)?.[1];
    return property ? new RegExp(`<${property.replace(/[.]/g, '\\.')}>\\s*([^<\\s]+)\\s*</`).exec(text)?.[1] : raw;
  };
  const node = /^v?(\d+\.\d+\.\d+)$/.exec(value('nodeVersion') ?? '')?.[1];
  if (!node) return [];
  const npm = value('npmVersion');
  return [{
    tool: 'node', range: node, service, frontendMavenPlugin: { npm: npm && /^\d+\.\d+\.\d+$/.test(npm) ? npm : 'provided' },
    evidence: { file: manifest, line: lineOf(text, '<nodeVersion>'), reason: `frontend-maven-plugin installs Node ${node} for the front-end build` },
  }];
}

async function javaMainClass(files: RepoFiles, dir: string): Promise<string | undefined> {
  const pom = (await files.read(joinRel(dir, 'pom.xml'))) ?? '';
  // An aggregator of modules runs nothing itself: its modules are looked at in their own folders.
  if (/<packaging>\s*pom\s*</.test(pom)) return undefined;
  const named = /<(?:mainClass|exec\.mainClass|main\.class)>\s*([\w.$]+)\s*</.exec(pom)?.[1];
  if (named) return named;
  const root = joinRel(dir, 'src/main/java');
  const found: string[] = [];
  for (const folder of [root, ...(await files.folders(root, 6))]) {
    for (const file of (await files.list(folder)).filter((e) => e.isFile && e.name.endsWith('.java'))) {
      if (MAIN_METHOD.test((await files.read(joinRel(folder, file.name))) ?? '')) found.push(`${folder.slice(root.length + 1)}/${file.name.slice(0, -5)}`.replace(/^\//, '').replaceAll('/', '.'));
    }
  }
  // Several mains and none named: which one is the program is the user's to say (the pom's mainClass).
  return found.length === 1 ? found[0] : found.find((c) => /(?:^|\.)(?:Main|App|Application)$/.test(c));
}
