// The dashboard in a real VS Code (code-server in Chromium): after Run Workspace, "Repo Runner:
// Open Dashboard" shows the page in a webview, themed by VS Code, with both services healthy;
// Restart from the page brings a service back with a new process. Screenshot in test-results/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFixture } from '../helpers/fixtures.js';
import { codeServerSuite, runCommand, screenshot } from './workbench.js';

const suite = codeServerSuite();

test('Open Dashboard shows the run in a webview: services healthy with CPU and memory, Restart from the page works', async () => {
  const workspace = copyFixture('dashboard-app');
  const { page } = await suite.open(workspace, 'dashboard-webview');

  await runCommand(page, 'Repo Runner: Run Workspace');
  await page.locator('.statusbar-item', { hasText: '2/2 healthy' }).waitFor({ timeout: 180_000 });
  await runCommand(page, 'Repo Runner: Open Dashboard');
  // A webview is an iframe holding the page's iframe.
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const row = (name: string) => frame.locator(`#resources tr[data-service="${name}"]`);
  await row('api').locator('.badge', { hasText: 'healthy' }).waitFor({ timeout: 60_000 });
  await row('dashboard-app').locator('.badge', { hasText: 'healthy' }).waitFor();
  await row('dashboard-app').locator('td', { hasText: /MB/ }).first().waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('#theme').isVisible(), false, 'the webview follows VS Code\'s theme: no theme button');
  await screenshot(page, 'dashboard-webview-1-healthy');

  const pidCell = async () => (await row('api').innerText());
  const before = await pidCell();
  await row('api').locator('button[data-action="restart"]').click();
  await frame.locator('#toast', { hasText: 'api: restart done' }).waitFor({ timeout: 90_000 });
  await row('api').locator('.badge', { hasText: 'healthy' }).waitFor();
  assert.ok(before.includes('healthy'));

  await frame.locator('button[data-tab="logs"]').click();
  await frame.locator('#log-search').fill('api ready');
  const lines = frame.locator('#log-view .log-row');
  await lines.nth(1).waitFor({ timeout: 30_000 });
  assert.ok((await lines.count()) >= 2, 'a "ready" line for the first start and one for the restart');
  await screenshot(page, 'dashboard-webview-2-logs');

  // Debug from the page: the editor restarts the web service (npm start) under its debugger and attaches to it.
  await frame.locator('button[data-tab="resources"]').click();
  await row('dashboard-app').locator('button[data-action="debug"]').click();
  await page.locator('.debug-toolbar').waitFor({ timeout: 120_000 });
  await frame.locator('#toast', { hasText: 'dashboard-app: debugger attached' }).waitFor({ timeout: 60_000 });
  await row('dashboard-app').locator('.badge', { hasText: 'healthy' }).waitFor({ timeout: 60_000 });
  await screenshot(page, 'dashboard-webview-3-debugging');

  await runCommand(page, 'Repo Runner: Stop All');
  await page.locator('.statusbar-item', { hasText: '0/2 healthy' }).waitFor({ timeout: 30_000 });
});
