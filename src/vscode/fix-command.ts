// "Repo Runner: Apply Fix": from a quick fix, a fix in the tree, or the palette. It shows what
// will change (the lines of the file, or the command and its folder) and applies nothing
// without the user's yes; then the failed phase runs again.
import * as vscode from 'vscode';
import { previewFix } from '../core/fixer/apply-fix.js';
import { maskValue } from '../core/detect/env-file.js';
import type { Finding, Fix } from '../core/model.js';
import { createNodeHost } from '../node/node-host.js';
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
      title: `Repo Runner: ${fix.title}`, prompt: `The value of ${fix.name}, written to ${fix.file}`, password: maskValue(fix.name, 'xxxxxxxx') !== 'xxxxxxxx', ignoreFocusOut: true,
    });
    if (value === undefined) return false;
  }
  if (fix.kind !== 'rerun') {
    const detail = await describe(fix, run, value);
    const choice = await vscode.window.showWarningMessage(`${fix.title}?`, { modal: true, detail }, 'Apply');
    if (choice !== 'Apply') return false;
  }
  const { outcome, run: rerun } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Repo Runner: ${fix.title}` },
    () => run.applyFix(fix, value),
  );
  if (!outcome.ok) {
    void vscode.window.showErrorMessage(`Repo Runner: ${outcome.message}${outcome.output?.length ? ` — ${outcome.output.slice(-3).join(' ')}` : ''}`);
    return false;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Repo Runner: running again' }, () => rerun ?? Promise.resolve(undefined));
  if (result) void vscode.window.showInformationMessage(`Repo Runner: fix applied; ${run.folder.name} is ${result}.`);
  return true;
}

/** The preview shown in the confirmation: changed lines of the file (values of secrets masked), or the command. */
async function describe(fix: Fix, run: FolderRun, value?: string): Promise<string> {
  const preview = await previewFix(fix, { root: run.folder.uri.fsPath, fs: createNodeHost().fs }, value);
  if (preview.command) return `Runs: ${preview.command}\nin ${run.folder.name}. Its output goes to the Repo Runner log.`;
  if (!preview.file) return fix.title;
  const before = preview.before!.split('\n');
  const after = preview.after!.split('\n');
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length - 1;
  let endAfter = after.length - 1;
  while (endBefore >= start && endAfter >= start && before[endBefore] === after[endAfter]) {
    endBefore--;
    endAfter--;
  }
  const mask = (line: string) => (fix.kind === 'env' ? line.replace(/^(\s*(?:export\s+)?)(\w+)=(.*)$/, (_m, p: string, n: string, v: string) => `${p}${n}=${maskValue(n, v)}`) : line);
  const removed = before.slice(start, endBefore + 1).map((l) => `- ${mask(l)}`);
  const added = after.slice(start, endAfter + 1).map((l) => `+ ${mask(l)}`);
  return [`${preview.file}${before.length > 1 || before[0] !== '' ? `, line ${start + 1}` : ' (new file)'}:`, ...removed, ...added].join('\n');
}
