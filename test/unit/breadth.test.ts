// The stacks beyond the web's usual ones: C and C++ (CMake, Meson), plain Java programs (Maven's
// main class, Gradle's application plugin), .NET console apps and workers, Elixir (Mix, Phoenix)
// and Gleam. Each is detected and planned as argument arrays from a fixture of ours; where its
// toolchain is missing, the run stops at the requirements with the real way to get it (FakeHost:
// no toolchain but Node, Python, Go and Rust answers).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { json5ToJson } from '../../src/core/detect/json5.js';
import { startRun } from '../../src/core/orchestrator.js';
import { TOOLCHAINS } from '../../src/core/requirements/toolchains.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { createToolchainProbe } from '../../src/node/toolchains.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';
import { copyFixture, FIXTURES } from '../helpers/fixtures.js';

const argv = (c: { command: string; args: string[] }) => [c.command, ...c.args];

const EXPECTED = {
  'cmake-app': {
    framework: 'cmake', start: ['build/tally'], health: 'tcp', tools: ['cmake', 'cxx'],
    install: [['cmake', '-S', '.', '-B', 'build', '-DCMAKE_BUILD_TYPE=Release'], ['cmake', '--build', 'build']],
  },
  'meson-app': { framework: 'meson', start: ['build/src/countdown'], health: 'tcp', tools: ['meson', 'ninja', 'cc'], install: [['meson', 'setup', 'build'], ['meson', 'compile', '-C', 'build']] },
  'java-main': { framework: 'java-main', start: ['mvn', '-q', 'compile', 'exec:java', '-Dexec.mainClass=com.example.greeter.Greeter'], health: 'tcp', tools: ['java', 'mvn'], install: [] },
  'gradle-application': { framework: 'java-gradle-application', start: ['gradle', '--console=plain', 'run'], health: 'tcp', tools: ['java', 'gradle'], install: [] },
  'dotnet-console': { framework: 'dotnet-console', start: ['dotnet', 'run', '--no-restore'], health: 'tcp', tools: ['dotnet'], install: [['dotnet', 'restore']] },
  'dotnet-worker': { framework: 'dotnet-worker', start: ['dotnet', 'run', '--no-restore'], health: 'none', tools: ['dotnet'], install: [['dotnet', 'restore']] },
  'phoenix-app': { framework: 'phoenix', start: ['mix', 'phx.server'], health: 'http', tools: ['elixir'], install: [['mix', 'local.hex', '--force', '--if-missing'], ['mix', 'deps.get']] },
  // No deps: nothing to fetch, so no Hex (which needs the network) either.
  'elixir-mix': { framework: 'elixir-mix', start: ['mix', 'run', '--no-halt'], health: 'none', tools: ['elixir'], install: [] },
  'gleam-app': { framework: 'gleam', start: ['gleam', 'run'], health: 'tcp', tools: ['gleam', 'erlang'], install: [['gleam', 'deps', 'download']] },
} as const;

for (const [fixture, expected] of Object.entries(EXPECTED)) {
  test(`${fixture}: detected as ${expected.framework}, planned as argument arrays`, async () => {
    const plan = await detectPlan(join(FIXTURES, fixture), nodeFileSystem);
    assert.equal(plan.services.length, 1, JSON.stringify(plan.services.map((s) => s.name)));
    const [service] = plan.services;
    assert.equal(service.framework, expected.framework);
    assert.deepEqual(argv(service.start), expected.start);
    assert.deepEqual(service.install.map((step) => argv(step.command)), expected.install);
    assert.equal(service.health.kind, expected.health);
    assert.deepEqual(plan.requirements.map((r) => r.tool), expected.tools);
    assert.ok(service.evidence.every((e) => e.file !== ''), 'every reason points at a file');
  });
}

test('the version a project asks for is read from its own files', async () => {
  const range = async (fixture: string, tool: string) => (await detectPlan(join(FIXTURES, fixture), nodeFileSystem)).requirements.find((r) => r.tool === tool)?.range;
  assert.equal(await range('cmake-app', 'cmake'), '>=3.16');
  assert.equal(await range('meson-app', 'meson'), '>=0.60');
  assert.equal(await range('java-main', 'java'), '>=17');
  assert.equal(await range('elixir-mix', 'elixir'), '>=1.14');
  assert.equal(await range('gleam-app', 'gleam'), '>=1.0.0');
});

