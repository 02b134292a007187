// Environment variables a service declares (.env.example and friends) and reads in code
// (process.env.X, import.meta.env.X, os.environ / os.getenv), for the plan and for links.
import type { EnvVarPlan } from '../model.js';
import { classifyEnv, parseEnvFile } from './env-file.js';
import { codeTexts } from './code-files.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

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
    out.push({ name: reference.name, kind: classifyEnv(reference.name), dir, source: 'code',
      evidence: { file: reference.file, line: reference.line, reason: `read in ${reference.file.split('/').pop()}` } });
  }
  return out;
}

export interface EnvReference {
  name: string;
  file: string;
  line: number;
}

const ENV_READ = new RegExp([
  /(?:process\.env\.|import\.meta\.env\.|Deno\.env\.get\(['"])([A-Z_][A-Z0-9_]*)/.source, // JavaScript, TypeScript, Deno
  /process\.env\[['"]([A-Z_][A-Z0-9_]*)['"]\]/.source,
  /os\.(?:environ\.get|getenv)\(\s*['"]([A-Z_][A-Z0-9_]*)['"]|os\.environ\[['"]([A-Z_][A-Z0-9_]*)['"]\]/.source, // Python
  /os\.(?:Getenv|LookupEnv)\("([A-Z_][A-Z0-9_]*)"\)/.source, // Go
  /env::var(?:_os)?\("([A-Z_][A-Z0-9_]*)"\)/.source, // Rust
  /ENV(?:\.fetch\(|\[)['"]([A-Z_][A-Z0-9_]*)['"]|getenv\(['"]([A-Z_][A-Z0-9_]*)['"]\)/.source, // Ruby, PHP
].join('|'), 'g');

/** Variables the service's own code reads: its top folder and two levels below. */
export async function referencedEnv(files: RepoFiles, dir: string): Promise<EnvReference[]> {
  const out: EnvReference[] = [];
  for await (const { file, text } of codeTexts(files, dir, 2)) {
    for (const match of text.matchAll(ENV_READ)) {
      const name = match.slice(1).find((group) => group !== undefined)!;
      if (!out.some((r) => r.name === name && r.file === file)) {
        out.push({ name, file, line: lineOf(text, match[0]) ?? 1 });
      }
    }
  }
  return out;
}
