// Writes exported files through the host's file system. Nothing is overwritten unless the user
// said so (`--force`, or yes in the editor): with any file already there and different, nothing
// at all is written and the conflicts are returned. A .gitignore only ever gains lines, and a
// secret env file already there is kept (its passwords are the ones a database was created with).
import type { FileSystemLike } from '../host.js';
import type { ExportedFile } from './types.js';

export interface WriteOutcome {
  /** Files that exist with other content: nothing was written because of them (unless forced). */
  conflicts: string[];
  written: string[];
  /** Already there with the same content. */
  unchanged: string[];
  /** Secret env files already there: kept, so the passwords the services and databases share still match. */
  kept: string[];
}

export async function conflictsOf(files: ExportedFile[], root: string, fs: FileSystemLike): Promise<string[]> {
  const conflicts: string[] = [];
  for (const file of files) {
    if (file.mode !== 'file' || file.secret) continue;
    const existing = await fs.readText(`${root}/${file.path}`);
    if (existing !== undefined && existing !== file.content) conflicts.push(file.path);
  }
  return conflicts;
}

export async function writeExport(files: ExportedFile[], root: string, fs: FileSystemLike, options: { force: boolean }): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { conflicts: await conflictsOf(files, root, fs), written: [], unchanged: [], kept: [] };
  if (outcome.conflicts.length > 0 && !options.force) return outcome;
  for (const file of files) {
    const path = `${root}/${file.path}`;
    await fs.mkdirp(path.slice(0, path.lastIndexOf('/')));
    const existing = await fs.readText(path);
    if (file.mode === 'ignore-lines') {
      const have = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()));
      const missing = file.content.split('\n').filter((l) => l.trim() !== '' && !have.has(l.trim()));
      if (missing.length === 0) {
        outcome.unchanged.push(file.path);
        continue;
      }
      await fs.appendText(path, `${existing !== undefined && existing !== '' && !existing.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
      outcome.written.push(file.path);
      continue;
    }
    if (file.secret && existing !== undefined && !options.force) {
      outcome.kept.push(file.path);
      continue;
    }
    if (existing === file.content) {
      outcome.unchanged.push(file.path);
      continue;
    }
    await fs.writeTextAtomic(path, file.content);
    outcome.written.push(file.path);
  }
  return outcome;
}
