// The tools a repo pins are brought, not just named: on a PATH where no package manager but npm
// is found, each fixture runs to healthy with its pnpm, Yarn, Bun, Deno, uv, PDM or Pipenv (or
// its Node major, or its Go toolchain) fetched from the registries into a cache of this test, and
// a second run fetches nothing. Ruby and PHP, which no registry here serves, are installed by the
// finding's fix (Debian's packages) when the machine lacks them, and the retried run goes on.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import type { RunEvent } from '../../src/core/model.js';
import { applyFix } from '../../src/core/fixer/apply-fix.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { copyFixture, describeProcesses, survivors } from '../helpers/fixtures.js';
import { run, urlOf, type RecordedRun } from '../helpers/run.js';

/** Tools a fixture here needs that must come from Repo Runner, never from the machine. */
const BROUGHT = ['pnpm', 'yarn', 'yarnpkg', 'bun', 'deno', 'uv', 'pdm', 'pipenv', 'poetry'];

/** The machine's PATH without any folder that holds one of BROUGHT (folders Node and Python need are kept). */
function pathWithoutTools(): string {
  const kept: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const has = BROUGHT.filter((tool) => existsSync(join(dir, tool)));
    if (has.length === 0) kept.push(dir);
    else assert.ok(!['node', 'python3', 'go'].some((t) => existsSync(join(dir, t))), `${dir} holds ${has.join(', ')} beside node/python3/go: the test cannot hide them`);
  }
  return kept.join(delimiter);
}

const PATH = pathWithoutTools();
const CACHE = mkdtempSync(join(tmpdir(), 'rr-tool-cache-'));
const env = () => ({ ...process.env, PATH, REPO_RUNNER_CACHE_DIR: CACHE });
const started: RecordedRun[] = [];
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

const logs = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'log' ? [e.message] : []));

async function runToHealthy(fixture: string, prepare?: (root: string) => void): Promise<{ recorded: RecordedRun; root: string; body: string }> {
  const root = copyFixture(fixture);
  prepare?.(root);
  const recorded = run(root, { engine: { healthTimeoutMs: 180_000 }, host: createNodeHost(env()) });
  started.push(recorded);
  const outcome = await recorded.session.ready;
  assert.equal(outcome, 'healthy', `${fixture}: ${recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n')}`);
  const body = await (await fetch(urlOf(recorded.session, recorded.session.services[0].name))).text();
  await recorded.session.stop();
  assert.deepEqual(survivors({ marker: recorded.session.marker, dir: root }), [], describeProcesses(survivors({ marker: recorded.session.marker, dir: root })));
  return { recorded, root, body };
}

test('no package manager but npm is on the PATH these runs get', () => {
  for (const tool of BROUGHT) assert.notEqual(spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH } }).status, 0, `${tool} is still on the PATH`);
});

