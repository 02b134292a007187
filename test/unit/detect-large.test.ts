// Detection on a generated 20,000-file monorepo completes and finds exactly the apps: heavy
// folders are never entered, libraries are told apart from apps. Its speed is measured by the
// benchmark, not asserted here.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { generateMonorepo } from '../helpers/big-monorepo.js';

test('a 20,000-file monorepo: the three apps, no library, nothing from node_modules, .venv, target, .git or dist', async () => {
  const { root, apps } = generateMonorepo(20_000);
  try {
    const plan = await detectPlan(root, nodeFileSystem);
    assert.deepEqual(plan.services.map((s) => s.name).sort(), [...apps].sort());
    assert.deepEqual(plan.services.map((s) => s.install[0].command.cwd), ['', '', ''], 'one install at the workspace root');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
