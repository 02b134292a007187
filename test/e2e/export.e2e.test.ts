// `repo-runner export` as a user runs it (the built dist/cli.cjs on a copy of a fixture), and the
// exported files checked by the real tools that will read them, offline: `docker-compose config`
// (Debian's docker-compose), kubernetes-validate (the Kubernetes OpenAPI schemas, from PyPI),
// `kubectl kustomize` (or kustomize from the Go module proxy), and the published devcontainer.json
// schema. scripts/install-export-validators.sh installs them (CI runs it from .ci/run).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { before, test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { copyFixture } from '../helpers/fixtures.js';

const CLI = resolve('dist/cli.cjs');
const FIXTURES = ['express-postgres', 'flask-redis', 'go-gin', 'spring-boot-maven', 'two-service', 'npm-workspaces'];
let validators = '';

before(() => {
  // Fast when everything is there already; fails loudly (not a skip) when a validator cannot be had.
  validators = execFileSync('bash', ['scripts/install-export-validators.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 }).trim().split('\n').pop()!;
});

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
}

function run(command: string, args: string[], cwd?: string) {
  return spawnSync(command, args, { encoding: 'utf8', cwd, timeout: 120_000 });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

function kustomize(dir: string) {
  const viaKubectl = run('kubectl', ['kustomize', dir]);
  if (viaKubectl.error === undefined && !/unknown command/.test(viaKubectl.stderr)) return viaKubectl;
  return run(join(validators, 'bin', 'kustomize'), ['build', dir]);
}

function kubernetesValidate(files: string[]) {
  return run(join(validators, 'venv', 'bin', 'kubernetes-validate'), ['--strict', '--kubernetes-version', '1.33.0', ...files]);
}

/** The services and databases detection finds: name, folder, framework; engines. */
async function detected(root: string) {
  const plan = await detectPlan(root, nodeFileSystem);
  return { services: plan.services.map((s) => [s.name, s.dir, s.framework]), databases: plan.databases.map((d) => d.engine).sort() };
}

for (const fixture of FIXTURES) {
  test(`${fixture}: the exported compose file passes docker-compose config, and detect finds the same services in it`, async () => {
    const root = copyFixture(fixture);
    const before = await detected(root);
    const result = cli(['export', root, '--to', 'compose']);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.ok(existsSync(join(root, 'compose.yaml')), result.stdout);
    const config = run('docker-compose', ['-f', join(root, 'compose.yaml'), 'config'], root);
    assert.equal(config.status, 0, `docker-compose config rejected it:\n${config.stderr}`);
    assert.match(config.stdout, /services:/);
    for (const [name] of before.services) assert.ok(existsSync(join(root, before.services.find((s) => s[0] === name)![1] as string, 'Dockerfile')), `${name} has no Dockerfile`);
    // Round trip: the compose file is now evidence for detection, and it finds what it found before.
    const after = await detected(root);
    assert.deepEqual(after, before);
    const plan = await detectPlan(root, nodeFileSystem);
    for (const service of plan.services) assert.ok(service.evidence.some((e) => e.file === 'compose.yaml'), `${service.name} was not matched to its compose service`);
  });

  test(`${fixture}: the Kubernetes manifests validate against the Kubernetes OpenAPI schemas and kustomize renders them`, () => {
    const root = copyFixture(fixture);
    const result = cli(['export', root, '--to', 'kubernetes', '--helm']);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const dir = join(root, 'deploy/kubernetes');
    const manifests = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').map((f) => join(dir, f));
    assert.ok(manifests.length >= 1);
    const plain = kubernetesValidate(manifests);
    assert.equal(plain.status, 0, `kubernetes-validate rejected the manifests:\n${plain.stdout}${plain.stderr}`);
    const rendered = kustomize(dir);
    assert.equal(rendered.status, 0, `kustomize failed:\n${rendered.stderr}`);
    assert.match(rendered.stdout, /kind: Deployment/);
    if (existsSync(join(dir, 'secrets'))) assert.match(rendered.stdout, /kind: Secret/, 'the secretGenerator made the Secrets');
    const out = join(root, 'rendered.yaml');
    writeFileSync(out, rendered.stdout);
    const all = kubernetesValidate([out]);
    assert.equal(all.status, 0, `kubernetes-validate rejected kustomize's output:\n${all.stdout}${all.stderr}`);
    assert.ok(existsSync(join(dir, 'helm', fixture, 'Chart.yaml')));
  });

  test(`${fixture}: the devcontainer.json validates against the published Dev Container schema`, () => {
    const root = copyFixture(fixture);
    const result = cli(['export', root, '--to', 'devcontainer']);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const file = join(root, '.devcontainer/devcontainer.json');
    const check = run(join(validators, 'venv', 'bin', 'python'), ['-c', [
      'import json, sys, jsonschema',
      'schema = json.load(open(sys.argv[1]))',
      'cls = jsonschema.validators.validator_for(schema)',
      'errors = list(cls(schema).iter_errors(json.load(open(sys.argv[2]))))',
      'print("\\n".join(e.message for e in errors)); sys.exit(1 if errors else 0)',
    ].join('\n'), resolve('test/schemas/devContainer.base.schema.json'), file]);
    assert.equal(check.status, 0, `the schema rejected it:\n${check.stdout}${check.stderr}`);
    const config = JSON.parse(readFileSync(file, 'utf8')) as { forwardPorts?: number[]; dockerComposeFile?: string };
    assert.ok((config.forwardPorts ?? []).length >= 1);
    if (config.dockerComposeFile) {
      const compose = run('docker-compose', ['-f', join(root, '.devcontainer', config.dockerComposeFile), 'config'], join(root, '.devcontainer'));
      assert.equal(compose.status, 0, `docker-compose config rejected the devcontainer's compose file:\n${compose.stderr}`);
    }
  });
}

test('the schema check can fail: a devcontainer.json with a wrong type is rejected', () => {
  const root = copyFixture('go-gin');
  const file = join(root, 'bad.json');
  writeFileSync(file, JSON.stringify({ image: 'x', forwardPorts: 'not-a-list' }));
  const check = run(join(validators, 'venv', 'bin', 'python'), ['-c', 'import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\nerrors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(json.load(open(sys.argv[2]))))\nsys.exit(1 if errors else 0)', resolve('test/schemas/devContainer.base.schema.json'), file]);
  assert.equal(check.status, 1);
  const manifest = join(root, 'bad.yaml');
  writeFileSync(manifest, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: "two", selector: {}, template: {}}\n');
  assert.notEqual(kubernetesValidate([manifest]).status, 0);
});

test('no secret value is written outside the git-ignored env files, for any target', () => {
  const root = copyFixture('express-postgres');
  for (const target of ['compose', 'kubernetes', 'devcontainer']) {
    const result = cli(['export', root, '--to', target, ...(target === 'kubernetes' ? ['--helm'] : [])]);
    assert.equal(result.status, 0, result.stderr + result.stdout);
  }
  const all = filesUnder(root);
  const secretFiles = all.filter((f) => /\/secrets\/[^/]+\.env$/.test(f));
  assert.ok(secretFiles.length >= 4, secretFiles.join('\n'));
  const values = secretFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => !l.startsWith('#')).map((l) => l.split(/=(.*)/s)[1] ?? '').filter((v) => v.length >= 8));
  assert.ok(values.length >= 4, 'secret values were generated');
  for (const file of all.filter((f) => !secretFiles.includes(f))) {
    const text = readFileSync(file, 'utf8');
    for (const value of values) {
      // A URL holding a password carries it inside; look for the password part alone too.
      const parts = [value, ...(/:\/\/[^:]+:([^@]+)@/.exec(value)?.slice(1) ?? [])];
      for (const part of parts) assert.ok(!text.includes(part), `${relative(root, file)} contains a secret value`);
    }
  }
  // And git ignores every one of them.
  execFileSync('git', ['init', '-q'], { cwd: root });
  const ignored = run('git', ['check-ignore', ...secretFiles.map((f) => relative(root, f))], root);
  assert.equal(ignored.stdout.trim().split('\n').length, secretFiles.length, ignored.stdout);
  const tracked = run('git', ['check-ignore', 'compose.yaml', 'secrets/express-postgres.env.example'], root);
  assert.equal(tracked.stdout.trim(), '', 'the compose file and the examples are not ignored');
});

