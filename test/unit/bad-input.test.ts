// The bad-input corpus, generated here: broken manifests of every kind, empty, binary and huge
// files, symlink loops, odd env files, broken compose and repo-runner.json. Each repo also holds
// a good service in good/: detection must never throw, must say what is wrong (file, and line
// where it can), and must still plan the good service. Odd but valid input (spaces and unicode in
// paths, shell metacharacters in names and values) is planned literally, as argument arrays.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const GOOD = {
  'good/package.json': JSON.stringify({ name: 'good', scripts: { start: 'node server.js' } }),
  'good/server.js': 'require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT)\n',
};
const BINARY = '\u0000\u0001\u0002PK\u0003\u0004\u0000\u00ff\u00fe binary \u0000';
const HUGE = `{"name": "huge", "description": "${'x'.repeat(5 * 1024 * 1024)}"}`;

interface Case {
  name: string;
  files: Record<string, string>;
  links?: [target: string, path: string][];
  code: string;
  file: string;
  line?: number;
}

const CASES: Case[] = [
  { name: 'package.json that is not JSON', files: { 'bad/package.json': '{\n  "name": "bad",\n  "scripts": { "start": "node ." \n}\n' }, code: 'manifest-invalid', file: 'bad/package.json', line: 4 },
  { name: 'empty package.json', files: { 'bad/package.json': '' }, code: 'manifest-invalid', file: 'bad/package.json' },
  { name: 'binary package.json', files: { 'bad/package.json': BINARY }, code: 'manifest-invalid', file: 'bad/package.json' },
  { name: 'huge package.json', files: { 'bad/package.json': HUGE }, code: 'manifest-too-large', file: 'bad/package.json' },
  { name: 'package.json that is an array', files: { 'bad/package.json': '[1, 2, 3]' }, code: 'manifest-invalid', file: 'bad/package.json' },
  { name: 'package.json whose scripts is a string', files: { 'bad/package.json': '{"name": "bad", "scripts": "node server.js"}' }, code: 'manifest-invalid', file: 'bad/package.json' },
  { name: 'package.json whose start script is a number', files: { 'bad/package.json': '{"name": "bad", "scripts": {"start": 42}}' }, code: 'manifest-invalid', file: 'bad/package.json' },
  { name: 'pyproject.toml that is not TOML', files: { 'bad/pyproject.toml': '[project]\nname = "bad"\ndependencies = ["flask"\n', 'bad/app.py': 'print(1)\n' }, code: 'manifest-invalid', file: 'bad/pyproject.toml' },
  { name: 'empty pyproject.toml', files: { 'bad/pyproject.toml': '', 'bad/main.py': 'print(1)\n' }, code: 'manifest-empty', file: 'bad/pyproject.toml', line: 1 },
  { name: 'binary pyproject.toml', files: { 'bad/pyproject.toml': BINARY }, code: 'manifest-binary', file: 'bad/pyproject.toml' },
  { name: 'Cargo.toml that is not TOML', files: { 'bad/Cargo.toml': '[package\nname = "bad"\n' }, code: 'manifest-invalid', file: 'bad/Cargo.toml', line: 1 },
  { name: 'binary Cargo.toml', files: { 'bad/Cargo.toml': BINARY }, code: 'manifest-binary', file: 'bad/Cargo.toml' },
  { name: 'Pipfile that is not TOML', files: { 'bad/Pipfile': '[packages]\nflask = \n' }, code: 'manifest-invalid', file: 'bad/Pipfile', line: 2 },
  { name: 'empty Pipfile', files: { 'bad/Pipfile': '' }, code: 'manifest-empty', file: 'bad/Pipfile' },
  { name: 'go.mod without a module line', files: { 'bad/go.mod': 'go 1.22\n', 'bad/main.go': 'package main\nfunc main() {}\n' }, code: 'manifest-invalid', file: 'bad/go.mod', line: 1 },
  { name: 'composer.json that is not JSON', files: { 'bad/composer.json': '{"require": {"laravel/framework": "^11"},}' }, code: 'manifest-invalid', file: 'bad/composer.json', line: 1 },
  { name: 'empty composer.json', files: { 'bad/composer.json': '' }, code: 'manifest-empty', file: 'bad/composer.json' },
  { name: 'deno.json that is not JSON', files: { 'bad/deno.json': '{\n  "tasks": {\n    "dev": deno run main.ts\n  }\n}\n' }, code: 'manifest-invalid', file: 'bad/deno.json', line: 3 },
  { name: 'huge deno.json', files: { 'bad/deno.json': HUGE }, code: 'manifest-too-large', file: 'bad/deno.json' },
  { name: 'binary requirements.txt', files: { 'bad/requirements.txt': BINARY, 'bad/app.py': 'print(1)\n' }, code: 'manifest-binary', file: 'bad/requirements.txt' },
  { name: 'binary Procfile', files: { 'bad/Procfile': BINARY }, code: 'manifest-binary', file: 'bad/Procfile' },
  { name: 'docker-compose.yml that is not YAML', files: { 'docker-compose.yml': 'services:\n  web:\n    build: ./good\n  bad: [\n' }, code: 'compose-invalid', file: 'docker-compose.yml' },
  { name: 'docker-compose.yml whose services is a list', files: { 'docker-compose.yml': 'services:\n  - web\n  - db\n' }, code: 'compose-invalid', file: 'docker-compose.yml', line: 1 },
  { name: 'docker-compose.yml with circular depends_on', files: { 'docker-compose.yml': 'services:\n  web:\n    build: ./good\n    depends_on: [api]\n  api:\n    image: node:20\n    depends_on: [web]\n' }, code: 'compose-cycle', file: 'docker-compose.yml', line: 2 },
  { name: 'empty compose.yaml', files: { 'compose.yaml': '' }, code: 'manifest-empty', file: 'compose.yaml' },
  { name: 'repo-runner.json that is not JSON', files: { 'repo-runner.json': '{\n  "services": {\n    "good": { "port": 3000, }\n  }\n}\n' }, code: 'config-invalid', file: 'repo-runner.json' },
  { name: 'repo-runner.json with a port that is text', files: { 'repo-runner.json': '{\n  "services": {\n    "good": { "port": "three thousand" }\n  }\n}\n' }, code: 'config-invalid', file: 'repo-runner.json', line: 3 },
  { name: 'repo-runner.json with an unknown key', files: { 'repo-runner.json': '{\n  "servces": {}\n}\n' }, code: 'config-invalid', file: 'repo-runner.json', line: 2 },
  { name: 'repo-runner.json that is binary', files: { 'repo-runner.json': BINARY }, code: 'config-invalid', file: 'repo-runner.json' },
  { name: '.env.example with lines that are not assignments', files: { 'good/.env.example': 'PORT=3000\nthis is not a variable\nexport OK=1\n=novalue\n' }, code: 'env-line-ignored', file: 'good/.env.example', line: 2 },
  { name: '.env with a shell command line', files: { 'good/.env': 'A=1\nsource ~/.secrets\n' }, code: 'env-line-ignored', file: 'good/.env', line: 2 },
  { name: 'binary .env.example', files: { 'good/.env.example': BINARY }, code: 'manifest-binary', file: 'good/.env.example' },
  { name: 'symlink loop', files: {}, links: [['loop-b', 'loop-a'], ['loop-a', 'loop-b']], code: 'path-unresolvable', file: 'loop-a' },
  { name: 'symlink to nowhere', files: {}, links: [['/nonexistent/repo-runner/target', 'dangling']], code: 'path-unresolvable', file: 'dangling' },
];

