// Reusing the last plan: a plan is derived only from the files detection read and the folders it
// listed. Kept with the plan: each file's modification time and size, and each folder's entry
// names (without the folders Repo Runner and installs create, like node_modules or .venv). When
// none changed, detection is skipped.
import type { FileSystemLike } from '../host.js';
import type { Plan } from '../model.js';
import { detectPlan } from './detect-plan.js';
import { IGNORED_DIRS, RepoFiles } from './repo-files.js';

/** Changes whenever the rules change: a release, or this format. */
const RULES = `3:${typeof VERSION === 'string' ? VERSION : 'source'}`;

export interface CachedPlan {
  rules: string;
  /** Path relative to the root → `mtimeMs:size` of a file, `dir:<hash of names>` of a folder, `-` when missing. */
  inputs: Record<string, string>;
  plan: Plan;
}

type Hash = (text: string) => string;

export async function detectPlanCached(root: string, fs: FileSystemLike, hash: Hash, cached: CachedPlan | undefined): Promise<{ plan: Plan; cache: CachedPlan; reused: boolean }> {
  if (cached?.rules === RULES && cached.plan?.root === root && (await unchanged(root, fs, hash, cached.inputs))) {
    return { plan: cached.plan, cache: cached, reused: true };
  }
  const files = new RepoFiles(root, fs);
  const plan = await detectPlan(root, fs, files);
  const { files: read, dirs } = files.touched;
  const inputs: Record<string, string> = {};
  await Promise.all([
    ...read.map(async (rel) => { inputs[rel] = await fileState(root, fs, rel); }),
    ...dirs.map(async (rel) => { inputs[`${rel}/`] = await dirState(root, fs, hash, rel); }),
  ]);
  return { plan, cache: { rules: RULES, inputs, plan }, reused: false };
}

async function unchanged(root: string, fs: FileSystemLike, hash: Hash, inputs: Record<string, string> | undefined): Promise<boolean> {
  const entries = Object.entries(inputs ?? {});
  if (entries.length === 0) return false;
  const now = await Promise.all(entries.map(([key]) => (key.endsWith('/') ? dirState(root, fs, hash, key.slice(0, -1)) : fileState(root, fs, key))));
  return now.every((state, i) => state === entries[i][1]);
}

async function fileState(root: string, fs: FileSystemLike, rel: string): Promise<string> {
  const stat = await fs.stat(`${root}/${rel}`);
  return stat ? `${stat.mtimeMs}:${stat.size}` : '-';
}

async function dirState(root: string, fs: FileSystemLike, hash: Hash, rel: string): Promise<string> {
  const entries = await fs.list(rel === '' ? root : `${root}/${rel}`).catch(() => undefined);
  if (!entries) return '-';
  const names = entries.filter((e) => !(e.isDirectory && IGNORED_DIRS.has(e.name)) && !e.name.endsWith('.tmp')).map((e) => `${e.name}${e.isDirectory ? '/' : ''}`).sort();
  return `dir:${hash(names.join('\n'))}`;
}

declare const VERSION: string | undefined;
