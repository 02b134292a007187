// Every repoRunner.* setting, read through one typed function, and one event for changes.
import * as vscode from 'vscode';
import { DEFAULT_OPTIONS, parseBindAddress, type EngineOptions } from '../core/index.js';

export interface Settings {
  autoRunOnOpen: boolean;
  healthCheckInterval: number;
  healthTimeout: number;
  restartPolicy: EngineOptions['restartPolicy'];
  maxRestarts: number;
  stopTimeout: number;
  bindAddress: string;
  provisionTools: boolean;
  /** Where "Open Service in Browser" opens a service: the system's browser, or VS Code's Simple Browser. */
  openServiceIn: 'external' | 'simpleBrowser';
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('repoRunner', scope);
  const policy = config.get<string>('restartPolicy', 'on-failure');
  return {
    autoRunOnOpen: config.get<boolean>('autoRunOnOpen', false),
    healthCheckInterval: Math.max(1, config.get<number>('healthCheckInterval', 5)),
    healthTimeout: Math.max(5, config.get<number>('healthTimeout', 120)),
    restartPolicy: policy === 'never' || policy === 'always' ? policy : 'on-failure',
    maxRestarts: Math.max(0, config.get<number>('maxRestarts', 5)),
    stopTimeout: Math.max(0, config.get<number>('stopTimeout', 5)),
    bindAddress: parseBindAddress(config.get<string>('bindAddress', DEFAULT_OPTIONS.bindAddress)) ?? DEFAULT_OPTIONS.bindAddress,
    provisionTools: config.get<boolean>('provisionTools', true),
    openServiceIn: config.get<string>('openServiceIn', 'external') === 'simpleBrowser' ? 'simpleBrowser' : 'external',
  };
}

export function engineOptions(settings: Settings): Partial<EngineOptions> {
  return {
    healthIntervalMs: settings.healthCheckInterval * 1000,
    healthTimeoutMs: settings.healthTimeout * 1000,
    restartPolicy: settings.restartPolicy,
    maxRestarts: settings.maxRestarts,
    stopGraceMs: settings.stopTimeout * 1000,
    bindAddress: settings.bindAddress,
    provisionTools: settings.provisionTools,
  };
}

/** Calls `listener` with the new settings whenever a repoRunner.* setting changes. */
export function onSettingsChanged(listener: (settings: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('repoRunner')) listener(readSettings());
  });
}
