// Tools a service needs and the machine lacks are provided (through the host's ToolProvisioner)
// and put first on the PATH of its installs and its start; what cannot be had is a finding with
// the registry's reason and, where one exists, the nearest version as a pin. On a FakeHost: the
// provisioner here is a fake that records what it was asked (the real one is tested in
// tool-provisioner.test.ts, and end to end in the stacks tests).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { ProvidedTool, ToolProvisioner, ToolRequest, ToolUnavailable } from '../../src/core/host.js';
import type { Finding, RunEvent } from '../../src/core/model.js';
import { startRun, type RunRequest } from '../../src/core/orchestrator.js';
import { exitResult, FakeHost, fakeRepo, turns, type FakeHostOptions, type RunCall } from '../helpers/fake-host.js';

const ENGINE: NonNullable<RunRequest['options']> = { healthTimeoutMs: 1_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 };

/** A fake provisioner: answers from `answer`, records every request. */
function fakeTools(answer: (request: ToolRequest) => ProvidedTool | ToolUnavailable): ToolProvisioner & { requests: ToolRequest[] } {
  const requests: ToolRequest[] = [];
  return {
    requests,
    async provide(request) {
      requests.push(request);
      const result = answer(request);
      if ('binDir' in result) return result;
      throw Object.assign(new Error(result.reason), { unavailable: result });
    },
    cached: async () => [],
    clear: async () => [],
  };
}

const provided = (request: ToolRequest, version: string): ProvidedTool => ({ tool: request.tool, version, binDir: `/cache/tools/${request.tool}/${version}/bin`, source: 'registry', detail: 'the npm registry' });

async function run(t: TestContext, files: Record<string, string>, host: FakeHost, options: NonNullable<RunRequest['options']> = {}) {
  const repo = fakeRepo('shop', files);
  const events: RunEvent[] = [];
  const session = startRun({ root: repo.root, host, options: { ...ENGINE, ...options }, onEvent: (e) => { events.push(e); host.changed(); } });
  t.after(async () => {
    await session.stop(0);
    await turns(5);
    repo.cleanup();
  });
  const outcome = await session.ready;
  return { outcome, session, events, findings: session.findings };
}

const pnpmApp = (packageManager = 'pnpm@9.12.0') => ({
  'package.json': JSON.stringify({ name: 'shop', packageManager, scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } }),
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'server.js': "require('express')().listen(process.env.PORT);\n",
});

const hostWith = (options: FakeHostOptions, tools?: ToolProvisioner) => {
  const host = new FakeHost(options);
  host.tools = tools;
  host.onSpawn = (child) => { child.answer = 'ok'; };
  return host;
};

const codes = (findings: Finding[]) => findings.map((f) => f.code);

/** Whether PATH holds `first`, ahead of `then` (the machine's own folders). */
const before = (path: string | undefined, first: string, then: string) => {
  const dirs = (path ?? '').split(':');
  return dirs.includes(first) && dirs.indexOf(first) < dirs.indexOf(then);
};

test('a package manager the machine lacks is provided at the pinned version and is first on the PATH of the install and the start', async (t) => {
  const tools = fakeTools((r) => provided(r, '9.12.0'));
  const host = hostWith({ versions: { pnpm: undefined } }, tools);
  const { outcome, findings } = await run(t, pnpmApp(), host);
  assert.equal(outcome, 'healthy');
  assert.deepEqual(tools.requests, [{ tool: 'pnpm', range: '9.12.0' }]);
  const install = host.runs.find((r: RunCall) => r.spec.command === 'pnpm');
  assert.ok(install, 'pnpm install ran');
  assert.ok(install.options.env.PATH?.startsWith('/cache/tools/pnpm/9.12.0/bin:'), install.options.env.PATH);
  assert.ok(before(host.spawned[0].options.env.PATH, '/cache/tools/pnpm/9.12.0/bin', '/usr/bin'), `the service starts with it too: ${host.spawned[0].options.env.PATH}`);
  assert.deepEqual(codes(findings).filter((c) => c.startsWith('toolchain')), []);
});

