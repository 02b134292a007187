// One status bar item for the health of every run: "$(pulse) 2/2 healthy", with a warning or
// error background when a service is unhealthy or crashed, a tooltip listing the services,
// and a click that focuses the Repo Runner view. Hidden until something has run.
import * as vscode from 'vscode';
import { healthCount } from '../core/index.js';
import type { FolderRun } from './folder-run.js';
import { isLocalUrl, markdownEscape } from './safe-text.js';

export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('repoRunner.health', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Repo Runner Health';
    this.item.command = 'repoRunner.runs.focus';
  }

  update(runs: FolderRun[]): void {
    const active = runs.filter((r) => r.hasRun && !r.planOnly);
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    const counts = active.map((r) => healthCount(r.state));
    const healthy = counts.reduce((n, c) => n + c.healthy, 0);
    const total = counts.reduce((n, c) => n + c.total, 0);
    const crashed = active.some((r) => r.state.services.some((s) => s.status === 'crashed') || r.state.outcome === 'failed');
    const unhealthy = active.some((r) => r.state.services.some((s) => s.status === 'unhealthy'));
    const busy = active.some((r) => r.busy);
    this.item.text = busy && healthy < total ? `$(loading~spin) ${healthy}/${total} healthy` : `$(pulse) ${healthy}/${total} healthy`;
    this.item.backgroundColor = crashed ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : unhealthy ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = tooltip(active, runs.length > 1);
    this.item.accessibilityInformation = { label: `Repo Runner: ${healthy} of ${total} services healthy` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

function tooltip(runs: FolderRun[], multiRoot: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  // One command may be linked, and only it: the rest of the text comes from repos and stays inert.
  md.isTrusted = { enabledCommands: ['repoRunner.openDashboard'] };
  md.appendMarkdown(`**Repo Runner** · [${vscode.l10n.t('Open Dashboard')}](command:repoRunner.openDashboard)\n\n`);
  for (const run of runs) {
    if (multiRoot) md.appendMarkdown(`*${markdownEscape(run.folder.name)}*\n\n`);
    for (const service of run.state.services) {
      const link = isLocalUrl(service.url) ? ` · [${service.url}](${service.url})` : '';
      md.appendMarkdown(`- **${markdownEscape(service.name)}**: ${service.status}${link}\n`);
    }
    md.appendMarkdown('\n');
  }
  return md;
}
