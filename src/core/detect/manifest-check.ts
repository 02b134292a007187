// Broken input, said plainly: a manifest that is empty, binary, too big or not valid JSON / TOML
// (compose YAML and repo-runner.json are parsed, with their lines, where they are read),
// a go.mod without a module line, an env file with lines that are not assignments, a symlink that
// loops or points nowhere, a folder that cannot be read. Each is a warning on its file (and line, when the parser knows it);
// detection goes on with everything else, so the repo's other services still run.
import { parse as parseToml } from 'smol-toml';
import type { Finding, FindingCode } from '../model.js';
import { parseEnvFile } from './env-file.js';
import { parseJsonWithLine } from './json.js';
import { joinRel, MAX_MANIFEST_BYTES, type RepoFiles } from './repo-files.js';

type Syntax = 'json' | 'toml' | 'gomod' | 'yaml' | 'text' | 'env' | 'size';

/** Files detection relies on, by syntax. package.json's content is checked (with its line) where it is read. */
const MANIFESTS: Record<string, Syntax> = {
  'package.json': 'size', 'composer.json': 'json', 'deno.json': 'json', 'pyproject.toml': 'toml', 'Cargo.toml': 'toml',
  Pipfile: 'toml', 'go.mod': 'gomod', 'requirements.txt': 'text', Procfile: 'text', 'pom.xml': 'text', Gemfile: 'text',
  'docker-compose.yml': 'yaml', 'docker-compose.yaml': 'yaml', 'compose.yml': 'yaml', 'compose.yaml': 'yaml', 'repo-runner.json': 'size',
  '.env': 'env', '.env.example': 'env', '.env.sample': 'env', '.env.template': 'env', '.env.local': 'env',
};

export async function checkManifests(files: RepoFiles, dirs: readonly string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const dir of dirs) {
    for (const entry of await files.list(dir)) {
      const file = joinRel(dir, entry.name);
      if (!entry.isFile && !entry.isDirectory) {
        if (!(await files.resolves(file))) findings.push(warning('path-unresolvable', file, undefined, `${file} is a symbolic link that loops or points nowhere; detection skips it.`));
        continue;
      }
      const syntax = MANIFESTS[entry.name];
      if (!entry.isFile || !syntax) continue;
      const problem = await check(files, file, syntax);
      if (problem) findings.push(problem);
    }
  }
  // Only the outermost: what lies below an unreadable folder is unreadable too.
  const unreadable = [...files.unreadable];
  for (const dir of unreadable.filter((d) => !unreadable.some((other) => other !== d && (other === '' || d.startsWith(`${other}/`))))) {
    findings.push(warning('folder-unreadable', dir || '.', undefined, `The folder ${dir || '(the repo root)'} cannot be read (permission denied); detection skips it.`));
  }
  return findings;
}

async function check(files: RepoFiles, file: string, syntax: Syntax): Promise<Finding | undefined> {
  const size = await files.size(file);
  if (size === 0 && (syntax === 'json' || syntax === 'toml' || syntax === 'gomod' || syntax === 'yaml')) return warning('manifest-empty', file, 1, `${file} is empty, so it says nothing about the app; it is ignored.`);
  if (size !== undefined && size > MAX_MANIFEST_BYTES) {
    return warning('manifest-too-large', file, undefined, `${file} is ${(size / 1024 / 1024).toFixed(1)} MB, more than a manifest ever needs (${MAX_MANIFEST_BYTES / 1024 / 1024} MB); it is not read.`);
  }
  if (syntax === 'size') return undefined;
  const text = await files.read(file);
  if (text === undefined) return undefined;
  if (text.includes('\0')) return warning('manifest-binary', file, undefined, `${file} holds binary data, not text; it is ignored.`);
  if (syntax === 'json') {
    const parsed = parseJsonWithLine(text);
    if (!parsed.ok) return warning('manifest-invalid', file, parsed.line, `${file} is not valid JSON (${firstLine(parsed.error)}); it is ignored.`);
  }
  if (syntax === 'toml') {
    try {
      parseToml(text);
    } catch (error) {
      const line = (error as { line?: number }).line ?? Number(/line (\d+)/.exec(String(error))?.[1]);
      return warning('manifest-invalid', file, line || 1, `${file} is not valid TOML (${firstLine(error)}); it is ignored.`);
    }
  }
  if (syntax === 'gomod' && !/^\s*module\s+\S+/m.test(text)) {
    return warning('manifest-invalid', file, 1, `${file} has no "module" line, so Go cannot build it.`);
  }
  if (syntax === 'env') {
    const { badLines } = parseEnvFile(text);
    if (badLines.length > 0) {
      return warning('env-line-ignored', file, badLines[0], `${file} has ${badLines.length} line${badLines.length === 1 ? '' : 's'} that ${badLines.length === 1 ? 'is' : 'are'} not NAME=value (first: line ${badLines[0]}); ${badLines.length === 1 ? 'it is' : 'they are'} ignored.`);
    }
  }
  return undefined;
}

function warning(code: FindingCode, file: string, line: number | undefined, message: string): Finding {
  return { code, severity: 'warning', phase: 'detect', file, range: line ? { startLine: line } : undefined, message, excerpt: [], fixes: [] };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 160);
}