test('a package manager is fetched after the Node its service asks for, and tried on it (pnpm 11 does not run on Node 20)', async (t) => {
  const tools = fakeTools((r) => provided(r, r.tool === 'node' ? '24.1.0' : '11.0.1'));
  const host = hostWith({ versions: { pnpm: undefined, node: '20.19.0' } }, tools);
  const files = pnpmApp('pnpm@11.0.1');
  files['package.json'] = JSON.stringify({ ...JSON.parse(files['package.json']), engines: { node: '>=24' } });
  const { outcome } = await run(t, files, host);
  assert.equal(outcome, 'healthy');
  assert.deepEqual(tools.requests, [{ tool: 'node', range: '>=24' }, { tool: 'pnpm', range: '11.0.1', runtimeDirs: ['/cache/tools/node/24.1.0/bin'] }]);
});

test('an installed version the repo does not accept is replaced for this service; an accepted one is used as it is', async (t) => {
  const tools = fakeTools((r) => provided(r, '9.12.0'));
  const old = hostWith({ versions: { pnpm: '8.15.9' } }, tools);
  assert.equal((await run(t, pnpmApp(), old)).outcome, 'healthy');
  assert.deepEqual(tools.requests.map((r) => r.range), ['9.12.0']);
  const fine = hostWith({ versions: { pnpm: '9.12.0' } }, tools);
  assert.equal((await run(t, pnpmApp(), fine)).outcome, 'healthy');
  assert.equal(tools.requests.length, 1, 'nothing provided when the installed one fits');
  assert.equal(fine.runs.find((r) => r.spec.command === 'pnpm')?.options.env.PATH, '/usr/bin:/bin');
});

test('a version the registry refuses: a finding with its reason and the nearest version offered as a pin in repo-runner.json', async (t) => {
  const tools = fakeTools((r) => ({ tool: r.tool, range: r.range, reason: 'npm error code ETARGET: No matching version found for pnpm@9.99.0', nearest: '9.15.9' }));
  const host = hostWith({ versions: { pnpm: undefined } }, tools);
  const { outcome, findings } = await run(t, pnpmApp('pnpm@9.99.0'), host);
  assert.equal(outcome, 'failed');
  const finding = findings.find((f) => f.code === 'toolchain-unavailable');
  assert.ok(finding, codes(findings).join());
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /needs pnpm 9\.99\.0, which could not be had: npm error code ETARGET: No matching version found for pnpm@9\.99\.0; pnpm 9\.15\.9 can be/);
  assert.deepEqual(finding.fixes, [{ kind: 'setting', title: 'Use pnpm 9.15.9 (pin it in repo-runner.json)', auto: false, file: 'repo-runner.json', path: ['tools', 'pnpm'], value: '9.15.9', rerunFrom: 'requirements' }]);
  assert.equal(host.runs.some((r) => r.spec.command === 'pnpm'), false, 'no install without the tool');
});

test('with another version installed, a tool that cannot be had is a warning and the run goes on with it', async (t) => {
  const tools = fakeTools((r) => ({ tool: r.tool, range: r.range, reason: 'getaddrinfo ENOTFOUND registry.npmjs.org' }));
  const host = hostWith({ versions: { pnpm: '8.15.9' } }, tools);
  const { outcome, findings } = await run(t, pnpmApp(), host);
  assert.equal(outcome, 'healthy');
  const finding = findings.find((f) => f.code === 'toolchain-unavailable');
  assert.equal(finding?.severity, 'warning');
  assert.match(finding?.message ?? '', /8\.15\.9 is installed and may still work/);
  assert.deepEqual(finding?.fixes, [], 'no pin is offered without a version that can be had');
});

test('a repo-runner.json tools pin replaces the version detection read', async (t) => {
  const tools = fakeTools((r) => provided(r, r.range!));
  const host = hostWith({ versions: { pnpm: undefined } }, tools);
  await run(t, { ...pnpmApp('pnpm@9.99.0'), 'repo-runner.json': JSON.stringify({ tools: { pnpm: '9.15.9' } }) }, host);
  assert.deepEqual(tools.requests, [{ tool: 'pnpm', range: '9.15.9' }]);
});

