// Debug Service and the walkthrough in a real VS Code (code-server, Chromium), used as a person
// does: a breakpoint set in the editor, Debug Service from the palette, a request sent to the
// service, VS Code stopped at the breakpoint with the handler's local in the Variables view.
// Screenshots go to test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { Page } from 'playwright-core';
import { copyFixture, describeProcesses, survivors } from '../helpers/fixtures.js';
import { codeServerSuite, runCommand, screenshot } from './workbench.js';

const suite = codeServerSuite();

let current: Page | undefined;
afterEach(async (t) => {
  // A failed step leaves a picture of what the screen showed.
  if (current && (t as { passed?: boolean }).passed === false) await screenshot(current, `failed-${t.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
});

async function open(fixture: string, name: string, settings?: Record<string, unknown>): Promise<{ workspace: string; page: Page }> {
  const workspace = copyFixture(fixture);
  if (settings) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings));
  }
  const { page } = await suite.open(workspace, name);
  current = page;
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

/** Opens a file of the workspace with Quick Open (the palette without its ">") and clicks the margin left of line `line`, as a person sets a breakpoint. */
async function setBreakpoint(page: Page, file: string, line: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: 10_000 });
  const number = page.locator('.monaco-editor .margin .line-numbers', { hasText: new RegExp(`^\\s*${line}\\s*$`) }).first();
  await number.waitFor({ timeout: 10_000 });
  const box = (await number.boundingBox())!;
  const glyphs = (await page.locator('.monaco-editor .margin .glyph-margin').first().boundingBox())!;
  await page.mouse.click(glyphs.x + glyphs.width / 2, box.y + box.height / 2);
}

test('Debug Service on a Node service stops at a breakpoint in its request handler; the Variables view shows the local', async () => {
  const { workspace, page } = await open('debug-node', 'debug-node');
  await runCommand(page, 'Repo Runner: Run Workspace');
  const status = page.locator('.statusbar-item', { hasText: '1/1 healthy' });
  await status.waitFor({ timeout: 120_000 });
  await status.click();
  const description = await treeRow(page, 'debug-node').locator('.label-description').innerText();
  const port = Number(/:(\d+)/.exec(description)![1]);

  // The breakpoint: line 10 of server.js, in the handler's /visit/ branch (health checks ask
  // for "/"), after `visitor` is set.
  await setBreakpoint(page, 'server.js', 10);
  await page.locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });

  await runCommand(page, 'Repo Runner: Debug Service');
  // Attached: the debug toolbar shows.
  await page.locator('.debug-toolbar').waitFor({ timeout: 120_000 });
  await screenshot(page, 'debug-1-attached');

  // Stopped at the breakpoint: the editor marks the line. js-debug binds breakpoints a few seconds
  // after its toolbar shows, so a request sent in that moment passes: a person sends another.
  const stopped = page.locator('.debug-top-stack-frame, .codicon-debug-stackframe').first();
  let response: Promise<unknown> | undefined;
  const until = Date.now() + 90_000;
  for (let i = 0; Date.now() < until && !(await stopped.isVisible()); i++) {
    response = fetch(`http://127.0.0.1:${port}/visit/the-test`).then((r) => r.json());
    const outcome = await Promise.race([response.then((b) => `answered ${JSON.stringify(b)}`), stopped.waitFor({ timeout: 5_000 }).then(() => 'stopped')]).catch((e: Error) => `error ${e.message}`);
    if (outcome !== 'stopped') await page.waitForTimeout(1_000);
    if (i % 10 === 0) console.log(`request ${i}: ${outcome}`);
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

/** Picks `label` in the quick pick that is open, as a person clicks it. */
async function pick(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

test('the walkthrough renders and its first step completes on a run; the service\'s tasks are listed under repo-runner; Open Service shows it in the Simple Browser', async () => {
  const { workspace, page } = await open('debug-node', 'walkthrough', { 'repoRunner.openServiceIn': 'simpleBrowser' });
  const input = page.locator('.quick-input-widget input');

  // Tasks: Run Task → repo-runner lists the service's start.
  await page.keyboard.press('F1');
  await input.fill('>Tasks: Run Task');
  await pick(page, 'Tasks: Run Task');
  await pick(page, 'repo-runner');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'start debug-node' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'tasks-1-repo-runner');
  await page.keyboard.press('Escape');

  // The editor's own welcome walkthrough opens with the folder: closed first.
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Repo Runner: Get Started');
  await page.locator('.tab.active', { hasText: /Walkthrough/ }).waitFor({ timeout: 30_000 });
  const step = page.locator('.getting-started-step', { hasText: 'Run the workspace' });
  await step.waitFor({ timeout: 30_000 });
  for (const title of ['Read a finding and apply its fix', 'Open the dashboard', 'Pin the plan with repo-runner.json']) {
    await page.locator('.getting-started-step', { hasText: title }).waitFor({ timeout: 10_000 });
  }
  // VS Code marks a completed step with aria-checked (its blue check).
  const done = page.locator('.getting-started-step[aria-checked="true"]', { hasText: 'Run the workspace' });
  assert.equal(await done.count(), 0, 'not done before a run');
  await screenshot(page, 'walkthrough-1-open');

  // The step's own button, as a person would (the palette can lose its input to the walkthrough's focus).
  await step.getByRole('button', { name: 'Run Workspace' }).click();
  await page.locator('.statusbar-item', { hasText: '1/1 healthy' }).waitFor({ timeout: 120_000 });
  await done.waitFor({ timeout: 30_000 });
  await screenshot(page, 'walkthrough-2-first-step-done');

  // repoRunner.openServiceIn = simpleBrowser: the service opens in an editor tab, its page inside.
  await runCommand(page, 'Repo Runner: Open Service in Browser');
  await page.locator('.tab', { hasText: 'Simple Browser' }).waitFor({ timeout: 30_000 });
  const browser = page.frameLocator('iframe.webview').frameLocator('iframe');
  await browser.frameLocator('iframe').locator('body', { hasText: 'debug-node' }).waitFor({ timeout: 30_000 });
  // Through asExternalUri: code-server hands out its own proxy for the service's port.
  assert.match(await browser.locator('input.url-input').inputValue(), /\/proxy\/\d+\//);
  await screenshot(page, 'simple-browser');
  await runCommand(page, 'Repo Runner: Stop All');
  await waitGone(workspace);
});
