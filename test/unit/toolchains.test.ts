// Toolchain versions are remembered across runs while the program PATH finds is the same file;
// a changed program, or a version manager's shim choosing another version, is asked again. Real programs, real processes.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createToolchainProbe } from '../../src/node/toolchains.js';

function fakeTool(dir: string, name: string, version: string, calls: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `#!/bin/sh\necho x >> "${calls}"\necho "${name} v${version}"\n`);
  chmodSync(join(dir, name), 0o755);
}

const count = (file: string) => { try { return readFileSync(file, 'utf8').split('\n').filter(Boolean).length; } catch { return 0; } };

test('a version is asked once per program file, across runs; a changed program, or a shim whose selection changed, is asked again', async () => {
  const base = mkdtempSync(join(tmpdir(), 'rr-tools-'));
  const calls = join(base, 'calls.log');
  const env = { PATH: `${join(base, 'bin')}:/usr/bin:/bin`, REPO_RUNNER_CACHE_DIR: join(base, 'cache') };
  fakeTool(join(base, 'bin'), 'mytool', '1.2.3', calls);

  assert.equal(await createToolchainProbe(env).version('mytool'), '1.2.3');
  assert.equal(await createToolchainProbe(env).version('mytool'), '1.2.3', 'a second run');
  assert.equal(count(calls), 1, 'asked once');

  fakeTool(join(base, 'bin'), 'mytool', '1.3.10', calls); // an upgrade: another size
  assert.equal(await createToolchainProbe(env).version('mytool'), '1.3.10');
  assert.equal(count(calls), 2);

  const shims = { ...env, PATH: `${join(base, 'shims')}:/usr/bin:/bin`, PYENV_VERSION: '3.11.7' };
  fakeTool(join(base, 'shims'), 'shimmed', '3.11.7', calls);
  await createToolchainProbe(shims).version('shimmed');
  await createToolchainProbe(shims).version('shimmed');
  assert.equal(count(calls), 3, 'a shim with the same selection is asked once');
  await createToolchainProbe({ ...shims, PYENV_VERSION: '3.12.1' }).version('shimmed');
  assert.equal(count(calls), 4, 'another version chosen: asked again');

  assert.equal(await createToolchainProbe(env).version('not-installed-anywhere'), undefined);
});
