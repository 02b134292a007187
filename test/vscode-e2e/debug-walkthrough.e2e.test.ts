// Debug Service and the walkthrough in a real VS Code (code-server, Chromium), used as a person
// does: a breakpoint set in the editor, Debug Service from the palette, a request sent to the
// service, VS Code stopped at the breakpoint with the handler's local in the Variables view.
// Screenshots go to test-results/.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { copyFixture, describeProcesses, survivors } from '../helpers/fixtures.js';
import { answerTrust, ensureCodeServer, installExtension, openWorkbench, runCommand, screenshot, startCodeServer } from './workbench.js';

let codeServer: string;
let extensionsDir: string;
const cleanups: (() => Promise<unknown>)[] = [];

before(() => {
  codeServer = ensureCodeServer();
  extensionsDir = installExtension(codeServer).extensionsDir;
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

let current: Page | undefined;
afterEach(async (t) => {
  // A failed step leaves a picture of what the screen showed.
  if (current && (t as { passed?: boolean }).passed === false) await screenshot(current, `failed-${t.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
});

async function open(fixture: string, name: string): Promise<{ workspace: string; page: Page }> {
  const workspace = copyFixture(fixture);
  const server = await startCodeServer(codeServer, workspace, extensionsDir, name);
  cleanups.push(() => server.stop());
  const { context, page } = await openWorkbench(server.url, workspace);
  cleanups.push(() => context.close());
  current = page;
  await answerTrust(page, true);
  // The extensions' commands reach the palette a moment after the workbench shows.
  await page.locator('.statusbar-item', { hasText: 'Layout' }).waitFor({ timeout: 30_000 });
  return { workspace, page };
}

function treeRow(page: Page, label: string) {
  return page.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

async function waitGone(dir: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (survivors({ dir, startedByUs: true }).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const left = survivors({ dir, startedByUs: true });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
}

/** Opens a file of the workspace with Quick Open (the palette without its ">") and puts the cursor on `line`. */
async function openAt(page: Page, file: string, line: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

test('Debug Service on a Node service stops at a breakpoint in its request handler; the Variables view shows the local', async () => {
  const { workspace, page } = await open('debug-node', 'debug-node');
  await runCommand(page, 'Repo Runner: Run Workspace').catch(() => runCommand(page, 'Repo Runner: Run Workspace'));
  const status = page.locator('.statusbar-item', { hasText: '1/1 healthy' });
  await status.waitFor({ timeout: 120_000 });
  await status.click();
  const description = await treeRow(page, 'debug-node').locator('.label-description').innerText();
  const port = Number(/:(\d+)/.exec(description)![1]);

  // The breakpoint: line 10 of server.js, in the handler's /visit/ branch (health checks ask
  // for "/"), after `visitor` is set.
  await openAt(page, 'server.js', 10);
  await runCommand(page, 'Debug: Toggle Breakpoint');
  await page.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });

  await runCommand(page, 'Repo Runner: Debug Service');
  // Attached: the debug toolbar shows.
  await page.locator('.debug-toolbar').waitFor({ timeout: 120_000 });
  await screenshot(page, 'debug-1-attached');

  // Stopped at the breakpoint: the editor marks the line. js-debug sets breakpoints just after it
  // attaches, so a request sent in that moment may pass: a person would send another.
  const stopped = page.locator('.debug-top-stack-frame, .codicon-debug-stackframe').first();
  let response: Promise<unknown> | undefined;
  for (let i = 0; i < 20 && !(await stopped.isVisible()); i++) {
    response = fetch(`http://127.0.0.1:${port}/visit/the-test`).then((r) => r.json());
    await Promise.race([response, stopped.waitFor({ timeout: 5_000 })]).catch(() => undefined);
  }
  await stopped.waitFor({ timeout: 30_000 });
  // The Variables view lists the handler's local.
  const variable = page.locator('.debug-pane .monaco-list-row', { hasText: 'visitor' }).first();
  await variable.waitFor({ timeout: 30_000 });
  assert.match(await variable.innerText(), /visitor[\s\S]*'the-test'/);
  await screenshot(page, 'debug-2-stopped-at-breakpoint');

  await runCommand(page, 'Debug: Continue');
  assert.deepEqual(await response!, { app: 'debug-node', greeting: 'hello from /visit/the-test', visitor: 'the-test' });
  await runCommand(page, 'Repo Runner: Stop All');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  await waitGone(workspace);
});
