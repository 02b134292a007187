// Applying fixes: line edits, dotenv values, repo-runner.json pins and commands, for real on a
// temporary folder; paths outside the repo are refused.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyFix, applyLineEdits, insideRepo, previewFix, setEnvLine, setJsonPath } from '../../src/core/fixer/apply-fix.js';
import { previewText } from '../../src/core/fixer/preview-text.js';
import type { Fix } from '../../src/core/model.js';
import { createNodeHost } from '../../src/node/node-host.js';

const host = createNodeHost();
const repo = () => mkdtempSync(join(tmpdir(), 'rr-fix-'));
const deps = (root: string) => ({ root, fs: host.fs, processes: host.processes, env: process.env as Record<string, string> });

test('line edits splice: replace, insert before, delete, append; later lines first', () => {
  const text = 'a\nb\nc';
  assert.equal(applyLineEdits(text, [{ line: 2, remove: 1, insert: ['B'] }]), 'a\nB\nc');
  assert.equal(applyLineEdits(text, [{ line: 1, remove: 0, insert: ['top'] }]), 'top\na\nb\nc');
  assert.equal(applyLineEdits(text, [{ line: 2, remove: 2, insert: [] }]), 'a');
  assert.equal(applyLineEdits(text, [{ line: 4, remove: 0, insert: ['d'] }]), 'a\nb\nc\nd');
  assert.equal(applyLineEdits(text, [{ line: 1, remove: 1, insert: ['A'] }, { line: 3, remove: 1, insert: ['C', 'D'] }]), 'A\nb\nC\nD');
});

test('dotenv values: an existing line is replaced (export kept), a new one appended, odd values quoted', () => {
  assert.equal(setEnvLine('A=1\nexport B=2\n', 'B', 'x'), 'A=1\nexport B=x\n');
  assert.equal(setEnvLine('A=1', 'C', '3'), 'A=1\nC=3\n');
  assert.equal(setEnvLine('', 'C', 'two words'), 'C="two words"\n');
});

test('repo-runner.json pins keep the rest of the file', () => {
  const text = JSON.stringify({ env: { A: '1' }, services: { web: { port: 3000 } } });
  const after = JSON.parse(setJsonPath(text, ['services', 'web', 'start'], ['npm', 'run', 'dev']));
  assert.deepEqual(after, { env: { A: '1' }, services: { web: { port: 3000, start: ['npm', 'run', 'dev'] } } });
  assert.deepEqual(JSON.parse(setJsonPath(undefined, ['services', 'api', 'port'], 4000)), { services: { api: { port: 4000 } } });
  assert.throws(() => setJsonPath('[1]', ['a'], 1), /JSON object/);
});

test('paths must stay inside the repo', () => {
  for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'C:\\x', 'a\0b', '']) assert.equal(insideRepo(bad), undefined, bad);
  assert.equal(insideRepo('./src//a.js'), 'src/a.js');
});

test('an edit fix writes the file; a preview shows before and after without writing', async () => {
  const root = repo();
  writeFileSync(join(root, 'requirements.txt'), 'flask\n');
  const fix: Fix = { kind: 'edit', auto: false, title: 'Add PyYAML', file: 'requirements.txt', edits: [{ line: 2, remove: 0, insert: ['PyYAML'] }], rerunFrom: 'setup' };
  const preview = await previewFix(fix, deps(root));
  assert.equal(preview.after, 'flask\nPyYAML\n');
  assert.equal(readFileSync(join(root, 'requirements.txt'), 'utf8'), 'flask\n', 'the preview wrote nothing');
  const outcome = await applyFix(fix, deps(root));
  assert.deepEqual([outcome.ok, outcome.rerunFrom], [true, 'setup']);
  assert.equal(readFileSync(join(root, 'requirements.txt'), 'utf8'), 'flask\nPyYAML\n');
});

