// LLM assist in the editor: the settings (repoRunner.llm.*), the API key in VS Code's secret
// storage ("Repo Runner: Set LLM API Key"), and the Fixer's fallback for failures no signature
// explains. The LLM code loads on first use; with no LLM configured nothing of it runs.
import * as vscode from 'vscode';
import { l10n } from 'vscode';
import type { UserLlmSettings } from '../core/index.js';
import { llmAssist, llmSuggest, type AssistOptions } from '../node/llm-assist.js';

const SECRET_KEY = 'repoRunner.llm.apiKey';

export class LlmAssist implements vscode.Disposable {
  private readonly command: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel) {
    this.command = vscode.commands.registerCommand('repoRunner.setLlmApiKey', () => this.setApiKey());
  }

  dispose(): void {
    this.command.dispose();
  }

  /** Stores the key (an empty answer deletes it); it never goes to settings, logs or the screen. */
  async setApiKey(): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: l10n.t('Repo Runner: LLM API Key'), prompt: l10n.t('The key of your OpenAI-compatible endpoint; kept in VS Code\'s secret storage. Leave empty to delete it.'),
      password: true, ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === '') {
      await this.secrets.delete(SECRET_KEY);
      void vscode.window.showInformationMessage(l10n.t('Repo Runner: the LLM API key was deleted.'));
      return;
    }
    await this.secrets.store(SECRET_KEY, key.trim());
    void vscode.window.showInformationMessage(l10n.t('Repo Runner: the LLM API key is stored in VS Code\'s secret storage.'));
  }

  /** The Fixer's fallback for a run of `folder`: it does nothing when no LLM is configured. */
  assist(folder: vscode.WorkspaceFolder): { assist: ReturnType<typeof llmAssist>; suggest: ReturnType<typeof llmSuggest> } {
    const options: AssistOptions = {
      user: () => readLlmSettings(folder),
      apiKey: async () => this.secrets.get(SECRET_KEY),
      log: (level, line) => this.log[level](`[${folder.name}] ${line}`),
    };
    return { assist: llmAssist(options), suggest: llmSuggest(options) };
  }
}

/** repoRunner.llm.* as the user wrote them; empty strings count as not set. */
export function readLlmSettings(scope?: vscode.ConfigurationScope): UserLlmSettings {
  const config = vscode.workspace.getConfiguration('repoRunner.llm', scope);
  const text = (key: string) => {
    const value = config.get<string>(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    enabled: config.get<boolean>('enabled'),
    baseUrl: text('baseUrl'),
    model: text('model'),
    azureApiVersion: text('azureApiVersion'),
    fixer: config.get<object>('fixer'),
    detection: config.get<object>('detection'),
  };
}
