// Folders a root manifest declares as its workspace's members, globs expanded: Cargo's
// `[workspace] members = ["crates/*", "services/*/server"]`. Detection looks two levels deep on
// its own; declared members deeper than that are looked at too, and folders the workspace
// excludes are not (Cargo refuses to run them from inside the workspace).
import { joinRel, type RepoFiles } from './repo-files.js';

const MAX_MEMBERS = 200;

export interface WorkspaceMembers {
  /** Member folders, relative to the root, in declaration order. */
  members: string[];
  /** Folders the workspace excludes. */
  excluded: string[];
}

/** The members the root Cargo.toml declares and the folders it excludes. */
export async function declaredMembers(files: RepoFiles): Promise<WorkspaceMembers> {
  const text = await files.read('Cargo.toml');
  const workspace = text && /^\s*\[workspace\]\s*\n((?:(?!^\s*\[(?!\[)).*\n?)*)/m.exec(text)?.[1];
  if (!workspace) return { members: [], excluded: [] };
  const excluded: string[] = [];
  for (const pattern of stringList(workspace, 'exclude')) excluded.push(...(await expand(files, clean(pattern).split('/'))));
  const members: string[] = [];
  for (const pattern of stringList(workspace, 'members')) {
    for (const dir of await expand(files, clean(pattern).split('/'))) {
      if (!excluded.includes(dir) && !members.includes(dir) && members.length < MAX_MEMBERS) members.push(dir);
    }
  }
  return { members, excluded };
}

/** The strings of a TOML array `key = [ "a", 'b', ]`, over several lines. */
function stringList(table: string, key: string): string[] {
  const array = new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, 'm').exec(table)?.[1] ?? '';
  return [...array.replace(/#.*$/gm, '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
}

const clean = (path: string) => path.replace(/^\.\//, '').replace(/\/+$/, '');

/** Folders matching a path whose segments may hold `*` and `?` (one level each), never above the root. */
async function expand(files: RepoFiles, segments: string[], base = ''): Promise<string[]> {
  if (segments.length === 0) return base === '' ? [] : [base];
  const [head, ...rest] = segments;
  if (head === '' || head === '.' || head === '..') return head === '..' ? [] : expand(files, rest, base);
  if (!/[*?[]/.test(head)) return (await files.has(joinRel(base, head))) ? expand(files, rest, joinRel(base, head)) : [];
  const pattern = new RegExp(`^${head.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  const out: string[] = [];
  for (const entry of (await files.list(base)).filter((e) => e.isDirectory && pattern.test(e.name)).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = joinRel(base, entry.name);
    if (!(await files.skipDir(child))) out.push(...(await expand(files, rest, child)));
  }
  return out;
}
