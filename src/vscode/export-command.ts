// "Repo Runner: Export Plan…": the plan written for Docker Compose, Kubernetes (with a Helm
// chart if asked) or Dev Containers, into the workspace folder. Files already there with other
// content are overwritten only after a modal yes; secret env files already there are kept.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DEFAULT_OUT_DIR, conflictsOf, detectPlan, exportPlan, gatherFacts, plainText, writeExport, type ExportTarget } from '../core/index.js';
import type { RunManager } from './run-manager.js';

interface TargetItem extends vscode.QuickPickItem {
  target: ExportTarget;
  helm: boolean;
  /** The file to open once written. */
  main: string;
}

const TARGETS: TargetItem[] = [
  { label: vscode.l10n.t('Docker Compose'), description: vscode.l10n.t('compose.yaml and a Dockerfile per service'), target: 'compose', helm: false, main: 'compose.yaml' },
  { label: vscode.l10n.t('Kubernetes'), description: vscode.l10n.t('manifests with a kustomization, and a Dockerfile per service'), target: 'kubernetes', helm: false, main: 'kustomization.yaml' },
  { label: vscode.l10n.t('Kubernetes with a Helm chart'), description: vscode.l10n.t('the manifests, plus a chart with values'), target: 'kubernetes', helm: true, main: 'kustomization.yaml' },
  { label: vscode.l10n.t('Dev Container'), description: vscode.l10n.t('.devcontainer/devcontainer.json, databases beside it'), target: 'devcontainer', helm: false, main: 'devcontainer.json' },
];

export class ExportCommand implements vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly manager: RunManager, private readonly log: vscode.LogOutputChannel) {
    this.registration = vscode.commands.registerCommand('repoRunner.exportPlan', () => this.export());
  }

  dispose(): void {
    this.registration.dispose();
  }

  private async export(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner is in Restricted Mode: it writes nothing until you trust this workspace.'));
      return;
    }
    const runs = this.manager.all();
    if (runs.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner: open a folder first.'));
      return;
    }
    const run = runs.length === 1 ? runs[0] : (await vscode.window.showQuickPick(runs.map((r) => ({ label: r.folder.name, r })), { placeHolder: vscode.l10n.t('Export the plan of which folder?') }))?.r;
    if (!run) return;
    const choice = await vscode.window.showQuickPick(TARGETS, { placeHolder: vscode.l10n.t('Export the plan for…') });
    if (!choice) return;
    const root = run.folder.uri.fsPath;
    const fs = this.manager.host.fs;
    const outDir = DEFAULT_OUT_DIR[choice.target];
    const plan = await detectPlan(root, fs);
    const result = exportPlan(plan, await gatherFacts(plan, fs), { target: choice.target, outDir, helm: choice.helm, newSecret: () => randomBytes(24).toString('base64url') });
    if (result.files.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Repo Runner: nothing to export. {0}', plainText(result.notes.join(' '), 300)));
      return;
    }
    const conflicts = await conflictsOf(result.files, root, fs);
    if (conflicts.length > 0) {
      const overwrite = vscode.l10n.t('Overwrite');
      const yes = await vscode.window.showWarningMessage(conflicts.length === 1 ? vscode.l10n.t('Overwrite 1 file with the exported ones?') : vscode.l10n.t('Overwrite {0} files with the exported ones?', conflicts.length),
        { modal: true, detail: vscode.l10n.t('{0}\n\nThey exist with other content. Secret env files already there are kept.', conflicts.join('\n')) }, overwrite);
      if (yes !== overwrite) return;
    }
    const outcome = await writeExport(result.files, root, fs, { force: conflicts.length > 0 });
    this.log.info(`export ${choice.target} of ${run.folder.name}: wrote ${outcome.written.join(', ') || 'nothing'}; kept ${outcome.kept.join(', ') || 'nothing'}`);
    for (const note of result.notes) this.log.info(`export: ${note}`);
    const main = vscode.Uri.joinPath(run.folder.uri, ...[outDir, choice.main].filter(Boolean).join('/').split('/'));
    const openLabel = vscode.l10n.t('Open');
    const open = await vscode.window.showInformationMessage(
      outcome.written.length === 1
        ? vscode.l10n.t('Repo Runner: wrote 1 file for {0}. Secrets are in the git-ignored secrets/*.env files; review the rest, then commit it.', choice.label)
        : vscode.l10n.t('Repo Runner: wrote {0} files for {1}. Secrets are in the git-ignored secrets/*.env files; review the rest, then commit it.', outcome.written.length, choice.label), openLabel);
    if (open === openLabel) await vscode.window.showTextDocument(main);
  }
}
