// Findings in the Problems panel, on the file and line that justify them, and their fixes as
// quick fixes (the first one preferred). A quick fix runs "Repo Runner: Apply Fix", which asks
// before it changes anything.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/index.js';
import type { FolderRun } from './folder-run.js';

/** What the Apply Fix command gets from a quick fix or a tree item. */
export interface FixReference {
  folder: string;
  code: string;
  message: string;
  fixIndex: number;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const SOURCE = 'Repo Runner';

export class Problems implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('repo-runner');
  /** uri|line|code → the finding shown there. */
  private readonly shown = new Map<string, { run: FolderRun; finding: Finding }>();
  private readonly registration: vscode.Disposable;
  private last = '';

  constructor(private readonly runs: () => FolderRun[]) {
    this.registration = vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: Problems.kinds });
  }

  /** Shows the findings of every run; called whenever a run changes. */
  update(): void {
    const signature = JSON.stringify(this.runs().map((r) => [r.folder.uri.toString(), r.state.findings.map((f) => [f.code, f.service, f.file, f.range, f.message, f.fixes.map((x) => x.title)])]));
    if (signature === this.last) return;
    this.last = signature;
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    this.shown.clear();
    for (const run of this.runs()) {
      for (const finding of run.state.findings) {
        if (!finding.file) continue;
        const uri = vscode.Uri.joinPath(run.folder.uri, finding.file);
        const line = Math.max(0, (finding.range?.startLine ?? 1) - 1);
        const range = new vscode.Range(line, Math.max(0, (finding.range?.startColumn ?? 1) - 1), finding.range?.endLine ? finding.range.endLine - 1 : line, finding.range?.endColumn ?? 1_000);
        const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
        diagnostic.source = SOURCE;
        diagnostic.code = finding.code;
        const key = uri.toString();
        if (!byFile.has(key)) byFile.set(key, { uri, diagnostics: [] });
        byFile.get(key)!.diagnostics.push(diagnostic);
        this.shown.set(`${key}|${line}|${finding.code}`, { run, finding });
      }
    }
    this.collection.clear();
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const entry = this.shown.get(`${document.uri.toString()}|${diagnostic.range.start.line}|${String(diagnostic.code)}`);
      if (!entry) continue;
      entry.finding.fixes.forEach((fix, fixIndex) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fixIndex === 0;
        const reference: FixReference = { folder: entry.run.folder.uri.toString(), code: entry.finding.code, message: entry.finding.message, fixIndex };
        action.command = { command: 'repoRunner.applyFix', title: fix.title, arguments: [reference] };
        actions.push(action);
      });
    }
    return actions;
  }

  dispose(): void {
    this.registration.dispose();
    this.collection.dispose();
  }
}
