// Ports under contention between Repo Runner processes: a port another live process claimed is
// never handed out, even before anything binds it; once that process is gone, its claim is
// taken over. Two real processes, real claim files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

process.env.REPO_RUNNER_PORT_CLAIMS = mkdtempSync(join(tmpdir(), 'rr-claims-'));
const { nodePortAllocator } = await import('../../src/node/port-allocator.js');

test('a port claimed by another live process is skipped; after it dies, the port is handed out again', async () => {
  const preferred = 47_000 + Math.floor(Math.random() * 1000);
  // The other process claims `preferred` and says so, then waits (binding nothing).
  const other = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { nodePortAllocator } = await import(${JSON.stringify(new URL('../../src/node/port-allocator.ts', import.meta.url).pathname)});
    console.log(await nodePortAllocator.allocate(${preferred}, new Set()));
    setInterval(() => {}, 1000);
  `], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  const claimed = await new Promise<number>((resolve) => other.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  assert.equal(claimed, preferred, 'the other process got its preferred port');

  const ours = await nodePortAllocator.allocate(preferred, new Set());
  assert.notEqual(ours, preferred, 'not the port the other process claimed');
  nodePortAllocator.release(ours);

  other.kill('SIGKILL');
  await new Promise((resolve) => other.once('exit', resolve));
  const after = await nodePortAllocator.allocate(preferred, new Set());
  assert.equal(after, preferred, 'a dead process\'s claim is taken over');
  nodePortAllocator.release(after);
});
