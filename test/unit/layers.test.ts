// The engine stays pure: src/core imports neither vscode nor anything that does I/O, only
// src/vscode may import vscode, imports point downward (core <- node <- cli <- vscode), and the
// faces (src/cli, src/vscode) import the engine through src/core/index.ts only.
// eslint.config.mjs enforces the same layers (no-restricted-imports, tested in
// lint-layers.test.ts); this second check by regex also sees import() and require().
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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

// Of Node's built-ins src/core may import node:path alone (posix path arithmetic, no I/O).
const CORE_BUILTINS = new Set(['node:path']);
const IO_PACKAGES = /^(execa|get-port|tree-kill|openai|pg)(\/|$)/;
const forbiddenInCore = (m: string) =>
  m === 'vscode' || IO_PACKAGES.test(m) || ((m.startsWith('node:') || builtinModules.includes(m)) && !CORE_BUILTINS.has(m));

test('src/core imports no vscode and no I/O module', () => {
  const offenders = sources('src/core').flatMap((f) => imports(f).filter(forbiddenInCore).map((m) => `${f}: ${m}`));
  assert.deepEqual(offenders, []);
});

// (ESLint also keeps vscode out of bench/ and test/, apart from the in-editor suite in
// test/vscode-integration/; a regex would trip over the sources quoted in lint-layers.test.ts.)
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

test('imports point downward: node imports nothing from cli or vscode, cli nothing from vscode', () => {
  const offenders = [
    ...sources('src/node').flatMap((f) => imports(f).filter((m) => /^(\.\.\/)+(cli|vscode)(\/|$)/.test(m)).map((m) => `${f}: ${m}`)),
    ...sources('src/cli').flatMap((f) => imports(f).filter((m) => /^(\.\.\/)+vscode(\/|$)/.test(m)).map((m) => `${f}: ${m}`)),
  ];
  assert.deepEqual(offenders, []);
});

test('src/cli and src/vscode reach the engine through src/core/index.ts only', () => {
  const offenders = ['src/cli', 'src/vscode'].flatMap(sources).flatMap((f) => imports(f).filter((m) => /^(\.\.\/)+core\/(?!(index|detection)\.js$)/.test(m)).map((m) => `${f}: ${m}`));
  assert.deepEqual(offenders, []);
});