test('export overwrites nothing without --force, and keeps the secrets it wrote before', () => {
  const root = copyFixture('express-postgres');
  assert.equal(cli(['export', root, '--to', 'compose']).status, 0);
  const ignore = readFileSync(join(root, 'secrets/.gitignore'), 'utf8');
  const password = readFileSync(join(root, 'secrets/postgres.env'), 'utf8');
  writeFileSync(join(root, 'compose.yaml'), 'services: {}\n');
  const refused = cli(['export', root, '--to', 'compose']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /compose\.yaml/);
  assert.equal(readFileSync(join(root, 'compose.yaml'), 'utf8'), 'services: {}\n', 'the edited file is untouched');
  const forced = cli(['export', root, '--to', 'compose', '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(readFileSync(join(root, 'compose.yaml'), 'utf8'), /express-postgres:/);
  assert.equal(readFileSync(join(root, 'secrets/.gitignore'), 'utf8'), ignore, 'the .gitignore gained no duplicate line');
  assert.notEqual(readFileSync(join(root, 'secrets/postgres.env'), 'utf8'), password, '--force makes new secrets');
  const again = cli(['export', root, '--to', 'compose']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /kept +secrets\/postgres\.env/);
  assert.equal(cli(['export', root, '--to', 'nomad']).status, 64);
});
