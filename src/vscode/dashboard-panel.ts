// "Repo Runner: Open Dashboard": the dashboard page in a webview. The page's own files are
// rendered in the webview (the webview's CSP allows only them); it talks to the extension by
// messages, and the extension answers from the folder's local server (with the run's token),
// relays the event stream, and applies fixes through the same confirmation as the tree.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { DashboardServer } from '../node/dashboard/dashboard-server.js';
import type { RunEvent } from '../core/index.js';
import { confirmAndApply } from './fix-command.js';
import type { FolderRun } from './folder-run.js';

type PageMessage =
  | { type: 'subscribe' }
  | { type: 'request'; id: number; method: 'GET' | 'POST'; path: string; body?: unknown }
  | { type: 'applyFix'; id: number; finding: number; fix: number; code: string }
  | { type: 'debug'; id: number; service: string };

/** Output lines are sent to the page in batches, not one message each. */
const BATCH_MS = 100;

export class DashboardPanel implements vscode.Disposable {
  private static current?: DashboardPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private unsubscribe: (() => void)[] = [];
  private queue: { event: RunEvent; id: number }[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  /** Whether the dashboard is what the user is looking at (no notifications then). */
  static get focused(): boolean {
    return DashboardPanel.current?.panel.active === true && vscode.window.state.focused;
  }

  /** Shows the dashboard of `run` (one panel; it switches folder when asked for another). */
  static async show(extensionUri: vscode.Uri, run: FolderRun): Promise<void> {
    const server = await run.dashboard();
    if (DashboardPanel.current?.run === run) {
      DashboardPanel.current.panel.reveal();
      return;
    }
    DashboardPanel.current?.dispose();
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'dashboard');
    const panel = vscode.window.createWebviewPanel('repoRunner.dashboard', vscode.l10n.t('Repo Runner: {0}', run.folder.name), vscode.ViewColumn.Active, {
      enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [media],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'repo-runner.svg');
    DashboardPanel.current = new DashboardPanel(panel, run, server);
    panel.webview.html = await pageHtml(panel.webview, media);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly run: FolderRun, private readonly server: DashboardServer) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: PageMessage) => void this.receive(message)),
    );
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }

  private async receive(message: PageMessage): Promise<void> {
    const post = (data: unknown) => void this.panel.webview.postMessage(data);
    switch (message.type) {
      case 'subscribe': {
        for (const stop of this.unsubscribe) stop();
        post({ type: 'snapshot', snapshot: this.server.snapshot() });
        post({ type: 'status', status: vscode.l10n.t('live') });
        this.unsubscribe = [
          this.server.journal.subscribe((entry) => this.enqueue(entry.event, entry.id)),
          this.server.onNewRun(() => {
            this.queue = [];
            post({ type: 'snapshot', snapshot: this.server.snapshot() });
          }),
        ];
        return;
      }
      case 'request': {
        // Only the API's own paths, through the local server with the run's token.
        if (!/^\/api\/[\w\-/%.?=&]*$/.test(message.path)) return post({ type: 'response', id: message.id, status: 400, body: { error: 'not an API path' } });
        try {
          const response = await fetch(`${this.server.origin}${message.path}`, {
            method: message.method, headers: { authorization: `Bearer ${this.server.token}`, 'content-type': 'application/json' },
            body: message.body === undefined ? undefined : JSON.stringify(message.body),
          });
          post({ type: 'response', id: message.id, status: response.status, body: await response.json().catch(() => ({})) });
        } catch (error) {
          post({ type: 'response', id: message.id, status: 0, body: { error: error instanceof Error ? error.message : String(error) } });
        }
        return;
      }
      case 'debug': {
        // Debug Service is the editor's: restart under the debugger, then attach (the tree's command).
        const service = this.run.state.services.find((s) => s.name === message.service);
        if (!service) return post({ type: 'response', id: message.id, status: 404, body: { error: vscode.l10n.t('No service named {0}.', message.service) } });
        const attached = await vscode.commands.executeCommand<boolean>('repoRunner.debugService', { kind: 'service', run: this.run, service });
        return attached
          ? post({ type: 'response', id: message.id, status: 200, body: { message: vscode.l10n.t('{0}: debugger attached', service.name) } })
          : post({ type: 'response', id: message.id, status: 409, body: { error: vscode.l10n.t('not debugged (the notification says why)') } });
      }
      case 'applyFix': {
        const finding = this.server.journal.snapshot.findings[message.finding];
        const fix = finding?.code === message.code ? finding.fixes[message.fix] : undefined;
        if (!finding || !fix) return post({ type: 'response', id: message.id, status: 409, body: { error: vscode.l10n.t('The findings changed; look again.') } });
        // The same modal confirmation as Apply Fix in the tree: nothing changes without the user's yes.
        const applied = await confirmAndApply({ run: this.run, finding, fix });
        return post({ type: 'response', id: message.id, status: applied ? 200 : 0, body: { message: fix.title } });
      }
    }
  }

  private enqueue(event: RunEvent, id: number): void {
    this.queue.push({ event, id });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.queue;
      this.queue = [];
      void this.panel.webview.postMessage({ type: 'events', items: batch });
    }, BATCH_MS);
  }
}

/** index.html with the webview's addresses for the page's files and a CSP that allows only them. */
async function pageHtml(webview: vscode.Webview, media: vscode.Uri): Promise<string> {
  const html = await readFile(vscode.Uri.joinPath(media, 'index.html').fsPath, 'utf8');
  const csp = `default-src 'none'; script-src ${webview.cspSource}; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; base-uri 'none'; form-action 'none'`;
  return html
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/"\/assets\/([\w.-]+)"/g, (_m, name: string) => `"${webview.asWebviewUri(vscode.Uri.joinPath(media, name)).toString()}"`);
}
