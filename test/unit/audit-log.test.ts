// The audit log records every command with its folder and outcome, masks passwords in URLs,
// and rotates instead of growing without bound. Real processes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditedLauncher } from '../../src/core/audit-log.js';
import { createNodeHost } from '../../src/node/node-host.js';

const host = createNodeHost();

/** Writes are queued behind the command: wait until the log has `count` lines. */
async function lines(file: string, count: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const found = (() => { try { return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean); } catch { return []; } })();
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} never had ${count} lines`);
}

test('a run and a spawn are recorded with folder and outcome; URL passwords are masked', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-audit-'));
  const launcher = auditedLauncher(host.processes, host.fs, root);
  const env = process.env as Record<string, string>;
  const ran = await launcher.run({ command: process.execPath, args: ['-e', 'process.exit(3)', 'postgresql://app:hunter2@127.0.0.1/app'], cwd: '' }, { cwd: root, env });
  assert.equal(ran.exitCode, 3);
  const child = launcher.spawn({ command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'], cwd: '' }, { cwd: root, env });
  await child.stop(1_000);
  await child.exited;
  const logged = await lines(join(root, '.repo-runner', 'audit.log'), 3);
  assert.doesNotMatch(logged.join('\n'), /hunter2/);
  const entries = logged.map((l) => JSON.parse(l));
  assert.deepEqual(entries.map((e) => e.event), ['ran', 'started', 'exited']);
  assert.deepEqual([entries[0].cwd, entries[0].exitCode, entries[0].argv[3]], [root, 3, 'postgresql://app:••••@127.0.0.1/app']);
  assert.equal(entries[1].pid, child.pid);
  assert.equal(entries[2].pid, child.pid);
  assert.ok(typeof entries[0].ms === 'number' && entries[0].at.endsWith('Z'));
});

test('a log past 2 MB moves to audit.log.1 and starts afresh', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-audit-'));
  mkdirSync(join(root, '.repo-runner'));
  writeFileSync(join(root, '.repo-runner', 'audit.log'), 'x'.repeat(2 * 1024 * 1024 + 10));
  const launcher = auditedLauncher(host.processes, host.fs, root);
  await launcher.run({ command: process.execPath, args: ['-e', ''], cwd: '' }, { cwd: root, env: process.env as Record<string, string> });
  assert.equal((await lines(join(root, '.repo-runner', 'audit.log'), 1)).length, 1, 'afresh: one entry');
  assert.ok(statSync(join(root, '.repo-runner', 'audit.log.1')).size > 2 * 1024 * 1024);
});
