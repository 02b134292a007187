// Debug launches per stack, launch.json generation and merging: pure functions of the plan.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { debugLaunch, type DebugLaunch } from '../../src/core/debug/debug-launch.js';
import { launchConfigurations, mergeLaunchJson } from '../../src/core/debug/launch-json.js';
import { parseJsonc } from '../../src/core/debug/jsonc.js';
import type { Finding, Plan } from '../../src/core/model.js';

const plan = (fixture: string): Plan => JSON.parse(readFileSync(`test/snapshots/${fixture}.plan.json`, 'utf8')) as Plan;
const service = (fixture: string) => plan(fixture).services[0];
const launched = (result: DebugLaunch | Finding): DebugLaunch => {
  assert.ok('attach' in result, `a launch, not: ${'message' in result ? result.message : ''}`);
  return result;
};

test('Node: the start command is kept; the preload and the inspector address go in the environment; js-debug attaches with child processes', () => {
  const launch = launched(debugLaunch(service('express-app'), { root: '/r', port: 9333, nodePreload: '/cache/debug "pre".cjs' }));
  assert.deepEqual(launch.start, service('express-app').start);
  assert.equal(launch.env.REPO_RUNNER_DEBUG_INSPECT, '127.0.0.1:9333');
  assert.equal(launch.env.NODE_OPTIONS, '--require "/cache/debug \\"pre\\".cjs"');
  assert.equal(launch.attach.type, 'node');
  assert.equal(launch.attach.request, 'attach');
  assert.equal(launch.attach.port, 9333);
  assert.equal(launch.attach.autoAttachChildProcesses, true);
  assert.equal(launch.prepare, undefined);
});

test('Python: debugpy wraps Flask, Django and uvicorn starts and is installed into the venv on demand', () => {
  const flask = launched(debugLaunch(service('flask-app'), { root: '/r', port: 5678 }));
  assert.equal(flask.start.command, '.venv/bin/python');
  assert.deepEqual(flask.start.args.slice(0, 6), ['-m', 'debugpy', '--listen', '127.0.0.1:5678', '-m', 'flask']);
  assert.deepEqual(flask.prepare?.check.args, ['-c', 'import debugpy']);
  assert.deepEqual(flask.prepare?.install.at(-1)?.args.slice(0, 3), ['-m', 'pip', 'install']);
  assert.equal(flask.attach.type, 'debugpy');
  assert.deepEqual(flask.attach.connect, { host: '127.0.0.1', port: 5678 });
  const django = launched(debugLaunch(service('django-app'), { root: '/r', port: 5679 }));
  assert.deepEqual(django.start.args.slice(0, 6), ['-m', 'debugpy', '--listen', '127.0.0.1:5679', 'manage.py', 'runserver']);
  const fastapi = launched(debugLaunch(service('fastapi-app'), { root: '/r', port: 5680 }));
  assert.deepEqual(fastapi.start.args.slice(4, 6), ['-m', 'uvicorn']);
  // A start through a venv command (gunicorn, flask …) becomes `python -m` that command.
  const bin = launched(debugLaunch({ ...service('flask-app'), start: { command: '.venv/bin/gunicorn', args: ['app:app'], cwd: '' } }, { root: '/r', port: 5681 }));
  assert.deepEqual([bin.start.command, ...bin.start.args], ['.venv/bin/python', '-m', 'debugpy', '--listen', '127.0.0.1:5681', '-m', 'gunicorn', 'app:app']);
  // uv's venvs have no pip: uv installs first.
  const uv = launched(debugLaunch({ ...service('flask-app'), packageManager: 'uv' }, { root: '/r', port: 5682 }));
  assert.equal(uv.prepare?.install[0].command, 'uv');
});

test('Go: Delve when installed, else a finding whose fix installs it through the Go proxy', () => {
  const missing = debugLaunch(service('go-nethttp'), { root: '/r', port: 2345 });
  assert.ok(!('attach' in missing));
  assert.equal(missing.code, 'debugger-missing');
  assert.match(missing.message, /go install github\.com\/go-delve\/delve\/cmd\/dlv@latest/);
  assert.equal(missing.fixes[0].kind, 'command');
  const dlv = launched(debugLaunch({ ...service('go-nethttp'), start: { command: 'go', args: ['run', './cmd/api', '-v'], cwd: '' } }, { root: '/r', port: 2345, dlv: '/go/bin/dlv' }));
  assert.equal(dlv.start.command, '/go/bin/dlv');
  assert.deepEqual(dlv.start.args.slice(0, 3), ['debug', './cmd/api', '--headless']);
  assert.ok(dlv.start.args.includes('--listen=127.0.0.1:2345'));
  assert.deepEqual(dlv.start.args.slice(-2), ['--', '-v']);
  assert.equal(dlv.attach.mode, 'remote');
});

