// What the Fixer gets when a phase fails: the output and facts, and the finding to report when no
// known signature explains it.
import type { DatabaseEngine, Finding, PhaseName, Plan, ServicePlan, ToolName } from '../model.js';

export interface Failure {
  phase: PhaseName;
  service?: ServicePlan;
  exitCode?: number | null;
  /** The last lines of the failing command's output, ANSI colours removed. */
  tail: string[];
  /** The port the service was given, if any. */
  port?: number;
  /** The last health check's answer, e.g. `HTTP 500` or `ECONNREFUSED`. */
  probe?: string;
  /** The variables the service was started with (values stay on this machine). */
  env?: Record<string, string>;
  generic: Finding;
}

/** A database server of this run, as the Fixer sees it. */
export interface KnownDatabase {
  name: string;
  engine: DatabaseEngine;
  port?: number;
  healthy: boolean;
  /** The URL the app should use (with its password): the value for an env fix. */
  url?: string;
  /** The variable the URL goes in, e.g. DATABASE_URL. */
  variable?: string;
}

export interface FixerContext {
  plan: Plan;
  /** Reads a repo file by its path relative to the root. */
  read(rel: string): Promise<string | undefined>;
  /** The names in a repo folder (relative to the root); empty when it does not exist. Absent: not known. */
  list?(rel: string): Promise<string[]>;
  /** The databases of the run, when there are any. */
  databases?: KnownDatabase[];
  /** Versions of the toolchains found on the machine, e.g. { java: '17.0.13' }. */
  installed?: Partial<Record<ToolName, string>>;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}
