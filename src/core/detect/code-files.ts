// The service's own source files (JavaScript/TypeScript, Python, Go, Rust, Ruby, PHP) a few
// folders deep, for detectors that read code: which variables it reads, which drivers it imports.
// Files are read through RepoFiles, so a second reader costs nothing.
import { joinRel, type RepoFiles } from './repo-files.js';

export const CODE_FILE = /\.(m?[jt]sx?|cjs|vue|svelte|py|go|rs|rb|php)$/;
export const MAX_CODE_FILES = 300;
/** Larger files are generated or vendored, not the app's own code. */
export const MAX_CODE_BYTES = 256 * 1024;

/** Code files (or the files `include` takes, by path) in `dir` and up to `depth` folders below it, skipping dependency, build and ignored folders. */
export async function codeFiles(files: RepoFiles, dir: string, depth: number, include = (rel: string) => CODE_FILE.test(rel)): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, left: number): Promise<void> => {
    for (const entry of await files.list(rel)) {
      if (out.length >= MAX_CODE_FILES) return;
      const child = joinRel(rel, entry.name);
      if (entry.isFile && include(child)) out.push(child);
      else if (entry.isDirectory && left > 0 && !(await files.skipDir(child))) await walk(child, left - 1);
    }
  };
  await walk(dir, depth);
  return out;
}

/** The texts of those files, skipping unreadable and oversized ones. */
export async function* codeTexts(files: RepoFiles, dir: string, depth: number): AsyncGenerator<{ file: string; text: string }> {
  for (const file of await codeFiles(files, dir, depth)) {
    const text = await files.read(file);
    if (text !== undefined && text.length <= MAX_CODE_BYTES) yield { file, text };
  }
}
