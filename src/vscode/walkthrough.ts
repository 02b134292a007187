// The walkthrough's steps complete on what really happened, through context keys the
// walkthrough's `completionEvents` name: a run that finished, a fix applied, a repo-runner.json
// at a folder's root. (Opening the dashboard completes on the command itself.)
import * as vscode from 'vscode';
import type { RunManager } from './run-manager.js';

export const WALKTHROUGH_KEYS = {
  ran: 'repoRunner.walkthrough.ran',
  fixApplied: 'repoRunner.walkthrough.fixApplied',
  pinned: 'repoRunner.walkthrough.pinned',
} as const;

const EXTENSION_ID = 'repo-runner.repo-runner';
const WALKTHROUGH_ID = 'repoRunner.gettingStarted';

export class WalkthroughProgress implements vscode.Disposable {
  private readonly done = new Set<string>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly manager: RunManager) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/repo-runner.json');
    this.disposables.push(
      this.watcher,
      this.watcher.onDidCreate(() => void this.checkPinned()),
      this.watcher.onDidChange(() => void this.checkPinned()),
      manager.onDidChange(() => this.checkRan()),
    );
    this.disposables.push(vscode.commands.registerCommand('repoRunner.openWalkthrough',
      () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false)));
    void this.checkPinned();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** A fix the user confirmed was applied. */
  fixApplied(): void {
    this.set(WALKTHROUGH_KEYS.fixApplied);
  }

  private checkRan(): void {
    if (this.manager.all().some((run) => !run.planOnly && run.state.outcome !== undefined)) this.set(WALKTHROUGH_KEYS.ran);
  }

  private async checkPinned(): Promise<void> {
    for (const run of this.manager.all()) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(run.folder.uri, 'repo-runner.json'));
        this.set(WALKTHROUGH_KEYS.pinned);
        return;
      } catch {
        // not pinned in this folder
      }
    }
  }

  private set(key: string): void {
    if (this.done.has(key)) return;
    this.done.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
  }
}
