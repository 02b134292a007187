// Running a plan's command from a phase: resolved against the repo root, with the run's
// marker in its environment so every process it starts can be found again.
import { delimiter } from 'node:path';
import type { CommandResult } from '../host.js';
import type { CommandSpec } from '../model.js';
import { MARKER_ENV, type RunContext, type ServiceRuntime } from '../run-context.js';

export function absoluteCwd(ctx: RunContext, command: CommandSpec): string {
  return command.cwd === '' ? ctx.root : `${ctx.root}/${command.cwd}`;
}

export function baseEnv(ctx: RunContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.host.env)) if (value !== undefined) env[key] = value;
  env[MARKER_ENV] = ctx.marker;
  return env;
}

/** The tools provided for the service first on PATH, and the variables that select its toolchain. */
export function toolEnv(ctx: RunContext, service: ServiceRuntime | undefined): Record<string, string> {
  if (!service || (service.toolDirs.length === 0 && Object.keys(service.toolEnv).length === 0)) return {};
  const env = { ...service.toolEnv };
  if (service.toolDirs.length > 0) env.PATH = [...service.toolDirs, ctx.host.env.PATH ?? ''].join(delimiter);
  return env;
}

/** Runs a command of the plan to completion; `service`'s provided tools are on its PATH. */
export function runCommand(ctx: RunContext, command: CommandSpec, onLine: (line: string) => void, service?: ServiceRuntime): Promise<CommandResult> {
  return ctx.host.processes.run(command, {
    cwd: absoluteCwd(ctx, command),
    env: { ...baseEnv(ctx), ...toolEnv(ctx, service), ...command.env },
    signal: ctx.signal,
    onLine: (_stream, line) => onLine(line),
  });
}

/** A command as a user would type it, for messages (never executed as a string). */
export function describe(command: CommandSpec): string {
  return [command.command, ...command.args].map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
