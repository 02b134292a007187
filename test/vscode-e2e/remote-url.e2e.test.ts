// Open in Browser where the code is not on the user's machine: code-server is such a remote
// (the editor in a browser, the service on the server). The tab that opens must be the editor's
// forwarded address for the port (code-server's /proxy/PORT/), not 127.0.0.1 of a machine the
// browser may not be on. Open in Browser passes the URL through vscode.env.asExternalUri; this
// test checks the behaviour a user sees, and does not single that call out: code-server's
// openExternal also forwards a localhost URL by itself (checked: the test passes without it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFixture } from '../helpers/fixtures.js';
import type { Page } from 'playwright-core';
import { codeServerSuite, runCommand, screenshot } from './workbench.js';

/** The first command waits for the editor to have loaded the extension (its commands appear then). */
async function runWhenLoaded(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runCommand(page, title);
    } catch (error) {
      if (attempt === 6) throw error;
    }
  }
}

const suite = codeServerSuite();

test('Open Service in Browser opens the forwarded address (asExternalUri), and the service answers there', async () => {
  const workspace = copyFixture('express-app');
  const { server, context, page } = await suite.open(workspace, 'remote-url');
  await runWhenLoaded(page, 'Repo Runner: Run Workspace');
  await page.locator('.statusbar-item', { hasText: '1/1 healthy' }).waitFor({ timeout: 120_000 });
  suite.defer(() => runCommand(page, 'Repo Runner: Stop All'));

  const opened = context.waitForEvent('page', { timeout: 30_000 });
  await runCommand(page, 'Repo Runner: Open Service in Browser');
  // The editor may ask before opening a link; say yes as a person would.
  const ask = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Open' });
  if (await ask.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await ask.click();
  const tab = await opened;
  await tab.waitForLoadState('domcontentloaded').catch(() => undefined);
  const url = tab.url();
  await screenshot(page, 'remote-url-opened');
  assert.match(url, new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/proxy/\\d+/?$`), `the tab opened ${url}, not the forwarded address`);
  const body = (await (await fetch(url)).json()) as { app: string };
  assert.equal(body.app, 'express-app', 'the service answers through the forwarded address');
});
