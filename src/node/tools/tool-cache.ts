// The tools cache: <userCacheDir>/tools/<tool>/<version>/, one folder per fetched version with a
// small manifest (tool.json) that fs alone can check, so a cached tool is found without starting
// a process. A version is built in a temporary folder next to its final one and renamed into
// place, so a half-written folder is never seen; when another process renamed its copy first,
// ours is dropped and theirs used.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { CachedTool } from '../../core/host.js';

export const MANIFEST = 'tool.json';
const STALE_MS = 24 * 60 * 60 * 1000;

export interface Manifest {
  tool: string;
  version: string;
  /** The folder to put on PATH, relative to the version's folder. */
  binDir: string;
  /** The tool's commands in binDir; the first is the one that answers --version. */
  commands: string[];
  /** Relative paths that must exist (symlinks followed) for the copy to be usable. */
  requires: string[];
  /** Where it came from, for the log. */
  from: string;
}

export interface CachedCopy {
  dir: string;
  manifest: Manifest;
}

export class ToolCache {
  constructor(readonly root: string) {}

  dirOf(tool: string, version: string): string {
    return join(this.root, tool, version);
  }

  /** The newest cached version `accepts` takes, checked with fs only. */
  async find(tool: string, accepts: (version: string) => boolean, newestFirst: (a: string, b: string) => number, fits?: (copy: CachedCopy) => Promise<boolean>): Promise<CachedCopy | undefined> {
    const names = await fs.readdir(join(this.root, tool)).catch(() => [] as string[]);
    for (const version of names.filter((n) => !n.startsWith('.') && accepts(n)).sort(newestFirst)) {
      const copy = await this.usable(tool, version);
      if (copy && (!fits || (await fits(copy)))) return copy;
    }
    return undefined;
  }

  /** The cached copy of exactly this version, when its manifest and the files it needs are there. */
  async usable(tool: string, version: string): Promise<CachedCopy | undefined> {
    const dir = this.dirOf(tool, version);
    const manifest = await readManifest(dir);
    if (!manifest || manifest.tool !== tool || manifest.version !== version) return undefined;
    const present = await Promise.all(manifest.requires.map((path) => fs.stat(join(dir, path)).then(() => true, () => false)));
    return present.every(Boolean) ? { dir, manifest } : undefined;
  }

  /**
   * Builds a version in a fresh temporary folder (`build` installs into it and says what it holds;
   * `finalDir` tells it where the folder will live) and renames it into place.
   */
  async add(tool: string, build: (tmp: string, finalDir: (version: string) => string) => Promise<Manifest>, signal?: AbortSignal): Promise<CachedCopy & { raced: boolean }> {
    const parent = join(this.root, tool);
    await fs.mkdir(parent, { recursive: true });
    await this.sweep(parent);
    const tmp = await fs.mkdtemp(join(parent, '.tmp-'));
    await fs.chmod(tmp, 0o755); // mkdtemp's 0700 would keep the tool from other users (a service run as another user)
    try {
      const manifest = await build(tmp, (version) => this.dirOf(tool, version));
      if (signal?.aborted) throw new Error('cancelled');
      await fs.writeFile(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      const dir = this.dirOf(tool, manifest.version);
      if (await moveInto(tmp, dir)) return { dir, manifest, raced: false };
      const theirs = await this.usable(tool, manifest.version);
      if (theirs) return { ...theirs, raced: true };
      // A broken copy (its Python removed, a file deleted): set it aside and put ours there.
      const aside = join(parent, `.trash-${randomBytes(4).toString('hex')}`);
      await fs.rename(dir, aside);
      await fs.rm(aside, { recursive: true, force: true });
      if (await moveInto(tmp, dir)) return { dir, manifest, raced: false };
      const again = await this.usable(tool, manifest.version);
      if (again) return { ...again, raced: true };
      throw new Error(`could not put ${tool} ${manifest.version} into ${dir}`);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  /** Every cached tool version and its size on disk. */
  async list(): Promise<CachedTool[]> {
    const tools = await fs.readdir(this.root).catch(() => [] as string[]);
    const found: CachedTool[] = [];
    for (const tool of tools.filter((t) => !t.startsWith('.')).sort()) {
      const versions = await fs.readdir(join(this.root, tool)).catch(() => [] as string[]);
      for (const version of versions.filter((v) => !v.startsWith('.')).sort()) {
        const dir = this.dirOf(tool, version);
        if (!(await readManifest(dir))) continue;
        found.push({ tool, version, dir, bytes: await bytesIn(dir) });
      }
    }
    return found;
  }

  async clear(): Promise<CachedTool[]> {
    const held = await this.list();
    await fs.rm(this.root, { recursive: true, force: true });
    return held;
  }

  /** Temporary folders a killed process left behind. */
  private async sweep(parent: string): Promise<void> {
    const names = await fs.readdir(parent).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith('.tmp-') || n.startsWith('.trash-'))) {
      const stat = await fs.stat(join(parent, name)).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) await fs.rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** Renames `from` to `to`; false when `to` already exists (someone else's copy). */
async function moveInto(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  }
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    if (typeof parsed.tool !== 'string' || typeof parsed.version !== 'string' || typeof parsed.binDir !== 'string') return undefined;
    if (!Array.isArray(parsed.commands) || !Array.isArray(parsed.requires)) return undefined;
    return { from: '', ...parsed } as Manifest;
  } catch {
    return undefined;
  }
}

/** Bytes on disk under `dir`: symlinks not followed, a hard-linked file counted once. */
async function bytesIn(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (path: string): Promise<void> => {
    const entries = await fs.readdir(path, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      const stat = await fs.lstat(child).catch(() => undefined);
      if (!stat) continue;
      const key = `${stat.dev}:${stat.ino}`;
      if (stat.nlink > 1 && seen.has(key)) continue;
      seen.add(key);
      total += stat.size;
    }
  };
  await walk(dir);
  return total;
}
