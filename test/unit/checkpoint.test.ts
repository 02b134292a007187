import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Checkpoint } from '../../src/core/checkpoint.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

test('writes state.json and a .gitignore that keeps it out of git', async () => {
  const root = tempRepo({});
  const checkpoint = new Checkpoint(root, nodeFileSystem);
  await checkpoint.load();
  await checkpoint.update((d) => { d.services.web = { port: 3000 }; });
  const saved = JSON.parse(readFileSync(join(root, '.repo-runner/state.json'), 'utf8'));
  assert.equal(saved.services.web.port, 3000);
  assert.match(readFileSync(join(root, '.repo-runner/.gitignore'), 'utf8'), /^\*$/m);
  assert.deepEqual(readdirSync(join(root, '.repo-runner')).filter((f) => f.endsWith('.tmp')), []);

  const again = new Checkpoint(root, nodeFileSystem);
  await again.load();
  assert.equal(again.state.services.web.port, 3000);
});

test('a corrupt state file is set aside with a warning, never a crash', async () => {
  const root = tempRepo({});
  mkdirSync(join(root, '.repo-runner'));
  writeFileSync(join(root, '.repo-runner/state.json'), '{"version": 1, "serv');
  const checkpoint = new Checkpoint(root, nodeFileSystem);
  await checkpoint.load();
  assert.match(checkpoint.corrupt ?? '', /could not be read/);
  assert.deepEqual(checkpoint.state.services, {});
  assert.ok(existsSync(join(root, '.repo-runner/state.json.corrupt')));
});