test('C and C++: a build file a parent adds is part of its project; tests are not the app; a C-only CMake project needs cc', async (t) => {
  const repo = fakeRepo('tools', {
    'CMakeLists.txt': 'cmake_minimum_required(VERSION 3.10)\nproject(tools C)\nadd_subdirectory(tests)\nadd_subdirectory(cli)\n',
    'tests/CMakeLists.txt': 'add_executable(unit_tests t.c)\n',
    'cli/CMakeLists.txt': 'add_executable(toolcli main.c)\n',
    'cli/main.c': 'int main(void) { return 0; }\n',
  });
  t.after(repo.cleanup);
  const plan = await detectPlan(repo.root, nodeFileSystem);
  assert.deepEqual(plan.services.map((s) => [s.framework, argv(s.start)]), [['cmake', ['build/cli/toolcli']]]);
  assert.deepEqual(plan.requirements.map((r) => r.tool), ['cmake', 'cc']);
  assert.equal(plan.services[0].evidence.at(-1)?.file, 'cli/CMakeLists.txt');
});

test('Java and .NET: a pom with no main class is a library, an aggregator pom runs its module, a named mainClass wins; a .NET test project is not run', async (t) => {
  const library = fakeRepo('lib', { 'pom.xml': '<project><artifactId>lib</artifactId></project>\n', 'src/main/java/lib/Util.java': 'package lib;\nclass Util {}\n' });
  const named = fakeRepo('tool', {
    'pom.xml': '<project><artifactId>tool</artifactId><properties><exec.mainClass>tool.Cli</exec.mainClass></properties></project>\n',
    'src/main/java/tool/Cli.java': 'package tool;\npublic class Cli { public static void main(String[] a) {} }\n',
    'src/main/java/tool/Other.java': 'package tool;\npublic class Other { public static void main(String[] a) {} }\n',
  });
  const aggregator = fakeRepo('parent', {
    'pom.xml': '<project><artifactId>parent</artifactId><packaging>pom</packaging><modules><module>app</module></modules><build><pluginManagement><plugins><plugin><configuration><mainClass>app.Main</mainClass></configuration></plugin></plugins></pluginManagement></build></project>\n',
    'app/pom.xml': '<project><artifactId>app</artifactId></project>\n',
    'app/src/main/java/app/Main.java': 'package app;\npublic class Main { public static void main(String[] args) {} }\n',
  });
  const tests = fakeRepo('Suite', { 'Suite.Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n<PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" /></ItemGroup>\n</Project>\n' });
  t.after(() => { library.cleanup(); named.cleanup(); aggregator.cleanup(); tests.cleanup(); });
  assert.deepEqual((await detectPlan(library.root, nodeFileSystem)).services, []);
  assert.deepEqual((await detectPlan(aggregator.root, nodeFileSystem)).services.map((s) => [s.name, s.dir, s.start.args.at(-1)]), [['app', 'app', '-Dexec.mainClass=app.Main']], 'the module runs, not the aggregator');
  assert.deepEqual((await detectPlan(tests.root, nodeFileSystem)).services, [], 'a .NET test project is not a program to run');
  const plan = await detectPlan(named.root, nodeFileSystem);
  assert.deepEqual(plan.services[0].start.args.at(-1), '-Dexec.mainClass=tool.Cli');
  assert.equal(plan.services[0].evidence.at(-1)?.file, 'pom.xml');
});

