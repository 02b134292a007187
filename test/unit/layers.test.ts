// The engine stays pure: src/core imports neither vscode nor anything that does I/O, and only
// src/vscode may import vscode.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|dns|os|readline|worker_threads)$|^(execa|get-port|tree-kill|openai)$/;

test('src/core imports no vscode and no I/O module', () => {
  const offenders = sources('src/core').flatMap((f) => imports(f).filter((m) => m === 'vscode' || IO_MODULES.test(m)).map((m) => `${f}: ${m}`));
  assert.deepEqual(offenders, []);
});

test('only src/vscode imports vscode', () => {
  const files = ['src/core', 'src/node', 'src/cli'].flatMap(sources);
  assert.ok(files.length > 10, 'expected to scan the engine sources');
  const offenders = files.filter((f) => imports(f).includes('vscode'));
  assert.deepEqual(offenders, []);
});

test('imports point downward: core imports nothing from node, cli or vscode layers', () => {
  const offenders = sources('src/core').flatMap((f) => imports(f).filter((m) => /\.\.\/(node|cli|vscode)\//.test(m) || /^\.\.\/\.\.\/(node|cli|vscode)/.test(m)).map((m) => `${f}: ${m}`));
  assert.deepEqual(offenders, []);
});
