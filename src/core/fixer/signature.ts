// A failure signature, as data: which phases and stacks it applies to, the pattern it looks for
// in the failing command's output, and what it means: a one-sentence message, the file and line
// that justify it, and the fixes. Builders below keep each signature's fixes short and alike.
import { joinRel } from '../detect/repo-files.js';
import type { CommandSpec, Finding, FindingCode, Fix, LineEdit, PhaseName, Range, ServiceKind, ServicePlan } from '../model.js';
import type { Failure, FixerContext } from './failure.js';

export interface Diagnosis {
  message: string;
  fixes: Fix[];
  file?: string;
  range?: Range;
  /** The line(s) of output that prove it, quoted by the finding; by default the line the pattern matched. */
  excerpt?: string[];
}

export interface Signature {
  /** Stable: tools and tests refer to it. */
  code: FindingCode;
  severity?: Finding['severity'];
  phases: readonly PhaseName[];
  /** The stacks it applies to; all when absent. */
  kinds?: readonly ServiceKind[];
  /** Looked for in the output (all lines, joined by newlines). */
  pattern: RegExp;
  /** A further condition on the failure (exit code, probe result). */
  when?(failure: Failure): boolean;
  diagnose(match: RegExpExecArray, failure: Failure, ctx: FixerContext): Promise<Diagnosis | undefined>;
}

export const CONFIG = 'repo-runner.json';

export function nameOf(failure: Failure): string {
  return failure.service?.name ?? 'The service';
}

export function dirOf(failure: Failure): string {
  return failure.service?.dir ?? '';
}

/** Run a phase again; `auto` only for what cannot hurt (another port, starting a database). */
export function rerun(title: string, from: PhaseName, auto: boolean, service?: ServicePlan, avoidPort?: number): Fix {
  return { kind: 'rerun', title, auto, from, service: service?.name, avoidPort };
}

/** Once the user has changed the code: start the service again (a build error: install/build again). */
export function restartAfterEdit(failure: Failure, what: string): Fix {
  const from: PhaseName = failure.phase === 'setup' ? 'setup' : 'run';
  return rerun(`${from === 'setup' ? 'Build' : 'Start'} ${nameOf(failure).replace(/^The service$/, 'the service')} again once ${what} is fixed`, from, false, failure.service);
}

export function command(title: string, argv: string[], cwd: string, rerunFrom: PhaseName = 'setup'): Fix {
  const spec: CommandSpec = { command: argv[0], args: argv.slice(1), cwd };
  return { kind: 'command', title, auto: false, command: spec, rerunFrom };
}

export function edit(title: string, file: string, edits: LineEdit[], rerunFrom: PhaseName = 'setup'): Fix {
  return { kind: 'edit', title, auto: false, file, edits, rerunFrom };
}

/** Replaces one line of a file. */
export function replaceLine(line: number, text: string): LineEdit {
  return { line, remove: 1, insert: [text] };
}

export function envFix(name: string, dir: string, value?: string, rerunFrom: PhaseName = 'run'): Fix {
  const file = joinRel(dir, '.env');
  return { kind: 'env', auto: false, title: value === undefined ? `Set ${name} in ${file}` : `Set ${name} in ${file} to the value Repo Runner provisioned`, name, file, value, rerunFrom };
}

/** A pin in repo-runner.json for this service, e.g. its start command or its port. */
export function serviceSetting(title: string, service: ServicePlan, key: string, value: unknown, rerunFrom: PhaseName = 'run'): Fix {
  return { kind: 'setting', auto: false, title, file: CONFIG, path: ['services', service.name, key], value, rerunFrom };
}

/** Text of a line of a file, 1-based; '' when missing. */
export function lineText(text: string | undefined, line: number): string {
  return text?.split('\n')[line - 1] ?? '';
}
