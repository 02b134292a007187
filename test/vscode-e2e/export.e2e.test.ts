// Repo Runner: Export Plan… in a real VS Code (code-server in Chromium), as a person uses it:
// the palette, the target picked from the list, the files written into the workspace; then a
// file the user changed, and the modal question before anything is overwritten.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { copyFixture } from '../helpers/fixtures.js';
import { codeServerSuite, screenshot } from './workbench.js';

const suite = codeServerSuite();

/** F1, the command (again while the editor is still loading its extensions), then the target from the quick pick it opens. */
async function exportTo(page: Page, target: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const entry = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: 'Repo Runner: Export Plan…' }) }).first();
  for (let attempt = 1; ; attempt++) {
    if (await input.isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Repo Runner: Export Plan');
    const found = await entry.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (found) break;
    if (attempt === 6) {
      await screenshot(page, 'export-0-palette');
      throw new Error('the palette never listed Repo Runner: Export Plan…');
    }
  }
  await entry.click();
  await page.locator('.quick-input-widget input[placeholder="Export the plan for…"]').waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${target}$`) }) }).first().click();
}

test('Export Plan… writes the compose export into the workspace, and asks before overwriting a changed file', async () => {
  const workspace = copyFixture('express-postgres');
  const { page } = await suite.open(workspace, 'export');

  await exportTo(page, 'Docker Compose');
  await page.locator('.notifications-toasts', { hasText: /wrote \d+ files for Docker Compose/ }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'export-1-written');
  for (const file of ['compose.yaml', 'Dockerfile', '.dockerignore', 'secrets/.gitignore', 'secrets/postgres.env', 'secrets/express-postgres.env.example']) {
    assert.ok(existsSync(join(workspace, file)), `${file} was written`);
  }
  assert.match(readFileSync(join(workspace, 'compose.yaml'), 'utf8'), /condition: service_healthy/);

  writeFileSync(join(workspace, 'compose.yaml'), 'services: {}\n');
  await exportTo(page, 'Docker Compose');
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'Overwrite 1 file with the exported ones?' });
  await dialog.waitFor({ timeout: 30_000 });
  await screenshot(page, 'export-2-overwrite-question');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal(readFileSync(join(workspace, 'compose.yaml'), 'utf8'), 'services: {}\n', 'Cancel leaves the changed file alone');

  await exportTo(page, 'Docker Compose');
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Overwrite' }).click();
  // The file itself says it was overwritten (a toast may be hidden behind the editor's own ones).
  const deadline = Date.now() + 30_000;
  while (!/express-postgres:/.test(readFileSync(join(workspace, 'compose.yaml'), 'utf8')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await screenshot(page, 'export-3-overwritten');
  assert.match(readFileSync(join(workspace, 'compose.yaml'), 'utf8'), /express-postgres:/);
});
