// Node and Python versions a version manager already installed (nvm, fnm, volta, asdf, mise,
// nodenv; pyenv, uv, asdf, mise), found from their folder layouts without the network. The chosen
// install's commands are linked from a folder of their own (<cache>/tools/.links/...), so putting
// it on PATH never brings along whatever else was installed into that version's bin/.
import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { satisfies } from '../../core/requirements/versions.js';
import type { ProvidedTool } from '../../core/host.js';
import { compareParts, homeOf, nearestVersion, numericParts, runChild, type Env } from './common.js';

export interface Install {
  manager: string;
  version: string;
  /** The install's own folder (for the log). */
  dir: string;
  binDir: string;
}

interface Layout {
  manager: string;
  /** The folder that holds one folder per version. */
  root: string | undefined;
  /** The version a folder's name stands for, or undefined to skip it. */
  version: (name: string) => string | undefined;
  /** The bin folder inside a version's folder. */
  bin: string;
}

const semverName = (name: string) => semver.valid(name.replace(/^v/, '')) ?? undefined;
const pythonName = (name: string) => (/^\d+\.\d+\.\d+$/.test(name) ? name : undefined);

function dataHome(env: Env): string {
  return env.XDG_DATA_HOME || join(homeOf(env), '.local', 'share');
}

function nodeLayouts(env: Env): Layout[] {
  const home = homeOf(env);
  const fnmRoots = [env.FNM_DIR, join(dataHome(env), 'fnm'), join(home, '.fnm')];
  return [
    { manager: 'nvm', root: join(env.NVM_DIR || join(home, '.nvm'), 'versions', 'node'), version: semverName, bin: 'bin' },
    ...[...new Set(fnmRoots.filter(Boolean))].map((root) => ({ manager: 'fnm', root: join(root!, 'node-versions'), version: semverName, bin: join('installation', 'bin') })),
    { manager: 'volta', root: join(env.VOLTA_HOME || join(home, '.volta'), 'tools', 'image', 'node'), version: semverName, bin: 'bin' },
    { manager: 'asdf', root: join(env.ASDF_DATA_DIR || join(home, '.asdf'), 'installs', 'nodejs'), version: semverName, bin: 'bin' },
    { manager: 'mise', root: join(env.MISE_DATA_DIR || join(dataHome(env), 'mise'), 'installs', 'node'), version: semverName, bin: 'bin' },
    { manager: 'nodenv', root: join(env.NODENV_ROOT || join(home, '.nodenv'), 'versions'), version: semverName, bin: 'bin' },
  ];
}

function pythonLayouts(env: Env): Layout[] {
  const home = homeOf(env);
  return [
    { manager: 'pyenv', root: join(env.PYENV_ROOT || join(home, '.pyenv'), 'versions'), version: pythonName, bin: 'bin' },
    // cpython-3.12.1-linux-x86_64-gnu; free-threaded builds (cpython-3.13.0+freethreaded-...) are left out.
    { manager: 'uv', root: env.UV_PYTHON_INSTALL_DIR || join(dataHome(env), 'uv', 'python'), version: (name) => /^cpython-(\d+\.\d+\.\d+)-/.exec(name)?.[1], bin: 'bin' },
    { manager: 'asdf', root: join(env.ASDF_DATA_DIR || join(home, '.asdf'), 'installs', 'python'), version: pythonName, bin: 'bin' },
    { manager: 'mise', root: join(env.MISE_DATA_DIR || join(dataHome(env), 'mise'), 'installs', 'python'), version: pythonName, bin: 'bin' },
  ];
}

const EXECUTABLE: Record<'node' | 'python', string[]> = { node: ['node'], python: ['python3', 'python'] };
/** The commands a provided install brings: the interpreter and its package manager. */
const OWN_COMMANDS: Record<'node' | 'python', RegExp> = { node: /^(node|npm|npx|corepack)$/, python: /^(python|pip)(3(\.\d+)?)?$/ };

