// The sidebar tree: for each folder (a branch of its own in a multi-root workspace), the
// phases with their status, duration and stopping finding; the services with health, port
// and URL; the databases; the environment that was set (secrets masked). Refreshes are
// debounced and items keep stable ids, so the tree does not flicker or lose its expansion.
import * as vscode from 'vscode';
import { LOOPBACK, maskValue, type DatabaseState, type DatabaseStatus, type EnvValue, type Finding, type Fix, type PhaseStatus, type ServiceStatus, type PhaseView, type ServiceView } from '../core/index.js';
import type { FolderRun } from './folder-run.js';

export type Node =
  | { kind: 'folder'; run: FolderRun }
  | { kind: 'section'; run: FolderRun; section: 'phases' | 'services' | 'databases' | 'environment' }
  | { kind: 'phase'; run: FolderRun; phase: PhaseView }
  | { kind: 'finding'; run: FolderRun; finding: Finding; index: number }
  | { kind: 'fix'; run: FolderRun; finding: Finding; findingIndex: number; fix: Fix; fixIndex: number }
  | { kind: 'service'; run: FolderRun; service: ServiceView }
  | { kind: 'database'; run: FolderRun; database: DatabaseState }
  | { kind: 'info'; run: FolderRun; id: string; label: string; description?: string; tooltip?: string; icon?: string };

const PHASE_ICON: Record<PhaseStatus, [string, string?]> = {
  pending: ['circle-outline'], running: ['loading~spin'], done: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'], skipped: ['debug-step-over', 'disabledForeground'],
};
const SERVICE_ICON: Record<ServiceStatus, [string, string?]> = {
  pending: ['circle-outline'], starting: ['loading~spin'], healthy: ['pass-filled', 'testing.iconPassed'],
  unhealthy: ['warning', 'list.warningForeground'], crashed: ['error', 'testing.iconFailed'], completed: ['check', 'testing.iconPassed'], stopped: ['debug-stop', 'disabledForeground'],
};

