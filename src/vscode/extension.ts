// The VS Code face of the engine. Activation only wires things up: nothing is scanned or
// started until the user asks (or turned on repoRunner.autoRunOnOpen in a trusted workspace).
import * as vscode from 'vscode';
import { createNodeHost } from '../node/node-host.js';
import { Commands } from './commands.js';
import { RunManager } from './run-manager.js';
import { onSettingsChanged, readSettings } from './settings.js';
import { HealthStatusBar } from './status-bar.js';
import { RunTreeProvider } from './tree.js';
import { Problems } from './problems.js';
import { LlmAssist } from './llm-assist.js';
import { registerDashboard } from './dashboard-commands.js';
import { ExportCommand } from './export-command.js';

let manager: RunManager | undefined;

/** What activate() returns: used by the integration tests to read the tree. */
export interface ExtensionApi {
  tree: RunTreeProvider;
  runs: RunManager;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Repo Runner', { log: true });
  const llm = new LlmAssist(context.secrets, log);
  // The one host of the extension: every folder's runs, fixes and resets reach the machine through it.
  const runs = new RunManager(createNodeHost(), log, llm);
  manager = runs;
  const tree = new RunTreeProvider(() => runs.all(), () => runs.multiRoot);
  const statusBar = new HealthStatusBar();
  const commands = new Commands(runs, log);
  const problems = new Problems(() => runs.all());
  const exporter = new ExportCommand(runs, log);
  const view = vscode.window.createTreeView('repoRunner.runs', { treeDataProvider: tree, showCollapseAll: true });

  const refresh = () => {
    tree.refresh();
    problems.update();
    statusBar.update(runs.all());
    void vscode.commands.executeCommand('setContext', 'repoRunner.hasRun', runs.all().some((r) => r.hasRun && !r.planOnly));
    void vscode.commands.executeCommand('setContext', 'repoRunner.canRetry', runs.all().some((r) => r.failedPhase !== undefined));
  };
  const setTrusted = () => void vscode.commands.executeCommand('setContext', 'repoRunner.trusted', vscode.workspace.isTrusted);
  setTrusted();

  context.subscriptions.push(
    log, llm, tree, statusBar, commands, problems, view, exporter,
    runs.onDidChange(refresh),
    ...registerDashboard(context, runs),
    onSettingsChanged((settings) => log.info(`settings changed; the next run uses them: ${JSON.stringify(settings)}`)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      setTrusted();
      log.info('workspace trusted: running is enabled');
      refresh();
      if (readSettings().autoRunOnOpen) void commands.run(false);
    }),
  );
  refresh();
  if (vscode.workspace.isTrusted && readSettings().autoRunOnOpen) void commands.run(false);
  return { tree, runs };
}

export async function deactivate(): Promise<void> {
  // Every process the extension started is stopped before the extension host goes away.
  await manager?.dispose();
  manager = undefined;
}
