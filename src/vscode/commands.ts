// The commands: run (at once or step by step), stop, retry, per service restart, logs and
// open, and reset a database (after a modal confirmation). Nothing installs or runs in Restricted Mode: the plan is shown and the user is told why.
import * as vscode from 'vscode';
import { type PhaseName, type RunOutcome, plainText } from '../core/index.js';
import type { FolderRun } from './folder-run.js';
import type { RunManager } from './run-manager.js';
import { isLocalUrl } from './safe-text.js';
import type { Node } from './tree.js';
import { confirmAndApply, resolveFix, type ResolvedFix } from './fix-command.js';
import type { FixReference } from './problems.js';

type ServiceNode = Extract<Node, { kind: 'service' }>;
type DatabaseNode = Extract<Node, { kind: 'database' }>;
type FixNode = Extract<Node, { kind: 'fix' }>;

export class Commands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Runs paused in step-by-step mode, each with the function that lets it go on. */
  private readonly paused = new Map<FolderRun, () => void>();

  constructor(private readonly manager: RunManager, private readonly log: vscode.LogOutputChannel) {
    const register = (id: string, handler: (...args: never[]) => unknown) =>
      this.disposables.push(vscode.commands.registerCommand(id, handler));
    register('repoRunner.runWorkspace', () => this.run(false));
    register('repoRunner.runStepByStep', () => this.run(true));
    register('repoRunner.continue', () => this.resumeAll());
    register('repoRunner.stopAll', () => this.stopAll());
    register('repoRunner.retryFailedPhase', () => this.retry());
    register('repoRunner.restartService', (node?: ServiceNode) => this.restart(node));
    register('repoRunner.showLogs', (node?: ServiceNode) => this.showLogs(node));
    register('repoRunner.openInBrowser', (node?: ServiceNode) => this.open(node));
    register('repoRunner.resetDatabase', (node?: DatabaseNode) => this.resetDatabase(node));
    register('repoRunner.applyFix', (target?: FixNode | FixReference) => this.applyFix(target));
    register('repoRunner.clearToolCache', () => this.clearToolCache());
  }

  dispose(): void {
    this.resumeAll();
    for (const d of this.disposables) d.dispose();
  }

  private resumeAll(): void {
    for (const resume of [...this.paused.values()]) resume();
  }

  async run(stepByStep: boolean): Promise<void> {
    const runs = this.manager.all();
    if (runs.length === 0) {
      void vscode.window.showWarningMessage('Repo Runner: open a folder first.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      await Promise.all(runs.map((r) => r.showPlan()));
      const choice = await vscode.window.showWarningMessage(
        'Repo Runner is in Restricted Mode: the plan is shown in the Repo Runner view, but nothing is installed or run until you trust this workspace.',
        'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const outcomes = await this.withProgress('Repo Runner: running', runs, (run) => run.start(stepByStep ? { afterPhase: (phase) => this.pause(run, phase) } : {}));
    this.report(runs, outcomes);
  }

  /** Empties the cache of package managers and runtimes Repo Runner fetched, after a modal confirmation. */
  private async clearToolCache(): Promise<void> {
    const tools = this.manager.host.tools;
    const cached = (await tools?.cached()) ?? [];
    if (!tools || cached.length === 0) {
      void vscode.window.showInformationMessage('Repo Runner: the tool cache is empty.');
      return;
    }
    const mib = (cached.reduce((sum, t) => sum + t.bytes, 0) / 1048576).toFixed(1);
    const list = cached.map((t) => `${t.tool} ${t.version}`).join(', ');
    const choice = await vscode.window.showWarningMessage(`Remove the ${cached.length} tool versions Repo Runner fetched (${mib} MiB)?`, { modal: true, detail: `${list}\n\nA later run fetches again what a repo needs.` }, 'Remove');
    if (choice !== 'Remove') return;
    const removed = await tools.clear();
    this.log.info(`tool cache cleared: ${removed.map((t) => `${t.tool} ${t.version}`).join(', ')}`);
    void vscode.window.showInformationMessage(`Repo Runner: removed ${removed.length} tool versions (${mib} MiB).`);
  }

  async stopAll(): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Repo Runner: stopping' },
      () => Promise.all(this.manager.all().map((r) => r.stop())));
    this.log.info('stopped every run');
  }

  private async retry(): Promise<void> {
    const failed = this.manager.all().filter((r) => r.failedPhase);
    if (failed.length === 0) {
      void vscode.window.showInformationMessage('Repo Runner: no phase has failed.');
      return;
    }
    const outcomes = await this.withProgress('Repo Runner: retrying', failed, (run) => run.retry() ?? Promise.resolve('failed' as RunOutcome));
    this.report(failed, outcomes);
  }

  private async restart(node?: ServiceNode): Promise<void> {
    const target = node ?? (await this.pickService('Restart which service?'));
    if (!target) return;
    const ok = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Repo Runner: restarting ${target.service.name}` },
      () => target.run.restartService(target.service.name));
    if (!ok) void vscode.window.showErrorMessage(`Repo Runner: ${plainText(target.service.name, 80)} did not come back healthy; see its logs.`, 'Show Logs')
      .then((choice) => choice && target.run.showLogs(target.service.name));
  }

  private async showLogs(node?: ServiceNode): Promise<void> {
    const target = node ?? (await this.pickService('Show the logs of which service?', true));
    if (target) target.run.showLogs(target.service.name);
    else if (!node) this.log.show(true);
  }

  private async open(node?: ServiceNode): Promise<void> {
    const target = node ?? (await this.pickService('Open which service?'));
    const url = target?.service.url;
    // Through asExternalUri: over Remote-SSH, WSL, a dev container or Codespaces the port is forwarded and the URL is the local one.
    if (isLocalUrl(url)) await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(url)));
  }

  /** Applies a fix from a quick fix, the tree or the palette, after the user confirms. */
  private async applyFix(target?: FixNode | FixReference): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Repo Runner is in Restricted Mode: it changes nothing until you trust this workspace.');
      return;
    }
    let resolved: ResolvedFix | undefined;
    if (target && 'kind' in target) resolved = { run: target.run, finding: target.finding, fix: target.fix };
    else if (target) resolved = resolveFix(this.manager.all(), target);
    else {
      const candidates = this.manager.all().flatMap((run) => run.state.findings.flatMap((finding) => finding.fixes.map((fix) => ({ run, finding, fix }))));
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage('Repo Runner: no fix to apply.');
        return;
      }
      resolved = (await vscode.window.showQuickPick(candidates.map((c) => ({ label: c.fix.title, detail: c.finding.message, c })), { placeHolder: 'Apply which fix?' }))?.c;
    }
    if (!resolved) {
      void vscode.window.showWarningMessage('Repo Runner: that fix belongs to an earlier run; run the workspace again.');
      return;
    }
    await confirmAndApply(resolved);
  }

  /** Deletes a database's data, only after the user confirms in a modal dialog. */
  private async resetDatabase(node?: DatabaseNode): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Repo Runner is in Restricted Mode: it changes nothing until you trust this workspace.');
      return;
    }
    const target = node ?? (await this.pickDatabase());
    if (!target) return;
    const name = target.database.name;
    const dir = target.run.databaseDir(name);
    const choice = await vscode.window.showWarningMessage(`Delete every table and row of the database "${name}"?`,
      { modal: true, detail: `Its data folder ${dir} is deleted, and the run of ${target.run.folder.name} is stopped first. The next run creates the database afresh (migrations and seeds run again). This cannot be undone.` },
      'Delete Data');
    if (choice !== 'Delete Data') return;
    try {
      const result = await target.run.resetDatabase(name);
      void vscode.window.showInformationMessage(result.existed ? `Repo Runner: the data of "${name}" was deleted; the next run creates it afresh.` : `Repo Runner: "${name}" had no data yet.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Repo Runner: could not reset "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async pickDatabase(): Promise<DatabaseNode | undefined> {
    const candidates = this.manager.all().flatMap((run) => (run.state.plan?.databases ?? []).filter((d) => d.engine !== 'sqlite')
      .map((d): DatabaseNode => ({ kind: 'database', run, database: run.state.databases.find((s) => s.name === d.name) ?? { name: d.name, engine: d.engine, status: 'pending' } })));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Repo Runner: no database to reset. Run the workspace first.');
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(candidates.map((c) => ({
      label: c.database.name, description: [c.database.engine, c.database.status].join(' · '), detail: this.manager.multiRoot ? c.run.folder.name : undefined, node: c,
    })), { placeHolder: 'Reset which database?' });
    return picked?.node;
  }

  /** Step by step: the run waits here after each phase until the user says Continue. */
  private pause(run: FolderRun, phase: PhaseName): Promise<void> {
    return new Promise((resolve) => {
      const resume = () => {
        if (this.paused.get(run) !== resume) return;
        this.paused.delete(run);
        void vscode.commands.executeCommand('setContext', 'repoRunner.paused', this.paused.size > 0);
        resolve();
      };
      this.paused.set(run, resume);
      void vscode.commands.executeCommand('setContext', 'repoRunner.paused', true);
      void vscode.window.showInformationMessage(`Repo Runner (${run.folder.name}): ${phase} finished. Continue with the next phase?`, 'Continue', 'Stop')
        .then(async (choice) => {
          if (choice === 'Continue') resume();
          if (choice === 'Stop') {
            resume();
            await run.stop();
          }
        });
    });
  }

  private withProgress(title: string, runs: FolderRun[], each: (run: FolderRun) => Promise<RunOutcome>): Thenable<RunOutcome[]> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => {
        this.resumeAll();
        void Promise.all(runs.map((r) => r.stop()));
      });
      const listener = this.manager.onDidChange(() => {
        const phase = runs.flatMap((r) => r.state.phases).find((p) => p.status === 'running');
        if (phase) progress.report({ message: phase.name });
      });
      return Promise.all(runs.map(each)).finally(() => listener.dispose());
    });
  }

  private report(runs: FolderRun[], outcomes: RunOutcome[]): void {
    const failed = runs.filter((_, i) => outcomes[i] === 'failed');
    if (failed.length === 0) return;
    const finding = failed[0].state.findings.find((f) => f.severity === 'error');
    void vscode.window.showErrorMessage(`Repo Runner: ${finding ? plainText(finding.message, 400) : 'the run failed'}`, 'Show Logs', 'Retry Failed Phase').then((choice) => {
      if (choice === 'Show Logs') this.log.show(true);
      if (choice === 'Retry Failed Phase') void this.retry();
    });
  }

  private async pickService(placeHolder: string, includeStopped = false): Promise<ServiceNode | undefined> {
    const candidates = this.manager.all().flatMap((run) => run.state.services
      .filter((service) => includeStopped || service.url !== undefined)
      .map((service): ServiceNode => ({ kind: 'service', run, service })));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Repo Runner: no service is running. Run the workspace first.');
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(candidates.map((c) => ({
      label: c.service.name, description: [c.service.status, c.service.url].filter(Boolean).join(' · '), detail: this.manager.multiRoot ? c.run.folder.name : undefined, node: c,
    })), { placeHolder });
    return picked?.node;
  }
}