const DATABASE_ICON: Record<DatabaseStatus, [string, string?]> = {
  pending: ['circle-outline'], starting: ['loading~spin'], healthy: ['database', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'], stopped: ['database', 'disabledForeground'],
};
const FIX_KIND: Record<Fix['kind'], string> = { edit: 'edit a file', env: 'set a variable', setting: 'pin in repo-runner.json', command: 'run a command', rerun: 'run again' };
const SOURCE_LABEL = { configured: 'your server', local: 'local server', embedded: 'embedded', file: 'file' } as const;
const ORIGIN_LABEL: Record<EnvValue['origin'], string> = {
  user: 'set by you', environment: 'from your environment', database: 'provisioned', generated: 'generated', example: 'from the example', missing: 'not set',
};

export class RunTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly runs: () => FolderRun[], private readonly multiRoot: () => boolean) {}

  /** Coalesces bursts of engine events into one refresh. */
  refresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emitter.fire(undefined);
    }, 100);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const runs = this.runs().filter((r) => r.hasRun);
      return this.multiRoot() ? runs.map((run) => ({ kind: 'folder', run })) : runs.flatMap((run) => sections(run));
    }
    switch (node.kind) {
      case 'folder':
        return sections(node.run);
      case 'section':
        return sectionChildren(node.run, node.section);
      case 'phase':
        return node.run.state.findings.filter((f) => f.phase === node.phase.name).map((finding, index) => ({ kind: 'finding', run: node.run, finding, index }));
      case 'database':
        return databaseChildren(node.run, node.database);
      case 'finding':
        return node.finding.fixes.map((fix, fixIndex) => ({ kind: 'fix', run: node.run, finding: node.finding, findingIndex: node.index, fix, fixIndex }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const prefix = node.run.folder.uri.toString();
    switch (node.kind) {
      case 'folder':
        return item(`${prefix}`, node.run.folder.name, vscode.TreeItemCollapsibleState.Expanded, { icon: ['root-folder'], description: node.run.state.outcome });
      case 'section': {
        const labels = { phases: 'Phases', services: 'Services', databases: 'Databases', environment: 'Environment' };
        const collapsed = node.section === 'environment' || node.section === 'databases';
        return item(`${prefix}#${node.section}`, labels[node.section], collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded, {
          description: node.section === 'phases' && node.run.planOnly ? 'plan only: Restricted Mode' : undefined,
        });
      }
      case 'phase': {
        const { phase } = node;
        const hasFindings = node.run.state.findings.some((f) => f.phase === phase.name);
        const description = [phase.durationMs !== undefined ? formatDuration(phase.durationMs) : '', phase.finding?.message ?? phase.detail ?? ''].filter(Boolean).join(' · ');
        const result = item(`${prefix}#phase:${phase.name}`, capitalise(phase.name), hasFindings ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None, {
          icon: PHASE_ICON[phase.status], description, tooltip: `${capitalise(phase.name)}: ${phase.status}${description ? ` (${description})` : ''}`,
        });
        result.contextValue = phase.status === 'failed' ? 'phase-failed' : 'phase';
        return result;
      }
      case 'finding': {
        const { finding } = node;
        const result = item(`${prefix}#finding:${finding.phase}:${node.index}:${finding.code}`, finding.message, finding.fixes.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None, {
          icon: finding.severity === 'error' ? ['error', 'testing.iconFailed'] : ['warning', 'list.warningForeground'],
          description: finding.file ? `${finding.file}${finding.range ? `:${finding.range.startLine}` : ''}` : finding.code,
          tooltip: [finding.message, ...finding.excerpt.slice(-6), ...finding.fixes.map((f) => `Fix: ${f.title}`)].join('\n'),
        });
        if (finding.file) {
          const uri = vscode.Uri.joinPath(node.run.folder.uri, finding.file);
          const line = Math.max(0, (finding.range?.startLine ?? 1) - 1);
          result.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) }] };
        }
        return result;
      }
      case 'fix': {
        const { fix } = node;
        const result = item(`${prefix}#fix:${node.finding.phase}:${node.findingIndex}:${node.finding.code}:${node.fixIndex}`, fix.title, vscode.TreeItemCollapsibleState.None, {
          icon: [node.fixIndex === 0 ? 'lightbulb-autofix' : 'lightbulb', 'editorLightBulb.foreground'],
          description: fix.auto ? 'automatic' : FIX_KIND[fix.kind],
          tooltip: `${fix.title}\n${fix.auto ? 'Safe: Repo Runner applies it by itself.' : 'Asks before it changes anything.'}`,
        });
        result.contextValue = 'fix';
        result.command = { command: 'repoRunner.applyFix', title: 'Apply Fix', arguments: [node] };
        return result;
      }
      case 'service': {
        const { service } = node;
        const description = [service.status, service.port !== undefined ? `:${service.port}` : '', service.url ?? ''].filter(Boolean).join(' · ');
        const result = item(`${prefix}#service:${service.name}`, service.name, vscode.TreeItemCollapsibleState.None, {
          icon: SERVICE_ICON[service.status], description, tooltip: `${service.name}: ${description}${service.detail ? `\n${service.detail}` : ''}${metrics(node.run, service)}`,
        });
        result.contextValue = service.url && (service.status === 'healthy' || service.status === 'unhealthy' || service.status === 'starting') ? 'service-running' : 'service';
        return result;
      }
      case 'database': {
        const db = node.database;
        const description = [db.status, db.engine + (db.version ? ` ${db.version}` : ''), db.port !== undefined ? `${LOOPBACK}:${db.port}` : '', db.source ? SOURCE_LABEL[db.source] : ''].filter(Boolean).join(' · ');
        const result = item(`${prefix}#database:${db.name}`, db.name, vscode.TreeItemCollapsibleState.Collapsed, {
          icon: DATABASE_ICON[db.status], description, tooltip: [`${db.name}: ${description}`, db.reason, db.dataDir ? `Data: ${db.dataDir}` : '', db.detail].filter(Boolean).join('\n'),
        });
        result.contextValue = db.dataDir ? 'database-managed' : 'database';
        return result;
      }
      case 'info':
        return item(`${prefix}#${node.id}`, node.label, vscode.TreeItemCollapsibleState.None, { description: node.description, tooltip: node.tooltip, icon: node.icon ? [node.icon] : undefined });
    }
  }
}

function sections(run: FolderRun): Node[] {
  return (['phases', 'services', 'databases', 'environment'] as const).map((section) => ({ kind: 'section', run, section }));
}

