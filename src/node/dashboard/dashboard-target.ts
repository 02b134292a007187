// What the dashboard's server drives: the run of one folder, whichever face owns it. The CLI
// gives its one session; the editor gives the folder's current session (a new run replaces it)
// and applies fixes through its own path, so the same confirmations and logs hold.
import { applyFix, auditedLauncher, type Finding, type Fix, type FixOutcome, type Host, type RunSession } from '../../core/index.js';

export interface DashboardTarget {
  root: string;
  host: Host;
  /** The run under way, if any. */
  session(): RunSession | undefined;
  /**
   * Applies a fix a person confirmed (the server refuses any request without `confirm: true`),
   * then runs the failed phase again; resolves once the fix itself is applied.
   */
  applyFix(finding: Finding, fix: Fix, value?: string): Promise<FixOutcome>;
}

/**
 * The CLI's target: its one session (known once started); a fix is applied with the engine's
 * own applyFix, then the failed phase runs again.
 */
export function sessionTarget(host: Host, root: string, current: () => RunSession | undefined): DashboardTarget {
  return {
    root,
    host,
    session: current,
    async applyFix(_finding, fix, value) {
      const outcome = await applyFix(fix, { root, fs: host.fs, processes: auditedLauncher(host.processes, host.fs, root), env: host.env as Record<string, string> }, value);
      const session = current();
      if (outcome.ok && session) void (session.failedPhase ? session.retry() : session.rerunFrom(outcome.rerunFrom ?? 'requirements'));
      return outcome;
    },
  };
}
