// The engine's file system port on the real disk.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { MAX_MANIFEST_BYTES } from '../core/detect/repo-files.js';
import type { DirEntry, FileSystemLike } from '../core/host.js';

/** Files larger than this are not read as text: manifests never are that big. */
const MAX_TEXT_BYTES = MAX_MANIFEST_BYTES;

export const nodeFileSystem: FileSystemLike = {
  async readText(path) {
    try {
      const stat = await fs.stat(path);
      if (!stat.isFile() || stat.size > MAX_TEXT_BYTES) return undefined;
      return await fs.readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async list(dir) {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.map((e): DirEntry => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  },
  async exists(path) {
    try {
      await fs.access(path);
      return true;
    } catch {
      return false;
    }
  },
  async writeTextAtomic(path, text) {
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, path);
  },
  async mkdirp(path) {
    await fs.mkdir(path, { recursive: true });
  },
  async appendText(path, text) {
    await fs.appendFile(path, text, 'utf8');
  },
  async stat(path) {
    const stat = await fs.stat(path).catch(() => undefined);
    return stat && { mtimeMs: stat.mtimeMs, size: stat.size };
  },
  async realPath(path) {
    return fs.realpath(path).catch(() => undefined);
  },
};
