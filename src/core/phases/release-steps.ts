// Release steps (a Procfile's `release`): one-off commands that run once a run, in order, before
// the service's processes start, like Heroku's release phase. A failing step stops the service
// from starting and says which step failed with its output.
import { stripAnsi, type Failure } from '../fixer/failure.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';
import { absoluteCwd, describe } from './commands.js';
import { serviceBaseEnv } from './service-env.js';

/** Runs the service's release steps if they have not run in this run; the failure of the first that fails. */
export async function runReleaseSteps(ctx: RunContext, service: ServiceRuntime): Promise<Failure | undefined> {
  const steps = service.plan.release ?? [];
  if (service.released || steps.length === 0) return undefined;
  for (const [index, command] of steps.entries()) {
    ctx.log('info', `${service.name}: release step ${index + 1}/${steps.length}: ${describe(command)}`);
    const result = await ctx.host.processes.run(command, {
      cwd: absoluteCwd(ctx, command),
      env: { ...serviceBaseEnv(ctx, service), ...command.env },
      signal: ctx.signal,
      onLine: (stream, line) => ctx.emit({ type: 'output', service: service.name, stream, line, source: 'setup' }),
    });
    if (result.cancelled) return undefined;
    if (result.exitCode === 0) continue;
    const tail = result.tail.map(stripAnsi);
    const evidence = service.plan.evidence.find((e) => /release/.test(e.reason));
    return {
      phase: 'run', service: service.plan, exitCode: result.exitCode, tail,
      generic: {
        code: 'release-failed', severity: 'error', phase: 'run', service: service.name, file: evidence?.file, range: evidence?.line ? { startLine: evidence.line } : undefined,
        message: `${service.name}: the release step \`${describe(command)}\` failed with exit code ${result.exitCode}${result.spawnError ? ` (${result.spawnError})` : ''}; the app is not started.`,
        excerpt: tail.slice(-12), fixes: [{ kind: 'rerun', title: 'Run the release step again', auto: false, from: 'run', service: service.name }],
      },
    };
  }
  service.released = true;
  return undefined;
}
