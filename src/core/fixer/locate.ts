// Where a failure points in the repo: the file and line named by a stack trace or a compiler
// message, or the line of a manifest that declares the culprit. Paths in logs are absolute
// (and may come from another checkout or a container); a path is the repo's when one of its
// suffixes is a file of the repo.
import { joinRel, lineOf } from '../detect/repo-files.js';
import type { Range } from '../model.js';
import type { FixerContext } from './failure.js';

export interface Location {
  file: string;
  range: Range;
}

/** Frames and compiler positions, most specific stacks first; each yields [path, line, column?]. */
const POSITIONS: readonly RegExp[] = [
  /^\s*File "([^"]+)", line (\d+)/, // Python traceback
  /^\s*at (?:.+? \()?((?:\/|file:\/\/)[^():]+):(\d+):(\d+)\)?(?:\s*\{)?\s*$/, // Node stack frame
  /^((?:\/|\.\/)?[\w./@-]+\.(?:[cm]?[jt]sx?|py|go|rs|java|rb|php)):(\d+)(?::(\d+))?/, // file:line[:col] at line start (Node syntax error header, Go, tsc)
  /^\s*--> ([\w./-]+):(\d+):(\d+)/, // rustc
  /^\[ERROR\] (\/[^:]+\.(?:java|kt)):\[(\d+),(\d+)\]/, // javac via Maven
];

const NOT_OURS = /node_modules|site-packages|dist-packages|node:internal|^node:|\/usr\/lib\/|\/\.cargo\/registry\/|\/go\/pkg\/mod\/|<frozen /;

/** The first position in the output that is a file of the repo (inside `dir`, a service's folder). */
export async function firstRepoPosition(lines: readonly string[], dir: string, ctx: FixerContext): Promise<Location | undefined> {
  for (const line of lines) {
    for (const pattern of POSITIONS) {
      const match = pattern.exec(line);
      if (!match || NOT_OURS.test(match[1])) continue;
      const file = await repoFile(match[1], dir, ctx);
      if (file) return { file, range: { startLine: Number(match[2]), startColumn: match[3] ? Number(match[3]) : undefined } };
    }
  }
  return undefined;
}

/** The repo-relative path of a path seen in a log, or undefined when it is not a repo file. */
export async function repoFile(path: string, dir: string, ctx: FixerContext): Promise<string | undefined> {
  const parts = path.replace(/^file:\/\//, '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  for (let i = 0; i < parts.length; i++) {
    const rest = parts.slice(i).join('/');
    for (const candidate of dir ? [joinRel(dir, rest), rest] : [rest]) {
      if ((await ctx.read(candidate)) !== undefined) return candidate;
    }
  }
  return undefined;
}

/** The first line of a repo file that matches, e.g. where package.json lists a dependency. */
export async function lineIn(file: string, pattern: RegExp | string, ctx: FixerContext): Promise<Location | undefined> {
  const text = await ctx.read(file);
  const line = text === undefined ? undefined : lineOf(text, pattern);
  return line === undefined ? undefined : { file, range: { startLine: line } };
}

/** The first of `files` (relative to `dir`) that exists, with the line matching `pattern`. */
export async function manifestLine(dir: string, files: readonly string[], pattern: RegExp | string, ctx: FixerContext): Promise<Location | undefined> {
  for (const name of files) {
    const found = await lineIn(joinRel(dir, name), pattern, ctx);
    if (found) return found;
  }
  return undefined;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