test('Java: the JDWP agent reaches the application JVM only (Maven jvmArguments, a Gradle init script)', () => {
  const maven = launched(debugLaunch(service('spring-boot-maven'), { root: '/r', port: 5005 }));
  assert.equal(maven.start.args.at(-1), '-Dspring-boot.run.jvmArguments=-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005');
  assert.deepEqual(maven.env, {});
  const gradle = launched(debugLaunch(service('spring-boot-gradle'), { root: '/r', port: 5006 }));
  assert.deepEqual(gradle.start.args.slice(0, 2), ['--init-script', '/r/.repo-runner/debug-bootrun.gradle']);
  assert.match(gradle.file!.text, /address=127\.0\.0\.1:5006/);
  assert.equal(gradle.attach.type, 'java');
});

test('a stack without a debugger says so', () => {
  const result = debugLaunch(service('rust-axum'), { root: '/r', port: 1 });
  assert.ok(!('attach' in result));
  assert.equal(result.code, 'debugger-unsupported');
});

test('launch.json: one configuration per debuggable service, merged without touching the user\'s', () => {
  const configs = launchConfigurations(plan('express-app'));
  assert.equal(configs.length, 1);
  assert.equal(configs[0].runtimeExecutable, 'npm');
  assert.deepEqual(configs[0].runtimeArgs, ['run', 'start']);
  const flask = launchConfigurations(plan('flask-app'))[0];
  assert.equal(flask.module, 'flask');
  assert.ok((flask.args as string[]).includes('5000'));

  const existing = `// mine\n{\n  "version": "0.2.0",\n  "configurations": [\n    { "name": "Repo Runner: express-app", "type": "node", "request": "launch", "program": "mine.js" }, // keep\n    { "name": "Other", "type": "node", "request": "launch", "url": "http://x/*" },\n  ],\n  "compounds": []\n}\n`;
  const merged = mergeLaunchJson(existing, [...configs, flask]);
  assert.ok(merged.ok);
  assert.deepEqual(merged.kept, ['Repo Runner: express-app']);
  assert.deepEqual(merged.added, ['Repo Runner: flask-app']);
  const doc = JSON.parse(merged.text) as { configurations: { name: string; program?: string; url?: string }[]; compounds: unknown[] };
  assert.equal(doc.configurations.length, 3);
  assert.equal(doc.configurations[0].program, 'mine.js');
  assert.equal(doc.configurations[1].url, 'http://x/*');
  assert.deepEqual(doc.compounds, []);

  const fresh = mergeLaunchJson(undefined, configs);
  assert.ok(fresh.ok);
  assert.equal((JSON.parse(fresh.text) as { version: string }).version, '0.2.0');
  const broken = mergeLaunchJson('{ "configurations": [ }', configs);
  assert.equal(broken.ok, false);
});

test('JSONC: comments and trailing commas go, strings keep their slashes', () => {
  const parsed = parseJsonc('{ "a": "http://x/*y*/", /* c */ "b": [1, 2,], // d\n }');
  assert.deepEqual(parsed, { ok: true, value: { a: 'http://x/*y*/', b: [1, 2] } });
});

test('DEBUGGABLE_KINDS (what the dashboard offers Debug for) are the kinds debugLaunch starts; the others get a finding', async () => {
  const { DEBUGGABLE_KINDS } = await import('../../src/core/debug/debug-launch.js');
  const base = service('express-app');
  for (const kind of ['node', 'python', 'go', 'java', 'rust', 'ruby', 'php', 'static', 'custom'] as const) {
    const result = debugLaunch({ ...base, kind, start: { command: kind === 'go' ? 'go' : 'run', args: kind === 'go' ? ['run', '.'] : ['x'], cwd: '' } }, { root: '/r', port: 9333, nodePreload: '/p.cjs', dlv: '/bin/dlv' });
    assert.equal('code' in result, !DEBUGGABLE_KINDS.has(kind), kind);
  }
});
