// Removes secrets from text before it leaves the machine (an LLM prompt, a log line): every
// known secret value of the run, and whatever looks like a secret by itself — URL passwords,
// `NAME=value` / `NAME: value` where the name says secret, bearer tokens, provider keys
// (sk-..., AKIA..., ghp_...), JWTs and private key blocks. Masked parts read `••••`.
import { maskUrl, parseUrl } from '../database/connection.js';
import { isSecretName } from '../detect/env-file.js';

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
 * `NAME=value`, `NAME: value`, `"name": "value"`, `--name=value`: the name (quoted or not),
 * the separator, then a quoted or a bare value.
 */
const ASSIGNMENT = /(["']?)\b([A-Za-z_][A-Za-z0-9_.-]{0,80})\1([ \t]*[:=][ \t]*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;&}\])]+))/g;

const SECRET_PART = /^(key|apikey|api_key|secret|secrets|token|tokens|password|passwd|passphrase|pwd|pass|private|privatekey|credential|credentials|auth|authtoken|authorization|cookie|signature|salt)$/;
const SECRET_INSIDE = /(secret|token|password|passwd|credential|private|apikey|accesskey)/;

/** Whether a variable, key or flag name says its value is secret (DB_PASSWORD, apiKey, "auth-token"). */
export function looksSecretName(name: string): boolean {
  if (isSecretName(name)) return true;
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_.-]+/).filter(Boolean);
  return parts.some((p) => SECRET_PART.test(p) || SECRET_INSIDE.test(p) || /^auth(?!or)/.test(p));
}

/**
 * A value that is no secret itself: a reference to one (`${DB_PASSWORD}`, `process.env.X`), a
 * mask or placeholder, a boolean, or a dependency's version (`"next-auth": "^4.24.0"`).
 */
function isHarmless(value: string): boolean {
  return value === '' || value.includes(MASK)
    || /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|process\.env\b.*|os\.environ\b.*|env\(.*|getenv\(.*|<[^>]*>|\*+|x+|true|false|null|none|undefined)$/i.test(value)
    || /^([\^~]|[<>]=?|=)?\s*v?\d+\.(\d+|x|\*)(\.(\d+|x|\*))?([-+][\w.]+)?$/.test(value);
}

/** Default credentials of local development servers: no secret, and masking them would blank out ordinary words. */
const PLACEHOLDERS = new Set(['postgres', 'postgresql', 'password', 'secret', 'root', 'admin', 'changeme', 'example', 'test', 'mysql', 'redis', 'mongo', 'user', 'pass']);

export function maskSecrets(text: string, secrets: readonly string[]): string {
  // A key block keeps its line count, so line numbers around it stay right.
  let out = text.replace(PRIVATE_KEY_BLOCK, (block) => `${MASK}${'\n'.repeat(block.split('\n').length - 1)}`);
  for (const secret of variants(secrets)) out = out.split(secret).join(MASK);
  out = maskUrl(out);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  out = out.replace(BEARER, (_m, scheme: string, space: string) => `${scheme}${space}${MASK}`);
  out = out.replace(CREDENTIAL_HEADER, (match, name: string, separator: string, value: string) => (isHarmless(value.replace(/["',]+$/, '')) ? match : `${name}${separator}${MASK}`));
  return maskAssignments(out);
}

/**
 * Masks the values of secret-named assignments. The value of any other assignment is searched
 * too (a script that sets SECRET_KEY=...): the scan resumes right after its separator.
 */
function maskAssignments(text: string): string {
  const re = new RegExp(ASSIGNMENT.source, 'g');
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [match, quote, name, separator, double, single, bare] = m;
    const head = `${quote}${name}${quote}${separator}`;
    if (looksSecretName(name) && !isHarmless(double ?? single ?? bare ?? '')) {
      out += `${text.slice(last, m.index)}${head}${double !== undefined ? `"${MASK}"` : single !== undefined ? `'${MASK}'` : MASK}`;
      last = m.index + match.length;
      re.lastIndex = last;
    } else {
      re.lastIndex = m.index + head.length + (double !== undefined || single !== undefined ? 1 : 0);
    }
  }
  return out + text.slice(last);
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

/**
 * The secret values in a service's environment: values of variables whose names say secret,
 * and the passwords inside database URLs. Ordinary values (PORT=3000, PATH) are left out.
 */
export function secretsOfEnv(env: Record<string, string | undefined> | undefined): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!value) continue;
    if (looksSecretName(name) && !isHarmless(value) && !PLACEHOLDERS.has(value.toLowerCase())) found.push(value);
    const password = /:\/\//.test(value) ? parseUrl(value)?.password : undefined;
    if (password && !PLACEHOLDERS.has(password.toLowerCase())) found.push(password);
  }
  return [...new Set(found)];
}
