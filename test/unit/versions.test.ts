import assert from 'node:assert/strict';
import { test } from 'node:test';
import { satisfies } from '../../src/core/requirements/versions.js';

test('node ranges use semver: engines and .nvmrc', () => {
  assert.equal(satisfies('node', '20.20.2', '>=18'), 'ok');
  assert.equal(satisfies('node', '20.20.2', '>=22'), 'mismatch');
  assert.equal(satisfies('node', '20.20.2', '20'), 'ok');
  assert.equal(satisfies('node', '20.20.2', '18.17.0'), 'mismatch');
  assert.equal(satisfies('node', '20.20.2', '^20.11 || ^22'), 'ok');
  assert.equal(satisfies('node', '20.20.2', 'lts/*'), 'unknown');
  assert.equal(satisfies('node', '20.20.2', undefined), 'ok');
});

test('python ranges use PEP 440 specifiers', () => {
  assert.equal(satisfies('python', '3.11.7', '>=3.9'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '>=3.12'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '>=3.9,<3.12'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '>=3.9, <3.11'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '==3.11.*'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '==3.12.*'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '~=3.10'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '~=3.11.8'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '!=3.11.7'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', 'banana'), 'unknown');
});

test('a webpack 4 era build tool with no Node version named asks for Node 16, quoting the dependency', async () => {
  const { nodeCeiling } = await import('../../src/core/detect/providers/node-ceiling.js');
  const text = '{\n  "dependencies": {\n    "react-scripts": "4.0.1"\n  }\n}\n';
  assert.deepEqual(nodeCeiling({ dependencies: { 'react-scripts': '4.0.1' } }, text, 'client/package.json'), {
    range: '16',
    evidence: { file: 'client/package.json', line: 3, reason: 'react-scripts 4.0.1 (Create React App on webpack 4) does not run on Node.js 17 or newer' },
  });
  assert.equal(nodeCeiling({ devDependencies: { 'react-scripts': '^5.0.1' } }, '', 'package.json'), undefined, 'CRA 5 runs on current Node');
  assert.equal(nodeCeiling({ devDependencies: { webpack: '^4.46.0' } }, '', 'package.json')?.range, '16');
  assert.equal(nodeCeiling({ devDependencies: { webpack: '^5.90.0', gatsby: 'latest' } }, '', 'package.json'), undefined, 'webpack 5, and a tag says no version');
  assert.equal(nodeCeiling({ dependencies: { '@vue/cli-service': '~4.5.0' } }, '', 'package.json')?.range, '16');
});

test('the Node range a dependency\'s engine check refused, from Yarn\'s and npm\'s words', async () => {
  const { nodeFloor } = await import('../../src/core/phases/node-rescue.js');
  assert.equal(nodeFloor(['[2/4] Fetching packages...', 'error react-router@8.1.0: The engine "node" is incompatible with this module. Expected version ">=22.22.0". Got "20.20.2"', 'error Found incompatible module.']), '>=22.22.0');
  assert.equal(nodeFloor(['npm error code EBADENGINE', 'npm error notsup Required: {"node":"^22.12.0"}', 'npm error notsup Actual:   {"node":"v20.20.2","npm":"11.19.1"}']), '^22.12.0');
  assert.equal(nodeFloor(['npm error code ERESOLVE']), undefined);
});

test('the Node brought for a refused engine is of the floor\'s own release line (the newest may be past other packages\' ceilings)', async () => {
  const { floorLine } = await import('../../src/core/phases/node-rescue.js');
  assert.equal(floorLine('>=22'), '>=22.0.0 <23.0.0-0');
  assert.equal(floorLine('^20.19.0 || >=22.12.0'), '>=20.19.0 <21.0.0-0');
  assert.equal(floorLine('>=22.5 <22.9'), undefined, 'a range within one line is asked as it is');
  assert.equal(floorLine('*'), undefined);
  // Never a line older than the Node refused.
  assert.equal(floorLine('^18.17.0 || >=20.5.0', '20.3.0'), '>=20.5.0 <21.0.0-0');
  assert.equal(floorLine('20.x || >=22', '21.7.0'), '>=22.0.0 <23.0.0-0');
  const { refusedNode } = await import('../../src/core/phases/node-rescue.js');
  assert.equal(refusedNode(['npm error notsup Required: {"node":">=24"}', 'npm error notsup Actual:   {"node":"v22.23.5","npm":"11.19.1"}']), '22.23.5');
  assert.equal(refusedNode(['error x@1: The engine "node" is incompatible with this module. Expected version ">= 22". Got "20.20.2"']), '20.20.2');
});