/** Every install of the tool the version managers hold, newest first. */
export async function installed(tool: 'node' | 'python', env: Env): Promise<Install[]> {
  const found: Install[] = [];
  for (const layout of tool === 'node' ? nodeLayouts(env) : pythonLayouts(env)) {
    if (!layout.root) continue;
    const names = await fs.readdir(layout.root).catch(() => [] as string[]);
    for (const name of names) {
      const version = layout.version(name);
      if (!version) continue;
      const binDir = join(layout.root, name, layout.bin);
      const runs = await Promise.all(EXECUTABLE[tool].map((exe) => fs.access(join(binDir, exe), constants.X_OK).then(() => true, () => false)));
      if (runs.some(Boolean)) found.push({ manager: layout.manager, version, dir: join(layout.root, name), binDir });
    }
  }
  // Newest first; between managers holding the same version, the order above.
  return found.map((install, order) => ({ install, order, parts: numericParts(install.version) ?? [] }))
    .sort((a, b) => compareParts(b.parts, a.parts) || a.order - b.order)
    .map((x) => x.install);
}

/**
 * An install satisfying the range whose interpreter runs and says its version; undefined
 * (with what is installed) when none does.
 */
export async function fromVersionManager(tool: 'node' | 'python', range: string | undefined, env: Env, linksRoot: string): Promise<{ provided?: ProvidedTool; installs: Install[] }> {
  const installs = await installed(tool, env);
  const fitting = installs.filter((i) => satisfies(tool, i.version, range) === 'ok');
  // Python: the oldest minor that fits (newest patch of it), the one a project's locked
  // dependencies most likely have wheels for; Node: the newest that fits.
  if (tool === 'python') {
    const parts = (i: Install) => numericParts(i.version) ?? [];
    fitting.sort((a, b) => compareParts(parts(a).slice(0, 2), parts(b).slice(0, 2)) || compareParts(parts(b), parts(a)));
  }
  for (const install of fitting.slice(0, 3)) {
    const exe = await firstExecutable(install.binDir, EXECUTABLE[tool]);
    const ran = await runChild(join(install.binDir, exe), ['--version'], { env, timeoutMs: 10_000 });
    const said = /(\d+\.\d+\.\d+)/.exec(ran.lines.join(' '))?.[1];
    if (ran.exitCode !== 0 || !said || satisfies(tool, said, range) !== 'ok') continue;
    const binDir = await linkFolder(linksRoot, `${tool}-${install.manager}-${said}`, install.binDir, OWN_COMMANDS[tool]);
    return { provided: { tool, version: said, binDir, source: 'version-manager', detail: `${install.manager}: ${install.dir}` }, installs };
  }
  return { installs };
}

/** Why no Python can be had: none installed satisfies the range, and no registry serves CPython. */
export function missingPython(range: string | undefined, installs: Install[]): { reason: string; hint: string; nearest?: string } {
  const exact = /^(?:==)?\s*(\d+(?:\.\d+)*)(?:\.\*)?$/.exec(range?.trim() ?? '')?.[1];
  const label = exact ?? (range ? `matching "${range}"` : '');
  const nearest = nearestVersion(installs.map((i) => i.version), exact ?? range);
  return {
    reason: `no Python ${label ? `${label} ` : ''}is installed here and no registry serves CPython builds`,
    hint: exact ? `pyenv install ${exact}, or uv python install ${exact}` : range ? `uv python install '${range}'` : 'uv python install (or pyenv install 3)',
    ...(nearest ? { nearest } : {}),
  };
}

async function firstExecutable(binDir: string, names: string[]): Promise<string> {
  for (const name of names) {
    if (await fs.access(join(binDir, name), constants.X_OK).then(() => true, () => false)) return name;
  }
  return names[0];
}

/** A folder of links to the install's own commands, made once and checked with fs on later calls. */
async function linkFolder(root: string, name: string, target: string, own: RegExp): Promise<string> {
  const dir = join(root, `${name}-${createHash('sha256').update(target).digest('hex').slice(0, 8)}`);
  const names = (await fs.readdir(target)).filter((n) => own.test(n)).sort();
  const current = await Promise.all(names.map((n) => fs.readlink(join(dir, n)).catch(() => undefined)));
  if (current.every((link, i) => link === join(target, names[i]))) return dir;
  await fs.mkdir(root, { recursive: true });
  const tmp = await fs.mkdtemp(join(root, '.tmp-'));
  await fs.chmod(tmp, 0o755);
  try {
    for (const n of names) await fs.symlink(join(target, n), join(tmp, n));
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error; // another process made it meanwhile
    });
    return dir;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
