// Which Node package manager a package installs with (its lockfile, else `packageManager`), and
// where: workspace members install once, at the workspace root.
import type { CommandSpec, Evidence } from '../../model.js';
import { parseJsonWithLine } from '../json.js';
import { joinRel, type RepoFiles } from '../repo-files.js';

export interface PackageJson {
  name?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string };
  packageManager?: string;
  workspaces?: unknown;
}

export type NodeManager = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface ChosenManager {
  name: NodeManager;
  lockfile?: string;
  evidence: Evidence;
}

const LOCKFILES: [string, NodeManager][] = [['bun.lock', 'bun'], ['bun.lockb', 'bun'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']];

export async function choosePackageManager(files: RepoFiles, dir: string, pkg: PackageJson): Promise<ChosenManager> {
  const declared = /^(npm|yarn|pnpm|bun)@/.exec(pkg.packageManager ?? '')?.[1] as NodeManager | undefined;
  for (const [file, name] of LOCKFILES) {
    if ((declared === undefined || declared === name) && (await files.has(joinRel(dir, file)))) {
      return { name, lockfile: file, evidence: { file: joinRel(dir, file), reason: `${file} present: install with ${name}` } };
    }
  }
  if (declared) return { name: declared, evidence: { file: joinRel(dir, 'package.json'), reason: `packageManager is ${pkg.packageManager}` } };
  return { name: 'npm', evidence: { file: joinRel(dir, 'package.json'), reason: 'no lockfile: install with npm' } };
}

export function installCommand(manager: NodeManager, frozen: boolean, dir: string): CommandSpec {
  if (manager === 'npm') return { command: 'npm', args: [frozen ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: dir };
  return { command: manager, args: frozen ? ['install', '--frozen-lockfile'] : ['install'], cwd: dir };
}

/** The nearest enclosing folder that declares npm/yarn workspaces or a pnpm workspace. */
export async function findWorkspaceRoot(files: RepoFiles, dir: string): Promise<string | undefined> {
  let current = dir;
  while (current !== '') {
    current = current.includes('/') ? current.slice(0, current.lastIndexOf('/')) : '';
    if (await files.has(joinRel(current, 'pnpm-workspace.yaml'))) return current;
    const text = await files.read(joinRel(current, 'package.json'));
    if (text && /"workspaces"\s*:/.test(text)) return current;
  }
  return undefined;
}

export async function rootPackage(files: RepoFiles, dir: string): Promise<PackageJson> {
  const parsed = parseJsonWithLine<PackageJson>((await files.read(joinRel(dir, 'package.json'))) ?? '{}');
  return parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
}
