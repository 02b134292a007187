// JSON with comments and trailing commas, as VS Code writes its settings and launch.json.
// Comments and trailing commas are removed outside strings, then JSON.parse reads the rest.

export function parseJsonc(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return { ok: true, value: JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
