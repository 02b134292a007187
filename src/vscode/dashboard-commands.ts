// The dashboard's commands: "Repo Runner: Open Dashboard" (in the editor), "Open Dashboard in
// Browser" (the printed URL with the token, opened outside), and the notifications that point there.
import * as vscode from 'vscode';
import { DashboardPanel } from './dashboard-panel.js';
import type { FolderRun } from './folder-run.js';
import type { RunManager } from './run-manager.js';
import { RunNotifications } from './run-notifications.js';

export function registerDashboard(context: vscode.ExtensionContext, runs: RunManager): vscode.Disposable[] {
  const open = async (run?: FolderRun) => {
    const chosen = run ?? (await pick(runs));
    if (!chosen) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner: the dashboard starts with a run, and nothing runs until you trust this workspace.'));
      return;
    }
    await DashboardPanel.show(context.extensionUri, chosen);
  };
  const openInBrowser = async () => {
    const chosen = await pick(runs);
    if (!chosen || !vscode.workspace.isTrusted) return;
    const server = await chosen.dashboard();
    await vscode.env.openExternal(vscode.Uri.parse(server.url));
  };
  return [
    vscode.commands.registerCommand('repoRunner.openDashboard', (node?: { run?: FolderRun }) => open(node?.run)),
    vscode.commands.registerCommand('repoRunner.openDashboardInBrowser', openInBrowser),
    new RunNotifications(runs.onDidRunEvent, (run) => open(run)),
  ];
}

/** The folder whose dashboard to show: the only one, the only one that ran, or the user's choice. */
async function pick(runs: RunManager): Promise<FolderRun | undefined> {
  const all = runs.all();
  if (all.length <= 1) return all[0];
  const ran = all.filter((r) => r.hasRun && !r.planOnly);
  if (ran.length === 1) return ran[0];
  const choice = await vscode.window.showQuickPick((ran.length > 0 ? ran : all).map((run) => ({ label: run.folder.name, run })), { title: vscode.l10n.t('Repo Runner: which folder\'s dashboard?') });
  return choice?.run;
}
