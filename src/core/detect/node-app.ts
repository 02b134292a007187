// Detects a Node.js service in a folder with a package.json: package manager, framework,
// install and start commands, port binding, and toolchain requirements.
import type { CommandSpec, Evidence, Finding, Requirement, ServicePlan } from '../model.js';
import { BUN_APP, GENERIC_NODE, NODE_FRAMEWORKS, type FrameworkEntry } from './catalogue.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';
import { parseJsonWithLine } from './json.js';

interface PackageJson {
  name?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string };
  packageManager?: string;
  workspaces?: unknown;
}

export interface NodeDetection {
  service?: ServicePlan;
  requirements: Requirement[];
  findings: Finding[];
  /** True when the package only coordinates others (workspaces, no server of its own). */
  isWorkspaceRoot: boolean;
}

const START_SCRIPTS = ['dev', 'start:dev', 'start', 'serve', 'develop'];

/** What makes a parsed package.json unusable: not an object, or scripts that are not name → command text. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the top level must be an object';
  const scripts = (value as { scripts?: unknown }).scripts;
  if (scripts === undefined) return undefined;
  if (typeof scripts !== 'object' || scripts === null || Array.isArray(scripts)) return '"scripts" must be an object of name → command';
  const bad = Object.entries(scripts).find(([, command]) => typeof command !== 'string');
  return bad ? `the script "${bad[0]}" must be a command string, not ${JSON.stringify(bad[1])}` : undefined;
}
const ENTRY_FILES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs'];

export async function detectNodeApp(files: RepoFiles, dir: string, serviceName: string): Promise<NodeDetection> {
  const manifest = joinRel(dir, 'package.json');
  const text = await files.read(manifest);
  const result: NodeDetection = { requirements: [], findings: [], isWorkspaceRoot: false };
  if (text === undefined) return result;

  const parsed = parseJsonWithLine<PackageJson>(text);
  const shape = parsed.ok ? shapeProblem(parsed.value) : undefined;
  if (!parsed.ok || shape) {
    result.findings.push({
      code: 'manifest-invalid', severity: 'error', phase: 'detect', file: manifest,
      range: { startLine: parsed.ok ? lineOf(text, /"scripts"/) ?? 1 : parsed.line },
      message: parsed.ok ? `${manifest}: ${shape}, so this folder's Node app cannot be run.` : `${manifest} is not valid JSON: ${parsed.error}, so this folder's Node app cannot be run.`,
      excerpt: [], fixes: [],
    });
    return result;
  }
  const pkg = parsed.value;
  const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
  result.isWorkspaceRoot = pkg.workspaces !== undefined;

  const workspaceRoot = await findWorkspaceRoot(files, dir);
  const manager = await choosePackageManager(files, workspaceRoot ?? dir, workspaceRoot !== undefined ? await rootPackage(files, workspaceRoot) : pkg);
  const installDir = workspaceRoot ?? dir;
  const nodeRange = await nodeVersionRequirement(files, dir, pkg, text);
  result.requirements.push({ tool: 'node', range: nodeRange?.range, service: serviceName, evidence: nodeRange?.evidence ?? { file: manifest, reason: 'a Node.js app needs node' } });
  result.requirements.push({ tool: manager.name, service: serviceName, evidence: manager.evidence });

  const framework = NODE_FRAMEWORKS.find((f) => f.dependency in deps) ?? (manager.name === 'bun' ? BUN_APP : GENERIC_NODE);
  const scripts = pkg.scripts ?? {};
  const script = START_SCRIPTS.find((s) => typeof scripts[s] === 'string');
  let start: CommandSpec;
  const evidence: Evidence[] = [];
  if (framework !== GENERIC_NODE) {
    evidence.push({ file: manifest, line: lineOf(text, new RegExp(`"${framework.dependency}"\\s*:`)), reason: `depends on ${framework.dependency}: ${framework.name}` });
  }
  if (script) {
    start = runScript(manager.name, script, framework, dir);
    evidence.push({ file: manifest, line: lineOf(text, new RegExp(`"${script}"\\s*:`)), reason: `start with the "${script}" script` });
  } else {
    const entry = (typeof pkg.main === 'string' && (await files.has(joinRel(dir, pkg.main))) ? pkg.main : undefined)
      ?? (await firstExisting(files, dir, ENTRY_FILES));
    if (!entry) return result; // a library, not a service
    start = { command: 'node', args: [entry], cwd: dir };
    evidence.push({ file: joinRel(dir, entry), reason: `no start script; run ${entry} with node` });
  }
  if (result.isWorkspaceRoot && !script) return result;
  if (framework.env) start.env = { ...framework.env };

  const lockfile = manager.lockfile;
  result.service = {
    name: serviceName,
    kind: 'node',
    framework: framework.id,
    dir,
    packageManager: manager.name,
    // Workspace members install once, at the workspace root (the setup phase runs a step
    // shared by several services only once).
    install: [{
      command: installCommand(manager.name, lockfile !== undefined, installDir),
      fallback: lockfile !== undefined ? installCommand(manager.name, false, installDir) : undefined,
    }],
    start,
    port: { env: framework.portEnv, preferred: framework.preferredPort },
    health: framework.health,
    links: [],
    docs: framework.docs,
    manifests: [...new Set([manifest, joinRel(installDir, 'package.json'), ...(lockfile ? [joinRel(installDir, lockfile)] : [])])],
    installedMarker: joinRel(installDir, 'node_modules'),
    evidence,
  };
  return result;
}

/** The nearest enclosing folder that declares npm/yarn workspaces or a pnpm workspace. */
async function findWorkspaceRoot(files: RepoFiles, dir: string): Promise<string | undefined> {
  let current = dir;
  while (current !== '') {
    current = current.includes('/') ? current.slice(0, current.lastIndexOf('/')) : '';
    if (await files.has(joinRel(current, 'pnpm-workspace.yaml'))) return current;
    const text = await files.read(joinRel(current, 'package.json'));
    if (text && /"workspaces"\s*:/.test(text)) return current;
  }
  return undefined;
}

