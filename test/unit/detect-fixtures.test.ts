// One snapshot of the plan per fixture repo: a change in detection shows up as a diff in review.
// Run with UPDATE_SNAPSHOTS=1 to accept a change.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from '../helpers/fixtures.js';

const SNAPSHOTS = 'test/snapshots';

// failures/ holds the small broken repos of the Fixer's catalogue (test/unit/signatures.test.ts).
for (const name of readdirSync(FIXTURES).filter((n) => n !== 'failures').sort()) {
  test(`plan snapshot: ${name}`, async () => {
    const plan = await detectPlan(join(FIXTURES, name), nodeFileSystem);
    const actual = `${JSON.stringify({ ...plan, root: `<fixtures>/${name}` }, null, 2)}\n`;
    const file = join(SNAPSHOTS, `${name}.plan.json`);
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(file, actual);
    assert.ok(existsSync(file), `${name} has no snapshot yet: run UPDATE_SNAPSHOTS=1 npm run test:unit and review ${file}`);
    assert.equal(actual, readFileSync(file, 'utf8'), `${name}: the plan changed; if that is intended, run UPDATE_SNAPSHOTS=1 npm run test:unit`);
  });
}

test('fixtures are detected as the stacks they are', async () => {
  const plan = async (name: string) => detectPlan(join(FIXTURES, name), nodeFileSystem);
  const express = await plan('express-app');
  assert.deepEqual(express.services.map((s) => [s.name, s.framework, s.packageManager]), [['express-app', 'express', 'npm']]);
  assert.deepEqual(express.services[0].install[0].command.args.slice(0, 1), ['ci']);
  assert.equal(express.env.find((e) => e.name === 'GREETING')?.example, 'hello from the example');

  const flask = await plan('flask-app');
  assert.deepEqual(flask.services[0].start.args, ['-m', 'flask', '--app', 'app:app', 'run', '--host', '{host}', '--port', '{port}']);
  assert.equal(flask.requirements.find((r) => r.tool === 'python')?.range, '==3.11.*');

  const two = await plan('two-service');
  assert.deepEqual(two.services.map((s) => [s.name, s.framework, s.dir]), [['backend', 'express', 'backend'], ['frontend', 'vite', 'frontend']]);
  assert.deepEqual(two.services[1].links.map((l) => [l.service, l.env]), [['backend', 'API_URL']]);

  const empty = await plan('empty-folder');
  assert.equal(empty.services.length, 0);
  assert.match(empty.nothingToRun?.reason ?? '', /no folder here/);
});
