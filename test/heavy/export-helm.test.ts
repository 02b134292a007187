// The Helm chart `repo-runner export --helm` writes, checked by Helm itself: `helm lint`, then
// `helm template` with a value set at install time, its output validated against the Kubernetes
// schemas. Helm is built from the Go module proxy (about ten minutes on two cores, once), so this
// file is in the heavy suite (`npm run test:heavy`), not CI's; the chart's files are still
// snapshot-tested in CI (test/unit/export-*.test.ts).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { copyFixture } from '../helpers/fixtures.js';

const CLI = resolve('dist/cli.cjs');
let validators = '';

before(() => {
  validators = execFileSync('bash', ['scripts/install-export-validators.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 1_800_000 }).trim().split('\n').pop()!;
});

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
}

function run(command: string, args: string[], cwd?: string) {
  return spawnSync(command, args, { encoding: 'utf8', cwd, timeout: 120_000 });
}

function kubernetesValidate(files: string[]) {
  return run(join(validators, 'venv', 'bin', 'kubernetes-validate'), ['--strict', '--kubernetes-version', '1.33.0', ...files]);
}

function helmBinary(): string | undefined {
  const cached = join(validators, 'bin', 'helm');
  if (existsSync(cached)) return cached;
  return run('helm', ['version']).status === 0 ? 'helm' : undefined;
}

for (const fixture of ['express-postgres', 'npm-workspaces']) {
  test(`${fixture}: the Helm chart lints, renders with helm template, and its output validates`, () => {
    const helm = helmBinary();
    assert.ok(helm, 'helm is missing: scripts/install-export-validators.sh builds it unless REPO_RUNNER_NO_HELM=1');
    const root = copyFixture(fixture);
    assert.equal(cli(['export', root, '--to', 'kubernetes', '--helm']).status, 0);
    const chart = join(root, 'deploy/kubernetes/helm', fixture);
    const lint = run(helm, ['lint', chart]);
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    const rendered = run(helm, ['template', 'rr', chart, '--set', `services.${fixture === 'npm-workspaces' ? 'api' : fixture}.replicas=3`]);
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.match(rendered.stdout, /replicas: 3/, 'a value set at install reaches the manifest');
    const out = join(root, 'helm.yaml');
    writeFileSync(out, rendered.stdout);
    const valid = kubernetesValidate([out]);
    assert.equal(valid.status, 0, `kubernetes-validate rejected helm template's output:\n${valid.stdout}${valid.stderr}`);
  });
}

