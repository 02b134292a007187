// Owns one FolderRun per workspace folder, follows folders being added and removed, and tells
// the tree and the status bar when anything changed.
import * as vscode from 'vscode';
import type { Host, RunEvent } from '../core/index.js';
import { FolderRun } from './folder-run.js';
import type { LlmAssist } from './llm-assist.js';

export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, FolderRun>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly events = new vscode.EventEmitter<{ run: FolderRun; event: RunEvent }>();
  /** Every event of every folder's run. */
  readonly onDidRunEvent = this.events.event;
  private readonly subscription: vscode.Disposable;

  constructor(readonly host: Host, private readonly log: vscode.LogOutputChannel, private readonly llm?: LlmAssist) {
    this.sync();
    this.subscription = vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync());
  }

  all(): FolderRun[] {
    return [...this.runs.values()];
  }

  get multiRoot(): boolean {
    return this.runs.size > 1;
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await Promise.all(this.all().map((run) => run.dispose()));
    this.runs.clear();
    this.emitter.dispose();
    this.events.dispose();
  }

  private sync(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const keys = new Set(folders.map((f) => f.uri.toString()));
    for (const [key, run] of this.runs) {
      if (!keys.has(key)) {
        this.runs.delete(key);
        void run.dispose();
      }
    }
    for (const folder of folders) {
      const key = folder.uri.toString();
      if (!this.runs.has(key)) this.runs.set(key, new FolderRun(folder, this.host, this.log, () => this.emitter.fire(), this.llm?.assist(folder), (run, event) => this.events.fire({ run, event })));
    }
    this.emitter.fire();
  }
}
