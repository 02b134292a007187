// Findings about one cause are one entry: the warning said before a service starts (a variable
// the example lists without a value) and the error it causes later (the crash on that variable)
// name the same code at the same place; the later, graver one takes the earlier one's place.
// Two findings of the same weight at one place (Ruby and Bundler, both on the Gemfile) stay two.
// The engine's list (session.findings) and every face's view (tree, Problems panel) use this.
import type { Finding, Severity } from './model.js';

const WEIGHT: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Same code and place (a file and line), the later one graver: it is what the earlier became. A
 * warning of no service (a variable of the repo's example file) becomes the error of the service
 * that failed on it.
 */
export function supersedes(later: Finding, earlier: Finding): boolean {
  return later.code === earlier.code && (earlier.service === undefined || later.service === earlier.service) && later.file !== undefined && later.file === earlier.file
    && later.range?.startLine === earlier.range?.startLine && WEIGHT[later.severity] > WEIGHT[earlier.severity];
}

/** The list with `finding` added: in the place of the finding it supersedes, if any. */
export function withFinding(list: readonly Finding[], finding: Finding): Finding[] {
  const index = list.findIndex((f) => supersedes(finding, f));
  if (index < 0) return [...list, finding];
  return [...list.slice(0, index), finding, ...list.slice(index + 1).filter((f) => !supersedes(finding, f))];
}
