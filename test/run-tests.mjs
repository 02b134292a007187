// Runs the test files with Node's test runner (TypeScript through tsx), one file at a time:
// end-to-end files hold real ports, and a second file could take a port a test expects back.
// Usage: node test/run-tests.mjs [unit|e2e|vscode-e2e]   (default: all three)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv[2] ? [process.argv[2]] : ['unit', 'e2e', 'vscode-e2e'];
const files = suites.flatMap((suite) =>
  readdirSync(join('test', suite)).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test', suite, f)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
