// One exported service really built and run in a container: flask-app's exported Dockerfile,
// unchanged, built by Podman (Debian's), started, and answering both Repo Runner's health check
// (HTTP from outside) and the compose healthcheck command export wrote (run inside it).
// No registry here serves base images: scripts/install-container-runtime.sh stands in for the
// python:3.11-slim-bookworm image with one built from Debian's own packages. Where Podman is
// This file is in the heavy suite (`npm run test:heavy`, which installs the runtime first), not CI's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import getPort from 'get-port';
import { parse } from 'yaml';
import { copyFixture } from '../helpers/fixtures.js';

const CLI = resolve('dist/cli.cjs');
const IMAGE = 'docker.io/library/python:3.11-slim-bookworm';
// Podman's default limits are above what this machine lets a container set: ask for less.
const LIMITS = ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];
const name = `rr-export-test-${process.pid}`;

function sh(command: string, args: string[], timeout = 120_000) {
  return spawnSync(command, args, { encoding: 'utf8', timeout });
}

after(() => {
  sh('podman', ['rm', '-f', name]);
  sh('podman', ['rmi', '-f', `localhost/${name}`]);
});

test('flask-app: the exported image builds, starts and answers its health check', async () => {
  assert.ok(sh('podman', ['--version']).status === 0 && sh('podman', ['image', 'exists', IMAGE]).status === 0, `podman or the ${IMAGE} stand-in is missing: run scripts/install-container-runtime.sh`);
  const root = copyFixture('flask-app');
  const exported = spawnSync(process.execPath, [CLI, 'export', root, '--to', 'compose'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(exported.status, 0, exported.stderr);
  const build = sh('podman', ['build', '--network', 'host', ...LIMITS, '-t', `localhost/${name}`, '-f', join(root, 'Dockerfile'), root], 600_000);
  assert.equal(build.status, 0, `podman build failed:\n${build.stdout.slice(-3000)}\n${build.stderr.slice(-3000)}`);
  const port = await getPort();
  const run = sh('podman', ['run', '-d', '--name', name, ...LIMITS, '-p', `127.0.0.1:${port}:5000`, `localhost/${name}`]);
  assert.equal(run.status, 0, run.stderr);
  // Repo Runner's health check (GET / below 500), from outside the container, waited for generously.
  let answer: Response | undefined;
  for (let i = 0; i < 120 && !answer; i++) {
    answer = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    if (!answer) await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(answer, `no answer on port ${port}:\n${sh('podman', ['logs', name]).stderr}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(await answer.json(), { app: 'flask-app', status: 'ok' });
  // The compose healthcheck export wrote, run in the container as the engine would run it.
  const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as { services: Record<string, { healthcheck: { test: string[] } }> };
  const probe = compose.services['flask-app'].healthcheck.test;
  assert.equal(probe[0], 'CMD');
  const inside = sh('podman', ['exec', name, ...probe.slice(1)]);
  assert.equal(inside.status, 0, inside.stderr);
  // It runs as the unprivileged user the Dockerfile made.
  assert.equal(sh('podman', ['exec', name, 'id', '-u']).stdout.trim(), '10001');
});
