// Writing exported files on a real folder: nothing is overwritten without force (and then
// nothing at all is written), a .gitignore only gains the lines it lacks, secret env files
// already there are kept.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeExport } from '../../src/core/export/write-export.js';
import type { ExportedFile } from '../../src/core/export/types.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';

const files: ExportedFile[] = [
  { path: 'compose.yaml', content: 'services: {}\n', mode: 'file' },
  { path: 'secrets/app.env', content: 'KEY=new\n', mode: 'file', secret: true },
  { path: 'secrets/.gitignore', content: '*.env\n', mode: 'ignore-lines' },
];

test('a conflicting file stops the whole write; force overwrites it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-export-'));
  writeFileSync(join(root, 'compose.yaml'), 'mine\n');
  const refused = await writeExport(files, root, nodeFileSystem, { force: false });
  assert.deepEqual(refused.conflicts, ['compose.yaml']);
  assert.deepEqual(refused.written, []);
  assert.equal(readFileSync(join(root, 'compose.yaml'), 'utf8'), 'mine\n');
  assert.ok(!existsSync(join(root, 'secrets')), 'nothing else was written either');
  const forced = await writeExport(files, root, nodeFileSystem, { force: true });
  assert.deepEqual(forced.written.sort(), ['compose.yaml', 'secrets/.gitignore', 'secrets/app.env']);
  assert.equal(readFileSync(join(root, 'compose.yaml'), 'utf8'), 'services: {}\n');
});

test('the same content again is unchanged; an existing secret file is kept; .gitignore gains only missing lines', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-export-'));
  mkdirSync(join(root, 'secrets'));
  writeFileSync(join(root, 'secrets/app.env'), 'KEY=old\n');
  writeFileSync(join(root, 'secrets/.gitignore'), 'other');
  const first = await writeExport(files, root, nodeFileSystem, { force: false });
  assert.deepEqual(first.kept, ['secrets/app.env']);
  assert.equal(readFileSync(join(root, 'secrets/app.env'), 'utf8'), 'KEY=old\n');
  assert.equal(readFileSync(join(root, 'secrets/.gitignore'), 'utf8'), 'other\n*.env\n');
  const second = await writeExport(files, root, nodeFileSystem, { force: false });
  assert.deepEqual(second.unchanged.sort(), ['compose.yaml', 'secrets/.gitignore']);
  assert.equal(readFileSync(join(root, 'secrets/.gitignore'), 'utf8'), 'other\n*.env\n');
});
