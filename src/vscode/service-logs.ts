// Each service's own output, in an output channel per service ("Repo Runner: web"), with
// ANSI colour codes removed (output channels show them as text). Created on first output.
import * as vscode from 'vscode';
import { stripAnsi } from '../core/fixer/failure.js';

export class ServiceLogs implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();

  constructor(private readonly folderName: string) {}

  append(service: string, line: string): void {
    this.channel(service).appendLine(stripAnsi(line));
  }

  show(service: string): void {
    this.channel(service).show(true);
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }

  private channel(service: string): vscode.OutputChannel {
    let channel = this.channels.get(service);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Repo Runner: ${service} (${this.folderName})`);
      this.channels.set(service, channel);
    }
    return channel;
  }
}
