// How one service starts under a debugger, per stack, as data: the start command and the
// variables that switch its debugger on, what must be installed first, and the configuration
// VS Code attaches with. Pure: the caller owns ports, processes and the editor.
//
// - Node: a preload (NODE_OPTIONS --require) opens the inspector on 127.0.0.1:PORT in the first
//   process that listens on the service's port: `npm run dev`, a CLI that forks the server
//   (Next.js, the Nest CLI, tsx, nodemon) or `node server.js` alike, never the package manager.
//   Plain `--inspect=…` in NODE_OPTIONS would be taken by npm itself and refused to the server.
// - Python: `python -m debugpy --listen 127.0.0.1:PORT` wrapping the start (Flask, Django,
//   FastAPI/uvicorn, gunicorn); debugpy is installed into the service's virtualenv on demand.
// - Go: Delve (`dlv debug --headless`) when installed, else a finding saying how to get it.
// - Java (Spring Boot): the JDWP agent given to the application's JVM only (Maven's
//   spring-boot.run.jvmArguments, a Gradle init script for bootRun); JAVA_TOOL_OPTIONS would
//   be taken by Maven's or Gradle's own JVM first and the application's JVM would fail to start.
import { LOOPBACK } from '../bind-address.js';
import type { CommandSpec, Finding, ServicePlan } from '../model.js';

/** A debug configuration as VS Code's launch.json holds it (plain JSON). */
export type DebugConfiguration = { type: string; request: 'attach' | 'launch'; name: string } & Record<string, unknown>;

export interface DebugLaunch {
  /** The command that starts the service under its debugger (`{port}`/`{host}` still to be bound). */
  start: CommandSpec;
  /** Variables added to the service's environment. */
  env: Record<string, string>;
  /** Installs the debugger where it is missing: run `check` first; when it fails, run `install`. */
  prepare?: { check: CommandSpec; install: CommandSpec[] };
  /** A file the start command needs (a Gradle init script): path relative to the repo root, and its text. */
  file?: { path: string; text: string };
  /** What VS Code attaches with. */
  attach: DebugConfiguration;
  /** The debug adapter VS Code needs for `attach.type`, for the message when it is missing. */
  adapter: { type: string; extension?: string; label: string };
}

export interface DebugContext {
  /** Absolute repo root. */
  root: string;
  /** The port the debugger listens on. */
  port: number;
  /** The Node preload that opens the inspector (the host's), when it has one. */
  nodePreload?: string;
  /** The Delve binary, when installed. */
  dlv?: string;
}

/** Where the Gradle init script for a debug bootRun is written, relative to the repo root. */
export const GRADLE_DEBUG_SCRIPT = '.repo-runner/debug-bootrun.gradle';

const PYTHON = /(^|\/)python(\d+(\.\d+)?)?$/;

/** The kinds of service Repo Runner can start under a debugger (the cases below). */
export const DEBUGGABLE_KINDS: ReadonlySet<ServicePlan['kind']> = new Set(['node', 'python', 'go', 'java']);

