// Environment variables a service declares (.env.example and friends) and reads in code
// (process.env.X, import.meta.env.X, os.environ / os.getenv), for the plan and for links.
import type { EnvVarPlan } from '../model.js';
import { classifyEnv, parseEnvFile } from './env-file.js';
import { IGNORED_DIRS, joinRel, lineOf, type RepoFiles } from './repo-files.js';

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
        evidence: { file, line: entry.line, reason: `listed in ${name}` },
      });
    }
  }
  return out;
}

export interface EnvReference {
  name: string;
  file: string;
  line: number;
}

const CODE_FILE = /\.(m?[jt]sx?|cjs|vue|svelte|py)$/;
const ENV_READ = /(?:process\.env\.|import\.meta\.env\.)([A-Z_][A-Z0-9_]*)|process\.env\[['"]([A-Z_][A-Z0-9_]*)['"]\]|os\.(?:environ\.get|getenv)\(\s*['"]([A-Z_][A-Z0-9_]*)['"]|os\.environ\[['"]([A-Z_][A-Z0-9_]*)['"]\]/g;
const MAX_FILES = 300;
const MAX_BYTES = 256 * 1024;

/** Variables the service's own code reads: its top folder and two levels below. */
export async function referencedEnv(files: RepoFiles, dir: string): Promise<EnvReference[]> {
  const out: EnvReference[] = [];
  const codeFiles: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    for (const entry of await files.list(rel)) {
      if (codeFiles.length >= MAX_FILES) return;
      const child = joinRel(rel, entry.name);
      if (entry.isFile && CODE_FILE.test(entry.name)) codeFiles.push(child);
      else if (entry.isDirectory && depth > 0 && !IGNORED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(child, depth - 1);
    }
  };
  await walk(dir, 2);
  for (const file of codeFiles) {
    const text = await files.read(file);
    if (text === undefined || text.length > MAX_BYTES) continue;
    for (const match of text.matchAll(ENV_READ)) {
      const name = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (!out.some((r) => r.name === name && r.file === file)) {
        out.push({ name, file, line: lineOf(text, match[0]) ?? 1 });
      }
    }
  }
  return out;
}
