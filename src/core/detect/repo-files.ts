// A read-only view of the repository for detectors: paths relative to the root, each file
// read at most once, folders that never hold a service's own sources skipped.
import { posix } from 'node:path';
import type { DirEntry, FileSystemLike } from '../host.js';

/** Folders detection never descends into. */
export const IGNORED_DIRS = new Set([
  'node_modules', '.git', '.venv', 'venv', '__pycache__', 'dist', 'build', 'target', '.next',
  '.nuxt', '.svelte-kit', '.repo-runner', '.cache', 'coverage', '.tox', '.mypy_cache', '.pytest_cache',
]);

export class RepoFiles {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly listings = new Map<string, Promise<DirEntry[]>>();

  constructor(readonly root: string, private readonly fs: FileSystemLike) {}

  abs(rel: string): string {
    return rel === '' ? this.root : posix.join(this.root, rel);
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
      entries = this.fs.list(this.abs(rel)).catch(() => []);
      this.listings.set(rel, entries);
    }
    return entries;
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
      if (!entry.isDirectory || IGNORED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      const child = rel === '' ? entry.name : posix.join(rel, entry.name);
      out.push(child, ...(await this.folders(child, depth - 1)));
    }
    return out;
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
