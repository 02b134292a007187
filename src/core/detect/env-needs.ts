// Environment variables a service declares (.env.example and friends) and reads in code
// (process.env.X, import.meta.env.X, os.environ / os.getenv), for the plan and for links.
import type { EnvVarPlan } from '../model.js';
import { engineOfUrl } from '../database/connection.js';
import { CODE_FILE, codeFiles, MAX_CODE_BYTES } from './code-files.js';
import { classifyEnv, parseEnvFile } from './env-file.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

/** Example env files, first wins for a name: the common spelling, then the other names repos use. */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.local.example', '.env.example.local',
  'env.example', 'env-example', 'example.env', '.example.env', 'env.sample', '.env.defaults'];

export async function declaredEnv(files: RepoFiles, dir: string): Promise<EnvVarPlan[]> {
  const out: EnvVarPlan[] = [];
  for (const name of ENV_EXAMPLE_FILES) {
    const file = joinRel(dir, name);
    const text = await files.read(file);
    if (text === undefined) continue;
    for (const entry of parseEnvFile(text).entries) {
      if (out.some((e) => e.name === entry.name)) continue;
      out.push({
        name: entry.name,
        example: entry.value === '' ? undefined : entry.value,
        kind: classifyEnv(entry.name),
        dir,
        source: 'example',
        evidence: { file, line: entry.line, reason: `listed in ${name}` },
      });
    }
  }
  return out;
}

/** Variables the code reads that no example file declares join the plan, with where they are read. */
export function undeclaredReferences(declared: EnvVarPlan[], dir: string, references: EnvReference[]): EnvVarPlan[] {
  const out: EnvVarPlan[] = [];
  for (const reference of references) {
    if (declared.some((d) => d.name === reference.name && d.dir === dir) || out.some((o) => o.name === reference.name)) continue;
    if (/^(NODE_ENV|PORT|HOST|HOSTNAME|PATH|HOME|CI|DEBUG|PWD|TZ|LANG)$/.test(reference.name)) continue;
    // A database URL the code falls back to says which scheme (driver) it expects: `postgresql+asyncpg://`.
    const example = reference.fallback !== undefined && engineOfUrl(reference.fallback) ? reference.fallback : undefined;
    out.push({ name: reference.name, ...(example !== undefined ? { example } : {}), kind: classifyEnv(reference.name), dir, source: 'code',
      evidence: { file: reference.file, line: reference.line, reason: `read in ${reference.file.split('/').pop()}` } });
  }
  return out;
}

export interface EnvReference {
  name: string;
  file: string;
  line: number;
  /** The literal the code falls back to when it is unset (`os.getenv("X", "...")`, `process.env.X || '...'`). */
  fallback?: string;
}

/** A literal fallback right after a read: `, "default")` in Python and PHP/Ruby fetch, `|| 'default'` / `?? 'default'` in JavaScript. */
const FALLBACK = /^\s*(?:,|\|\||\?\?)\s*(['"`])([^'"`\n]{1,300})\1/;

/** Config files that read the environment themselves (Rails' `<%= ENV['DB_HOST'] %>`). */
const CONFIG_WITH_ENV = /(^|\/)config\/database\.yml$/;
const ENV_READ = new RegExp([
  /(?:process\.env\.|import\.meta\.env\.|Deno\.env\.get\(['"])([A-Z_][A-Z0-9_]*)/.source, // JavaScript, TypeScript, Deno
  /process\.env\[['"]([A-Z_][A-Z0-9_]*)['"]\]/.source,
  /os\.(?:environ\.get|getenv)\(\s*['"]([A-Z_][A-Z0-9_]*)['"]|os\.environ\[['"]([A-Z_][A-Z0-9_]*)['"]\]/.source, // Python
  /os\.(?:Getenv|LookupEnv)\("([A-Z_][A-Z0-9_]*)"\)/.source, // Go
  /env::var(?:_os)?\("([A-Z_][A-Z0-9_]*)"\)/.source, // Rust
  /ENV(?:\.fetch\(|\[)['"]([A-Z_][A-Z0-9_]*)['"]|getenv\(['"]([A-Z_][A-Z0-9_]*)['"]\)/.source, // Ruby, PHP
].join('|'), 'g');

/** The service's own code files (and config files that read the environment): its top folder and two levels below. */
export function codeFilesOf(files: RepoFiles, dir: string): Promise<string[]> {
  return codeFiles(files, dir, 2, (rel) => CODE_FILE.test(rel) || CONFIG_WITH_ENV.test(rel));
}

/** The text of a code file worth scanning (not too big), if it can be read. */
export async function codeText(files: RepoFiles, file: string): Promise<string | undefined> {
  const text = await files.read(file);
  return text === undefined || text.length > MAX_CODE_BYTES ? undefined : text;
}

/** Test code: `*_test.go`, `*.test.ts`, `*.spec.js`, `test_*.py`, `*_test.py`, `conftest.py`, and what test folders hold. */
const TEST_CODE = /(?:^|\/)(?:[^/]+_test\.(?:go|py)|[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|test_[^/]+\.py|conftest\.py|(?:tests?|__tests__|spec)\/.+)$/;

/** Variables the service's own code reads (tests aside): its top folder and two levels below. */
export async function referencedEnv(files: RepoFiles, dir: string): Promise<EnvReference[]> {
  const out: EnvReference[] = [];
  for (const file of await codeFilesOf(files, dir)) {
    // A test's variables (a key for a search service's test suite) are not the app's needs.
    if (TEST_CODE.test(file)) continue;
    const text = await codeText(files, file);
    if (text === undefined) continue;
    for (const match of text.matchAll(ENV_READ)) {
      const name = match.slice(1).find((group) => group !== undefined)!;
      if (!out.some((r) => r.name === name && r.file === file)) {
        const fallback = FALLBACK.exec(text.slice(match.index + match[0].length, match.index + match[0].length + 320))?.[2];
        out.push({ name, file, line: lineOf(text, match[0]) ?? 1, ...(fallback !== undefined ? { fallback } : {}) });
      }
    }
  }
  return out;
}