for (const c of CASES) {
  test(`bad input: ${c.name} → ${c.code} on ${c.file}; the good service is still planned`, async () => {
    const root = tempRepo({ ...GOOD, ...c.files });
    for (const [target, path] of c.links ?? []) symlinkSync(target, join(root, path));
    const plan = await detectPlan(root, nodeFileSystem);
    const finding = plan.findings.find((f) => f.code === c.code && f.file === c.file);
    assert.ok(finding, `expected ${c.code} on ${c.file}; got ${plan.findings.map((f) => `${f.code} on ${f.file}: ${f.message}`).join(' | ') || 'no finding'}`);
    assert.ok(finding.message.length > 20 && !/undefined|\[object/.test(finding.message), finding.message);
    if (c.line !== undefined) assert.equal(finding.range?.startLine, c.line, finding.message);
    assert.ok(plan.services.some((s) => s.dir === 'good'), `the good service is planned (got ${plan.services.map((s) => s.dir).join(', ')})`);
  });
}

test('the corpus has at least 30 broken repos', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
});

test('odd but valid: spaces and unicode in paths, shell metacharacters in script names and env values, all taken literally', async () => {
  const root = tempRepo({
    'my app/package.json': JSON.stringify({ name: 'my app', scripts: { 'dev; rm -rf ~': 'echo no', start: 'node server.js' } }),
    'my app/server.js': '',
    'ünï cödé/package.json': JSON.stringify({ name: 'unicode', scripts: { start: 'node server.js' } }),
    'ünï cödé/server.js': '',
    'ünï cödé/.env.example': 'GREETING=$(touch pwned) `id` ; rm -rf ~\n',
  });
  const plan = await detectPlan(root, nodeFileSystem);
  assert.deepEqual(plan.services.map((s) => s.dir).sort(), ['my app', 'ünï cödé']);
  const app = plan.services.find((s) => s.dir === 'my app')!;
  assert.deepEqual([app.start.command, ...app.start.args], ['npm', 'run', 'start']);
  assert.equal(plan.env.find((v) => v.name === 'GREETING')?.example, '$(touch pwned) `id` ; rm -rf ~');
  assert.deepEqual(plan.findings.filter((f) => f.severity === 'error'), []);
});

// Root reads every folder whatever its mode: the unreadable folder is tried as "nobody".
// It also needs this checkout to be readable by "nobody" (it loads the engine from here).
const asNobody = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', resolve('node_modules/tsx/package.json')]).status === 0;
test('an unreadable folder is a finding; the good service is still planned', { skip: !asNobody && 'needs root, and a checkout "nobody" can read, to run the check as another user' }, () => {
  const base = mkdtempSync(join(tmpdir(), 'rr-unreadable-'));
  const root = tempRepo({ ...GOOD, 'secret/package.json': '{}' });
  const probe = join(base, 'probe.mjs');
  writeFileSync(probe, `
    const { detectPlan } = await import(${JSON.stringify(resolve('src/core/detect/detect-plan.ts'))});
    const { nodeFileSystem } = await import(${JSON.stringify(resolve('src/node/node-fs.ts'))});
    const plan = await detectPlan(process.argv[2], nodeFileSystem);
    console.log(JSON.stringify({ services: plan.services.map((s) => s.dir), findings: plan.findings.map((f) => [f.code, f.file]) }));
  `);
  for (const path of [base, root, join(root, 'good'), probe]) chmodSync(path, path === probe ? 0o644 : 0o755);
  chmodSync(join(root, 'secret'), 0o000);
  const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--import', 'tsx', probe, root], { encoding: 'utf8' });
  chmodSync(join(root, 'secret'), 0o755);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { services: string[]; findings: [string, string][] };
  assert.deepEqual(result.findings.filter(([code]) => code === 'folder-unreadable'), [['folder-unreadable', 'secret']]);
  assert.deepEqual(result.services, ['good']);
});