test('provisioning off (--no-provision, repoRunner.provisionTools): only the missing tool is reported', async (t) => {
  const tools = fakeTools((r) => provided(r, '9.12.0'));
  const host = hostWith({ versions: { pnpm: undefined } }, tools);
  const { outcome, findings } = await run(t, pnpmApp(), host, { provisionTools: false });
  assert.equal(outcome, 'failed');
  assert.deepEqual(tools.requests, []);
  assert.ok(codes(findings).includes('toolchain-missing'));
});

test('two services needing the same tool share one provisioning', async (t) => {
  const tools = fakeTools((r) => provided(r, '9.12.0'));
  const host = hostWith({ versions: { pnpm: undefined } }, tools);
  const member = (name: string) => ({ [`${name}/package.json`]: JSON.stringify({ name, packageManager: 'pnpm@9.12.0', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } }), [`${name}/pnpm-lock.yaml`]: "lockfileVersion: '9.0'\n", [`${name}/server.js`]: 'require("express")().listen(process.env.PORT);\n' });
  const { outcome } = await run(t, { ...member('api'), ...member('web') }, host);
  assert.equal(outcome, 'healthy');
  assert.equal(tools.requests.length, 1);
  assert.equal(host.spawned.filter((p) => before(p.options.env.PATH, '/cache/tools/pnpm/9.12.0/bin', '/usr/bin')).length, 2);
});

test('go.mod asking for a newer Go than installed: Go fetches its toolchain (GOTOOLCHAIN=auto) for the install and the start', async (t) => {
  const host = hostWith({ versions: { go: '1.26.8' } });
  const { outcome, findings } = await run(t, { 'go.mod': 'module example.com/shop\n\ngo 1.27\n\ntoolchain go1.27.2\n', 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":"+"8080", nil) }\n' }, host);
  assert.equal(outcome, 'healthy');
  assert.deepEqual(codes(findings).filter((c) => c.startsWith('toolchain')), []);
  assert.equal(host.runs.find((r) => r.spec.command === 'go')?.options.env.GOTOOLCHAIN, 'auto');
  assert.equal(host.spawned[0].options.env.GOTOOLCHAIN, 'auto');
});

test('a missing system toolchain: the finding offers Debian\'s package as a command that asks first, then the requirements run again', async (t) => {
  const host = hostWith({ versions: { ruby: undefined, bundle: undefined } });
  const { findings } = await run(t, { Gemfile: "source 'https://rubygems.org'\ngem 'sinatra'\n", 'app.rb': "require 'sinatra'\nget('/') { 'ok' }\n" }, host);
  const ruby = findings.find((f) => f.code === 'toolchain-missing' && /needs ruby/.test(f.message));
  assert.ok(ruby, codes(findings).join());
  assert.deepEqual(ruby.fixes, [{
    kind: 'command', title: 'Install ruby-full with apt-get (Debian)', auto: false,
    command: { command: 'sh', args: ['-c', 'apt-get update -qq && apt-get install -y --no-install-recommends ruby-full'], cwd: '' }, rerunFrom: 'requirements',
  }]);
});

test('Yarn installs take turns (one shared cache); npm installs run side by side', async (t) => {
  for (const manager of ['yarn', 'npm'] as const) {
    let running = 0;
    let most = 0;
    const host = hostWith({
      run: async ({ spec }) => {
        if (spec.command !== manager) return exitResult(0);
        running++;
        most = Math.max(most, running);
        await turns(3);
        running--;
        return exitResult(0);
      },
    });
    const lock = manager === 'yarn' ? { 'yarn.lock': '# yarn lockfile v1\n' } : { 'package-lock.json': '{"lockfileVersion":3}' };
    const member = (name: string) => Object.fromEntries(Object.entries({ 'package.json': JSON.stringify({ name, scripts: { start: 'node server.js' } }), 'server.js': '', ...lock }).map(([file, text]) => [`${name}/${file}`, text]));
    const { outcome } = await run(t, { ...member('one'), ...member('two'), ...member('three') }, host);
    assert.equal(outcome, 'healthy', manager);
    assert.equal(host.runs.filter((r) => r.spec.command === manager).length, 3, manager);
    assert.equal(most, manager === 'yarn' ? 1 : 3, `${manager}: at most ${most} installs at once`);
  }
});

