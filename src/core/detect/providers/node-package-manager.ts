// Which Node package manager a package installs with (its lockfile, else `packageManager`), and
// where: workspace members install once, at the workspace root.
import type { CommandSpec, Evidence } from '../../model.js';
import { parseJsonWithLine } from '../json.js';
import { joinRel, type RepoFiles } from '../repo-files.js';

export interface PackageJson {
  name?: string;
  main?: string;
  /** Bun's entry when there is no script. */
  module?: string;
  bin?: unknown;
  prisma?: { schema?: string; seed?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string; pnpm?: string; yarn?: string };
  packageManager?: string;
  workspaces?: unknown;
}

export type NodeManager = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface ChosenManager {
  name: NodeManager;
  lockfile?: string;
  evidence: Evidence;
  /** Yarn 2 or later (a `__metadata` lockfile or a .yarnrc.yml). */
  berry?: boolean;
  /** The version the repo asks for (semver), with why; absent: any. */
  range?: string;
  rangeEvidence?: Evidence;
}

const LOCKFILES: [string, NodeManager][] = [['bun.lock', 'bun'], ['bun.lockb', 'bun'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']];

export async function choosePackageManager(files: RepoFiles, dir: string, pkg: PackageJson): Promise<ChosenManager> {
  const declared = /^(npm|yarn|pnpm|bun)@/.exec(pkg.packageManager ?? '')?.[1] as NodeManager | undefined;
  let chosen: ChosenManager | undefined;
  for (const [file, name] of LOCKFILES) {
    if ((declared === undefined || declared === name) && (await files.has(joinRel(dir, file)))) {
      chosen = { name, lockfile: file, evidence: { file: joinRel(dir, file), reason: `${file} present: install with ${name}` } };
      break;
    }
  }
  chosen ??= declared
    ? { name: declared, evidence: { file: joinRel(dir, 'package.json'), reason: `packageManager is ${pkg.packageManager}` } }
    : { name: 'npm', evidence: { file: joinRel(dir, 'package.json'), reason: 'no lockfile: install with npm' } };
  if (chosen.name === 'yarn') {
    const lock = chosen.lockfile ? await files.read(joinRel(dir, chosen.lockfile)) : undefined;
    chosen.berry = /^__metadata:/m.test(lock ?? '') || (await files.has(joinRel(dir, '.yarnrc.yml')));
  }
  return { ...chosen, ...(await managerVersion(files, dir, pkg, chosen)) };
}

/**
 * The version of its package manager a repo asks for: `packageManager` (exact), `engines`, the
 * Yarn release the repo carries (any Yarn runs it), a `.bun-version`, or the lockfile's format.
 */
async function managerVersion(files: RepoFiles, dir: string, pkg: PackageJson, chosen: ChosenManager): Promise<{ range?: string; rangeEvidence?: Evidence }> {
  const manifest = joinRel(dir, 'package.json');
  const pinned = new RegExp(`^${chosen.name}@(\\d+\\.\\d+\\.\\d+[^+]*)`).exec(pkg.packageManager ?? '')?.[1];
  if (pinned) return { range: pinned, rangeEvidence: { file: manifest, reason: `packageManager pins ${chosen.name} ${pinned}` } };
  const engine = chosen.name === 'pnpm' || chosen.name === 'yarn' ? pkg.engines?.[chosen.name] : undefined;
  if (typeof engine === 'string') return { range: engine, rangeEvidence: { file: manifest, reason: `engines.${chosen.name} is "${engine}"` } };
  if (chosen.name === 'yarn') {
    const yarnrc = await files.read(joinRel(dir, '.yarnrc.yml'));
    const release = yarnrc && /^yarnPath:\s*["']?([^"'\n]+)/m.exec(yarnrc)?.[1];
    // Yarn 1 hands every command to the release the repo carries.
    if (release) return { range: '1', rangeEvidence: { file: joinRel(dir, '.yarnrc.yml'), reason: `yarnPath is ${release.trim()}: Yarn 1 runs that release` } };
  }
  if (chosen.name === 'bun') {
    const version = (await files.read(joinRel(dir, '.bun-version')))?.trim().replace(/^v/, '');
    if (version) return { range: version, rangeEvidence: { file: joinRel(dir, '.bun-version'), reason: `.bun-version asks for ${version}` } };
  }
  if (!chosen.lockfile) return {};
  const lockfile = joinRel(dir, chosen.lockfile);
  const text = chosen.lockfile.endsWith('.lockb') ? undefined : await files.read(lockfile);
  const range = lockfileRange(chosen.lockfile, text);
  return range ? { range: range.range, rangeEvidence: { file: lockfile, reason: range.reason } } : {};
}

/** The package manager versions that write a lockfile of this format. */
function lockfileRange(name: string, text: string | undefined): { range: string; reason: string } | undefined {
  if (name === 'pnpm-lock.yaml') {
    const format = /^lockfileVersion:\s*['"]?(\d+(?:\.\d+)?)/m.exec(text ?? '')?.[1];
    const major = format === undefined ? undefined : Number(format) >= 9 ? '>=9' : Number(format) >= 6 ? '8' : Number(format) >= 5.4 ? '7' : '6';
    return major && { range: major, reason: `lockfileVersion ${format} is written by pnpm ${major}` };
  }
  if (name === 'yarn.lock') {
    if (/^__metadata:/m.test(text ?? '')) return { range: '>=2', reason: 'yarn.lock has __metadata: a Yarn 2+ lockfile' };
    if (/yarn lockfile v1/.test(text ?? '')) return { range: '1', reason: 'yarn.lock is a Yarn 1 lockfile' };
  }
  if (name === 'bun.lock') return { range: '>=1.2', reason: 'bun.lock (text) is written by Bun 1.2 and later' };
  return undefined;
}

export function installCommand(manager: ChosenManager, frozen: boolean, dir: string): CommandSpec {
  if (manager.name === 'npm') return { command: 'npm', args: [frozen ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: dir };
  // Yarn 2 and later name it --immutable (--frozen-lockfile still works there, with a deprecation warning).
  const frozenFlag = manager.berry ? '--immutable' : '--frozen-lockfile';
  return { command: manager.name, args: frozen ? ['install', frozenFlag] : ['install'], cwd: dir };
}

/** The nearest enclosing folder that declares npm/yarn workspaces or a pnpm workspace. */
export async function findWorkspaceRoot(files: RepoFiles, dir: string): Promise<string | undefined> {
  // A folder with its own lockfile installs on its own (a docs site beside a monorepo's packages).
  for (const lock of OWN_LOCKFILES) if (await files.has(joinRel(dir, lock))) return undefined;
  let current = dir;
  while (current !== '') {
    current = current.includes('/') ? current.slice(0, current.lastIndexOf('/')) : '';
    const pnpm = await files.read(joinRel(current, 'pnpm-workspace.yaml'));
    const text = pnpm === undefined ? await files.read(joinRel(current, 'package.json')) : undefined;
    if (pnpm === undefined && !(text && /"workspaces"\s*:/.test(text))) continue;
    const patterns = pnpm !== undefined ? pnpmPatterns(pnpm) : packageJsonPatterns(text!);
    const rel = current === '' ? dir : dir.slice(current.length + 1);
    // Patterns that cannot be read are trusted; read ones must name the folder.
    return patterns === undefined || patterns.some((p) => globMatches(p, rel)) ? current : undefined;
  }
  return undefined;
}

const OWN_LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** package.json `workspaces` (an array, or `{ packages: [...] }`); undefined when unreadable. */
function packageJsonPatterns(text: string): string[] | undefined {
  try {
    const workspaces = (JSON.parse(text) as { workspaces?: unknown }).workspaces;
    const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && !p.startsWith('!')) : undefined;
  } catch {
    return undefined;
  }
}

/** pnpm-workspace.yaml's `packages:` list items; undefined when it has none. */
function pnpmPatterns(text: string): string[] | undefined {
  const block = /^packages\s*:\s*\n((?:\s+-.*\n?|\s*#.*\n?|\s*\n)*)/m.exec(text)?.[1];
  if (!block) return undefined;
  const items = [...block.matchAll(/^\s+-\s*['"]?([^'"#\n]+?)['"]?\s*$/gm)].map((m) => m[1]).filter((p) => !p.startsWith('!'));
  return items.length ? items : undefined;
}

/** Whether a workspace glob (`packages/*`, `apps/**`, `./site`) names folder `rel`. */
export function globMatches(pattern: string, rel: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const source = clean.split('/').map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))).join('/');
  return new RegExp(`^${source.replace(/\/\.\*/g, '(?:/.*)?')}$`).test(rel);
}

export async function rootPackage(files: RepoFiles, dir: string): Promise<PackageJson> {
  const parsed = parseJsonWithLine<PackageJson>((await files.read(joinRel(dir, 'package.json'))) ?? '{}');
  return parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
}
