// Compose's variable interpolation, as `docker compose` does it before reading a file:
// `${VAR}` and `$VAR` take the value from the environment file beside it (.env), `${VAR:-default}`
// the default when VAR is unset or empty, `${VAR-default}` when it is unset, `${VAR:?message}` and
// `${VAR?message}` the value (left as written when there is none), `$$` a literal `$`. A value
// whose variable has no value and no default is left as written (`${VAR}`), so callers can tell.
// Only the values of the repo's .env are used, never the machine's environment: the plan must not
// depend on who detects it.

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** One string interpolated. */
export function interpolate(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(REFERENCE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    const value = vars.get(name);
    switch (op) {
      case ':-': return value !== undefined && value !== '' ? value : interpolate(arg ?? '', vars);
      case '-': return value !== undefined ? value : interpolate(arg ?? '', vars);
      case ':+': return value !== undefined && value !== '' ? interpolate(arg ?? '', vars) : '';
      case '+': return value !== undefined ? interpolate(arg ?? '', vars) : '';
      default: return value ?? whole;
    }
  });
}

/** Every string in a parsed compose document (keys are left alone), interpolated. */
export function interpolateCompose(doc: unknown, vars: ReadonlyMap<string, string>): unknown {
  if (typeof doc === 'string') return interpolate(doc, vars);
  if (Array.isArray(doc)) return doc.map((item) => interpolateCompose(item, vars));
  if (typeof doc === 'object' && doc !== null) {
    return Object.fromEntries(Object.entries(doc).map(([key, value]) => [key, interpolateCompose(value, vars)]));
  }
  return doc;
}
