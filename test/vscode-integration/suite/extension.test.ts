// Inside VS Code: activation, the commands, and the tree after a real run of the workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension.js';

export function registerSuite(): void {
  suite('Repo Runner in VS Code', () => {
    let api: ExtensionApi;

    suiteSetup(async () => {
      const extension = vscode.extensions.getExtension<ExtensionApi>('repo-runner.repo-runner');
      assert.ok(extension, 'the extension is installed');
      api = await extension.activate();
    });

    test('registers its commands', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['runWorkspace', 'runStepByStep', 'stopAll', 'retryFailedPhase', 'restartService', 'showLogs', 'openInBrowser', 'exportPlan']) {
        assert.ok(commands.includes(`repoRunner.${id}`), `repoRunner.${id}`);
      }
    });

    test('Run Workspace: the tree shows every phase done or skipped and the service healthy with its URL', async () => {
      await vscode.commands.executeCommand('repoRunner.runWorkspace');
      const sections = api.tree.getChildren();
      const labels = sections.map((n) => api.tree.getTreeItem(n).label);
      assert.deepEqual(labels, ['Phases', 'Services', 'Databases', 'Environment']);
      const phases = api.tree.getChildren(sections[0]).map((n) => api.tree.getTreeItem(n));
      assert.equal(phases.length, 7);
      const services = api.tree.getChildren(sections[1]).map((n) => api.tree.getTreeItem(n));
      assert.equal(services[0].label, 'express-app');
      assert.match(String(services[0].description), /healthy · :\d+ · http:\/\/127\.0\.0\.1:\d+/);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(String(services[0].description))![0];
      assert.equal((await fetch(url)).status, 200);

      await vscode.commands.executeCommand('repoRunner.stopAll');
      await assert.rejects(fetch(url));
    });
  });
}
