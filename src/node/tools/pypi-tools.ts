// Tools PyPI serves: uv, poetry, pdm, pipenv. Each gets its own virtual environment in the cache
// (python3 -m venv, then pip install), and a bin/ of links to the tool's entry points only, so the
// environment's python and pip never shadow the machine's.
import { promises as fs } from 'node:fs';
import { delimiter, join } from 'node:path';
import semver from 'semver';
import { satisfies } from '../../core/requirements/versions.js';
import { compareParts, meaningfulLine, nearestVersion, numericParts, runChild, unavailable, which, type Env, type ProvideOptions } from './common.js';
import type { CachedCopy, Manifest, ToolCache } from './tool-cache.js';

export type PypiTool = 'uv' | 'poetry' | 'pdm' | 'pipenv';

const ENTRY_POINTS: Record<PypiTool, string[]> = { uv: ['uv', 'uvx'], poetry: ['poetry'], pdm: ['pdm'], pipenv: ['pipenv'] };

/**
 * The request as a PEP 440 specifier for pip: '' for the newest, '1.8.3' → '==1.8.3', '1.8' →
 * '==1.8.*', a specifier as given, and a semver range ('^1.8') as the specifier it means.
 */
export function pep440Spec(tool: PypiTool, range: string | undefined): string {
  const text = range?.trim() ?? '';
  if (text === '' || text === '*' || text === 'latest') return '';
  if (/^\d+(\.\d+){2,}$/.test(text)) return `==${text}`;
  if (/^\d+(\.\d+)?$/.test(text)) return `==${text}.*`;
  if (/^(===|==|!=|>=|<=|~=|>|<)/.test(text)) return text.replace(/\s+/g, '');
  const valid = semver.validRange(text, { loose: true });
  const sets = valid ? new semver.Range(valid, { loose: true }).set : [];
  if (sets.length === 1) {
    return sets[0].map((c) => c.value === '' ? '' : `${c.operator || '=='}${c.semver.version.replace(/-0$/, '')}`).filter(Boolean).join(',');
  }
  throw unavailable(tool, range, `"${text}" is not a version specifier pip understands`);
}

export function pypiAccepts(spec: string, version: string): boolean {
  return spec === '' || satisfies('python', version, spec) === 'ok';
}

export function newestFirst(a: string, b: string): number {
  return compareParts(numericParts(b) ?? [], numericParts(a) ?? []);
}

