// Runs the test files with Node's test runner (TypeScript through tsx), one file at a time:
// end-to-end files hold real ports, and a second file could take a port a test expects back.
// Usage: node test/run-tests.mjs [unit|e2e|vscode-e2e|heavy]   (default: the first three; heavy, not in CI:
// an exported image built and run in a container, and Helm's own checks of the exported chart)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
const results = join(scratch, 'results.tap');
const runner = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=1200000'];
const result = spawnSync(process.execPath, [...runner, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${results}`, ...files], { stdio: 'inherit', env });
let status = result.status ?? 1;
// A real browser driving a real VS Code on a busy 2-core machine sometimes loses a click or a
// render. When every failure is such a UI test, those tests (by name) run once more; the first
// failure is printed either way, and a test that fails twice fails the run.
if (status !== 0) {
  const failed = failures(readFileSync(results, 'utf8'));
  if (failed.length > 0 && failed.every((f) => f.file.includes('/test/vscode-e2e/'))) {
    console.log(`\n*** ${failed.length} real-VS-Code test(s) failed; running them once more:\n${failed.map((f) => `    ${f.name} (${f.file})`).join('\n')}`);
    const retried = join(scratch, 'retried.tap');
    const again = spawnSync(process.execPath, [...runner, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${retried}`, ...failed.map((f) => `--test-name-pattern=^${escapeRegExp(f.name)}$`), ...new Set(failed.map((f) => f.file))], { stdio: 'inherit', env });
    // Passed means each of them ran and passed (a pattern that matched nothing would pass vacuously).
    const passed = readFileSync(retried, 'utf8').split('\n').map((l) => /^ok \d+ - (.+?)(?: # (.*))?$/.exec(l)).filter((m) => m && !/^SKIP\b/.test(m[2] ?? '')).map((m) => m[1].replace(/\\#/g, '#'));
    status = again.status === 0 && failed.every((f) => passed.includes(f.name)) ? 0 : 1;
    console.log(status === 0 ? '*** passed on the second try (the first failure is printed above)' : '*** failed again (or did not run again)');
  }
}
rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
process.exit(status);

/** The failed tests of a TAP report, with the file each is in (from its location). */
function failures(tap) {
  const found = [];
  const lines = tap.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const failed = /^not ok \d+ - (.+?)(?: # .*)?$/.exec(lines[i]);
    if (!failed) continue;
    let file = '';
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      const location = /^\s+location: '(.+?):\d+:\d+'$/.exec(lines[j]);
      if (location) file = location[1];
    }
    found.push({ name: failed[1].replace(/\\#/g, '#'), file });
  }
  return found;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
