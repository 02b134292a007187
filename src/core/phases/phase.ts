// The contract every phase keeps: it reads and updates the run context and reports what
// failed as a Failure for the Fixer; it never talks to a user interface.
import type { Failure } from '../fixer/failure.js';
import type { Finding, PhaseName } from '../model.js';
import type { RunContext } from '../run-context.js';

export interface PhaseResult {
  status: 'done' | 'failed' | 'skipped';
  /** A short line for the user: what was done, or why it was skipped. */
  detail?: string;
  /** Findings that need no diagnosis (e.g. a version mismatch found while checking). */
  findings?: Finding[];
  /** Failures for the Fixer to diagnose. */
  failures?: Failure[];
}

export interface Phase {
  name: PhaseName;
  run(ctx: RunContext): Promise<PhaseResult>;
  /** Starts work that may begin before the phase's turn (when setup starts); `run` waits for it. */
  prepare?(ctx: RunContext): Promise<unknown> | undefined;
}