export async function fromPypi(tool: PypiTool, request: string | undefined, spec: string, cache: ToolCache, env: Env, options: ProvideOptions): Promise<CachedCopy & { raced: boolean }> {
  const python = which(env, 'python3') ?? which(env, 'python');
  if (!python) throw unavailable(tool, request, 'no python3 on PATH to make a virtual environment with', { hint: `install Python 3, or ${tool} itself` });
  return cache.add(tool, async (tmp, finalDir): Promise<Manifest> => {
    const venv = join(tmp, 'venv');
    const venvPython = join(venv, 'bin', 'python');
    const run = async (file: string, args: string[], what: string) => {
      const ran = await runChild(file, args, { env, cwd: tmp, signal: options.signal, onLine: options.onLine });
      if (ran.cancelled) throw unavailable(tool, request, 'cancelled');
      if (ran.exitCode !== 0) throw pipRefusal(tool, request, what, ran.lines, ran.spawnError, spec);
      return ran;
    };
    options.onLine?.(`fetching ${tool}${spec} from PyPI into a virtual environment in ${join(cache.root, tool)}`);
    await run(python, ['-m', 'venv', venv], `${python} -m venv`);
    const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
    // The tool with the dependencies it was released with: a dependency's later major release can
    // break a tool that does not cap it. pip learnt --uploaded-prior-to in 2025; the venv's own
    // pip may be older.
    const release = await releaseOf(tool, spec, env, options.signal);
    if (release) {
      await run(venvPython, [...pip, '--upgrade', 'pip'], 'pip install --upgrade pip');
      await run(venvPython, [...pip, '--uploaded-prior-to', release.before, `${tool}==${release.version}`], `pip install ${tool}==${release.version}`);
    } else {
      await run(venvPython, [...pip, `${tool}${spec}`], `pip install ${tool}${spec}`);
    }
    const asked = await run(venvPython, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(tool)}))`], 'importlib.metadata');
    const version = asked.stdout.trim().split('\n').pop() ?? '';
    if (!version) throw unavailable(tool, request, `pip installed ${tool} but its version could not be read`);
    const commands = ENTRY_POINTS[tool];
    await verify(tool, request, join(venv, 'bin'), commands[0], version, env, tmp, options.signal);
    await relocate(venv, join(finalDir(version), 'venv'));
    await fs.mkdir(join(tmp, 'bin'));
    for (const name of commands) {
      if (!(await fs.stat(join(venv, 'bin', name)).catch(() => undefined))) throw unavailable(tool, request, `${tool} ${version} installed no "${name}" command`);
      await fs.symlink(`../venv/bin/${name}`, join(tmp, 'bin', name));
    }
    return { tool, version, binDir: 'bin', commands, requires: [`bin/${commands[0]}`, 'venv/bin/python'], from: `PyPI ${tool}==${version}` };
  }, options.signal).catch((error: unknown) => {
    if (options.signal?.aborted) throw unavailable(tool, request, 'cancelled');
    throw error;
  });
}

/** The index pip uses (its simple API); PyPI's unless PIP_INDEX_URL says otherwise. */
function indexUrl(env: Env): string {
  return (env.PIP_INDEX_URL ?? 'https://pypi.org/simple').replace(/\/+$/, '');
}

/**
 * The newest release of the tool that the specifier accepts, and a moment one day after it was
 * uploaded (the simple API's upload-time, PEP 700); undefined when the index does not say.
 */
async function releaseOf(tool: PypiTool, spec: string, env: Env, signal?: AbortSignal): Promise<{ version: string; before: string } | undefined> {
  try {
    const response = await fetch(`${indexUrl(env)}/${tool}/`, { headers: { accept: 'application/vnd.pypi.simple.v1+json' }, signal: signal ?? AbortSignal.timeout(20_000) });
    if (!response.ok) return undefined;
    const index = (await response.json()) as { files?: { filename: string; 'upload-time'?: string; yanked?: unknown }[] };
    const uploads = new Map<string, number>();
    for (const file of index.files ?? []) {
      const version = new RegExp(`^${tool}-(\\d+(?:\\.\\d+)*)(?:-|\\.tar\\.gz$)`, 'i').exec(file.filename)?.[1];
      const at = file['upload-time'] ? Date.parse(file['upload-time']) : NaN;
      if (!version || file.yanked || Number.isNaN(at) || !pypiAccepts(spec, version)) continue;
      uploads.set(version, Math.max(uploads.get(version) ?? 0, at));
    }
    const version = [...uploads.keys()].sort(newestFirst)[0];
    return version ? { version, before: new Date(uploads.get(version)! + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') } : undefined;
  } catch {
    return undefined; // the install below asks the index again and says what is wrong
  }
}

/** What pip said: the missing version (with the nearest published one), an unreachable index, or its last error. */
function pipRefusal(tool: PypiTool, request: string | undefined, what: string, lines: string[], spawnError: string | undefined, spec: string): Error {
  if (spawnError) return unavailable(tool, request, `${what}: ${spawnError}`);
  const unreachable = meaningfulLine(lines, [/NewConnectionError|ConnectTimeout|ReadTimeout|Name or service not known|Temporary failure in name resolution|Connection refused|ProxyError|SSLError/]);
  const error = meaningfulLine(lines, [/No matching distribution found/, /^ERROR: /, /Error:/]) ?? lines.filter(Boolean).pop() ?? 'failed';
  if (unreachable) return unavailable(tool, request, `${what}: PyPI is unreachable: ${unreachable.replace(/^WARNING: /, '')}`);
  const listed = /\(from versions: ([^)]*)\)/.exec(lines.join('\n'))?.[1];
  const nearest = listed ? nearestVersion(listed.split(',').map((v) => v.trim()), spec || undefined) : undefined;
  const venvHint = /ensurepip is not available|No module named venv/.test(lines.join('\n')) ? { hint: 'install the venv module (Debian/Ubuntu: apt install python3-venv)' } : {};
  return unavailable(tool, request, `${what}: ${error}`, { ...(nearest ? { nearest } : {}), ...venvHint });
}

async function verify(tool: PypiTool, request: string | undefined, binDir: string, main: string, version: string, env: Env, cwd: string, signal?: AbortSignal): Promise<void> {
  const ran = await runChild(join(binDir, main), ['--version'], { env: { ...env, PATH: [binDir, env.PATH].filter(Boolean).join(delimiter) }, cwd, signal, timeoutMs: 60_000 });
  if (ran.cancelled) throw unavailable(tool, request, 'cancelled');
  if (ran.exitCode === 0 && ran.lines.some((l) => l.includes(version))) return;
  throw unavailable(tool, request, `installed ${tool} ${version}, but \`${main} --version\` did not answer it: ${ran.spawnError ?? (ran.lines.filter(Boolean).pop() || `exit code ${ran.exitCode}`)}`);
}

/**
 * pip writes the environment's absolute path into its scripts' first line (and pyvenv.cfg): point
 * them at the folder the environment is renamed to.
 */
async function relocate(venv: string, finalVenv: string): Promise<void> {
  const files = [join(venv, 'pyvenv.cfg'), ...(await fs.readdir(join(venv, 'bin'))).map((name) => join(venv, 'bin', name))];
  for (const file of files) {
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile() || stat.size > 1_000_000) continue;
    const bytes = await fs.readFile(file);
    if (bytes.subarray(0, 8000).includes(0)) continue; // a binary (uv itself)
    const text = bytes.toString('utf8');
    if (text.includes(venv)) await fs.writeFile(file, text.split(venv).join(finalVenv), { mode: stat.mode });
  }
}
