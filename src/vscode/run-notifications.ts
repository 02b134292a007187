// Notifications about a run the user is not watching: a service that crashed, one that is back,
// and a run that became healthy after a long wait (a first install). Each can be turned off
// (repoRunner.notifications.*); none is shown while the dashboard has the focus, which says it already.
import * as vscode from 'vscode';
import { plainText, type RunEvent } from '../core/index.js';
import { DashboardPanel } from './dashboard-panel.js';
import type { FolderRun } from './folder-run.js';
import { NotificationRules, type Notice, type NotificationSettings } from './notification-rules.js';

export function readNotificationSettings(scope?: vscode.ConfigurationScope): NotificationSettings {
  const config = vscode.workspace.getConfiguration('repoRunner.notifications', scope);
  return {
    crash: config.get<boolean>('crash', true),
    recovery: config.get<boolean>('recovery', true),
    healthyAfterSeconds: Math.max(0, config.get<number>('healthyAfterSeconds', 60)),
  };
}

export class RunNotifications implements vscode.Disposable {
  private readonly rules = new Map<FolderRun, NotificationRules>();
  private readonly subscription: vscode.Disposable;

  constructor(onEvent: vscode.Event<{ run: FolderRun; event: RunEvent }>, private readonly openDashboard: (run: FolderRun) => Thenable<unknown>) {
    this.subscription = onEvent(({ run, event }) => this.handle(run, event));
  }

  dispose(): void {
    this.subscription.dispose();
    this.rules.clear();
  }

  private handle(run: FolderRun, event: RunEvent): void {
    if (event.type === 'output') return;
    let rules = this.rules.get(run);
    if (!rules) this.rules.set(run, (rules = new NotificationRules()));
    const notice = rules.next(event, readNotificationSettings(run.folder));
    if (!notice || DashboardPanel.focused) return;
    const text = `Repo Runner (${plainText(run.folder.name, 80)}): ${plainText(wording(notice), 300)}`;
    const service = notice.kind === 'healthy' ? undefined : notice.service;
    const logs = vscode.l10n.t('Show Logs');
    const dashboard = vscode.l10n.t('Open Dashboard');
    const buttons = service ? [logs, dashboard] : [dashboard];
    const warn = notice.kind === 'crashed' || notice.kind === 'unhealthy';
    const shown = warn ? vscode.window.showWarningMessage(text, ...buttons) : vscode.window.showInformationMessage(text, ...buttons);
    void shown.then((choice) => {
      if (choice === logs && service) run.showLogs(service);
      else if (choice === dashboard) void this.openDashboard(run);
    });
  }
}

function wording(notice: Notice): string {
  switch (notice.kind) {
    case 'crashed':
      return notice.exitCode !== undefined && notice.exitCode !== null
        ? vscode.l10n.t('{0} crashed (exit code {1}).', notice.service, notice.exitCode)
        : vscode.l10n.t('{0} crashed.', notice.service);
    case 'unhealthy':
      return vscode.l10n.t('{0} stopped answering its health check.', notice.service);
    case 'recovered':
      return vscode.l10n.t('{0} is healthy again.', notice.service);
    case 'healthy':
      return vscode.l10n.t('Every service is healthy (after {0} s).', notice.seconds);
  }
}
