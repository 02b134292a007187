// The lines a finding quotes when no signature knows the failure: the end of the output, except
// that a stack trace printed after the error (Rust's `Stack backtrace:`, a JVM's or Node's `at …`
// frames) does not push the error out. Its frames are left out, and the quote ends a few lines
// after the last line that says what went wrong.

/** A frame of a stack trace: `  13: std::panic::…`, `      at /rustc/…`, `    at Object.<anonymous> (…)`. */
const STACK_FRAME = /^\s+(?:\d+:\s|at\s)/;
/** A line that says what went wrong. */
const ERROR_LINE = /\b(?:error|fatal|panic(?:ked)?|exception|refus(?:ed|ing)|cannot|could not|failed)\b/i;
/** Lines kept after the error line: its hint (`Please set …`) and the exit. */
const AFTER = 2;

export function causeExcerpt(tail: readonly string[], size = 12): string[] {
  const lines = tail.filter((line) => !STACK_FRAME.test(line));
  if (lines.length === tail.length) return tail.slice(-size);
  let last = lines.length - 1;
  while (last >= 0 && !ERROR_LINE.test(lines[last])) last--;
  const end = last < 0 ? lines.length : Math.min(lines.length, last + 1 + AFTER);
  return lines.slice(Math.max(0, end - size), end);
}