function sectionChildren(run: FolderRun, section: 'phases' | 'services' | 'databases' | 'environment'): Node[] {
  const { state } = run;
  switch (section) {
    case 'phases':
      return state.phases.map((phase) => ({ kind: 'phase', run, phase }));
    case 'services':
      if (state.services.length === 0) {
        return [{ kind: 'info', run, id: 'no-services', label: state.plan?.nothingToRun ? `Nothing to run: ${state.plan.nothingToRun.reason}` : 'No services yet', icon: 'info' }];
      }
      return state.services.map((service) => ({ kind: 'service', run, service }));
    case 'databases':
      if (state.databases.length > 0) return state.databases.map((database) => ({ kind: 'database', run, database }));
      if (state.plan?.databases.length) return state.plan.databases.map((d) => ({ kind: 'database', run, database: { name: d.name, engine: d.engine, status: 'pending', reason: d.evidence.reason } }));
      return [{ kind: 'info', run, id: 'no-databases', label: 'None needed', icon: 'database' }];
    case 'environment':
      return environment(run);
  }
}

function databaseChildren(run: FolderRun, db: DatabaseState): Node[] {
  const nodes: Node[] = [];
  const add = (id: string, label: string, description: string | undefined, icon: string) => { if (description) nodes.push({ kind: 'info', run, id: `db:${db.name}:${id}`, label, description, tooltip: description, icon }); };
  add('url', 'URL', db.url, 'plug');
  add('source', 'Why', db.reason, 'question');
  add('data', 'Data', db.dataDir, 'folder');
  return nodes;
}

function environment(run: FolderRun): Node[] {
  const plan = run.state.plan;
  if (!plan) return [];
  const nodes: Node[] = [];
  const written = Object.entries(run.state.env);
  if (written.length > 0) {
    for (const [service, { file, variables }] of written) {
      for (const v of variables) {
        nodes.push({ kind: 'info', run, id: `env:${service}:${v.name}`, label: v.name, icon: v.origin === 'missing' ? 'warning' : v.origin === 'database' ? 'database' : v.origin === 'generated' ? 'key' : 'symbol-variable',
          description: `${v.value === '' ? '' : `${v.value} · `}${ORIGIN_LABEL[v.origin]}${v.from ? ` (${v.from})` : ''}${written.length > 1 ? ` · ${service}` : ''}`,
          tooltip: `${v.name} for ${service}: ${ORIGIN_LABEL[v.origin]}${v.from ? ` (${v.from})` : ''}; written to ${file}` });
      }
    }
  }
  for (const service of plan.services) {
    for (const link of service.links) {
      const target = run.state.services.find((s) => s.name === link.service);
      nodes.push({ kind: 'info', run, id: `env:${service.name}:${link.env}`, label: link.env, icon: 'link',
        description: `${target?.url ?? `URL of ${link.service}`} · ${service.name}, link to ${link.service}`, tooltip: link.evidence.reason });
    }
  }
  for (const variable of written.length > 0 ? [] : plan.env) {
    if (nodes.some((n) => n.kind === 'info' && n.label === variable.name)) continue;
    const value = variable.example === undefined ? 'not set' : maskValue(variable.name, variable.example);
    nodes.push({ kind: 'info', run, id: `env:${variable.dir}:${variable.name}`, label: variable.name, icon: variable.kind === 'secret' ? 'key' : 'symbol-variable',
      description: `${value} · ${variable.evidence.file}${variable.evidence.line ? `:${variable.evidence.line}` : ''}`, tooltip: variable.evidence.reason });
  }
  return nodes.length > 0 ? nodes : [{ kind: 'info', run, id: 'no-env', label: 'No variables', icon: 'info' }];
}

function item(id: string, label: string, state: vscode.TreeItemCollapsibleState, extra: { icon?: [string, string?]; description?: string; tooltip?: string }): vscode.TreeItem {
  const result = new vscode.TreeItem(label, state);
  result.id = id;
  result.description = extra.description;
  result.tooltip = extra.tooltip;
  if (extra.icon) result.iconPath = new vscode.ThemeIcon(extra.icon[0], extra.icon[1] ? new vscode.ThemeColor(extra.icon[1]) : undefined);
  return result;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** CPU and memory of a running service's process tree (sampled by the folder's dashboard), as a tooltip line. */
function metrics(run: FolderRun, service: ServiceView): string {
  if (service.status !== 'healthy' && service.status !== 'unhealthy' && service.status !== 'starting') return '';
  const line = run.metricsLine(service.name);
  return line ? `\n${line}` : '';
}
