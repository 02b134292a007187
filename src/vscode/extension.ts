// The VS Code face of the engine. Activation only registers; nothing is scanned or started
// until the user runs a command.
import * as vscode from 'vscode';
import { startRun, type RunSession } from '../core/orchestrator.js';
import { createNodeHost } from '../node/node-host.js';

let session: RunSession | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Repo Runner', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand('repoRunner.runWorkspace', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return void vscode.window.showWarningMessage('Repo Runner: open a folder first.');
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('Repo Runner installs and runs nothing in Restricted Mode.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    await session?.stop();
    const current = startRun({
      root: folder.uri.fsPath,
      host: createNodeHost(),
      onEvent: (event) => {
        if (event.type === 'log') log[event.level === 'warn' ? 'warn' : event.level](event.message);
        else if (event.type === 'finding') log.error(event.finding.message);
        else if (event.type === 'service' && event.status === 'healthy') log.info(`${event.service} healthy at ${event.url}`);
      },
    });
    session = current;
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Repo Runner', cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => void current.stop());
      return current.ready;
    });
    void vscode.window.showInformationMessage(`Repo Runner: ${outcome}`);
  }));
}

export async function deactivate(): Promise<void> {
  await session?.stop();
}