for (const [fixture, says, fetched] of [
  ['pnpm9-app', /via pnpm\/9\.15\.9/, /pnpm 9\.15\.9/],
  ['pnpm10-app', /via pnpm\/10\.34\.9/, /pnpm 10\.34\.9/],
  ['yarn1-app', /via yarn\/1\./, /yarn 1\./],
  ['yarn4-app', /via yarn\/4\.18\.1/, /yarn 4\.18\.1/],
  ['bun-app', /bun-app/, /bun 1\./],
  ['deno-app', /deno-app/, /deno 2\./],
  ['uv-starlette', /uv-starlette/, /uv \d/],
  ['pdm-app', /pdm-app on Python 3\./, /pdm \d/],
  ['pipenv-app', /pipenv-app on Python 3\.11/, /pipenv \d/],
] as const) {
  test(`${fixture}: its package manager is fetched into the cache, the run is healthy, and a second run fetches nothing`, async () => {
    const first = await runToHealthy(fixture);
    assert.match(first.body, says);
    assert.ok(logs(first.recorded.events).some((m) => fetched.test(m) && /(fetched from|from Repo Runner's cache)/.test(m)), logs(first.recorded.events).join('\n'));
    const second = await runToHealthy(fixture);
    assert.match(second.body, says);
    const provisioned = logs(second.recorded.events).filter((m) => fetched.test(m));
    assert.ok(provisioned.length > 0 && provisioned.every((m) => /from Repo Runner's cache/.test(m)), `second run: ${provisioned.join('\n')}`);
  });
}

test('yarn4-release-app: the Yarn release the repo carries (yarnPath) runs through a Yarn 1 from the cache', async () => {
  // The release file is Yarn's own bundle, put in place as a repo that commits it would have it.
  const host = createNodeHost(env());
  const yarn4 = await host.tools!.provide({ tool: 'yarn', range: '4.18.1' });
  const bundle = realpathSync(join(yarn4.binDir, 'yarn'));
  const { body, recorded } = await runToHealthy('yarn4-release-app', (root) => {
    mkdirSync(join(root, '.yarn/releases'), { recursive: true });
    cpSync(bundle, join(root, '.yarn/releases/yarn-4.18.1.cjs'));
  });
  assert.match(body, /via yarn\/4\.18\.1/);
  assert.ok(logs(recorded.events).some((m) => /^yarn 1\./.test(m)), 'Yarn 1 provided to hand over to the release');
});

test('node22-app: .nvmrc asks for Node 22, which the machine lacks: it runs on Node 22 from the npm registry', async () => {
  const { body } = await runToHealthy('node22-app');
  assert.match(body, /node v22\./);
});

test('webpack4-app: webpack 4 bundles with MD4, which Node 17+ refuses; with no Node version named, the app runs on Node 16 from the npm registry', async () => {
  const { body, recorded } = await runToHealthy('webpack4-app');
  assert.match(body, /built on Node\.js v16\./);
  assert.ok(logs(recorded.events).some((m) => /^node 16\.\d+\.\d+ for "16"/.test(m)), 'Node 16 provided for the webpack 4 dependency');
});

test('dependency-needs-newer-node: a dependency\'s engines refuses this Node under engine-strict; Node 22 (the floor\'s line, not the newest, which another dependency refuses) is brought and the install repeated', async () => {
  const { body, recorded } = await runToHealthy('dependency-needs-newer-node');
  assert.match(body, /running on node v22\./);
  assert.ok(logs(recorded.events).some((m) => /a dependency needs Node >=22\.12\.0; installing again with Node 22\./.test(m)), 'the log says why the install ran again');
});

test('go-toolchain-app: go.mod asks for Go 1.27 (newer than installed): Go fetches that toolchain and the app runs on it', async () => {
  const { body } = await runToHealthy('go-toolchain-app');
  assert.match(body, /on go1\.27/);
});

/** Debian packages this test installed through a finding's fix, removed again afterwards so the test can run again. */
const installedHere: string[] = [];
after(() => {
  if (installedHere.length === 0) return;
  spawnSync('apt-get', ['purge', '-y', '-qq', ...installedHere], { stdio: 'inherit' });
  spawnSync('apt-get', ['autoremove', '-y', '-qq'], { stdio: 'inherit' });
});

for (const [fixture, tool, packages] of [['php-site', 'php', ['php-cli']], ['sinatra-app', 'ruby', ['ruby-full']]] as const) {
  test(`${fixture}: ${tool} is missing; the finding's fix installs it (apt-get), and the retried run goes on`, async (t) => {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0) return t.skip(`${tool} is installed on this machine: nothing to fix`);
    if (process.getuid?.() !== 0) return t.skip('installing Debian packages needs root');
    const root = copyFixture(fixture);
    const host = createNodeHost(env());
    const recorded = run(root, { engine: { healthTimeoutMs: 60_000 }, host });
    started.push(recorded);
    assert.equal(await recorded.session.ready, 'failed');
    const missing = recorded.session.findings.find((f) => f.code === 'toolchain-missing' && f.message.includes(`needs ${tool}`));
    assert.ok(missing, recorded.session.findings.map((f) => f.message).join('\n'));
    const fix = missing.fixes.find((f) => f.kind === 'command');
    assert.ok(fix && fix.kind === 'command', 'a command fix is offered');
    assert.match(fix.command.args.join(' '), new RegExp(`apt-get install -y --no-install-recommends ${packages.join(' ')}`));
    // As a user answering yes to each toolchain's fix (Ruby also needs Bundler's package).
    for (const finding of recorded.session.findings.filter((f) => f.code === 'toolchain-missing')) {
      for (const each of finding.fixes.filter((f) => f.kind === 'command')) {
        installedHere.push(...(/--no-install-recommends (.*)$/.exec(each.command.args.join(' '))?.[1].split(' ') ?? []));
        const applied = await applyFix(each, { root, fs: host.fs, processes: host.processes, env: env() as Record<string, string> });
        assert.ok(applied.ok, applied.message);
        assert.equal(applied.rerunFrom, 'requirements');
      }
    }
    const outcome = await recorded.session.retry();
    const codes = recorded.session.findings.map((f) => f.code);
    if (tool === 'php') {
      assert.equal(outcome, 'healthy', codes.join());
      assert.match(await (await fetch(urlOf(recorded.session, 'php-site'))).text(), /php-site/);
    } else {
      // RubyGems cannot be reached from here: the run now stops at `bundle install`, and says so.
      const install = recorded.session.findings.filter((f) => f.phase === 'setup').at(-1);
      assert.ok(install, `the retried run reached setup: ${codes.join()}`);
      assert.match(`${install.message}\n${install.excerpt.join('\n')}`, /bundle|rubygems|gem/i);
    }
    await recorded.session.stop();
  });
}

test('the cache holds each tool version once, listed with its size', async () => {
  const cached = await createNodeHost(env()).tools!.cached();
  const names = cached.map((c) => `${c.tool}@${c.version}`);
  assert.equal(new Set(names).size, names.length);
  assert.ok(cached.every((c) => c.bytes > 0 && existsSync(c.dir) && statSync(c.dir).isDirectory()), JSON.stringify(cached));
  assert.ok(readdirSync(dirname(cached[0].dir)).length > 0);
});

test('three Yarn 1 services in one repo install at once without corrupting the one Yarn cache (their installs take turns)', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'rr-three-yarn-'));
  const root = join(parent, 'three-yarn');
  for (const name of ['one', 'two', 'three']) cpSync(copyFixture('yarn1-app'), join(root, name), { recursive: true });
  // A Yarn cache of this test, empty: the first install of each package writes it.
  const recorded = run(root, { engine: { healthTimeoutMs: 120_000 }, host: createNodeHost({ ...env(), YARN_CACHE_FOLDER: mkdtempSync(join(tmpdir(), 'rr-yarn-cache-')) }) });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  assert.deepEqual(recorded.session.services.map((s) => s.name).sort(), ['one', 'three', 'two']);
  const installs = recorded.events.filter((e) => e.type === 'log' && /: yarn install/.test(e.message));
  assert.equal(installs.length, 3);
  await recorded.session.stop();
});

test('django-newer-python: Django 6 needs Python 3.12+ and nothing pins one: the venv is made again with a newer Python this machine has', async () => {
  const machine = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[1])'], { env: env(), encoding: 'utf8' });
  const minor = Number(machine.stdout.trim());
  const { recorded, body } = await runToHealthy('django-newer-python');
  const served = Number(/django on python 3\.(\d+)/.exec(body)?.[1]);
  assert.ok(served >= 12, `the app runs on Python 3.${served}: ${body}`);
  if (minor < 12) {
    assert.ok(logs(recorded.events).some((l) => /a pinned package needs Python >=3\.12; making \.venv again with Python 3\.1[2-9]/.test(l)), logs(recorded.events).join('\n'));
  }
});
