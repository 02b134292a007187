// JSON.parse that reports the line of a syntax error, for findings that point at it.
export type JsonResult<T> = { ok: true; value: T } | { ok: false; error: string; line: number };

export function parseJsonWithLine<T>(text: string): JsonResult<T> {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as T };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^(Unexpected|Expected)/, (m) => m.toLowerCase()), line: errorLine(text, message) };
  }
}

/** The line V8's message points at: by position, else by the quoted context around the bad token. */
function errorLine(text: string, message: string): number {
  const explicit = /line (\d+)/.exec(message);
  if (explicit) return Number(explicit[1]);
  let at = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
  if (Number.isNaN(at)) {
    // `Unexpected token 'd', ..."   "dev": deno run m"... is not valid JSON`
    const context = /, (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message)?.[1];
    const token = /Unexpected token '(.)'/.exec(message)?.[1];
    const found = context ? text.indexOf(context) : -1;
    if (found < 0) return 1;
    at = found + Math.max(0, token ? context!.indexOf(token) : 0);
  }
  // "Expected '}'" at the end points past the last line: the line that needs the fix is the last one with text.
  while (at > 0 && /\s/.test(text[at] ?? ' ')) at--;
  return text.slice(0, at).split('\n').length;
}
