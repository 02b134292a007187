// The Dev Container export: toolchains as features at the detected versions, forwarded ports
// with labels, postCreateCommand running the installs (every word quoted), databases as compose
// services beside the workspace container.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { exportFixture, fileOf } from '../helpers/export.js';
import { deploymentOf } from '../../src/core/export/deployment.js';
import { devcontainerFiles } from '../../src/core/export/devcontainer.js';
import type { Plan } from '../../src/core/model.js';
import { fakeSecrets } from '../helpers/export.js';

test('features at the detected versions, labelled ports, installs after creation, the database beside it', async () => {
  const result = await exportFixture('express-postgres', 'devcontainer');
  const config = JSON.parse(fileOf(result, '.devcontainer/devcontainer.json')) as Record<string, unknown>;
  assert.deepEqual(config.features, { 'ghcr.io/devcontainers/features/node:1': { version: '18' } });
  assert.deepEqual(config.forwardPorts, [3000]);
  assert.deepEqual(config.portsAttributes, { 3000: { label: 'express-postgres', onAutoForward: 'openBrowserOnce' } });
  assert.deepEqual(config.postCreateCommand, { 'express-postgres': 'npm ci --no-audit --no-fund' });
  assert.equal(config.dockerComposeFile, 'compose.yaml');
  assert.equal(config.service, 'workspace');
  const compose = parse(fileOf(result, '.devcontainer/compose.yaml')) as { services: Record<string, { image: string; volumes?: string[]; env_file?: string[] }> };
  assert.deepEqual(Object.keys(compose.services), ['workspace', 'postgres']);
  assert.deepEqual(compose.services.workspace.volumes, ['..:/workspaces/express-postgres:cached']);
  assert.deepEqual(compose.services.workspace.env_file, ['./secrets/workspace.env']);
  assert.match(fileOf(result, '.devcontainer/secrets/workspace.env'), /^DATABASE_URL=postgresql:\/\/notes:FAKE-SECRET-\d+-postgres-password@postgres:5432\/notes$/m);
});

test('Java with Maven and Python: their features with the versions the repo asks for', async () => {
  const java = JSON.parse(fileOf(await exportFixture('spring-boot-maven', 'devcontainer'), '.devcontainer/devcontainer.json')) as { features: unknown; image?: string };
  assert.deepEqual(java.features, { 'ghcr.io/devcontainers/features/java:1': { version: '17', installMaven: 'true' } });
  assert.equal(java.image, 'mcr.microsoft.com/devcontainers/base:bookworm', 'no database: an image, no compose');
  const python = JSON.parse(fileOf(await exportFixture('flask-redis', 'devcontainer'), '.devcontainer/devcontainer.json')) as { features: unknown };
  assert.deepEqual(python.features, { 'ghcr.io/devcontainers/features/python:1': { version: '3.11' } });
});

test('a workspace: its services share one install, run once after creation', async () => {
  const config = JSON.parse(fileOf(await exportFixture('npm-workspaces', 'devcontainer'), '.devcontainer/devcontainer.json')) as { postCreateCommand: Record<string, string>; portsAttributes: Record<string, { label: string }> };
  assert.deepEqual(config.postCreateCommand, { 'api+web': 'npm ci --no-audit --no-fund' });
  assert.deepEqual(Object.values(config.portsAttributes).map((p) => p.label), ['api', 'web']);
});

test('postCreateCommand quotes every word: a folder name from the repo is never shell code', () => {
  const plan: Plan = {
    root: '/r/x', databases: [], env: [], requirements: [], findings: [],
    services: [{
      name: 'odd', kind: 'node', framework: 'express', dir: "a b'$(touch pwned)", packageManager: 'npm', manifests: [], links: [], evidence: [],
      install: [{ command: { command: 'npm', args: ['ci'], cwd: "a b'$(touch pwned)" } }],
      start: { command: 'npm', args: ['start'], cwd: "a b'$(touch pwned)" }, port: { preferred: 3000, env: 'PORT' }, health: { kind: 'http', path: '/' },
    }],
  };
  const files = devcontainerFiles(deploymentOf(plan, {}, fakeSecrets()), '.devcontainer', 'x');
  const config = JSON.parse(files.find((f) => f.path.endsWith('devcontainer.json'))!.content) as { postCreateCommand: Record<string, string> };
  assert.equal(config.postCreateCommand.odd, `(cd 'a b'\\''$(touch pwned)' && npm ci)`);
});
