// Applying a fix the user said yes to: an edit to a file, a value in a dotenv file, a pin in
// repo-runner.json, or a command. Every path must stay inside the repo (a fix may come from an
// LLM). `previewFix` shows what would change, for the confirmation.
import { joinRel } from '../detect/repo-files.js';
import type { CommandResult, FileSystemLike, ProcessLauncher } from '../host.js';
import type { Fix, LineEdit, PhaseName } from '../model.js';

export interface FixDeps {
  root: string;
  fs: FileSystemLike;
  processes: ProcessLauncher;
  env: Record<string, string>;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
}

export interface FixOutcome {
  ok: boolean;
  message: string;
  /** The phase to run again now. */
  rerunFrom?: PhaseName;
  /** A command's last lines, when it failed. */
  output?: string[];
}

/** A relative path that stays inside the repo, or an error. */
export function insideRepo(path: string): string | undefined {
  const parts = path.replace(/\\/g, '/').split('/');
  if (path === '' || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\0') || parts.includes('..')) return undefined;
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/** Applies line edits, last first so earlier line numbers stay valid. */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.line - a.line)) lines.splice(Math.max(0, e.line - 1), e.remove, ...e.insert);
  return lines.join('\n');
}

/** Sets `NAME=value` in a dotenv text: an existing line of that name is replaced, else one is added. */
export function setEnvLine(text: string, name: string, value: string): string {
  const quoted = /[\s#"'$`\\]/.test(value) ? JSON.stringify(value) : value;
  const pattern = new RegExp(`^(\\s*(?:export\\s+)?)${name}\\s*=.*$`, 'm');
  if (pattern.test(text)) return text.replace(pattern, `$1${name}=${quoted}`);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${name}=${quoted}\n`;
}

/** Sets a value at a path of a JSON text (an object), keeping the rest. */
export function setJsonPath(text: string | undefined, path: readonly string[], value: unknown): string {
  const root = text && text.trim() !== '' ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new Error('it does not hold a JSON object');
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return `${JSON.stringify(root, null, 2)}\n`;
}

/** What applying the fix changes: the file and its text before and after, or the command it runs. */
/** The file, once symlinks are resolved (its own, or its folder's when it does not exist yet), is still under the root. */
async function staysInside(deps: Pick<FixDeps, 'root' | 'fs'>, file: string): Promise<boolean> {
  const root = await deps.fs.realPath(deps.root);
  if (!root) return false;
  const slash = file.lastIndexOf('/');
  const target = (await deps.fs.realPath(`${deps.root}/${file}`))
    ?? `${(await deps.fs.realPath(slash < 0 ? deps.root : `${deps.root}/${file.slice(0, slash)}`)) ?? '\0'}/${file.slice(slash + 1)}`;
  return target.startsWith(`${root}/`);
}

export interface FixPreview {
  file?: string;
  before?: string;
  after?: string;
  command?: string;
}

export async function previewFix(fix: Fix, deps: Pick<FixDeps, 'root' | 'fs'>, value?: string): Promise<FixPreview> {
  if (fix.kind === 'command') return { command: [fix.command.command, ...fix.command.args].join(' ') + (fix.command.cwd ? `   (in ${fix.command.cwd})` : '') };
  if (fix.kind === 'rerun') return {};
  const file = insideRepo(fix.file);
  if (!file || !(await staysInside(deps, file))) throw new Error(`the fix names a file outside the repo: ${fix.file}`);
  const before = (await deps.fs.readText(`${deps.root}/${file}`)) ?? '';
  if (fix.kind === 'edit') return { file, before, after: applyLineEdits(before, fix.edits) };
  if (fix.kind === 'env') return { file, before, after: setEnvLine(before, fix.name, value ?? fix.value ?? '') };
  return { file, before, after: setJsonPath(before, fix.path, fix.value) };
}

export async function applyFix(fix: Fix, deps: FixDeps, value?: string): Promise<FixOutcome> {
  const rerunFrom = fix.kind === 'rerun' ? fix.from : fix.rerunFrom;
  try {
    if (fix.kind === 'rerun') return { ok: true, message: fix.title, rerunFrom };
    if (fix.kind === 'command') return fromCommand(fix.title, await runCommand(fix, deps), rerunFrom);
    if (fix.kind === 'env' && (value ?? fix.value) === undefined) return { ok: false, message: `${fix.name} needs a value` };
    const preview = await previewFix(fix, deps, value);
    await deps.fs.writeTextAtomic(`${deps.root}/${preview.file}`, preview.after!);
    return { ok: true, message: `${preview.file} updated`, rerunFrom };
  } catch (error) {
    return { ok: false, message: `could not apply "${fix.title}": ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function runCommand(fix: Extract<Fix, { kind: 'command' }>, deps: FixDeps): Promise<CommandResult> {
  const cwd = fix.command.cwd === '' ? '' : insideRepo(fix.command.cwd);
  if (cwd === undefined) throw new Error(`the command would run outside the repo: ${fix.command.cwd}`);
  const absolute = cwd === '' ? deps.root : `${deps.root}/${joinRel('', cwd)}`;
  return deps.processes.run(fix.command, { cwd: absolute, env: { ...deps.env, ...fix.command.env }, signal: deps.signal, onLine: (_stream, line) => deps.onLine?.(line) });
}

function fromCommand(title: string, result: CommandResult, rerunFrom?: PhaseName): FixOutcome {
  if (result.exitCode === 0) return { ok: true, message: `${title}: done`, rerunFrom };
  const why = result.spawnError ?? (result.cancelled ? 'cancelled' : `exit code ${result.exitCode}`);
  return { ok: false, message: `${title}: failed (${why})`, output: result.tail };
}
