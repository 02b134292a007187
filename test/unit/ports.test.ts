// Ports: a privileged preference (a container's 80) is moved up instead of crashing the phase; a
// port the user pins in repo-runner.json beats the port the service had last time.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { startRun } from '../../src/core/orchestrator.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { nodePortAllocator } from '../../src/node/port-allocator.js';
import { FakeHost, fakeRepo, nodeService, turns } from '../helpers/fake-host.js';

const ENGINE = { healthTimeoutMs: 10_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 };

async function runOnce(root: string) {
  const host = new FakeHost({ onSpawn: (child) => { child.answer = 'ok'; } });
  const session = startRun({ root, host, options: ENGINE });
  const outcome = await session.ready;
  await session.stop(0);
  await turns(5);
  return { outcome, host, session };
}

test('a preference below 1024 is moved to 8000 and up, with a log line, and the run goes on', async (t) => {
  const repo = fakeRepo('shop', { ...nodeService('shop'), 'repo-runner.json': JSON.stringify({ services: { shop: { port: 80 } } }) });
  t.after(repo.cleanup);
  const { outcome, host } = await runOnce(repo.root);
  assert.equal(outcome, 'healthy');
  assert.equal(host.allocations[0].preferred, 8080);
});

test('the real allocator takes a privileged preference without throwing', async () => {
  const port = await nodePortAllocator.allocate(80, new Set());
  nodePortAllocator.release(port);
  assert.ok(port > 0);
});

test('a port pinned in repo-runner.json beats the port the service had last time', async (t) => {
  const repo = fakeRepo('shop', nodeService('shop'));
  t.after(repo.cleanup);
  const first = await runOnce(repo.root);
  assert.equal(first.host.allocations[0].preferred, 3000);
  const again = await runOnce(repo.root);
  assert.equal(again.host.allocations[0].preferred, first.host.allocations[0].port, 'unpinned: the last port first');
  writeFileSync(join(repo.root, 'repo-runner.json'), JSON.stringify({ services: { shop: { port: 4100 } } }));
  const pinned = await runOnce(repo.root);
  assert.equal(pinned.host.allocations[0].preferred, 4100);
});

test('a port the code hard-codes is adopted: the plan prefers it, pinned to it; a literal beside a PORT read is only a default', async () => {
  const port = async (files: Record<string, string>) => (await detectPlan(tempRepo(files), nodeFileSystem)).services[0].port;
  assert.deepEqual(await port({ 'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node server.js' } }), 'server.js': "require('http').createServer().listen(4321, '127.0.0.1');\n" }),
    { env: 'PORT', preferred: 4321, hardCoded: true });
  assert.deepEqual(await port({ 'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node server.js' } }), 'server.js': "require('http').createServer().listen(process.env.PORT || 4321);\n" }),
    { env: 'PORT', preferred: 4321 });
  const goMain = (body: string) => ({ 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': `package main\n\nimport "net/http"\n\nfunc main() {\n${body}\n}\n` });
  assert.equal((await port(goMain('\thttp.ListenAndServe(":8585", nil)'))).hardCoded, true);
  assert.equal((await port(goMain('\thttp.ListenAndServe(":"+os.Getenv("PORT"), nil)'))).hardCoded, undefined);
  assert.equal((await port({ 'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() { let l = std::net::TcpListener::bind("127.0.0.1:7878").unwrap(); }\n' })).preferred, 7878);
});
