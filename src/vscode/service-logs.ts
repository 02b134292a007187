// Each service's own output, in an output channel per service ("Repo Runner: web"), with
// ANSI colour codes removed (output channels show them as text). Created on first output.
// Lines are written in batches, ten times a second; a service that prints faster than that
// keeps its last 1,000 lines per batch and the channel says how many were skipped, so a chatty
// service cannot flood the editor or grow memory.
import * as vscode from 'vscode';
import { l10n } from 'vscode';
import { BoundedLines, stripAnsi } from '../core/index.js';

const FLUSH_MS = 100;
const MAX_LINES_PER_FLUSH = 1_000;

export class ServiceLogs implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly pending = new Map<string, BoundedLines>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly folderName: string) {}

  append(service: string, line: string): void {
    let lines = this.pending.get(service);
    if (!lines) {
      lines = new BoundedLines(MAX_LINES_PER_FLUSH);
      this.pending.set(service, lines);
    }
    lines.push(line);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  show(service: string): void {
    this.flush();
    this.channel(service).show(true);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [service, lines] of this.pending) {
      const skipped = lines.dropped > 0 ? [l10n.t('… {0} lines skipped (the service printed faster than they can be shown)', lines.dropped)] : [];
      this.channel(service).append(`${[...skipped, ...lines.tail()].map(stripAnsi).join('\n')}\n`);
    }
    this.pending.clear();
  }

  private channel(service: string): vscode.OutputChannel {
    let channel = this.channels.get(service);
    if (!channel) {
      channel = vscode.window.createOutputChannel(l10n.t('Repo Runner: {0} ({1})', service, this.folderName));
      this.channels.set(service, channel);
    }
    return channel;
  }
}
