// What the Node signatures need to know about a package: where package.json lists a dependency,
// the package manager's add command, the package a specifier names, a repo file it may mean.
import { joinRel } from '../../detect/repo-files.js';
import type { Failure, FixerContext } from '../failure.js';
import type { LineEdit, ServicePlan } from '../../model.js';
import { escapeRegExp, lineIn, type Location } from '../locate.js';
import { dirOf } from '../signature.js';

export const manifestOf = (failure: Failure) => joinRel(dirOf(failure), 'package.json');

/** The line of package.json that lists a dependency (any section). */
export function dependencyLine(failure: Failure, name: string, ctx: FixerContext): Promise<Location | undefined> {
  return lineIn(manifestOf(failure), new RegExp(`^\\s*"${escapeRegExp(name)}"\\s*:`), ctx);
}

export function packageManager(service: ServicePlan | undefined): 'npm' | 'yarn' | 'pnpm' {
  return service?.packageManager === 'yarn' || service?.packageManager === 'pnpm' ? service.packageManager : 'npm';
}

export function addArgs(service: ServicePlan | undefined, spec: string): string[] {
  const pm = packageManager(service);
  return pm === 'npm' ? ['npm', 'install', spec] : [pm, 'add', spec];
}

/** The bare package name of an import specifier: `@scope/pkg/sub` → `@scope/pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Removes a `"name": "range"` line of a JSON object, and the comma it leaves dangling before. */
export async function removeEntry(file: string, line: number, ctx: FixerContext): Promise<LineEdit[]> {
  const lines = ((await ctx.read(file)) ?? '').split('\n');
  const current = lines[line - 1] ?? '';
  const previous = lines[line - 2] ?? '';
  if (!current.trimEnd().endsWith(',') && previous.trimEnd().endsWith(',')) {
    return [{ line: line - 1, remove: 2, insert: [previous.replace(/,\s*$/, '')] }];
  }
  return [{ line, remove: 1, insert: [] }];
}

/** A bare import that names a file of the repo ("src/db" for src/db.js or src/db/index.ts). */
export async function repoModule(dir: string, specifier: string, ctx: FixerContext): Promise<boolean> {
  if (specifier.startsWith('@') || !specifier.includes('/')) return false;
  for (const suffix of ['', '.js', '.ts', '.mjs', '.cjs', '.tsx', '.jsx', '/index.js', '/index.ts']) {
    if ((await ctx.read(joinRel(dir, specifier + suffix))) !== undefined) return true;
  }
  return false;
}
