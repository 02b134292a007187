// Checks an LLM's reply against the finding schema by hand (no dependency) and turns it into a
// Finding. The reply is untrusted: one JSON object (optionally in a ```json fence) or nothing;
// paths must stay inside the workspace; commands are a program and an argument array, never a
// shell string; titles are ours, not the model's; every fix waits for the user (auto: false).
import type { LlmFindingCode } from '../finding-codes.js';
import type { CommandSpec, Finding, Fix, LineEdit, PhaseName } from '../model.js';
import { PHASES } from '../model.js';
import { plainText } from '../plain-text.js';
import { inlineCode, programName, WRAPPERS } from './command-rules.js';

export interface FindingContext {
  phase: PhaseName;
  /** The failing service's name. */
  service?: string;
  /** Its folder relative to the root ('' is the root): the default cwd of commands and where `.env` is. */
  serviceDir?: string;
  /** The dotenv file its framework reads, relative to its folder (default `.env`). */
  envFile?: string;
  /** When given, an `edit` (and the finding's `file`) must name one of these files. */
  workspaceFiles?: ReadonlySet<string> | readonly string[];
  /** The model that answered, quoted in the finding's excerpt. */
  model?: string;
}

export type ParsedFinding = { ok: true; finding: Finding } | { ok: false; error: string };

/** What the system prompt shows the model; keep in step with the checks below. */
export const FINDING_SCHEMA = `{
  "code": "kebab-case-problem-id",            // at most 60 characters
  "message": "One sentence saying what is wrong and why.",   // at most 300 characters
  "file": "path/relative/to/repo/root",       // optional: the file at fault
  "line": 12,                                 // optional: its 1-based line
  "fixes": [ /* 1 to 3 of: */
    { "kind": "edit", "file": "web/package.json", "edits": [ { "line": 5, "remove": 1, "insert": ["  \\"left-pad\\": \\"^1.3.0\\","] } ] },
    { "kind": "env", "name": "UPPER_SNAKE_NAME", "value": "optional value" },
    { "kind": "command", "command": "npm", "args": ["install", "left-pad"], "cwd": "web" },
    { "kind": "rerun", "from": "setup" }
  ]
}`;

export const MAX_FIXES = 3;
const MAX_CODE = 60;
const MAX_MESSAGE = 300;
const MAX_TITLE = 120;
const MAX_PATH = 260;
const MAX_EDITS = 20;
const MAX_INSERT_LINES = 200;
const MAX_LINE_TEXT = 2000;
const MAX_ARGS = 40;
const MAX_ARG = 1000;
const MAX_ENV_VALUE = 2000;

/** Variables that make every later program load code: never set by a suggested fix. */
const DANGEROUS_ENV = /^(LD_[A-Z_]+|DYLD_[A-Z_]+|BASH_ENV|ENV|PATH|PROMPT_COMMAND|PYTHONSTARTUP|PYTHONHOME|PERL5OPT|PERL5LIB|RUBYOPT|GIT_[A-Z_]+|SHELL|HOME)$/;
const CODE_LOADING_OPTION = /(^|\s)(-r|--require|--import|--loader|--experimental-loader|-javaagent|-agentpath|-agentlib)\b/;

/** Folders no fix touches: git's (hooks run code), the editor's, and Repo Runner's own state. */
const FORBIDDEN_DIRS = new Set(['.git', '.vscode', '.repo-runner']);

const MANIFESTS = /(^|\/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|pom\.xml|build\.gradle(\.kts)?|Gemfile|composer\.json)$/;

type Check<T> = { ok: true; value: T } | { ok: false; error: string };
const good = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(error: string): Check<T> => ({ ok: false, error });