test('an edit naming a file outside the repo is refused and nothing is written', async () => {
  const root = repo();
  const outcome = await applyFix({ kind: 'edit', auto: false, title: 'x', file: '../escape.txt', edits: [{ line: 1, remove: 0, insert: ['x'] }] }, deps(join(root)));
  assert.equal(outcome.ok, false);
  assert.match(outcome.message, /outside the repo/);
});

test('a symlink cannot carry an edit out of the repo: neither a linked folder nor a linked file', async () => {
  const root = repo();
  const outside = repo();
  writeFileSync(join(outside, 'victim.txt'), 'safe\n');
  symlinkSync(outside, join(root, 'config'));
  symlinkSync(join(outside, 'victim.txt'), join(root, 'notes.txt'));
  const edit = (file: string): Fix => ({ kind: 'edit', auto: false, title: 'x', file, edits: [{ line: 1, remove: 0, insert: ['pwned'] }] });
  for (const file of ['config/victim.txt', 'config/new.txt', 'notes.txt']) {
    const outcome = await applyFix(edit(file), deps(root));
    assert.equal(outcome.ok, false, file);
    assert.match(outcome.message, /outside the repo/);
  }
  assert.equal(readFileSync(join(outside, 'victim.txt'), 'utf8'), 'safe\n');
  assert.equal(existsSync(join(outside, 'new.txt')), false);
  mkdirSync(join(root, 'src'));
  assert.equal((await applyFix(edit('src/new.txt'), deps(root))).ok, true, 'a real folder of the repo is fine');
});

test('the confirmation shows the changed lines with secrets and URL passwords masked', async () => {
  const root = repo();
  writeFileSync(join(root, '.env'), 'PORT=3000\nDATABASE_URL=postgresql://app:old-secret@127.0.0.1:5432/app\n');
  const fix: Fix = { kind: 'env', auto: false, title: 'Point DATABASE_URL at the database', name: 'DATABASE_URL', file: '.env', value: 'postgresql://app:new-secret@127.0.0.1:55432/app' };
  const text = previewText(fix, await previewFix(fix, deps(root))).join('\n');
  assert.equal(text, '.env, line 2:\n- DATABASE_URL=postgresql://app:••••@127.0.0.1:5432/app\n+ DATABASE_URL=postgresql://app:••••@127.0.0.1:55432/app');
  const token: Fix = { kind: 'env', auto: false, title: 'Set API_TOKEN', name: 'API_TOKEN', file: '.env', value: 'tok-123456' };
  assert.doesNotMatch(previewText(token, await previewFix(token, deps(root))).join('\n'), /123456/);
});

test('an env fix needs a value (given by the fix or the user) and writes it to the dotenv file', async () => {
  const root = repo();
  const fix: Fix = { kind: 'env', auto: false, title: 'Set API_TOKEN', name: 'API_TOKEN', file: '.env' };
  assert.equal((await applyFix(fix, deps(root))).ok, false);
  assert.equal((await applyFix(fix, deps(root), 'abc')).ok, true);
  assert.equal(readFileSync(join(root, '.env'), 'utf8'), 'API_TOKEN=abc\n');
});

test('a command fix runs for real in its folder; a failing one reports its exit code and output', async () => {
  const root = repo();
  const ok = await applyFix({ kind: 'command', auto: false, title: 'touch', command: { command: 'node', args: ['-e', 'require("fs").writeFileSync("made.txt", process.cwd())'], cwd: '' } }, deps(root));
  assert.equal(ok.ok, true, ok.message);
  assert.equal(readFileSync(join(root, 'made.txt'), 'utf8'), root);
  const bad = await applyFix({ kind: 'command', auto: false, title: 'fail', command: { command: 'node', args: ['-e', 'console.log("nope"); process.exit(3)'], cwd: '' } }, deps(root));
  assert.equal(bad.ok, false);
  assert.match(bad.message, /exit code 3/);
  assert.ok(bad.output?.includes('nope'));
  const outside = await applyFix({ kind: 'command', auto: false, title: 'escape', command: { command: 'node', args: ['-v'], cwd: '../..' } }, deps(root));
  assert.equal(outside.ok, false);
});
