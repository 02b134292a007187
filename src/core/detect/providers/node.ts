// Node.js: a folder with a package.json. The framework comes from its dependencies, the package
// manager from its lockfile, the start from its dev/start script (or its entry file).
import type { Evidence, Finding, InstallStep, Requirement } from '../../model.js';
import { BUN_APP, GENERIC_NODE, NODE_FRAMEWORKS, type FrameworkEntry } from '../catalogue/index.js';
import { parseJsonWithLine } from '../json.js';
import { json5ToJson } from '../json5.js';
import { codeTexts } from '../code-files.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import { frameworkEngines, nodeCeiling } from './node-ceiling.js';
import { choosePackageManager, findWorkspaceRoot, installCommand, rootPackage, type ChosenManager, type PackageJson } from './node-package-manager.js';
import type { Project, Provider } from './provider.js';
import { goProvider } from './stacks.js';

interface NodeProject extends Project {
  pkg: PackageJson;
  text: string;
  /** package.json, or the package.json5 that pnpm reads instead. */
  manifest: string;
  manager: ChosenManager;
  installDir: string;
}

const START_SCRIPTS = ['dev', 'start:dev', 'start', 'serve', 'develop'];
const ENTRY_FILES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'server.ts', 'index.ts', 'src/index.ts'];
/** A script that starts the apps of other folders (itself, or through the root scripts it runs). */
const DRIVES_OTHER_FOLDERS = /\b(turbo|nx|lerna)\b|--prefix|\bcd\s+\w|--workspace|-w\s|--filter|--cwd/;
const SEVERAL_COMMANDS = /&&|\|\||;|\||\b(?:concurrently|npm-run-all|run-p|run-s)\b/;
/** An entry file that serves (a script-less package's entry must, or it is a library or a CLI). */
const SERVES = /\.listen\s*\(|createServer\s*\(|\bserve\s*\(|Bun\.serve|export\s+default\s+(?:app|server|\{[^}]*\bfetch\b)/;
/** Files of another stack's server framework: where one is, the package.json beside it builds its assets. */
const SERVER_OF_ANOTHER_STACK = ['artisan', 'manage.py', 'config/application.rb'];

export const nodeProvider: Provider<NodeProject> = {
  id: 'node',
  help: { phrase: 'a package.json with a start script or entry file', lookedFor: ['package.json (dev/start script or server.js/index.js)'] },
  manifests: ['package.json', 'package.json5'],

  async recognise(files, dir) {
    const project = await readPackage(files, dir);
    if (!project || Array.isArray(project)) return project;
    // Laravel, Django, Rails, Spring Boot or a Go web server in the same folder is the app; this package its front-end build.
    const { framework } = project;
    if ((framework.role !== 'backend' || framework === GENERIC_NODE) && (await anotherStackServes(files, dir, framework))) return undefined;
    return project;
  },

  async start(files, { dir, pkg, text, manifest, manager, framework }) {
    const scripts = pkg.scripts ?? {};
    const script = START_SCRIPTS.find((s) => typeof scripts[s] === 'string');
    const workspaceRoot = pkg.workspaces !== undefined;
    if (script) {
      const args = ['run', script];
      // Port arguments reach the framework only when the script is its one command; a script that
      // chains or runs several commands gets the port through the environment alone.
      const extra = SEVERAL_COMMANDS.test(scripts[script]) ? [] : framework.port.args ?? [];
      if (extra.length > 0) args.push(...(manager.name === 'npm' ? ['--', ...extra] : extra));
      return {
        command: { command: manager.name, args, cwd: dir, ...(framework.env ? { env: { ...framework.env } } : {}) },
        evidence: [{ file: manifest, line: lineOf(text, manifest.endsWith('5') ? new RegExp(`(?<![\\w:-])["']?${script}["']?\\s*:`) : new RegExp(`"${script}"\\s*:`)), reason: `start with the "${script}" script` }],
        coordinates: workspaceRoot || DRIVES_OTHER_FOLDERS.test(withCalledScripts(scripts, scripts[script])),
      };
    }
    if (workspaceRoot || pkg.bin !== undefined) return undefined; // a workspace root with nothing of its own to start, or a command-line tool
    const bunModule = manager.name === 'bun' && typeof pkg.module === 'string' ? pkg.module : undefined;
    const named = [pkg.main, bunModule].filter((e): e is string => typeof e === 'string');
    const entry = (await firstExisting(files, dir, named)) ?? (await firstExisting(files, dir, ENTRY_FILES));
    // A package with no script starts only if its entry serves; otherwise it is a library.
    if (!entry || !SERVES.test((await files.read(joinRel(dir, entry))) ?? '')) return undefined;
    const runner = manager.name === 'bun' ? { command: 'bun', args: ['run', entry] } : { command: 'node', args: [entry] };
    return {
      command: { ...runner, cwd: dir, ...(framework.env ? { env: { ...framework.env } } : {}) },
      evidence: [{ file: joinRel(dir, entry), reason: `no start script; run ${entry} with ${runner.command}` }],
    };
  },

  async install(files, { dir, pkg, manager, installDir }) {
    const frozen = manager.lockfile !== undefined;
    const steps: InstallStep[] = [{ command: installCommand(manager, frozen, installDir), fallback: frozen ? installCommand(manager, false, installDir) : undefined }];
    // Prisma's client is generated from the schema after the install; the app cannot import it before.
    const schema = await prismaSchema(files, dir, pkg);
    if (schema) steps.push({ command: { command: 'npx', args: ['--no-install', 'prisma', 'generate', ...(schema.declared ? ['--schema', schema.path] : [])], cwd: dir }, fallback: undefined });
    if (await startsBuiltOutput(files, dir, pkg)) steps.push({ command: { command: manager.name, args: ['run', 'build'], cwd: dir }, always: true });
    return steps;
  },

  port: ({ framework }) => ({ env: framework.port.env, preferred: framework.port.preferred }),

  async versions(files, { dir, pkg, text, manifest, manager, installDir, framework }, _start, service) {
    const range = await nodeVersion(files, dir, pkg, text, manifest) ?? nodeCeiling(pkg, text, manifest) ?? await frameworkEngines(files, dir, installDir, framework.recognise?.dependency);
    return [
      { tool: 'node', range: range?.range, service, evidence: range?.evidence ?? { file: manifest, reason: 'a Node.js app needs node' } },
      { tool: manager.name, range: manager.range, service, evidence: manager.rangeEvidence ?? manager.evidence },
    ];
  },
};

/**
 * Whether the start script runs a file its build makes (`node dist/main.js`, `node build/server`)
 * that the repo does not hold, and a build script exists: the build runs before every start.
 */
async function startsBuiltOutput(files: RepoFiles, dir: string, pkg: PackageJson): Promise<boolean> {
  const scripts = pkg.scripts ?? {};
  const script = START_SCRIPTS.find((s) => typeof scripts[s] === 'string');
  if (!script || typeof scripts.build !== 'string' || script === 'build') return false;
  const output = /\bnode\s+(?:-\S+\s+)*(?:\.\/)?((?:dist|build|lib|out)\/\S+)/.exec(scripts[script])?.[1];
  if (!output) return false;
  const file = output.replace(/[;&|].*$/, '');
  return !(await files.has(joinRel(dir, file))) && !(await files.has(joinRel(dir, `${file}.js`)));
}

/** The Prisma schema of a package that uses Prisma: package.json's `prisma.schema`, or where Prisma looks by default. */
async function prismaSchema(files: RepoFiles, dir: string, pkg: PackageJson): Promise<{ path: string; declared: boolean } | undefined> {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!deps.prisma && !deps['@prisma/client']) return undefined;
  const declared = typeof pkg.prisma?.schema === 'string' ? pkg.prisma.schema : undefined;
  if (declared) return (await files.has(joinRel(dir, declared))) || (await files.has(joinRel(dir, declared.replace(/\/?$/, '/schema.prisma')))) ? { path: declared, declared: true } : undefined;
  for (const path of ['prisma/schema.prisma', 'schema.prisma']) if (await files.has(joinRel(dir, path))) return { path, declared: false };
  return (await files.has(joinRel(dir, 'prisma/schema'))) ? { path: 'prisma/schema', declared: false } : undefined;
}

/** The script with the text of the package's own scripts it runs (`npm run x`, `yarn x`, `npm:x`), one level deep. */
function withCalledScripts(scripts: Record<string, string>, text: string): string {
  const called = [...text.matchAll(/\b(?:npm run|yarn|pnpm|bun run)\s+([\w:.-]+)|\bnpm:([\w:.-]+)/g)].map((m) => scripts[m[1] ?? m[2]]).filter(Boolean);
  return [text, ...called].join('\n');
}

/** The package in `dir` as the Node provider reads it, whatever else is in the folder. */
async function readPackage(files: RepoFiles, dir: string): Promise<NodeProject | Finding[] | undefined> {
  let manifest = joinRel(dir, 'package.json');
  let text = await files.read(manifest);
  const json5 = text === undefined;
  if (json5) {
    manifest = joinRel(dir, 'package.json5');
    text = await files.read(manifest);
  }
  if (text === undefined) return undefined;
  const parsed = parseJsonWithLine<PackageJson>(json5 ? json5ToJson(text) : text);
  const shape = parsed.ok ? shapeProblem(parsed.value) : undefined;
  if (!parsed.ok || shape) return [invalidManifest(manifest, text, parsed.ok ? shape! : `is not valid JSON: ${parsed.error}`, parsed.ok ? undefined : parsed.line)];
  const pkg = parsed.value;
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
  const workspaceRoot = await findWorkspaceRoot(files, dir);
  const installDir = workspaceRoot ?? dir;
  const chosen = await choosePackageManager(files, installDir, workspaceRoot !== undefined ? await rootPackage(files, workspaceRoot) : pkg);
  // Only pnpm reads a package.json5.
  const manager: ChosenManager = json5 && chosen.name !== 'pnpm' ? { name: 'pnpm', evidence: { file: manifest, reason: 'package.json5: only pnpm reads it, so install with pnpm' } } : chosen;
  const framework: FrameworkEntry = NODE_FRAMEWORKS.find((f) => f.recognise.dependency in deps) ?? (manager.name === 'bun' ? BUN_APP : GENERIC_NODE);
  const dependency = framework.recognise?.dependency;
  const evidence: Evidence[] = dependency
    ? [{ file: manifest, line: lineOf(text, new RegExp(`"${dependency}"\\s*:`)), reason: `depends on ${dependency}: ${framework.name}` }]
    : [];
  return {
    dir, framework, evidence, pkg, text, manifest, manager, installDir, packageManager: manager.name,
    manifests: [...new Set([manifest, installDir === dir ? manifest : joinRel(installDir, 'package.json'), ...(manager.lockfile ? [joinRel(installDir, manager.lockfile)] : [])])],
    installedMarker: joinRel(installDir, 'node_modules'),
  };
}

/**
 * The steps and tools that build a package's assets for a program of another stack in its folder
 * (the install, then its "build" script); undefined when it has no build script.
 */
export async function assetBuild(files: RepoFiles, dir: string, service: string): Promise<{ steps: InstallStep[]; requirements: Requirement[]; evidence: Evidence } | undefined> {
  const project = await readPackage(files, dir);
  if (!project || Array.isArray(project)) return undefined;
  const script = ASSET_BUILD_SCRIPTS.find((name) => typeof project.pkg.scripts?.[name] === 'string');
  // An asset build runs Node or a bundler (a `goreleaser build` or `docker build .` script is not one).
  const deps = Object.keys({ ...project.pkg.dependencies, ...project.pkg.devDependencies });
  if (!script || !(BUNDLES.test(project.pkg.scripts![script]) || deps.some((d) => BUNDLES.test(d)))) return undefined;
  const build = { command: project.manager.name, args: ['run', script], cwd: dir };
  return {
    steps: [...await nodeProvider.install(files, project), { command: build }],
    requirements: await nodeProvider.versions(files, project, build, service),
    evidence: { file: project.manifest, line: lineOf(project.text, new RegExp(`"${script}"\\s*:`)), reason: `${project.manifest} beside it builds its assets ("${script}" script): installed and built in setup, before it starts` },
  };
}

/** The scripts that build a package's assets: its own build, else the one Heroku runs after the install. */
const ASSET_BUILD_SCRIPTS = ['build', 'heroku-postbuild'];
/** Node and the bundlers and CSS tools an asset build runs. */
const BUNDLES = /\bnode\b|\bvite\b|webpack|esbuild|rollup|parcel|tailwind|postcss|\bsass\b|\bgulp\b|\bgrunt\b|\btsc\b|lightningcss|\bbun\b/;

async function anotherStackServes(files: RepoFiles, dir: string, framework: FrameworkEntry): Promise<boolean> {
  for (const marker of SERVER_OF_ANOTHER_STACK) if (await files.has(joinRel(dir, marker))) return true;
  for (const build of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    if (/spring-boot/.test((await files.read(joinRel(dir, build))) ?? '')) return true;
  }
  return goServesHttp(files, dir, framework);
}

/** Go code that starts a web server (not merely imports net/http or lists a framework in go.mod). */
const GO_SERVES = /\bListenAndServe(?:TLS)?\s*\(|\bhttp\.Serve\s*\(|\becho\.New\s*\(|\bgin\.(?:Default|New)\s*\(|\bfiber\.New\s*\(|\bchi\.NewRouter\s*\(|\bmux\.NewRouter\s*\(/;

/**
 * A Go web server in the folder whose pages this package only builds assets for (opengist, gitea):
 * the package is a bundler with no page of its own (Vite with no index.html, or no framework), and
 * the Go program, as the Go provider reads it, starts a web server somewhere in its code.
 */
async function goServesHttp(files: RepoFiles, dir: string, framework: FrameworkEntry): Promise<boolean> {
  if (!(await files.has(joinRel(dir, 'go.mod')))) return false;
  if (!(framework === GENERIC_NODE || framework.id.startsWith('vite')) || (await files.has(joinRel(dir, 'index.html')))) return false;
  const project = await goProvider.recognise(files, dir);
  if (!project || Array.isArray(project) || !(await goProvider.start(files, project))) return false;
  for await (const { file, text } of codeTexts(files, dir, 4)) if (file.endsWith('.go') && !file.endsWith('_test.go') && GO_SERVES.test(text)) return true;
  return false;
}

/** What makes a parsed package.json unusable: not an object, or scripts that are not name → command text. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the top level must be an object';
  const scripts = (value as { scripts?: unknown }).scripts;
  if (scripts === undefined) return undefined;
  if (typeof scripts !== 'object' || scripts === null || Array.isArray(scripts)) return '"scripts" must be an object of name → command';
  const bad = Object.entries(scripts).find(([, command]) => typeof command !== 'string');
  return bad ? `the script "${bad[0]}" must be a command string, not ${JSON.stringify(bad[1])}` : undefined;
}

function invalidManifest(manifest: string, text: string, problem: string, line: number | undefined): Finding {
  const shape = line === undefined;
  return {
    code: 'manifest-invalid', severity: 'error', phase: 'detect', file: manifest,
    range: { startLine: shape ? lineOf(text, /"scripts"/) ?? 1 : line },
    message: shape ? `${manifest}: ${problem}, so this folder's Node app cannot be run.` : `${manifest} ${problem}, so this folder's Node app cannot be run.`,
    excerpt: [], fixes: [],
  };
}

async function nodeVersion(files: RepoFiles, dir: string, pkg: PackageJson, text: string, manifest: string): Promise<{ range: string; evidence: Evidence } | undefined> {
  if (typeof pkg.engines?.node === 'string') {
    return { range: pkg.engines.node, evidence: { file: manifest, line: lineOf(text, manifest.endsWith('5') ? /(?<![\w/@.-])["']?node["']?\s*:/ : '"node"'), reason: `engines.node is "${pkg.engines.node}"` } };
  }
  for (const name of ['.nvmrc', '.node-version']) {
    const file = joinRel(dir, name);
    const version = (await files.read(file))?.trim().split(/\s+/)[0];
    if (version) return { range: version.replace(/^v/, ''), evidence: { file, line: 1, reason: `${name} asks for node ${version}` } };
  }
  return undefined;
}

async function firstExisting(files: RepoFiles, dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await files.has(joinRel(dir, name))) return name;
  return undefined;
}