/** The service started under its debugger, or a finding saying why it cannot be. */
export function debugLaunch(service: ServicePlan, ctx: DebugContext): DebugLaunch | Finding {
  const address = `${LOOPBACK}:${ctx.port}`;
  const dir = service.dir === '' ? ctx.root : `${ctx.root}/${service.dir}`;
  const name = `Repo Runner: ${service.name}`;
  switch (service.kind) {
    case 'node': {
      if (!ctx.nodePreload) return unsupported(service, 'this host has no Node inspector preload');
      return {
        start: service.start,
        env: { REPO_RUNNER_DEBUG_INSPECT: address, NODE_OPTIONS: `--require ${quote(ctx.nodePreload)}` },
        attach: {
          type: 'node', request: 'attach', name, address: LOOPBACK, port: ctx.port,
          autoAttachChildProcesses: true, attachExistingChildren: true, continueOnAttach: true,
          skipFiles: ['<node_internals>/**'], cwd: dir,
        },
        adapter: { type: 'node', label: 'the JavaScript debugger (built into VS Code)' },
      };
    }
    case 'python': {
      const python = PYTHON.test(service.start.command) ? service.start.command : '.venv/bin/python';
      const wrapped = PYTHON.test(service.start.command) ? service.start.args : ['-m', basename(service.start.command), ...service.start.args];
      const pythonAt = python.startsWith('/') ? python : `${dir}/${python}`;
      const install: CommandSpec[] = [{ command: python, args: ['-m', 'pip', 'install', '--disable-pip-version-check', 'debugpy'], cwd: service.dir }];
      // uv's virtualenvs have no pip: uv installs into them.
      if (service.packageManager === 'uv') install.unshift({ command: 'uv', args: ['pip', 'install', '--python', pythonAt, 'debugpy'], cwd: service.dir });
      return {
        start: { ...service.start, command: python, args: ['-m', 'debugpy', '--listen', address, ...wrapped] },
        env: {},
        prepare: { check: { command: python, args: ['-c', 'import debugpy'], cwd: service.dir }, install },
        attach: {
          type: 'debugpy', request: 'attach', name, connect: { host: LOOPBACK, port: ctx.port },
          pathMappings: [{ localRoot: dir, remoteRoot: dir }], justMyCode: true, subProcess: true,
        },
        adapter: { type: 'debugpy', extension: 'ms-python.debugpy', label: 'the Python Debugger extension (ms-python.debugpy)' },
      };
    }
    case 'go': {
      if (!ctx.dlv) {
        return {
          code: 'debugger-missing', severity: 'warning', phase: 'run', service: service.name, excerpt: [],
          message: `${service.name} is a Go service and Delve (dlv), Go's debugger, is not installed: install it with \`go install github.com/go-delve/delve/cmd/dlv@latest\` (through the Go module proxy), then debug again.`,
          fixes: [{ kind: 'command', title: 'Install Delve (go install github.com/go-delve/delve/cmd/dlv@latest)', auto: false, command: { command: 'go', args: ['install', 'github.com/go-delve/delve/cmd/dlv@latest'], cwd: service.dir } }],
        };
      }
      const headless = ['--headless', `--listen=${address}`, '--api-version=2', '--accept-multiclient', '--continue'];
      const args = service.start.args;
      let start: CommandSpec;
      if (service.start.command === 'go' && args[0] === 'run') {
        const { packages, rest } = goRunParts(args.slice(1));
        start = { ...service.start, command: ctx.dlv, args: ['debug', ...packages, ...headless, ...(rest.length ? ['--', ...rest] : [])] };
      } else {
        start = { ...service.start, command: ctx.dlv, args: ['exec', service.start.command, ...headless, ...(args.length ? ['--', ...args] : [])] };
      }
      return {
        start, env: {},
        attach: { type: 'go', request: 'attach', name, mode: 'remote', host: LOOPBACK, port: ctx.port, substitutePath: [{ from: dir, to: dir }] },
        adapter: { type: 'go', extension: 'golang.go', label: 'the Go extension (golang.go)' },
      };
    }
    case 'java': {
      const agent = `-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=${address}`;
      const attach: DebugConfiguration = { type: 'java', request: 'attach', name, hostName: LOOPBACK, port: ctx.port };
      const adapter = { type: 'java', extension: 'vscjava.vscode-java-debug', label: 'the Java Debugger extension (vscjava.vscode-java-debug)' };
      if (service.packageManager === 'maven') {
        return { start: { ...service.start, args: [...service.start.args, `-Dspring-boot.run.jvmArguments=${agent}`] }, env: {}, attach, adapter };
      }
      if (service.packageManager === 'gradle') {
        const text = `// Written by Repo Runner for a debug run: the application's JVM (bootRun/run) gets the JDWP agent.\nallprojects {\n  tasks.matching { it.name == 'bootRun' || it.name == 'run' }.configureEach { jvmArgs '${agent}' }\n}\n`;
        return {
          start: { ...service.start, args: ['--init-script', `${ctx.root}/${GRADLE_DEBUG_SCRIPT}`, ...service.start.args] },
          env: {}, file: { path: GRADLE_DEBUG_SCRIPT, text }, attach, adapter,
        };
      }
      return { start: service.start, env: { JAVA_TOOL_OPTIONS: agent }, attach, adapter };
    }
    default:
      return unsupported(service, `Repo Runner cannot start ${service.kind} services under a debugger yet`);
  }
}

function unsupported(service: ServicePlan, why: string): Finding {
  return { code: 'debugger-unsupported', severity: 'warning', phase: 'run', service: service.name, excerpt: [], fixes: [], message: `${service.name} cannot be debugged: ${why}.` };
}

/** `go run`'s own flags and packages, and the program's arguments after them. */
function goRunParts(args: string[]): { packages: string[]; rest: string[] } {
  const packages: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { i++; break; }
    if (a.startsWith('-')) continue; // a build flag: Delve builds with its own
    packages.push(a);
    if (!a.endsWith('.go')) { i++; break; }
  }
  return { packages: packages.length ? packages : ['.'], rest: args.slice(i) };
}

function basename(command: string): string {
  return command.slice(command.lastIndexOf('/') + 1);
}

/** A path quoted as Node parses NODE_OPTIONS. */
function quote(file: string): string {
  return `"${file.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