async function rootPackage(files: RepoFiles, dir: string): Promise<PackageJson> {
  const parsed = parseJsonWithLine<PackageJson>((await files.read(joinRel(dir, 'package.json'))) ?? '{}');
  return parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
}

type ManagerName = 'npm' | 'yarn' | 'pnpm' | 'bun';

async function choosePackageManager(files: RepoFiles, dir: string, pkg: PackageJson): Promise<{ name: ManagerName; lockfile?: string; evidence: Evidence }> {
  const lockfiles: [string, ManagerName][] = [['bun.lock', 'bun'], ['bun.lockb', 'bun'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']];
  const declared = /^(npm|yarn|pnpm|bun)@/.exec(pkg.packageManager ?? '')?.[1] as ManagerName | undefined;
  for (const [file, name] of lockfiles) {
    if ((declared === undefined || declared === name) && (await files.has(joinRel(dir, file)))) {
      return { name, lockfile: file, evidence: { file: joinRel(dir, file), reason: `${file} present: install with ${name}` } };
    }
  }
  if (declared) return { name: declared, evidence: { file: joinRel(dir, 'package.json'), reason: `packageManager is ${pkg.packageManager}` } };
  return { name: 'npm', evidence: { file: joinRel(dir, 'package.json'), reason: 'no lockfile: install with npm' } };
}

function installCommand(manager: ManagerName, frozen: boolean, dir: string): CommandSpec {
  if (manager === 'npm') {
    return { command: 'npm', args: [frozen ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: dir };
  }
  return { command: manager, args: frozen ? ['install', '--frozen-lockfile'] : ['install'], cwd: dir };
}


function runScript(manager: ManagerName, script: string, framework: FrameworkEntry, dir: string): CommandSpec {
  const extra = framework.portArgs ?? [];
  const args = ['run', script];
  if (extra.length > 0) args.push(...(manager === 'npm' ? ['--', ...extra] : extra));
  return { command: manager, args, cwd: dir };
}

async function nodeVersionRequirement(files: RepoFiles, dir: string, pkg: PackageJson, text: string): Promise<{ range: string; evidence: Evidence } | undefined> {
  if (typeof pkg.engines?.node === 'string') {
    const file = joinRel(dir, 'package.json');
    return { range: pkg.engines.node, evidence: { file, line: lineOf(text, '"node"'), reason: `engines.node is "${pkg.engines.node}"` } };
  }
  for (const name of ['.nvmrc', '.node-version']) {
    const file = joinRel(dir, name);
    const version = (await files.read(file))?.trim().split(/\s+/)[0];
    if (version) return { range: version.replace(/^v/, ''), evidence: { file, line: 1, reason: `${name} asks for node ${version}` } };
  }
  return undefined;
}

async function firstExisting(files: RepoFiles, dir: string, names: string[]): Promise<string | undefined> {
  for (const name of names) if (await files.has(joinRel(dir, name))) return name;
  return undefined;
}
