// Installed toolchain versions, from `<tool> --version` (or the tool's own way); the engine asks
// each tool once per run (askedOnce in src/core/requirements/toolchains.ts), so the one host a
// face keeps never holds an old answer. Across runs a version is remembered in the user's cache,
// keyed by the program PATH resolves to and that file's time and size: a new install (or another
// PATH) asks again.
// A version manager's shim (pyenv, asdf, mise, nodenv...) chooses by its environment variables
// and version files (from the working folder up, and the global one), so those are part of the key.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { ToolchainProbe } from '../core/host.js';
import { userCacheDir } from './cache-dir.js';

const SHIM = /[/\\](?:shims|\.volta[/\\]bin|\.asdf[/\\]bin)[/\\]|[/\\]mise[/\\]/;

interface Remembered {
  stamp: string;
  version: string;
}

export function createToolchainProbe(env: Record<string, string | undefined> = process.env): ToolchainProbe {
  const file = join(userCacheDir(env), 'toolchains.json');
  return {
    version: (tool, versionArgs = ['--version']) => remembered(file, [tool, ...versionArgs].join(' '), tool, versionArgs, env),
  };
}

async function remembered(file: string, key: string, tool: string, versionArgs: string[], env: Record<string, string | undefined>): Promise<string | undefined> {
  const stamp = await programStamp(tool, env);
  if (!stamp) return probe(tool, versionArgs, env);
  const cache = await readCache(file);
  if (cache[key]?.stamp === stamp) return cache[key].version;
  const version = await probe(tool, versionArgs, env);
  if (version) {
    // Read again: another run may have written its tools meanwhile.
    const latest = await readCache(file);
    latest[key] = { stamp, version };
    await writeCache(file, latest);
  }
  return version;
}

/** `realpath:mtime:size` of the program PATH finds for `tool` (and, for a shim, what selects its version); undefined when not found. */
async function programStamp(tool: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  const path = env.PATH ?? '';
  if (tool.includes('/') || tool.includes('\\')) return undefined;
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, tool);
    const real = await fs.realpath(candidate).catch(() => undefined);
    if (!real) continue;
    const stat = await fs.stat(real).catch(() => undefined);
    if (!stat?.isFile() || (stat.mode & 0o111) === 0) continue;
    const stamp = `${real}:${stat.mtimeMs}:${stat.size}`;
    return SHIM.test(candidate) || SHIM.test(real) ? `${stamp}|${await shimSelection(env)}` : stamp;
  }
  return undefined;
}

const VERSION_FILES = ['.python-version', '.tool-versions', '.node-version', '.nvmrc', '.ruby-version', '.go-version', '.java-version', '.mise.toml', 'mise.toml'];

/** What decides which version a shim runs: the managers' variables, version files from here up, the global choices. */
async function shimSelection(env: Record<string, string | undefined>): Promise<string> {
  const variables = Object.entries(env).filter(([name]) => /^(PYENV|ASDF|MISE|NODENV|RBENV|GOENV|JENV|VOLTA)_/.test(name)).sort();
  const files: string[] = [];
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    files.push(...VERSION_FILES.map((name) => join(dir, name)));
    if (dirname(dir) === dir) break;
  }
  const home = env.HOME ?? homedir();
  files.push(join(env.PYENV_ROOT ?? join(home, '.pyenv'), 'version'), join(home, '.tool-versions'), join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'mise', 'config.toml'));
  const contents = await Promise.all(files.map((f) => fs.readFile(f, 'utf8').then((text) => `${f}=${text}`, () => '')));
  return createHash('sha256').update(JSON.stringify([variables, contents.filter(Boolean)])).digest('hex').slice(0, 16);
}

async function readCache(file: string): Promise<Record<string, Remembered>> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, Remembered> : {};
  } catch {
    return {};
  }
}

async function writeCache(file: string, cache: Record<string, Remembered>): Promise<void> {
  try {
    await fs.mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify(cache, null, 2)}\n`);
    await fs.rename(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next run a probe.
  }
}

async function probe(tool: string, versionArgs: string[], env: Record<string, string | undefined>): Promise<string | undefined> {
  try {
    const result = await execa(tool, versionArgs, { env, extendEnv: false, timeout: 10_000, reject: false, stdin: 'ignore' });
    if (result.exitCode !== 0) return undefined;
    return /(\d+\.\d+(?:\.\d+)?)/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
  } catch {
    return undefined;
  }
}
