// The layer rule in eslint.config.mjs, run for real: ESLint lints short in-memory sources as if
// they sat in each layer, so a config that stops reporting a forbidden import fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/** The modules the layer rule reports in `text` placed at `filePath`. */
async function restricted(text: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => /^'([^']+)'/.exec(m.message)?.[1] ?? m.message);
}

test('src/core may not import vscode or child_process; node:path is allowed', async () => {
  const text = [
    "import * as vscode from 'vscode';",
    "import { spawn } from 'node:child_process';",
    "import { posix } from 'node:path';",
    'export const x = [vscode, spawn, posix];',
  ].join('\n');
  assert.deepEqual(await restricted(text, 'src/core/x.ts'), ['vscode', 'node:child_process']);
  assert.deepEqual(await restricted("export { x } from '../node/node-host.js';\n", 'src/core/detect/x.ts'), ['../node/node-host.js']);
});

test('imports point downward: node, cli and vscode layers', async () => {
  assert.deepEqual(await restricted("export { x } from '../cli/main.js';\nexport { y } from '../vscode/extension.js';\n", 'src/node/x.ts'), ['../cli/main.js', '../vscode/extension.js']);
  assert.deepEqual(await restricted("export { x } from '../vscode/extension.js';\nexport { y } from '../node/node-host.js';\n", 'src/cli/x.ts'), ['../vscode/extension.js']);
  assert.deepEqual(await restricted("import * as vscode from 'vscode';\nexport const v = vscode;\n", 'src/node/x.ts'), ['vscode']);
  assert.deepEqual(await restricted("import * as vscode from 'vscode';\nimport { x } from '../cli/main.js';\nexport const v = [vscode, x];\n", 'src/vscode/x.ts'), []);
});

test('src/cli and src/vscode import the engine through ../core/index.js only', async () => {
  assert.deepEqual(await restricted("import { x } from '../core/run-context.js';\nexport const y = x;\n", 'src/cli/x.ts'), ['../core/run-context.js']);
  assert.deepEqual(await restricted("import { x } from '../core/index.js';\nexport const y = x;\n", 'src/cli/x.ts'), []);
  assert.deepEqual(await restricted("import { x } from '../core/detect/detect-plan.js';\nimport { y } from '../core/index.js';\nexport const z = [x, y];\n", 'src/vscode/x.ts'), ['../core/detect/detect-plan.js']);
  assert.deepEqual(await restricted("import { x } from '../core/run-context.js';\nexport const y = x;\n", 'src/node/x.ts'), [], 'src/node implements the ports and may import inner modules');
});
