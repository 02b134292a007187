// JSON.parse that reports the line of a syntax error, for findings that point at it.
export type JsonResult<T> = { ok: true; value: T } | { ok: false; error: string; line: number };

export function parseJsonWithLine<T>(text: string): JsonResult<T> {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as T };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const lineMatch = /line (\d+)/.exec(message);
    let line = 1;
    if (lineMatch) line = Number(lineMatch[1]);
    else if (position) line = text.slice(0, Number(position[1])).split('\n').length;
    return { ok: false, error: message.replace(/^(Unexpected|Expected)/, (m) => m.toLowerCase()), line };
  }
}
