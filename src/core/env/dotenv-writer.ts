// Writes values into a dotenv file without ever touching what the user wrote. A missing file
// starts as a copy of the example. A line is Repo Runner's own only while its value is still
// the one Repo Runner wrote (remembered as a hash in the checkpoint); a line the user changed,
// or wrote, is kept as it is. Writing the same values again changes nothing.
import { parseEnvFile } from '../detect/env-file.js';

export interface EnvFileUpdate {
  /** The new text; equal to the old one when nothing changed. */
  text: string;
  changed: boolean;
  /** Hashes of the values Repo Runner now owns in the file, by name. */
  ours: Record<string, string>;
  /** Names whose value the user set differently: kept as the user wrote them. */
  kept: string[];
}

const HEADER_NEW = '# Written by Repo Runner from {example}. Lines you change are kept as they are.';
const HEADER_ADDED = '# Added by Repo Runner for this machine. Lines you change are kept as they are.';

export function updateEnvFile(existing: string | undefined, example: { name: string; text: string } | undefined, values: ReadonlyMap<string, string>,
  ours: Readonly<Record<string, string>>, hash: (value: string) => string): EnvFileUpdate {
  const fromExample = existing === undefined && example !== undefined;
  const base = existing ?? (example ? `${HEADER_NEW.replace('{example}', example.name)}\n${example.text}` : '');
  const owned: Record<string, string> = {};
  const kept: string[] = [];
  const seen = new Set<string>();
  const entries = new Map(parseEnvFile(base).entries.map((e) => [e.line, e]));
  const lines = base.split('\n').map((line, index) => {
    const entry = entries.get(index + 1);
    if (!entry || seen.has(entry.name)) return line;
    seen.add(entry.name);
    const wanted = values.get(entry.name);
    const ourLine = fromExample || ours[entry.name] === hash(entry.value);
    if (!ourLine) {
      if (wanted !== undefined && wanted !== entry.value) kept.push(entry.name);
      return line;
    }
    const value = wanted ?? entry.value;
    owned[entry.name] = hash(value);
    return value === entry.value && !fromExample ? line : `${/^\s*export\s+/.test(line) ? 'export ' : ''}${entry.name}=${quote(value)}`;
  });
  const missing = [...values].filter(([name]) => !seen.has(name));
  let text = lines.join('\n');
  if (missing.length > 0) {
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    if (!fromExample && !text.includes(HEADER_ADDED)) text += `${text === '' ? '' : '\n'}${HEADER_ADDED}\n`;
    for (const [name, value] of missing) {
      text += `${name}=${quote(value)}\n`;
      owned[name] = hash(value);
    }
  }
  return { text, changed: text !== existing, ours: owned, kept };
}

/** A value as dotenv reads it back unchanged: bare when safe, else double-quoted. */
export function quote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,~?&-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
