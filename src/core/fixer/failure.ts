// What the Fixer gets when a phase fails: the evidence, and the finding to report when no
// known signature explains it.
import type { Finding, PhaseName, Plan, ServicePlan } from '../model.js';

export interface Failure {
  phase: PhaseName;
  service?: ServicePlan;
  exitCode?: number | null;
  /** The last lines of the failing command's output, ANSI colours removed. */
  tail: string[];
  /** The port the service was given, if any. */
  port?: number;
  generic: Finding;
}

export interface FixerContext {
  plan: Plan;
  /** Reads a repo file by its path relative to the root. */
  read(rel: string): Promise<string | undefined>;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}
