// Dependencies that stop working on newer Node.js: the webpack 4 generation of build tools
// (Create React App before 5, Vue CLI before 5, Gatsby before 3, webpack 4 itself) hash with MD4,
// which OpenSSL 3 in Node 17+ refuses (ERR_OSSL_EVP_UNSUPPORTED), and their locked PostCSS 8.1
// uses folder mappings in "exports" that Node 17 removed (ERR_PACKAGE_PATH_NOT_EXPORTED). A repo
// that names no Node version but depends on one of them needs Node 16, the last they run on.
// The other way round, a framework may need a newer Node than the machine's (Astro 6 asks for
// 22.12): its `engines` in package-lock.json says so before anything is installed.
import semver from 'semver';
import type { Evidence } from '../../model.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import type { PackageJson } from './node-package-manager.js';

/** Package, the first major version that runs on current Node, and what the older ones are. */
const WEBPACK4_ERA: ReadonlyArray<readonly [string, number, string]> = [
  ['react-scripts', 5, 'Create React App'],
  ['@vue/cli-service', 5, 'Vue CLI'],
  ['gatsby', 3, 'Gatsby'],
  ['webpack', 5, 'webpack'],
];

/** The lowest major a version spec allows ("4.0.1", "^4.0.3", "~3.4", "4.x"); undefined for tags, URLs, ranges with "||". */
function lowestMajor(spec: string): number | undefined {
  const match = /^\s*(?:[~^]|>=?\s*)?v?(\d+)(?:\.(?:\d+|x|\*))*\s*$/.exec(spec);
  return match ? Number(match[1]) : undefined;
}

/** Node 16 with the dependency that needs it, or undefined. */
export function nodeCeiling(pkg: PackageJson, text: string, manifest: string): { range: string; evidence: Evidence } | undefined {
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  for (const [name, fixedIn, what] of WEBPACK4_ERA) {
    const spec = deps[name];
    const major = typeof spec === 'string' ? lowestMajor(spec) : undefined;
    if (major === undefined || major >= fixedIn) continue;
    return {
      range: '16',
      evidence: { file: manifest, line: lineOf(text, `"${name}"`), reason: `${name} ${spec} (${what} on webpack 4) does not run on Node.js 17 or newer` },
    };
  }
  return undefined;
}

/** The oldest Node line still in use: a locked range below it asks for nothing a machine lacks. */
const CURRENT_FLOOR = 20;

/** The framework package's own `engines.node`, as the npm lockfile records it, or undefined. */
export async function frameworkEngines(files: RepoFiles, dir: string, installDir: string, dependency: string | undefined): Promise<{ range: string; evidence: Evidence } | undefined> {
  if (!dependency) return undefined;
  for (const root of [...new Set([dir, installDir])]) {
    const file = joinRel(root, 'package-lock.json');
    const text = await files.read(file);
    if (!text) continue;
    const packages = lockedPackages(files, file, text);
    if (!packages) continue;
    const inside = root === dir ? '' : `${dir.slice(root === '' ? 0 : root.length + 1)}/`;
    const entry = packages?.[`${inside}node_modules/${dependency}`] ?? packages?.[`node_modules/${dependency}`];
    const node = entry && !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    // Only a range that asks for a current Node matters (`>= 0.10.0` from a 2014 package says nothing).
    const floor = typeof node === 'string' ? semver.minVersion(semver.validRange(node, { loose: true }) ?? '0', { loose: true }) : null;
    if (typeof node === 'string' && floor && floor.major >= CURRENT_FLOOR) {
      return { range: node, evidence: { file, line: lineOf(text, `"node_modules/${dependency}"`), reason: `${dependency} (locked) asks for node ${node}` } };
    }
  }
  return undefined;
}

type LockedPackages = Record<string, { engines?: { node?: unknown } | unknown[] }>;

/** The `packages` of a package-lock.json, parsed once per detection (every workspace member asks about the root's). */
const parsedLocks = new WeakMap<RepoFiles, Map<string, LockedPackages | undefined>>();
function lockedPackages(files: RepoFiles, file: string, text: string): LockedPackages | undefined {
  let known = parsedLocks.get(files);
  if (!known) parsedLocks.set(files, (known = new Map()));
  if (!known.has(file)) {
    try {
      known.set(file, (JSON.parse(text) as { packages?: LockedPackages }).packages);
    } catch {
      known.set(file, undefined);
    }
  }
  return known.get(file);
}
