// A service's own install puts commands in .venv/bin or node_modules/.bin; its start (a Procfile
// line, a migration) finds them first on PATH, as `poetry run` and `npm run` would, on a FakeHost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun } from '../../src/core/orchestrator.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

for (const [kind, files, own] of [
  ['python', { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', Procfile: 'web: gunicorn app:app\n' }, '.venv/bin'],
  ['node', { 'package.json': JSON.stringify({ name: 'svc', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }), 'server.js': '', Procfile: 'web: nodemon server.js\n' }, 'node_modules/.bin'],
] as const) {
  test(`${kind}: the service starts with its own ${own} first on PATH`, async (t) => {
    const repo = fakeRepo('svc', files);
    const host = new FakeHost({ onSpawn: (child) => { child.answer = 'ok'; } });
    const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 } });
    t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
    assert.equal(await session.ready, 'healthy');
    const [spawned] = host.spawned;
    assert.equal(spawned.spec.command, 'sh', 'the Procfile line runs');
    assert.equal(spawned.options.env.PATH?.split(':')[0], `${repo.root}/${own}`);
    assert.ok(spawned.options.env.PATH?.endsWith('/usr/bin:/bin'), 'the machine\'s PATH follows');
  });
}