for (const [fixture, tool, hint, packages] of [
  ['cmake-app', 'cmake', /apt-get install cmake g\+\+/, ['cmake', 'g++']],
  ['cmake-app', 'cxx', /apt-get install g\+\+/, ['g++']],
  ['meson-app', 'meson', /apt-get install meson ninja-build g\+\+/, ['meson', 'ninja-build', 'g++']],
  ['phoenix-app', 'elixir', /apt-get install elixir erlang/, ['elixir', 'erlang']],
  ['elixir-mix', 'elixir', /apt-get install elixir erlang/, ['elixir', 'erlang']],
  ['gleam-app', 'gleam', /not in Debian 12's archive.*gleam\.run/, undefined],
  ['dotnet-console', 'dotnet', /not in Debian 12's archive.*packages? feed.*dotnet-sdk-8\.0/, undefined],
  ['gradle-application', 'gradle', /apt-get install gradle.*gradlew/, ['gradle']],
] as const) {
  test(`${fixture}: with ${tool} missing, the run stops at the requirements and says how to get it`, async (t) => {
    const root = copyFixture(fixture);
    const host = new FakeHost({ versions: { java: '17.0.12', mvn: '3.8.7' } });
    const session = startRun({ root, host, options: { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
    t.after(async () => { await session.stop(0); await turns(5); rmSync(dirname(root), { recursive: true, force: true }); });
    assert.equal(await session.ready, 'failed');
    const finding = session.findings.find((f) => f.code === 'toolchain-missing' && f.message.includes(`needs ${tool}`));
    assert.ok(finding, session.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
    assert.match(finding.message, hint);
    const fix = finding.fixes.find((f) => f.kind === 'command');
    if (packages) assert.ok(fix && fix.kind === 'command' && fix.command.args.join(' ').endsWith(packages.join(' ')), JSON.stringify(finding.fixes));
    else assert.equal(fix, undefined, 'no apt package to offer');
    assert.equal(host.spawned.length, 0, 'nothing was started');
  });
}

test('shell entry points: start.sh runs with the shell its first line names; a folder with a service is not taken over', async (t) => {
  const plain = fakeRepo('plain', { 'run.sh': 'echo hi\n' });
  const zsh = fakeRepo('zshy', { 'start.sh': '#!/bin/zsh\necho hi\n', 'run.sh': '#!/bin/bash\necho no\n' });
  const odd = fakeRepo('odd', { 'start.sh': '#!/usr/bin/env -S perl -w\nprint 1;\n' });
  const covered = fakeRepo('api', { 'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' } }), 'start.sh': '#!/bin/sh\nnpm start\n' });
  const deploys = fakeRepo('ops', { 'start.sh': '#!/bin/sh\nset -e\nkubectl apply -f k8s/\n', 'docker/run.sh': '#!/bin/sh\nnode server.js\n' });
  t.after(() => { for (const repo of [plain, zsh, odd, covered, deploys]) repo.cleanup(); });
  const start = async (root: string) => (await detectPlan(root, nodeFileSystem)).services.map((s) => [s.framework, ...argv(s.start)]);
  assert.deepEqual(await start(join(FIXTURES, 'shell-start')), [['shell', 'bash', 'start.sh']]);
  assert.deepEqual(await start(plain.root), [['shell', 'sh', 'run.sh']]);
  assert.deepEqual(await start(zsh.root), [['shell', 'zsh', 'start.sh']]);
  assert.deepEqual(await start(odd.root), [['shell', 'sh', 'start.sh']], 'an interpreter that is not a shell is not taken from the repo');
  assert.deepEqual(await start(covered.root), [['node', 'npm', 'run', 'start']]);
  assert.deepEqual(await start(deploys.root), [], 'a script that deploys, or one in a docker/ folder, is not the app');
});

test('Python programs that work without a port (a bot, a worker loop) are healthy while they run; a server or a script is checked on its port', async (t) => {
  const bot = fakeRepo('bot', { 'requirements.txt': 'discord.py\n', 'bot.py': 'import discord\nclient = discord.Client(intents=discord.Intents.default())\nclient.run(TOKEN)\n' });
  const server = fakeRepo('srv', { 'requirements.txt': '\n', 'main.py': 'from http.server import HTTPServer\nwhile True:\n    HTTPServer(("", 8000), None).handle_request()\n' });
  t.after(() => { bot.cleanup(); server.cleanup(); });
  const health = async (root: string) => (await detectPlan(root, nodeFileSystem)).services.map((s) => [argv(s.start).at(-1), s.health.kind]);
  assert.deepEqual(await health(join(FIXTURES, 'python-worker')), [['worker.py', 'none']]);
  assert.deepEqual(await health(bot.root), [['bot.py', 'none']]);
  assert.deepEqual(await health(server.root), [['main.py', 'tcp']]);
  assert.deepEqual(await health(join(FIXTURES, 'python-script')), [['main.py', 'tcp']], 'a script that ends is still a job');
});

test('Nx: an app whose package.json has no start script is served through its project.json target; one with a script stays its own; a library is not a service', async (t) => {
  const plan = await detectPlan(join(FIXTURES, 'nx-package-apps'), nodeFileSystem);
  assert.deepEqual(plan.services.map((s) => [s.name, s.framework, s.dir, ...argv(s.start)]), [['api', 'nx', 'apps/api', 'npx', 'nx', 'serve', 'api']]);
  assert.deepEqual(plan.services[0].install.map((step) => [argv(step.command), step.command.cwd]), [[['npm', 'install', '--no-audit', '--no-fund'], '']]);
  const scripted = fakeRepo('ws', {
    'package.json': JSON.stringify({ name: 'ws', private: true, workspaces: ['apps/*'] }), 'nx.json': '{}',
    'apps/web/package.json': JSON.stringify({ name: '@ws/web', scripts: { dev: 'node server.js' } }),
    'apps/web/project.json': JSON.stringify({ name: 'web', projectType: 'application', targets: { serve: { executor: '@nx/js:node' } } }),
    'apps/cli/package.json': JSON.stringify({ name: '@ws/cli' }),
    'apps/cli/project.json': JSON.stringify({ projectType: 'application', targets: { start: { executor: 'nx:run-commands' } } }),
  });
  t.after(scripted.cleanup);
  const own = await detectPlan(scripted.root, nodeFileSystem);
  assert.deepEqual(own.services.map((s) => [s.name, s.framework, ...argv(s.start)]).sort(), [['cli', 'nx', 'npx', 'nx', 'start', '@ws/cli'], ['web', 'node', 'npm', 'run', 'dev']]);
});

test('Cargo workspaces: members given as globs are found however deep, named as their crate; excluded folders are not services', async () => {
  const plan = await detectPlan(join(FIXTURES, 'rust-workspace-glob'), nodeFileSystem);
  assert.deepEqual(plan.services.map((s) => [s.name, s.framework, s.dir, ...argv(s.start)]), [['ledger-server', 'rust-bin', 'services/ledger/server', 'cargo', 'run']]);
  assert.deepEqual(plan.requirements.map((r) => [r.tool, r.service]), [['cargo', 'ledger-server']]);
});

test('package.json5: read as JSON5 (comments, unquoted keys, single quotes, trailing commas) and installed and run with pnpm, the only manager that reads it', async () => {
  const plan = await detectPlan(join(FIXTURES, 'json5-app'), nodeFileSystem);
  const [service] = plan.services;
  assert.deepEqual([service.framework, service.packageManager, ...argv(service.start)], ['node', 'pnpm', 'pnpm', 'run', 'start']);
  assert.deepEqual(service.install.map((step) => argv(step.command)), [['pnpm', 'install']]);
  assert.deepEqual(service.manifests, ['package.json5']);
  assert.deepEqual(service.evidence[0], { file: 'package.json5', line: 7, reason: 'start with the "start" script' });
  assert.deepEqual(plan.requirements.map((r) => [r.tool, r.range, r.evidence.line]), [['node', '>=18', 10], ['pnpm', undefined, undefined]]);
});

test('JSON5 becomes JSON that parses to the same values, line for line', () => {
  const text = "// top\n{\n  a: 'it\\'s', /* two\n lines */ b: [1, 2,],\n  'c-d': +.5, e: 0x10, f: 5.,\n  g: \"say \\\"hi\\\"\",\n}\n";
  const json = json5ToJson(text);
  assert.equal(json.split('\n').length, text.split('\n').length);
  assert.deepEqual(JSON.parse(json), { a: "it's", b: [1, 2], 'c-d': 0.5, e: 16, f: 5, g: 'say "hi"' });
});

test("Elixir's and Erlang's versions are their own, not the Erlang runtime's that `elixir --version` names first", async (t) => {
  const bin = mkdtempSync(join(tmpdir(), 'rr-beam-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  // Like the real ones: `elixir --version` leads with the runtime (erts), `erl` prints the OTP release it is asked for.
  writeFileSync(join(bin, 'elixir'), '#!/bin/sh\nif [ "$1" = "--version" ]; then printf "Erlang/OTP 25 [erts-13.1.5]\\n\\nElixir 1.14.0\\n"; else echo 1.14.0; fi\n');
  writeFileSync(join(bin, 'erl'), '#!/bin/sh\ncase "$*" in *"~s.0"*otp_release*) echo 25.0 ;; *) echo 25 ;; esac\n');
  for (const name of ['elixir', 'erl']) chmodSync(join(bin, name), 0o755);
  const probe = createToolchainProbe({ PATH: `${bin}:/usr/bin:/bin`, REPO_RUNNER_CACHE_DIR: join(bin, 'cache') });
  assert.equal(await probe.version(TOOLCHAINS.elixir.command, TOOLCHAINS.elixir.versionArgs), '1.14.0');
  assert.equal(await probe.version(TOOLCHAINS.erlang.command, TOOLCHAINS.erlang.versionArgs), '25.0');
});

test('Elixir and Gleam: a database driver in mix.exs or gleam.toml is a database the service needs', async (t) => {
  const phoenix = fakeRepo('shop', { 'mix.exs': 'defmodule Shop.MixProject do\n  defp deps do\n    [\n      {:phoenix, "~> 1.7"},\n      {:postgrex, ">= 0.0.0"},\n      {:redix, "~> 1.2"}\n    ]\n  end\nend\n' });
  const gleam = fakeRepo('notes', { 'gleam.toml': 'name = "notes"\n\n[dependencies]\ngleam_stdlib = ">= 0.34.0"\npog = ">= 1.0.0"\n' });
  t.after(() => { phoenix.cleanup(); gleam.cleanup(); });
  const needs = async (root: string) => (await detectPlan(root, nodeFileSystem)).databases.map((d) => [d.engine, d.usedBy, d.evidence.file, d.evidence.line]);
  assert.deepEqual(await needs(phoenix.root), [['postgres', ['shop'], 'mix.exs', 5], ['redis', ['shop'], 'mix.exs', 6]]);
  assert.deepEqual(await needs(gleam.root), [['postgres', ['notes'], 'gleam.toml', 5]]);
});
