// Debug Service on the engine, for real: a run of two services (Node through `npm run start`,
// Flask), then each restarted under its debugger while the other keeps running. Node: the
// inspector answers on the port the engine chose and its target is the server, not npm. Python:
// debugpy is installed into the service's venv, and a Debug Adapter Protocol client (what VS
// Code's Python debugger speaks; no Python extension runs here) attaches, sets a breakpoint in
// the request handler, sees it hit by a real request and reads a local variable.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { copyFixture, describeProcesses, getJson, survivors } from '../helpers/fixtures.js';
import { DapClient } from '../helpers/dap-client.js';
import { run, urlOf, type RecordedRun } from '../helpers/run.js';

let root: string;
let recorded: RecordedRun;

before(async () => {
  root = copyFixture('debug-two');
  recorded = run(root, { engine: { healthTimeoutMs: 180_000 } });
  const outcome = await recorded.session.ready;
  assert.equal(outcome, 'healthy', recorded.session.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
});

after(async () => {
  await recorded?.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir: root });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
});

const pidOf = (name: string) => recorded.session.services.find((s) => s.name === name)!.process!.pid;

test('Node: Debug Service restarts api with the inspector in the server process (not npm); web keeps running', async () => {
  const webPid = pidOf('web');
  const apiPid = pidOf('api');
  const started = await recorded.session.debugService('api');
  assert.ok(started.ok, started.ok ? '' : started.reason);
  assert.equal(started.attach.type, 'node');
  assert.equal(started.attach.port, started.port);
  assert.notEqual(pidOf('api'), apiPid, 'api was restarted');
  assert.equal(pidOf('web'), webPid, 'web was left running');
  const targets = (await getJson(`http://127.0.0.1:${started.port}/json/list`)) as { url: string; type: string }[];
  assert.equal(targets.length, 1);
  assert.match(targets[0].url, /api\/server\.js$/, 'the inspector is the server\'s');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'api').replace('tcp:', 'http:')), { app: 'api', greeting: 'hello from /' });

  // Restarted by the user: normal again, the debugger's port let go.
  assert.equal(await recorded.session.restartService('api', 'normal'), true);
  await assert.rejects(fetch(`http://127.0.0.1:${started.port}/json/list`));
});

test('Python: debugpy is installed into web\'s venv; a DAP client stops at a breakpoint in the handler and reads a local', async () => {
  const apiPid = pidOf('api');
  assert.equal(existsSync(join(root, 'web/.venv/lib/python3.11/site-packages/debugpy')), false, 'debugpy is not there before');
  const started = await recorded.session.debugService('web');
  assert.ok(started.ok, started.ok ? '' : started.reason);
  assert.equal(started.attach.type, 'debugpy');
  assert.equal(pidOf('api'), apiPid, 'api was left running');
  assert.ok(existsSync(join(root, 'web/.venv/lib/python3.11/site-packages/debugpy')), 'debugpy was installed into the venv');

  const dap = await DapClient.connect(started.port);
  try {
    await dap.request('initialize', { clientID: 'repo-runner-test', adapterID: 'debugpy', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const attached = dap.requestLater('attach', started.attach);
    await dap.event('initialized');
    const file = join(root, 'web/app.py');
    const set = await dap.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 9 }] });
    assert.equal((set.body!.breakpoints as { verified: boolean }[])[0].verified, true);
    await dap.request('configurationDone');
    await attached;

    const response = fetch(urlOf(recorded.session, 'web')).then((r) => r.json());
    const stopped = await dap.event('stopped', 60_000);
    assert.equal(stopped.body!.reason, 'breakpoint');
    const threadId = stopped.body!.threadId as number;
    const trace = await dap.request('stackTrace', { threadId, levels: 1 });
    const frame = (trace.body!.stackFrames as { id: number; name: string; line: number }[])[0];
    assert.equal(frame.name, 'index');
    assert.equal(frame.line, 9);
    const scopes = await dap.request('scopes', { frameId: frame.id });
    const locals = (scopes.body!.scopes as { name: string; variablesReference: number }[]).find((s) => s.name === 'Locals')!;
    const variables = await dap.request('variables', { variablesReference: locals.variablesReference });
    const visits = (variables.body!.variables as { name: string; value: string }[]).find((v) => v.name === 'visits');
    assert.equal(visits?.value, '42');
    await dap.request('continue', { threadId });
    assert.deepEqual(await response, { app: 'web', visits: 42 });
    await dap.request('disconnect', { terminateDebuggee: false });
  } finally {
    dap.close();
  }
});
