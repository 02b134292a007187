// One workspace folder's run: its engine session, the state the UI shows, and its services'
// output channels. Each folder is isolated: its own session, ports, state and processes.
import * as vscode from 'vscode';
import {
  applyEvent, applyFix, auditedLauncher, detectPlan, emptyRunState, resetDatabase, startRun,
  type Fix, type FixOutcome, type Host, type PhaseName, type PhaseStatus, type ResetResult, type RunEvent, type RunOutcome, type RunRequest, type RunSession, type RunStateView,
} from '../core/index.js';
import { DashboardServer } from '../node/dashboard/dashboard-server.js';
import { formatSample } from '../node/dashboard/metrics-sampler.js';
import { ServiceLogs } from './service-logs.js';
import { engineOptions, readSettings } from './settings.js';

export interface RunOptions {
  afterPhase?: (phase: PhaseName, status: PhaseStatus) => Promise<void>;
}

export class FolderRun implements vscode.Disposable {
  state: RunStateView = emptyRunState();
  /** Set when the state shows a plan only (detected in Restricted Mode, nothing run). */
  planOnly = false;
  private session?: RunSession;
  private launching: Promise<unknown> = Promise.resolve();
  private readonly logs: ServiceLogs;
  /** The folder's dashboard server (the local API), started with its first run and kept across runs. */
  private dashboardServer?: Promise<DashboardServer>;
  /** The same server once it listens (events are published to it synchronously). */
  private liveDashboard?: DashboardServer;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    /** The extension's one host (files, processes, ports, databases): every run of every folder uses it. */
    readonly host: Host,
    private readonly log: vscode.LogOutputChannel,
    private readonly changed: () => void,
    /** Asked about failures no signature explains (the LLM, when configured). */
    private readonly llm?: Pick<RunRequest, 'assist' | 'suggest'>,
    /** Sees every event of every run of this folder (notifications). */
    private readonly eventSink?: (run: FolderRun, event: RunEvent) => void,
  ) {
    this.logs = new ServiceLogs(folder.name);
  }

  get hasRun(): boolean {
    return this.session !== undefined || this.planOnly;
  }

  get busy(): boolean {
    return this.state.busy;
  }

  /** Read-only detection: allowed in Restricted Mode. */
  async showPlan(): Promise<void> {
    const plan = await detectPlan(this.folder.uri.fsPath, this.host.fs);
    this.state = applyEvent(emptyRunState(), { type: 'plan', plan });
    this.planOnly = true;
    this.changed();
  }

  /** Starts a fresh run (stopping the current one); starts asked for at once take turns, none is orphaned. */
  start(options: RunOptions = {}): Promise<RunOutcome> {
    const launched = this.launching.then(() => this.launch(options));
    this.launching = launched.catch(() => undefined);
    return launched.then((session) => session.ready);
  }

  /** The folder's dashboard server, started on first use (a run starts it; so does opening the dashboard). */
  dashboard(): Promise<DashboardServer> {
    this.dashboardServer ??= DashboardServer.start({
      target: {
        root: this.folder.uri.fsPath,
        host: this.host,
        session: () => this.session,
        applyFix: async (_finding, fix, value) => (await this.applyFix(fix, value)).outcome,
      },
    }).then((server) => {
      this.log.info(`[${this.folder.name}] dashboard and local API on ${server.origin}`);
      return server;
    });
    return this.dashboardServer;
  }

  /** CPU and memory of a service's process tree, for a tooltip; undefined before a sample. */
  metricsLine(service: string): string | undefined {
    const sample = this.liveDashboard?.metrics.latest(service);
    return sample ? formatSample(sample) : undefined;
  }

  private async launch(options: RunOptions): Promise<RunSession> {
    await this.stop();
    // The dashboard is always there in the editor; a new run gives its clients the fresh state.
    this.liveDashboard = await this.dashboard().catch((error: unknown) => {
      this.log.warn(`[${this.folder.name}] the dashboard could not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    this.liveDashboard?.newRun();
    this.state = emptyRunState();
    this.planOnly = false;
    this.log.info(`[${this.folder.name}] run started`);
    const session = startRun({
      root: this.folder.uri.fsPath,
      host: this.host,
      // Services with an OpenTelemetry SDK send their traces and logs to the folder's dashboard.
      options: { ...engineOptions(readSettings(this.folder)), telemetry: this.liveDashboard?.telemetryTarget },
      afterPhase: options.afterPhase,
      assist: this.llm?.assist,
      suggest: this.llm?.suggest,
      onEvent: (event) => this.onEvent(event),
    });
    this.session = session;
    return session;
  }

  retry(): Promise<RunOutcome> | undefined {
    return this.session?.failedPhase ? this.session.retry() : undefined;
  }

  /**
   * Applies a fix the user confirmed, then runs the failed phase again: a pin in repo-runner.json
   * changes the plan, so that starts the run afresh; anything else retries from the failed phase.
   */
  async applyFix(fix: Fix, value?: string): Promise<{ outcome: FixOutcome; run?: Promise<RunOutcome> }> {
    const host = this.host;
    const prefix = `[${this.folder.name}]`;
    this.log.info(`${prefix} applying fix: ${fix.title}`);
    const outcome = await applyFix(fix, {
      root: this.folder.uri.fsPath, fs: host.fs, processes: auditedLauncher(host.processes, host.fs, this.folder.uri.fsPath), env: host.env as Record<string, string>,
      onLine: (line) => this.log.info(`${prefix} ${line}`),
    }, value);
    this.log[outcome.ok ? 'info' : 'error'](`${prefix} ${outcome.message}`);
    if (!outcome.ok) return { outcome };
    const fresh = fix.kind === 'setting' || !this.session || !this.session.failedPhase;
    return { outcome, run: fresh ? this.start() : this.session!.retry() };
  }

  restartService(name: string): Promise<boolean> {
    return this.session?.restartService(name) ?? Promise.resolve(false);
  }

  showLogs(service: string): void {
    this.logs.show(service);
  }

  get failedPhase(): PhaseName | undefined {
    return this.session?.failedPhase;
  }

  /** Where a database's data lives, shown before the user confirms a reset. */
  databaseDir(name: string): string {
    return this.host.databases.dataDir(this.folder.uri.fsPath, name);
  }

  /** Stops the run (its servers with it), then deletes the database's data. The caller has asked the user. */
  async resetDatabase(name: string): Promise<ResetResult> {
    await this.stop();
    const host = this.host;
    const plan = this.state.plan ?? (await detectPlan(this.folder.uri.fsPath, host.fs));
    const result = await resetDatabase(host, plan, name);
    this.log.info(`[${this.folder.name}] ${result.existed ? 'deleted' : 'no data to delete for'} database ${name} (${result.dir})`);
    this.state = applyEvent(this.state, { type: 'database', database: { name, engine: plan.databases.find((d) => d.name === name)!.engine, status: 'pending', detail: 'reset: created afresh on the next run' } });
    this.changed();
    return result;
  }

  async stop(graceMs?: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.stop(graceMs);
    this.changed();
  }

  /** The editor is closing or the folder was removed: stop quickly, then let go of the UI. */
  async dispose(): Promise<void> {
    await this.stop(1_500);
    this.logs.dispose();
    await (await this.dashboardServer?.catch(() => undefined))?.dispose();
  }

  private onEvent(event: RunEvent): void {
    this.state = applyEvent(this.state, event);
    this.liveDashboard?.publish(event);
    this.eventSink?.(this, event);
    const prefix = `[${this.folder.name}]`;
    switch (event.type) {
      case 'output':
        this.logs.append(event.service, event.line);
        return; // service output does not change the tree
      case 'log':
        this.log[event.level === 'warn' ? 'warn' : event.level](`${prefix} ${event.message}`);
        break;
      case 'phase':
        if (event.status !== 'pending' && event.status !== 'running') this.log.info(`${prefix} ${event.phase}: ${event.status}${event.detail ? ` (${event.detail})` : ''}`);
        break;
      case 'service':
        this.log.info(`${prefix} ${event.service}: ${event.status}${event.url ? ` ${event.url}` : ''}`);
        break;
      case 'finding':
        this.log[event.finding.severity === 'error' ? 'error' : 'warn'](`${prefix} ${event.finding.message}${event.finding.file ? ` (${event.finding.file}${event.finding.range ? `:${event.finding.range.startLine}` : ''})` : ''}`);
        break;
      case 'run':
        this.log.info(`${prefix} run ${event.status}${event.detail ? `: ${event.detail}` : ''}`);
        break;
    }
    this.changed();
  }
}
