// The last plan is reused while nothing detection looked at changed: not a file it read, not a
// folder's entries. Installs and Repo Runner's own folders do not count; an edit, a new app, a
// deleted manifest do.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlanCached, type CachedPlan } from '../../src/core/detect/plan-cache.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { tempRepo } from '../helpers/temp-repo.js';

const host = createNodeHost();
const pkg = (name: string) => JSON.stringify({ name, scripts: { start: 'node server.js' } });

test('a plan is reused until a file it came from or a folder it listed changes', async () => {
  const root = tempRepo({ 'package.json': pkg('web'), 'server.js': 'require("http").createServer().listen(process.env.PORT || 3000)\n' });
  let cache: CachedPlan | undefined;
  const detect = async () => {
    const result = await detectPlanCached(root, host.fs, host.hash, cache);
    cache = JSON.parse(JSON.stringify(result.cache)) as CachedPlan; // as the checkpoint stores it
    return result;
  };
  const first = await detect();
  assert.equal(first.reused, false);
  assert.equal(first.plan.services.length, 1);

  const second = await detect();
  assert.equal(second.reused, true, 'nothing changed');
  assert.deepEqual(second.plan, JSON.parse(JSON.stringify(first.plan)));

  mkdirSync(join(root, 'node_modules', 'left-pad'), { recursive: true });
  mkdirSync(join(root, '.repo-runner'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'left-pad', 'index.js'), '');
  assert.equal((await detect()).reused, true, 'an install and Repo Runner\'s state do not count');

  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'web', scripts: { start: 'node server.js', dev: 'node --watch server.js' } }));
  const edited = await detect();
  assert.equal(edited.reused, false, 'package.json was edited');
  assert.deepEqual(edited.plan.services[0].start.args, ['run', 'dev']);
  assert.equal((await detect()).reused, true);

  mkdirSync(join(root, 'api'));
  writeFileSync(join(root, 'api', 'package.json'), pkg('api'));
  writeFileSync(join(root, 'api', 'server.js'), '');
  const added = await detect();
  assert.equal(added.reused, false, 'a new folder');
  assert.deepEqual(added.plan.services.map((s) => s.dir).sort(), ['', 'api']);

  rmSync(join(root, 'api', 'package.json'));
  assert.equal((await detect()).reused, false, 'a deleted manifest');

  const stale = { ...cache!, rules: 'an older release' };
  assert.equal((await detectPlanCached(root, host.fs, host.hash, stale)).reused, false, 'other rules detect again');
});
