// A read-only view of the repository for detectors: paths relative to the root, each file
// read at most once, folders that never hold a service's own sources skipped (dependency and
// build folders, hidden ones, and what the repo's .gitignore files ignore).
import ignore, { type Ignore } from 'ignore';
import { posix } from 'node:path';
import type { DirEntry, FileSystemLike } from '../host.js';

/** No manifest is bigger; larger files are not read (the file system port enforces the same limit). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Folders detection never descends into. */
export const IGNORED_DIRS = new Set([
  'node_modules', '.git', '.venv', 'venv', '__pycache__', 'dist', 'build', 'target', '.next',
  '.nuxt', '.svelte-kit', '.repo-runner', '.cache', 'coverage', '.tox', '.mypy_cache', '.pytest_cache',
]);

export class RepoFiles {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly listings = new Map<string, Promise<DirEntry[]>>();
  private readonly gitignores = new Map<string, Promise<Ignore | undefined>>();
  /** Folders whose listing was refused (permissions). */
  readonly unreadable = new Set<string>();

  constructor(readonly root: string, private readonly fs: FileSystemLike) {}

  abs(rel: string): string {
    return rel === '' ? this.root : posix.join(this.root, rel);
  }

  /** Every file read and folder listed (missing ones too): what a plan was derived from. */
  get touched(): { files: string[]; dirs: string[] } {
    return { files: [...this.texts.keys()], dirs: [...this.listings.keys()] };
  }

  read(rel: string): Promise<string | undefined> {
    let text = this.texts.get(rel);
    if (!text) {
      text = this.fs.readText(this.abs(rel)).catch(() => undefined);
      this.texts.set(rel, text);
    }
    return text;
  }

  list(rel: string): Promise<DirEntry[]> {
    let entries = this.listings.get(rel);
    if (!entries) {
      entries = this.fs.list(this.abs(rel)).catch((error: NodeJS.ErrnoException) => {
        // A folder that exists but cannot be read is reported; a missing one is simply empty.
        if (error?.code === 'EACCES' || error?.code === 'EPERM') this.unreadable.add(rel);
        return [];
      });
      this.listings.set(rel, entries);
    }
    return entries;
  }

  async size(rel: string): Promise<number | undefined> {
    return (await this.fs.stat(this.abs(rel)).catch(() => undefined))?.size;
  }

  /** False for a symlink that loops or points nowhere. */
  async resolves(rel: string): Promise<boolean> {
    return (await this.fs.realPath(this.abs(rel)).catch(() => undefined)) !== undefined;
  }

  async has(rel: string): Promise<boolean> {
    const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
    const name = posix.basename(rel);
    return (await this.list(dir)).some((e) => e.name === name);
  }

  /** Subfolders worth looking into for services, `depth` levels below `rel`. */
  async folders(rel: string, depth: number): Promise<string[]> {
    if (depth <= 0) return [];
    const out: string[] = [];
    for (const entry of await this.list(rel)) {
      if (!entry.isDirectory) continue;
      const child = joinRel(rel, entry.name);
      if (await this.skipDir(child)) continue;
      out.push(child, ...(await this.folders(child, depth - 1)));
    }
    return out;
  }

  /** A folder detection does not enter: dependencies, builds, hidden, or ignored by a .gitignore above it. */
  async skipDir(rel: string): Promise<boolean> {
    const name = posix.basename(rel);
    if (IGNORED_DIRS.has(name) || name.startsWith('.')) return true;
    // Each .gitignore from the root down to the folder's parent, with the path relative to it.
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const rules = await this.gitignore(base);
      if (rules?.ignores(`${parts.slice(i).join('/')}/`)) return true;
    }
    return false;
  }

  private gitignore(dir: string): Promise<Ignore | undefined> {
    let rules = this.gitignores.get(dir);
    if (!rules) {
      rules = (async () => {
        if (!(await this.has(joinRel(dir, '.gitignore')))) return undefined;
        const text = await this.read(joinRel(dir, '.gitignore'));
        return text === undefined ? undefined : ignore().add(text);
      })();
      this.gitignores.set(dir, rules);
    }
    return rules;
  }
}

/** The 1-based line of the first line containing `needle`, if any. */
export function lineOf(text: string, needle: string | RegExp): number | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
  return index >= 0 ? index + 1 : undefined;
}

export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : posix.join(dir, name);
}
