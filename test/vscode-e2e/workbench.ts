// Drives a real VS Code: code-server 4.100.3 (VS Code 1.100 with the normal Node extension
// host) served on loopback, opened in Debian's Chromium through playwright-core.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import getPort from 'get-port';

export const RESULTS = resolve('test-results');

export interface OpenedWorkbench {
  server: CodeServer;
  context: BrowserContext;
  page: Page;
}

/**
 * The code-server of one test file: installed with our extension before its tests, and every
 * server and browser its tests open closed after them (in reverse order, failures aside).
 */
export function codeServerSuite(): {
  open(workspace: string, logName: string, options?: { trust?: boolean; workspaceFile?: boolean }): Promise<OpenedWorkbench>;
  /** Something else to undo at the end, before what was opened earlier is closed. */
  defer(cleanup: () => Promise<unknown>): void;
} {
  let codeServer = '';
  let extensionsDir = '';
  const cleanups: (() => Promise<unknown>)[] = [];
  before(() => {
    codeServer = ensureCodeServer();
    extensionsDir = installExtension(codeServer).extensionsDir;
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });
  return {
    /** code-server on `workspace` (a folder, or a .code-workspace file), opened in Chromium, the trust prompt answered (yes unless told). */
    async open(workspace, logName, options = {}) {
      const server = await startCodeServer(codeServer, workspace, extensionsDir, logName);
      cleanups.push(() => server.stop());
      const { context, page } = await openWorkbench(server.url, workspace, options.workspaceFile ?? false);
      cleanups.push(() => context.close());
      await answerTrust(page, options.trust ?? true);
      return { server, context, page };
    },
    defer: (cleanup) => cleanups.push(cleanup),
  };
}

/** Installs code-server (cached) and returns its binary. */
export function ensureCodeServer(): string {
  const result = spawnSync('bash', ['scripts/install-code-server.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/install-code-server.sh failed (exit ${result.status})`);
  return result.stdout.trim().split('\n').at(-1)!;
}

/** Packages the extension with vsce and installs it into a fresh extensions folder. */
export function installExtension(codeServer: string): { extensionsDir: string; vsix: string } {
  const base = mkdtempSync(join(tmpdir(), 'rr-cs-ext-'));
  const vsix = join(base, 'repo-runner.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], { stdio: 'pipe' });
  const extensionsDir = join(base, 'extensions');
  execFileSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', join(base, 'data'), '--install-extension', vsix], { stdio: 'pipe' });
  return { extensionsDir, vsix };
}

export interface CodeServer {
  url: string;
  pid: number;
  /** Stops code-server and every process of its group (file watchers, extension host). */
  stop(): Promise<void>;
}

export async function startCodeServer(codeServer: string, workspace: string, extensionsDir: string, logName: string): Promise<CodeServer> {
  mkdirSync(RESULTS, { recursive: true });
  const port = await getPort();
  const userDataDir = mkdtempSync(join(tmpdir(), 'rr-cs-data-'));
  const log = createWriteStream(join(RESULTS, `${logName}.code-server.log`));
  const child = spawn(codeServer, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, workspace,
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`code-server did not start; see test-results/${logName}.code-server.log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid!;
  return {
    url, pid,
    async stop() {
      const alive = () => {
        try {
          process.kill(-pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const until = Date.now() + 10_000;
      while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      if (alive()) process.kill(-pid, 'SIGKILL');
      while (alive()) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

export async function openWorkbench(url: string, workspace: string, isWorkspaceFile = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'rr-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?${isWorkspaceFile ? 'workspace' : 'folder'}=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  return { context, page };
}

/** Answers the Workspace Trust dialog shown when a folder opens. */
export async function answerTrust(page: Page, trust: boolean): Promise<void> {
  const button = page.getByRole('button', { name: trust ? 'Yes, I trust the authors' : "No, I don't trust the authors" });
  await button.waitFor({ timeout: 60_000 });
  await button.click();
  await button.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Runs a command from the command palette, as a person does: F1, type, click the entry. Tried a
 * second time when the entry does not show: just after a folder opens, the extensions' commands
 * reach the palette a moment after the workbench does.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  if (await paletteCommand(page, title, false)) return;
  await page.waitForTimeout(2_000);
  await paletteCommand(page, title, true);
}

/** False when the entry did not show (and `last` is false): nothing was run. */
async function paletteCommand(page: Page, title: string, last: boolean): Promise<boolean> {
  const input = page.locator('.quick-input-widget input');
  // A palette left open would be closed, not opened, by F1.
  if (await input.isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  // Click the entry itself: Enter could run the previously used command while the list is
  // still being filtered.
  const entry = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
  try {
    await entry.waitFor({ timeout: 10_000 });
  } catch (error) {
    await page.keyboard.press('Escape');
    if (last) throw error;
    return false;
  }
  await entry.click();
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  return true;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`) });
}
