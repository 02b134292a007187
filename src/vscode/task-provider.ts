// Each service's install and start as VS Code tasks (type `repo-runner`), so they can be run
// from Tasks: Run Task, bound to keys, and their compiler errors land in the Problems panel.
// Commands are argument arrays (ProcessExecution), never shell strings made from repo text.
import * as vscode from 'vscode';
import { LOOPBACK, detectPlan, describe, type Plan } from '../core/index.js';
import type { RunManager } from './run-manager.js';

export const TASK_TYPE = 'repo-runner';

interface RepoRunnerTaskDefinition extends vscode.TaskDefinition {
  service: string;
  action: 'install' | 'start';
}

type ServicePlan = Plan['services'][number];

/** Problem matchers that fit a service's output (VS Code's own: $tsc, $eslint-stylish). */
function matchers(service: ServicePlan, action: 'install' | 'start'): string[] {
  if (service.kind !== 'node') return [];
  return action === 'start' ? ['$tsc', '$eslint-stylish'] : ['$tsc'];
}

/** A command given relative to its folder (`.venv/bin/python`) made absolute; a bare name is looked up on PATH. */
function program(command: string, cwd: string): string {
  return command.includes('/') && !command.startsWith('/') ? `${cwd}/${command}` : command;
}

export class RepoRunnerTaskProvider implements vscode.TaskProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.registration = vscode.tasks.registerTaskProvider(TASK_TYPE, this);
  }

  dispose(): void {
    this.registration.dispose();
  }

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const run of this.manager.all()) {
      const plan = run.state.plan ?? (await detectPlan(run.folder.uri.fsPath, this.manager.host.fs));
      for (const service of plan.services) tasks.push(...this.tasksOf(run.folder, service));
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const definition = task.definition as RepoRunnerTaskDefinition;
    const all = await this.provideTasks();
    const found = all.find((t) => {
      const d = t.definition as RepoRunnerTaskDefinition;
      return d.service === definition.service && d.action === definition.action && (task.scope === undefined || typeof task.scope !== 'object' || t.scope === undefined || typeof t.scope !== 'object' || t.scope.uri.toString() === task.scope.uri.toString());
    });
    if (!found) return undefined;
    // VS Code wants the definition it was given back on the resolved task.
    return new vscode.Task(definition, found.scope ?? vscode.TaskScope.Workspace, found.name, found.source, found.execution, found.problemMatchers);
  }

  private tasksOf(folder: vscode.WorkspaceFolder, service: ServicePlan): vscode.Task[] {
    const at = (cwd: string) => (cwd === '' ? folder.uri.fsPath : vscode.Uri.joinPath(folder.uri, cwd).fsPath);
    const tasks: vscode.Task[] = [];
    if (service.install.length > 0) {
      // The package manager's install (the first step); fallbacks and later steps are the run's business.
      const step = service.install[0].command;
      const task = new vscode.Task({ type: TASK_TYPE, service: service.name, action: 'install' } satisfies RepoRunnerTaskDefinition, folder,
        vscode.l10n.t('install {0}', service.name), TASK_TYPE,
        new vscode.ProcessExecution(program(step.command, at(step.cwd)), step.args, { cwd: at(step.cwd), env: step.env }), matchers(service, 'install'));
      task.group = vscode.TaskGroup.Build;
      task.detail = describe(step);
      tasks.push(task);
    }
    const port = String(service.port.preferred);
    const args = service.start.args.map((a) => a.replaceAll('{port}', port).replaceAll('{host}', LOOPBACK));
    const env: Record<string, string> = { ...service.start.env, PORT: port, HOST: LOOPBACK, ...(service.port.env ? { [service.port.env]: port } : {}) };
    const start = new vscode.Task({ type: TASK_TYPE, service: service.name, action: 'start' } satisfies RepoRunnerTaskDefinition, folder,
      vscode.l10n.t('start {0}', service.name), TASK_TYPE,
      new vscode.ProcessExecution(program(service.start.command, at(service.start.cwd)), args, { cwd: at(service.start.cwd), env }), matchers(service, 'start'));
    start.isBackground = true;
    start.detail = describe({ ...service.start, args });
    tasks.push(start);
    return tasks;
  }
}
