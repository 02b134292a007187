// Each known failure signature, fed the real output captured from a fixture (test/logs/),
// must yield its finding, on the right file and line, with its fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { diagnose } from '../../src/core/fixer/diagnose.js';
import { stripAnsi, type Failure } from '../../src/core/fixer/failure.js';
import type { Finding, Plan } from '../../src/core/model.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from '../helpers/fixtures.js';

const log = (name: string) => readFileSync(join('test/logs', name), 'utf8').split('\n').map(stripAnsi);

async function diagnoseLog(fixture: string, logName: string, port?: number): Promise<{ finding: Finding; plan: Plan }> {
  const root = join(FIXTURES, fixture);
  const plan = await detectPlan(root, nodeFileSystem);
  const service = plan.services[0];
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'health', message: 'exited', evidence: [], fixes: [] };
  const failure: Failure = { phase: 'health', service, exitCode: 1, tail: log(logName), port, generic };
  const findings = await diagnose(failure, { plan, read: (rel) => nodeFileSystem.readText(join(root, rel)) });
  assert.equal(findings.length, 1);
  return { finding: findings[0], plan };
}

test('port in use (Node EADDRINUSE): moves the service to another port, automatically', async () => {
  const { finding } = await diagnoseLog('express-app', 'port-in-use-express.log');
  assert.equal(finding.code, 'port-in-use');
  assert.match(finding.message, /port 3998/);
  assert.deepEqual(finding.fixes.map((f) => [f.kind, f.auto]), [['rerun', true]]);
  assert.equal(finding.fixes[0].kind === 'rerun' && finding.fixes[0].avoidPort, 3998);
  assert.match(finding.evidence[0], /EADDRINUSE/);
});

test('port in use (Flask "Port N is in use")', async () => {
  const { finding } = await diagnoseLog('flask-app', 'port-in-use-flask.log', 5999);
  assert.equal(finding.code, 'port-in-use');
  assert.match(finding.message, /port 5999/);
});

test('missing Node package: points at package.json and offers npm install', async () => {
  const { finding } = await diagnoseLog('missing-dependency', 'node-missing-module.log');
  assert.equal(finding.code, 'node-missing-module');
  assert.equal(finding.file, 'package.json');
  assert.equal(finding.range?.startLine, 9, 'the "dependencies" line');
  assert.match(finding.message, /"left-pad"/);
  const fix = finding.fixes[0];
  assert.ok(fix.kind === 'command' && !fix.auto);
  assert.deepEqual([fix.command.command, ...fix.command.args], ['npm', 'install', 'left-pad']);
});

test('missing Python module: maps the module to its package and edits requirements.txt', async () => {
  const { finding } = await diagnoseLog('flask-app', 'python-missing-module.log');
  assert.equal(finding.code, 'python-missing-module');
  assert.equal(finding.file, 'requirements.txt');
  const fix = finding.fixes[0];
  assert.ok(fix.kind === 'edit' && !fix.auto);
  assert.deepEqual(fix.edits, [{ line: 2, remove: 0, insert: ['PyYAML'] }]);
});

test('missing env var (Node): points at the line of .env.example that lists it', async () => {
  const { finding } = await diagnoseLog('needs-env', 'env-missing-node.log');
  assert.equal(finding.code, 'env-missing');
  assert.equal(finding.file, '.env.example');
  assert.equal(finding.range?.startLine, 2);
  assert.ok(finding.fixes[0].kind === 'env' && finding.fixes[0].name === 'API_TOKEN');
});

test('missing env var (Python KeyError)', async () => {
  const { finding } = await diagnoseLog('flask-app', 'env-missing-python.log');
  assert.equal(finding.code, 'env-missing');
  assert.match(finding.message, /DATABASE_URL/);
});

test('a script that does not exist points at package.json "scripts"', async () => {
  const { finding } = await diagnoseLog('express-app', 'npm-missing-script.log');
  assert.equal(finding.code, 'npm-missing-script');
  assert.match(finding.message, /"nope"/);
  assert.equal(finding.range?.startLine, 7);
});

test('output no signature knows keeps the phase\'s own finding', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'health', message: 'express-app exited', evidence: ['boom'], fixes: [] };
  const findings = await diagnose({ phase: 'health', service: plan.services[0], tail: ['boom'], generic }, { plan, read: async () => undefined });
  assert.deepEqual(findings, [generic]);
});