test('a Python no one installed here: the nearest installed one is used, and a warning says which', async (t) => {
  const tools = fakeTools((r) => (r.range === '==3.13.0' ? { ...provided(r, '3.13.0'), source: 'version-manager', detail: 'pyenv: /home/fake/.pyenv/versions/3.13.0' } : { tool: r.tool, range: r.range, reason: 'no Python 3.14 is installed here and no registry serves CPython builds', nearest: '3.13.0' }));
  const host = hostWith({ versions: { python3: '3.11.7' } }, tools);
  const { outcome, findings } = await run(t, { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', '.python-version': '3.14\n' }, host);
  assert.equal(outcome, 'healthy');
  assert.deepEqual(tools.requests.map((r) => r.range), ['==3.14.*', '==3.13.0']);
  const warning = findings.find((f) => f.code === 'toolchain-unavailable');
  assert.equal(warning?.severity, 'warning');
  assert.match(warning?.message ?? '', /using Python 3\.13\.0 \(pyenv: .*\), the nearest installed/);
  assert.ok(before(host.spawned[0].options.env.PATH, '/cache/tools/python/3.13.0/bin', '/usr/bin'));
  // As an activated venv: the service's .venv on PATH and in VIRTUAL_ENV (uWSGI's `virtualenv=$(VIRTUAL_ENV)`).
  const venv = host.spawned[0].options.env.VIRTUAL_ENV ?? '';
  assert.match(venv, /\/\.venv$/);
  assert.ok(before(host.spawned[0].options.env.PATH, `${venv}/bin`, '/cache/tools/python/3.13.0/bin'));
});

test('a Node install is told not to download test browsers (Cypress, Puppeteer, Playwright); the user\'s own setting wins', async (t) => {
  const host = hostWith({ env: { PATH: '/usr/bin:/bin', HOME: '/home/fake', PUPPETEER_SKIP_DOWNLOAD: 'false' } });
  await run(t, { 'package.json': JSON.stringify({ name: 'shop', scripts: { start: 'node server.js' } }), 'package-lock.json': '{"lockfileVersion":3}', 'server.js': '' }, host);
  const install = host.runs.find((r) => r.spec.command === 'npm');
  assert.equal(install?.options.env.CYPRESS_INSTALL_BINARY, '0');
  assert.equal(install?.options.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, '1');
  assert.equal(install?.options.env.PUPPETEER_SKIP_DOWNLOAD, 'false', 'set by the user: kept');
});

test('a Node brought for one dependency\'s engines meets another that asks for more: each round brings the floor\'s own line, until the install passes', async (t) => {
  const tools = fakeTools((r) => provided(r, r.range?.includes('<23') ? '22.23.5' : r.range?.includes('<25') ? '24.15.0' : '26.12.1'));
  const refused = (required: string, actual: string) => exitResult(1, ['npm error code EBADENGINE', `npm error notsup Required: {"node":"${required}"}`, `npm error notsup Actual:   {"node":"${actual}","npm":"11.19.1"}`]);
  const host = hostWith({
    run: ({ spec, options }) => {
      if (spec.command !== 'npm') return exitResult(0);
      const path = options.env.PATH ?? '';
      return path.includes('/node/24.15.0/') ? exitResult(0) : path.includes('/node/22.23.5/') ? refused('>=24', 'v22.23.5') : refused('>=22', 'v20.20.2');
    },
  }, tools);
  const app = { 'package.json': JSON.stringify({ name: 'shop', scripts: { start: 'node server.js' }, dependencies: { ping: '^1' } }), 'server.js': 'require("http").createServer().listen(process.env.PORT);\n' };
  const { outcome, events } = await run(t, app, host);
  assert.equal(outcome, 'healthy');
  assert.deepEqual(tools.requests.filter((r) => r.tool === 'node').map((r) => r.range), ['>=22.0.0 <23.0.0-0', '>=24.0.0 <25.0.0-0']);
  const dirs = (host.spawned[0].options.env.PATH ?? '').split(':');
  assert.ok(dirs.includes('/cache/tools/node/24.15.0/bin') && !dirs.slice(0, dirs.indexOf('/cache/tools/node/24.15.0/bin')).some((d) => d.includes('/node/22.')), `the service runs on the last Node brought: ${dirs.join(':')}`);
  assert.equal(events.filter((e) => e.type === 'log' && /a dependency needs Node/.test(e.message)).length, 2);
});
