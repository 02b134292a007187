// "Repo Runner: Apply Fix": from a quick fix, a fix in the tree, or the palette. It shows what
// will change (the lines of the file, or the command and its folder) and applies nothing
// without the user's yes; then the failed phase runs again.
import * as vscode from 'vscode';
import { l10n } from 'vscode';
import { previewFix, maskUrl, maskValue, previewText, plainText, type Finding, type Fix } from '../core/index.js';
import type { FolderRun } from './folder-run.js';
import type { FixReference } from './problems.js';

export interface ResolvedFix {
  run: FolderRun;
  finding: Finding;
  fix: Fix;
}

/** The finding and fix a reference names, if the run still shows it. */
export function resolveFix(runs: FolderRun[], reference: FixReference): ResolvedFix | undefined {
  const run = runs.find((r) => r.folder.uri.toString() === reference.folder);
  const finding = run?.state.findings.find((f) => f.code === reference.code && f.message === reference.message);
  const fix = finding?.fixes[reference.fixIndex];
  return run && finding && fix ? { run, finding, fix } : undefined;
}

/** Asks the user (value first when the fix needs one), applies, and runs the failed phase again. */
export async function confirmAndApply({ run, fix }: ResolvedFix): Promise<boolean> {
  let value: string | undefined;
  if (fix.kind === 'env' && fix.value === undefined) {
    value = await vscode.window.showInputBox({
      title: l10n.t('Repo Runner: {0}', plainText(fix.title, 200)), prompt: l10n.t('The value of {0}, written to {1}', fix.name, fix.file), password: maskValue(fix.name, 'xxxxxxxx') !== 'xxxxxxxx', ignoreFocusOut: true,
    });
    if (value === undefined) return false;
  }
  if (fix.kind !== 'rerun') {
    const detail = await describe(fix, run, value);
    const apply = l10n.t('Apply');
    const choice = await vscode.window.showWarningMessage(l10n.t('{0}?', plainText(fix.title, 200)), { modal: true, detail }, apply);
    if (choice !== apply) return false;
  }
  const { outcome, run: rerun } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('Repo Runner: {0}', plainText(fix.title, 200)) },
    () => run.applyFix(fix, value),
  );
  if (!outcome.ok) {
    void vscode.window.showErrorMessage(l10n.t('Repo Runner: {0}', plainText(maskUrl(`${outcome.message}${outcome.output?.length ? ` — ${outcome.output.slice(-3).join(' ')}` : ''}`), 400)));
    return false;
  }
  void vscode.commands.executeCommand('repoRunner.internal.fixApplied');
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: l10n.t('Repo Runner: running again') }, () => rerun ?? Promise.resolve(undefined));
  if (result) void vscode.window.showInformationMessage(l10n.t('Repo Runner: fix applied; {0} is {1}.', run.folder.name, result));
  return true;
}

/** The preview shown in the confirmation: changed lines of the file (secrets masked), or the command. */
async function describe(fix: Fix, run: FolderRun, value?: string): Promise<string> {
  const preview = await previewFix(fix, { root: run.folder.uri.fsPath, fs: run.host.fs }, value);
  if (preview.command) return l10n.t('Runs: {0}\nin {1}. Its output goes to the Repo Runner log.', maskUrl(preview.command), run.folder.name);
  return preview.file ? previewText(fix, preview).join('\n') : fix.title;
}
