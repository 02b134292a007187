// Running a plan's command from a phase: resolved against the repo root, with the run's
// marker in its environment so every process it starts can be found again.
import type { CommandResult } from '../host.js';
import type { CommandSpec } from '../model.js';
import { MARKER_ENV, type RunContext } from '../run-context.js';

export function absoluteCwd(ctx: RunContext, command: CommandSpec): string {
  return command.cwd === '' ? ctx.root : `${ctx.root}/${command.cwd}`;
}

export function baseEnv(ctx: RunContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.host.env)) if (value !== undefined) env[key] = value;
  env[MARKER_ENV] = ctx.marker;
  return env;
}

export function runCommand(ctx: RunContext, command: CommandSpec, onLine: (line: string) => void): Promise<CommandResult> {
  return ctx.host.processes.run(command, {
    cwd: absoluteCwd(ctx, command),
    env: { ...baseEnv(ctx), ...command.env },
    signal: ctx.signal,
    onLine: (_stream, line) => onLine(line),
  });
}

/** A command as a user would type it, for messages (never executed as a string). */
export function describe(command: CommandSpec): string {
  return [command.command, ...command.args].map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
