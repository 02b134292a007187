// "Generate launch.json": each service of the plan as a VS Code launch configuration that
// starts it under the same debugger Debug Service uses, merged into .vscode/launch.json without
// touching a configuration the user already has (same name: theirs stays).
import { LOOPBACK } from '../bind-address.js';
import type { Plan, ServicePlan } from '../model.js';
import { withBinding } from '../phases/service-env.js';
import type { DebugConfiguration } from './debug-launch.js';
import { parseJsonc } from './jsonc.js';

const PYTHON = /(^|\/)python(\d+(\.\d+)?)?$/;

/** One launch configuration per service that has a debugger (Node, Python, Go, Java). */
export function launchConfigurations(plan: Plan): DebugConfiguration[] {
  return plan.services.flatMap((s) => {
    const config = launchConfiguration(s);
    return config ? [config] : [];
  });
}

function launchConfiguration(service: ServicePlan): DebugConfiguration | undefined {
  const folder = service.dir === '' ? '${workspaceFolder}' : `\${workspaceFolder}/${service.dir}`;
  const cwd = service.start.cwd === '' ? '${workspaceFolder}' : `\${workspaceFolder}/${service.start.cwd}`;
  const port = service.port.preferred;
  const args = withBinding(service.start.args, port, LOOPBACK);
  const env: Record<string, string> = { ...service.start.env, PORT: String(port), ...(service.port.env ? { [service.port.env]: String(port) } : {}) };
  const name = `Repo Runner: ${service.name}`;
  switch (service.kind) {
    case 'node':
      return {
        type: 'node', request: 'launch', name, cwd, runtimeExecutable: service.start.command, runtimeArgs: args, env,
        autoAttachChildProcesses: true, skipFiles: ['<node_internals>/**'], console: 'integratedTerminal',
      };
    case 'python': {
      const direct = PYTHON.test(service.start.command);
      const python = direct ? service.start.command : '.venv/bin/python';
      const rest = direct ? args : ['-m', service.start.command.slice(service.start.command.lastIndexOf('/') + 1), ...args];
      const target = rest[0] === '-m' ? { module: rest[1], args: rest.slice(2) } : { program: `${cwd}/${rest[0]}`, args: rest.slice(1) };
      return { type: 'debugpy', request: 'launch', name, cwd, python: python.startsWith('/') ? python : `${folder}/${python}`, ...target, env, justMyCode: true };
    }
    case 'go': {
      const pkg = service.start.command === 'go' && args[0] === 'run' ? args.slice(1).find((a) => !a.startsWith('-')) ?? '.' : '.';
      const after = service.start.command === 'go' && args[0] === 'run' ? args.slice(args.indexOf(pkg) + 1) : args;
      return { type: 'go', request: 'launch', mode: 'debug', name, program: pkg === '.' ? cwd : `${cwd}/${pkg}`, args: after, env };
    }
    case 'java':
      // The JVM is started by Maven or Gradle: attach to the port Debug Service would use by default.
      return { type: 'java', request: 'attach', name, hostName: LOOPBACK, port: 5005 };
    default:
      return undefined;
  }
}

export type LaunchMerge = { ok: true; text: string; added: string[]; kept: string[] } | { ok: false; reason: string };

/** Adds the configurations missing from launch.json (`existing` undefined: no file yet). */
export function mergeLaunchJson(existing: string | undefined, configurations: DebugConfiguration[]): LaunchMerge {
  let doc: { version?: string; configurations?: unknown[] } & Record<string, unknown> = { version: '0.2.0', configurations: [] };
  if (existing !== undefined && existing.trim() !== '') {
    const parsed = parseJsonc(existing);
    if (!parsed.ok) return { ok: false, reason: `.vscode/launch.json could not be read (${parsed.error}); it was left as it is` };
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return { ok: false, reason: '.vscode/launch.json is not an object; it was left as it is' };
    doc = parsed.value as typeof doc;
    if (doc.configurations !== undefined && !Array.isArray(doc.configurations)) return { ok: false, reason: '.vscode/launch.json has "configurations" that is not a list; it was left as it is' };
  }
  const current = doc.configurations ?? [];
  const names = new Set(current.map((c) => (c && typeof c === 'object' ? (c as { name?: unknown }).name : undefined)));
  const added: string[] = [];
  const kept: string[] = [];
  for (const config of configurations) {
    if (names.has(config.name)) kept.push(config.name);
    else {
      current.push(config);
      added.push(config.name);
    }
  }
  doc = { ...doc, version: doc.version ?? '0.2.0', configurations: current };
  return { ok: true, text: `${JSON.stringify(doc, null, 2)}\n`, added, kept };
}
