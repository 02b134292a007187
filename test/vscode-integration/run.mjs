// Integration tests inside a real VS Code (desktop), with @vscode/test-electron. They need to
// download VS Code; where that host cannot be reached (as on our CI machines) they skip with
// one line, and the code-server end-to-end test (test/vscode-e2e) covers the extension instead.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const VERSION = '1.100.0';
const root = resolve('.');

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, cachePath: join(root, '.vscode-test'), timeout: 30_000 });
} catch (error) {
  console.log(`SKIPPED vscode integration tests: VS Code ${VERSION} could not be downloaded (${error?.code ?? error?.message ?? error}).`);
  process.exit(0);
}

execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit' }); // the extension under test
await esbuild.build({
  entryPoints: ['test/vscode-integration/suite/index.ts'], outfile: 'dist-test/suite.cjs',
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], logLevel: 'warning',
});
const workspace = join(mkdtempSync(join(tmpdir(), 'rr-vscode-')), 'express-app');
cpSync(join(root, 'test/fixtures/express-app'), workspace, { recursive: true });

await runTests({
  vscodeExecutablePath,
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'dist-test/suite.cjs'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
});
