// Debug Service and Generate launch.json. Debug Service restarts one service under its
// debugger (the engine picks the port and installs the debugger where needed) and attaches
// VS Code to it; the other services keep running. The debug sessions it starts are its own:
// they are stopped when the extension goes away.
import * as vscode from 'vscode';
import { launchConfigurations, mergeLaunchJson, plainText, type DebugStart } from '../core/index.js';
import type { FolderRun } from './folder-run.js';
import type { RunManager } from './run-manager.js';
import type { Node } from './tree.js';

type ServiceNode = Extract<Node, { kind: 'service' }>;

export class DebugCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly sessions = new Set<vscode.DebugSession>();

  constructor(private readonly manager: RunManager, private readonly log: vscode.LogOutputChannel, private readonly pick: (placeHolder: string) => Promise<ServiceNode | undefined>) {
    this.disposables.push(
      vscode.commands.registerCommand('repoRunner.debugService', (node?: ServiceNode) => this.debug(node)),
      vscode.commands.registerCommand('repoRunner.generateLaunchJson', () => this.generateLaunchJson()),
      vscode.debug.onDidStartDebugSession((session) => { if (session.configuration.name.startsWith('Repo Runner: ')) this.sessions.add(session); }),
      vscode.debug.onDidTerminateDebugSession((session) => this.sessions.delete(session)),
    );
  }

  dispose(): void {
    for (const session of this.sessions) void vscode.debug.stopDebugging(session);
    this.sessions.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** True when VS Code attached to the service (the dashboard says so). */
  private async debug(node?: ServiceNode): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner is in Restricted Mode: it starts nothing until you trust this workspace.'));
      return false;
    }
    const target = node ?? (await this.pick(vscode.l10n.t('Debug which service?')));
    if (!target) return false;
    const name = target.service.name;
    const started: DebugStart = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Repo Runner: restarting {0} under its debugger', plainText(name, 80)) },
      () => target.run.debugService(name));
    if (!started.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Repo Runner: {0}', plainText(started.reason, 400)), vscode.l10n.t('Show Logs'))
        .then((choice) => choice && target.run.showLogs(name));
      return false;
    }
    this.log.info(`[${target.run.folder.name}] ${name}: debugger listening on 127.0.0.1:${started.port}`);
    if (started.adapter.extension && !vscode.extensions.getExtension(started.adapter.extension)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner: {0} waits for a debugger on 127.0.0.1:{1}; install {2} to attach VS Code to it.', plainText(name, 80), started.port, started.adapter.label));
      return false;
    }
    const attached = await vscode.debug.startDebugging(target.run.folder, started.attach as vscode.DebugConfiguration, {
      suppressSaveBeforeStart: true,
    });
    if (!attached) void vscode.window.showErrorMessage(vscode.l10n.t('Repo Runner: VS Code could not attach to {0} on 127.0.0.1:{1}.', plainText(name, 80), started.port));
    return attached;
  }

  /** Writes a launch configuration per service into .vscode/launch.json, keeping every existing one. */
  private async generateLaunchJson(): Promise<void> {
    const runs = this.manager.all();
    if (runs.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner: open a folder first.'));
      return;
    }
    for (const run of runs) await this.writeLaunchJson(run);
  }

  private async writeLaunchJson(run: FolderRun): Promise<void> {
    if (!run.state.plan) await run.showPlan();
    const plan = run.state.plan;
    const configurations = plan ? launchConfigurations(plan) : [];
    if (configurations.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Repo Runner: no service of {0} has a debugger Repo Runner knows.', run.folder.name));
      return;
    }
    const uri = vscode.Uri.joinPath(run.folder.uri, '.vscode', 'launch.json');
    let existing: string | undefined;
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      existing = undefined;
    }
    const merged = mergeLaunchJson(existing, configurations);
    if (!merged.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Repo Runner: {0}', merged.reason));
      return;
    }
    if (merged.added.length > 0) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(merged.text));
    const message = merged.added.length > 0
      ? vscode.l10n.t('Repo Runner: added {0} to .vscode/launch.json.', merged.added.join(', '))
      : vscode.l10n.t('Repo Runner: .vscode/launch.json already has a configuration for every service.');
    const open = vscode.l10n.t('Open launch.json');
    const choice = await vscode.window.showInformationMessage(message, open);
    if (choice === open) await vscode.window.showTextDocument(uri);
  }
}
