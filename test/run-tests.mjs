// Runs the test files with Node's test runner (TypeScript through tsx), one file at a time:
// end-to-end files hold real ports, and a second file could take a port a test expects back.
// Usage: node test/run-tests.mjs [unit|e2e|vscode-e2e|heavy]   (default: the first three; heavy, not in CI:
// an exported image built and run in a container, and Helm's own checks of the exported chart)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const suites = process.argv[2] ? [process.argv[2]] : ['unit', 'e2e', 'vscode-e2e'];
const files = suites.flatMap((suite) =>
  readdirSync(join('test', suite)).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test', suite, f)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Databases the tests provision keep their data in a folder of this test run, not the machine's
// own (/var/lib/repo-runner); it must let the postgres user through when we are root.
const env = { ...process.env };
// Every temporary folder the tests make (repo copies, caches, browser profiles) goes under one
// scratch folder, removed at the end: a full run otherwise leaves gigabytes in /tmp. Open to
// every user, like /tmp itself (sticky): the database servers run as postgres when we are root,
// and a test runs detection as nobody.
const scratch = mkdtempSync(join(tmpdir(), 'rr-tests-'));
chmodSync(scratch, 0o1777);
env.TMPDIR = scratch;
if (!env.REPO_RUNNER_DATA_DIR) {
  env.REPO_RUNNER_DATA_DIR = mkdtempSync(join(scratch, 'rr-test-data-'));
  chmodSync(env.REPO_RUNNER_DATA_DIR, 0o755);
}
// --test-timeout bounds each file (Node runs every file as one test) as well as each test in it:
// 20 minutes leaves the longest file (stacks, about 5 on a quiet 2-core machine) room on a busy one.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=1200000', ...files], { stdio: 'inherit', env });
rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
process.exit(result.status ?? 1);
