// Two parts of a run session that need only the context: stopping the processes an earlier run
// left behind, before this one starts, and the one-line summary of how a pass ended.
import type { Finding, Plan, RunOutcome, ServiceStatus } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

/** Processes recorded by an earlier run that are still alive and still ours are stopped. */
export async function reapLeftovers(ctx: RunContext): Promise<void> {
  const records = ctx.checkpoint.state.processes;
  if (records.length === 0) return;
  for (const record of records) {
    if (await ctx.host.processes.reap(record.pid, record.marker)) {
      ctx.log('warn', `stopped ${record.service} (pid ${record.pid}, \`${record.command}\`), left running by an earlier run`);
    }
  }
  await ctx.checkpoint.update((d) => { d.processes = []; });
}

/** How a pass ended, in one line: the run event's detail. */
export function runSummary(outcome: RunOutcome, plan: Plan, services: ServiceRuntime[], findings: Finding[]): string {
  if (outcome === 'nothing-to-run') {
    const why = plan.nothingToRun;
    return why ? `nothing to run here, because ${why.reason}; ${why.suggestion}` : 'nothing to run here';
  }
  const count = (status: ServiceStatus) => services.filter((s) => s.status === status).length;
  const total = services.length;
  const jobs = count('completed');
  if (outcome === 'healthy') {
    // Workers (no port, still running) and jobs (done) are said apart from the servers that answer.
    const workers = services.filter((s) => s.status === 'healthy' && s.plan.health.kind === 'none').length;
    const servers = total - jobs - workers;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return [servers > 0 || workers + jobs === 0 ? `${servers}/${servers} healthy` : '', workers ? `${plural(workers, 'worker')} running` : '', jobs ? `${plural(jobs, 'job')} finished` : '']
      .filter(Boolean).join(', ');
  }
  if (outcome === 'cancelled') return 'cancelled';
  // The last attempt's failure, not the first one a retry has since moved past.
  const error = findings.filter((f) => f.severity === 'error').at(-1);
  return `${count('healthy')}/${total} healthy${error ? `: ${error.message}` : ''}`;
}
