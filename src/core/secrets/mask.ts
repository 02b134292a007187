// Removes secrets from text before it leaves the machine (an LLM prompt, a log line, the tree):
// every known secret value of the run, and whatever looks like a secret by itself — URL
// passwords, `NAME=value` / `NAME: value` where the name says secret, bearer tokens, provider
// keys (sk-..., AKIA..., ghp_...), JWTs and private key blocks. Masked parts read `••••`.
import { looksSecretName, isSecretName } from './secret-names.js';

export const MASK = '••••';

/** Known secrets shorter than this are not masked (they would blank out ordinary words). */
const MIN_SECRET_LENGTH = 4;

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** Tokens recognisable by their shape alone. */
const TOKEN_SHAPES: readonly RegExp[] = [
  /\bsk-(?:proj-|live-|test-|ant-(?:api\d+-)?|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic
  /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAIza[A-Za-z0-9_-]{35}\b/g, // Google API keys
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
];

const BEARER = /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/g;

/** Headers whose whole value is a credential, whatever its scheme: the rest of the line goes. */
const CREDENTIAL_HEADER = /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|cookie|set-cookie)(["']?[ \t]*[:=][ \t]*)(\S[^\n]*)/gi;

/**
 * The head of `NAME=value`, `NAME: value`, `"name": "value"`, `--name=value`: the name (quoted
 * or not, at most 80 characters) and the separator. The value is measured separately, so the
 * scan stays linear however the text is made.
 */
const ASSIGNMENT_HEAD = /(["']?)\b([A-Za-z_][A-Za-z0-9_.-]{0,80})\1([ \t]*[:=][ \t]*)/g;
const BARE_VALUE = /[^\s"',;&}\])]+/y;

/**
 * A value that is no secret itself: a reference to one (`${DB_PASSWORD}`, `process.env.X`), a
 * mask or placeholder, a boolean, or a dependency's version (`"next-auth": "^4.24.0"`).
 */
export function isHarmless(value: string): boolean {
  return value === '' || value.includes(MASK)
    || /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|process\.env\b.*|os\.environ\b.*|env\(.*|getenv\(.*|<[^>]*>|\*+|x+|true|false|null|none|undefined)$/i.test(value)
    || /^([\^~]|[<>]=?|=)?\s*v?\d+\.(\d+|x|\*)(\.(\d+|x|\*))?([-+][\w.]+)?$/.test(value);
}

/** Masks a secret value for display: never shows more than its first two characters. */
export function maskValue(name: string, value: string): string {
  if (!isSecretName(name) || value === '') return value;
  return value.length <= 4 ? MASK : `${value.slice(0, 2)}${MASK}`;
}

/** Masks the password of any URL-looking text, e.g. for a log line. */
export function maskUrl(text: string): string {
  // Bounded repetitions: a long token with no "@" must not cost quadratic time.
  return text.replace(/(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^:/@\s]{0,256}:)([^@\s]{1,512})(@)/gi, `$1${MASK}$3`);
}

/** The cheap pass, for every line of service output: the run's known secret values and URL passwords. */
export function maskKnownSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of variants(secrets)) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out.includes('://') ? out.split(/(\s+)/).map((word) => (word.includes('://') ? maskUrl(word) : word)).join('') : out;
}

/** The full pass, for messages and prompts: known values, URL passwords, token shapes, key blocks, secret-named assignments. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  // A key block keeps its line count, so line numbers around it stay right.
  let out = text.replace(PRIVATE_KEY_BLOCK, (block) => `${MASK}${'\n'.repeat(block.split('\n').length - 1)}`);
  for (const secret of variants(secrets)) out = out.split(secret).join(MASK);
  // maskUrl on the words that hold a URL only: it is the same, and stays fast on long lines without one.
  out = out.split(/(\s+)/).map((word) => (word.includes('://') ? maskUrl(word) : word)).join('');
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  out = out.replace(BEARER, (_m, scheme: string, space: string) => `${scheme}${space}${MASK}`);
  out = out.replace(CREDENTIAL_HEADER, (match, name: string, separator: string, value: string) => (isHarmless(value.replace(/["',]+$/, '')) ? match : `${name}${separator}${MASK}`));
  return maskAssignments(out);
}

/**
 * Masks the values of secret-named assignments. The value of any other assignment is searched
 * too (a script that sets SECRET_KEY=...), as the scan goes on right after its separator.
 */
function maskAssignments(text: string): string {
  const re = new RegExp(ASSIGNMENT_HEAD.source, 'g');
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!looksSecretName(m[2])) continue;
    const start = m.index + m[0].length;
    const value = valueAt(text, start);
    if (!value || isHarmless(value.text)) continue;
    out += `${text.slice(last, start)}${value.quote}${MASK}${value.quote}`;
    last = value.end;
    re.lastIndex = last;
  }
  return out + text.slice(last);
}

/**
 * The value starting at `start`: quoted to its closing quote on the same line (backslash
 * escapes skipped), quoted with escaped quotes inside a JSON string (`\"...\"`), or bare.
 */
function valueAt(text: string, start: number): { text: string; quote: string; end: number } | undefined {
  const quote = /^(\\["']|["'])/.exec(text.slice(start, start + 2))?.[0];
  if (quote) {
    let close = start + quote.length;
    for (; close < text.length && text[close] !== '\n'; close++) {
      if (text.startsWith(quote, close) && (quote.length === 2 || text[close - 1] !== '\\')) break;
    }
    // No closing quote on the line (a cut line): the rest of the line is the value.
    if (close >= text.length || text[close] === '\n') return { text: text.slice(start + quote.length, close), quote: '', end: close };
    return { text: text.slice(start + quote.length, close), quote, end: close + quote.length };
  }
  BARE_VALUE.lastIndex = start;
  const bare = BARE_VALUE.exec(text);
  return bare ? { text: bare[0], quote: '', end: start + bare[0].length } : undefined;
}

/** Each secret as it may appear in text: raw, URL-encoded, JSON-escaped; longest first. */
function variants(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
    all.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...all].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
