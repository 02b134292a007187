// Restarts one service of a run under its debugger, the others left running: a free port for
// the debugger, the debugger installed where it is missing (debugpy into the service's
// virtualenv), then the service stopped and started again with the debug launch.
import { runCommand, describe } from '../phases/commands.js';
import type { Finding } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';
import { debugLaunch, type DebugConfiguration, type DebugLaunch } from './debug-launch.js';

/** The default port of each stack's debugger: preferred when free. */
const PREFERRED_PORT: Record<string, number> = { node: 9229, python: 5678, go: 2345, java: 5005 };

export type DebugPrepared = { ok: true; launch: DebugLaunch } | { ok: false; finding: Finding };

/** Everything before the restart: the debugger's port, its install, the launch. Sets `service.debug` when it succeeds. */
export async function prepareDebug(ctx: RunContext, service: ServiceRuntime): Promise<DebugPrepared> {
  const taken = new Set([
    ...ctx.avoidPorts,
    ...[...ctx.services.values()].flatMap((s) => [s.port, s === service ? undefined : s.debug?.port].filter((p): p is number => p !== undefined)),
    ...[...ctx.databases.values()].flatMap((d) => (d.port === undefined ? [] : [d.port])),
  ]);
  const previous = service.debug?.port;
  if (previous !== undefined) ctx.host.ports.release(previous);
  const port = await ctx.host.ports.allocate(PREFERRED_PORT[service.plan.kind] ?? 9229, taken);
  const launch = debugLaunch(service.plan, {
    root: ctx.root, port,
    nodePreload: service.plan.kind === 'node' ? ctx.host.debugPreload?.() : undefined,
    dlv: service.plan.kind === 'go' ? await findDelve(ctx) : undefined,
  });
  if (!('attach' in launch)) {
    ctx.host.ports.release(port);
    return { ok: false, finding: launch };
  }
  if (launch.prepare) {
    const onLine = (line: string) => ctx.emit({ type: 'output', service: service.name, stream: 'stdout', line, source: 'setup' });
    const present = await runCommand(ctx, launch.prepare.check, () => undefined, service);
    if (present.exitCode !== 0) {
      let installed = false;
      const tail: string[] = [];
      for (const install of launch.prepare.install) {
        ctx.log('info', `${service.name}: installing its debugger: ${describe(install)}`);
        const result = await runCommand(ctx, install, onLine, service);
        tail.push(...result.tail.slice(-5));
        if (result.exitCode === 0) { installed = true; break; }
      }
      if (!installed) {
        ctx.host.ports.release(port);
        return {
          ok: false, finding: {
            code: 'debugger-install-failed', severity: 'error', phase: 'run', service: service.name, excerpt: tail.slice(-10), fixes: [],
            message: `${service.name}: the debugger could not be installed (${launch.prepare.install.map(describe).join(', then ')} failed); see the excerpt.`,
          },
        };
      }
    }
  }
  if (launch.file) await ctx.host.fs.writeTextAtomic(`${ctx.root}/${launch.file.path}`, launch.file.text);
  service.debug = { start: launch.start, env: launch.env, port };
  return { ok: true, launch };
}

/** The service started normally again: its debugger's port is let go. */
export function endDebug(ctx: RunContext, service: ServiceRuntime): void {
  if (service.debug) ctx.host.ports.release(service.debug.port);
  service.debug = undefined;
}

/** Delve on PATH, or where `go install` puts it ($GOBIN, $GOPATH/bin, ~/go/bin). */
async function findDelve(ctx: RunContext): Promise<string | undefined> {
  const env = ctx.host.env;
  const candidates = ['dlv', env.GOBIN && `${env.GOBIN}/dlv`, env.GOPATH && `${env.GOPATH.split(':')[0]}/bin/dlv`, env.HOME && `${env.HOME}/go/bin/dlv`].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (await ctx.host.toolchains.version(candidate, ['version'])) return candidate;
  }
  return undefined;
}

export type { DebugConfiguration };