/** Parses and checks a model's reply; the first problem found is the error. */
export function parseLlmFinding(text: string, ctx: FindingContext): ParsedFinding {
  const json = extractJson(text);
  if (!json.ok) return json;
  let data: unknown;
  try {
    data = JSON.parse(json.value);
  } catch (error) {
    return { ok: false, error: `the reply is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isObject(data)) return { ok: false, error: 'the reply is not a JSON object' };

  const code = data.code;
  if (typeof code !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code) || code.length > MAX_CODE) return { ok: false, error: `code: expected kebab-case of at most ${MAX_CODE} characters, got ${show(code)}` };
  if (typeof data.message !== 'string' || plainText(data.message, Infinity) === '') return { ok: false, error: 'message: expected one sentence' };
  const message = plainText(data.message, Infinity);
  if (message.length > MAX_MESSAGE) return { ok: false, error: `message: longer than ${MAX_MESSAGE} characters` };

  let file: string | undefined;
  if (data.file !== undefined && data.file !== null) {
    const checked = workspaceFile(data.file, 'file', ctx);
    if (!checked.ok) return checked;
    file = checked.value;
  }
  let line: number | undefined;
  if (data.line !== undefined && data.line !== null) {
    if (!isPositiveInt(data.line)) return { ok: false, error: `line: expected a positive whole number, got ${show(data.line)}` };
    line = data.line;
  }

  if (!Array.isArray(data.fixes) || data.fixes.length < 1 || data.fixes.length > MAX_FIXES) return { ok: false, error: `fixes: expected 1 to ${MAX_FIXES} fixes` };
  const fixes: Fix[] = [];
  for (const [index, raw] of data.fixes.entries()) {
    const fix = parseFix(raw, `fixes[${index}]`, ctx);
    if (!fix.ok) return fix;
    fixes.push(fix.value);
  }

  const finding: Finding = {
    // The model's own code, marked as an LLM's: `llm-` in front unless it is there already.
    code: code.startsWith('llm-') ? (code as LlmFindingCode) : `llm-${code}`,
    severity: 'error',
    message,
    phase: ctx.phase,
    excerpt: [`suggested by ${plainText(ctx.model ?? 'an LLM', 80)}`],
    fixes,
  };
  if (ctx.service !== undefined) finding.service = ctx.service;
  if (file !== undefined) {
    finding.file = file;
    if (line !== undefined) finding.range = { startLine: line };
  }
  return { ok: true, finding };
}

/** The JSON text of a reply that is one object, bare or in one ``` fence (a leading <think> block of a reasoning model is dropped). */
function extractJson(text: string): Check<string> {
  if (typeof text !== 'string') return bad('the reply is not text');
  const trimmed = text.replace(/^\uFEFF/, '').replace(/^\s*<think>[\s\S]*?<\/think>/, '').trim();
  const fenced = /^```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(trimmed);
  const body = (fenced ? fenced[1] : trimmed).trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return bad(`the reply is not one JSON object (it starts with ${show(trimmed.slice(0, 30))})`);
  return good(body);
}

function parseFix(raw: unknown, at: string, ctx: FindingContext): Check<Fix> {
  if (!isObject(raw)) return bad(`${at}: expected an object`);
  const rerunFrom = raw.rerunFrom === undefined || raw.rerunFrom === null ? undefined : phase(raw.rerunFrom, `${at}.rerunFrom`);
  if (rerunFrom && !rerunFrom.ok) return rerunFrom;
  switch (raw.kind) {
    case 'edit': return editFix(raw, at, ctx, rerunFrom?.value);
    case 'env': return envFix(raw, at, ctx, rerunFrom?.value);
    case 'command': return commandFix(raw, at, ctx, rerunFrom?.value);
    case 'rerun': {
      const from = phase(raw.from, `${at}.from`);
      if (!from.ok) return from;
      const fix: Fix = { kind: 'rerun', title: `Run the ${from.value} phase again`, auto: false, from: from.value };
      if (ctx.service !== undefined) fix.service = ctx.service;
      return good(fix);
    }
    default: return bad(`${at}.kind: unknown fix kind ${show(raw.kind)} (expected edit, env, command or rerun)`);
  }
}

function editFix(raw: Record<string, unknown>, at: string, ctx: FindingContext, rerunFrom?: PhaseName): Check<Fix> {
  const file = workspaceFile(raw.file, `${at}.file`, ctx);
  if (!file.ok) return file;
  if (!Array.isArray(raw.edits) || raw.edits.length < 1 || raw.edits.length > MAX_EDITS) return bad(`${at}.edits: expected 1 to ${MAX_EDITS} edits`);
  const edits: LineEdit[] = [];
  for (const [index, e] of raw.edits.entries()) {
    const where = `${at}.edits[${index}]`;
    if (!isObject(e)) return bad(`${where}: expected { line, remove, insert }`);
    if (!isPositiveInt(e.line)) return bad(`${where}.line: expected a positive whole number, got ${show(e.line)}`);
    if (!Number.isInteger(e.remove) || (e.remove as number) < 0 || (e.remove as number) > 10_000) return bad(`${where}.remove: expected a whole number of lines (0 or more), got ${show(e.remove)}`);
    const insert = e.insert ?? [];
    if (!Array.isArray(insert) || insert.length > MAX_INSERT_LINES || !insert.every((l) => typeof l === 'string')) return bad(`${where}.insert: expected an array of at most ${MAX_INSERT_LINES} lines (strings)`);
    const badLine = (insert as string[]).find((l) => /[\r\n\0]/.test(l) || l.length > MAX_LINE_TEXT);
    if (badLine !== undefined) return bad(`${where}.insert: each item is one line (no line breaks, at most ${MAX_LINE_TEXT} characters)`);
    if (e.remove === 0 && insert.length === 0) return bad(`${where}: removes nothing and inserts nothing`);
    edits.push({ line: e.line, remove: e.remove as number, insert: insert as string[] });
  }
  const from = rerunFrom ?? (MANIFESTS.test(file.value) ? earlier('setup', defaultRerun(ctx.phase)) : defaultRerun(ctx.phase));
  return good({ kind: 'edit', title: title(`Edit ${file.value} (${edits.length} change${edits.length === 1 ? '' : 's'})`), auto: false, file: file.value, edits, rerunFrom: from });
}

function envFix(raw: Record<string, unknown>, at: string, ctx: FindingContext, rerunFrom?: PhaseName): Check<Fix> {
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Z][A-Z0-9_]{0,99}$/.test(name)) return bad(`${at}.name: expected an UPPER_SNAKE_CASE variable name, got ${show(name)}`);
  if (DANGEROUS_ENV.test(name)) return bad(`${at}.name: ${name} changes how every program starts; it is never set by a suggested fix`);
  let value: string | undefined;
  if (raw.value !== undefined && raw.value !== null) {
    if (typeof raw.value !== 'string' || /[\r\n\0]/.test(raw.value) || raw.value.length > MAX_ENV_VALUE) return bad(`${at}.value: expected one line of text of at most ${MAX_ENV_VALUE} characters`);
    if (/_OPTIONS$|^JAVA_TOOL_OPTIONS$|^_JAVA_OPTIONS$/.test(name) && CODE_LOADING_OPTION.test(raw.value)) return bad(`${at}.value: ${name} would load extra code (${show(raw.value)})`);
    value = raw.value;
  }
  const dir = ctx.serviceDir ?? '';
  const envName = ctx.envFile ?? '.env';
  const file = relPath(dir === '' ? envName : `${dir}/${envName}`, `${at}.file`);
  if (!file.ok) return file;
  const fix: Fix = { kind: 'env', title: title(`Set ${name} in ${file.value}`), auto: false, name, file: file.value, rerunFrom: rerunFrom ?? defaultRerun(ctx.phase) };
  if (value !== undefined) fix.value = value;
  return good(fix);
}

function commandFix(raw: Record<string, unknown>, at: string, ctx: FindingContext, rerunFrom?: PhaseName): Check<Fix> {
  const command = raw.command;
  if (typeof command !== 'string' || command.trim() === '') return bad(`${at}.command: expected a program name`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9._+-]*$/.test(command)) {
    // Not a bare name: it may be a relative path (./gradlew, bin/setup), nothing with a shell character in it.
    if (!/^[A-Za-z0-9._/+-]+$/.test(command)) return bad(`${at}.command: ${show(command)} is not a program name (no spaces or shell characters; arguments go in "args")`);
    const path = relPath(command, `${at}.command`);
    if (!path.ok) return path;
  }
  const program = programName(command);
  if (WRAPPERS.has(program)) return bad(`${at}.command: ${show(command)} runs other programs; suggest the program itself`);
  if (!Array.isArray(raw.args)) return bad(`${at}.args: expected an array of strings${typeof raw.args === 'string' ? ' (not one shell string)' : ''}`);
  if (raw.args.length > MAX_ARGS || !raw.args.every((a) => typeof a === 'string')) return bad(`${at}.args: expected at most ${MAX_ARGS} strings`);
  const args = raw.args as string[];
  if (args.some((a) => /[\0\r\n]/.test(a) || a.length > MAX_ARG)) return bad(`${at}.args: an argument has a line break or is too long`);
  const inline = inlineCode([command, ...args]);
  if (inline) return bad(`${at}: "${inline}" runs a command string; give the program and its arguments instead`);
  if (/^(sh|bash|zsh|dash|ksh|fish|cmd|powershell|pwsh)$/.test(program) && args.length === 0) return bad(`${at}: an interactive shell is not a fix`);

  let cwd = ctx.serviceDir ?? '';
  if (raw.cwd !== undefined && raw.cwd !== null && raw.cwd !== '' && raw.cwd !== '.') {
    const checked = relPath(raw.cwd, `${at}.cwd`);
    if (!checked.ok) return checked;
    cwd = checked.value;
  }
  const spec: CommandSpec = { command, args: [...args], cwd };
  const shown = [command, ...args.map((a) => (/^[\w@%+=:,./^~<>-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
  return good({ kind: 'command', title: title(`Run ${shown}${cwd ? ` in ${cwd}` : ''}`), auto: false, command: spec, rerunFrom: rerunFrom ?? defaultRerun(ctx.phase) });
}

/** A relative path that stays inside the workspace, normalised (`./a//b` → `a/b`), or why not. */
export function relPath(value: unknown, at: string): Check<string> {
  if (typeof value !== 'string' || value.trim() === '') return bad(`${at}: expected a relative path`);
  if (value.length > MAX_PATH) return bad(`${at}: longer than ${MAX_PATH} characters`);
  if (/[\0-\x1f\x7f]/.test(value)) return bad(`${at}: control characters are not allowed in a path`);
  if (value.includes('\\')) return bad(`${at}: backslashes are not allowed in a path (${show(value)})`);
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.startsWith('~')) return bad(`${at}: absolute paths are not allowed (${show(value)})`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.includes(':')) return bad(`${at}: a path may not contain ":" (${show(value)})`);
  const parts = value.split('/');
  if (parts.includes('..')) return bad(`${at}: ".." would leave the workspace (${show(value)})`);
  const kept = parts.filter((p) => p !== '' && p !== '.');
  if (kept.length === 0) return bad(`${at}: expected a path below the workspace root`);
  const forbidden = kept.find((p) => FORBIDDEN_DIRS.has(p));
  if (forbidden) return bad(`${at}: files under ${forbidden}/ are never changed by a suggested fix`);
  return good(kept.join('/'));
}

function workspaceFile(value: unknown, at: string, ctx: FindingContext): Check<string> {
  const path = relPath(value, at);
  if (!path.ok || !ctx.workspaceFiles) return path;
  const known = ctx.workspaceFiles instanceof Set ? ctx.workspaceFiles.has(path.value) : (ctx.workspaceFiles as readonly string[]).includes(path.value);
  return known ? path : bad(`${at}: ${show(path.value)} is not a file of the workspace`);
}

function phase(value: unknown, at: string): Check<PhaseName> {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value) ? good(value as PhaseName) : bad(`${at}: expected one of ${PHASES.join(', ')}, got ${show(value)}`);
}

/** Where to start again after a fix: the failed phase (a failed health check: start the service again). */
function defaultRerun(failed: PhaseName): PhaseName {
  return failed === 'health' ? 'run' : failed;
}

function earlier(a: PhaseName, b: PhaseName): PhaseName {
  return PHASES.indexOf(a) <= PHASES.indexOf(b) ? a : b;
}

/**
 * Text shown in the editor from a model or a repo: one line, no control characters, markdown
 * links reduced to their text, no `command:`-style URIs or HTML, cut to `max` characters.
 */

function title(text: string): string {
  return plainText(text, MAX_TITLE);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10_000_000;
}

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks a command given as an argument array (`["node", "server.js"]`) by the same rules as a command fix. */
export function checkArgv(value: unknown, at: string): Check<string[]> {
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => typeof a === 'string')) return bad(`${at}: expected an array of strings, the program first`);
  const checked = commandFix({ command: value[0], args: value.slice(1) }, at, { phase: 'run' });
  return checked.ok ? good(value as string[]) : bad(checked.error);
}
