// Reads dotenv-style files (.env, .env.example): KEY=VALUE lines, `export` prefixes,
// quotes, comments. Lines that are not assignments are reported, never fatal.
import type { EnvKind } from '../model.js';
import { isSecretName } from '../secrets/index.js';

export interface EnvEntry {
  name: string;
  value: string;
  line: number;
}

export interface ParsedEnvFile {
  entries: EnvEntry[];
  badLines: number[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;

export function parseEnvFile(text: string): ParsedEnvFile {
  const entries: EnvEntry[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = ASSIGNMENT.exec(raw);
    if (!match) {
      badLines.push(index + 1);
      return;
    }
    entries.push({ name: match[1], value: unquote(match[2]), line: index + 1 });
  });
  return { entries, badLines };
}

function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const end = value.indexOf(quote, 1);
    if (end > 0) return value.slice(1, end);
  }
  // An unquoted value ends at an inline comment.
  return value.replace(/\s+#.*$/, '');
}

export function classifyEnv(name: string): EnvKind {
  if (isDatabaseSetting(name)) return 'database';
  if (name === 'PORT' || /_PORT$/.test(name)) return 'port';
  if (/(_URL|_URI|_ORIGIN|_HOST|_ENDPOINT)$/.test(name)) return 'url';
  // ADMIN_TOKEN_FILE, SECRET_KEY_PATH: where a secret is kept (a Docker secret's file), not the secret: no value is made up for it.
  if (/_(FILE|PATH|DIR)$/.test(name)) return 'plain';
  // AUTH_TOKEN_EXPIRE_MINUTES, PASSWORD_MIN_LENGTH, JWT_ALGORITHM: a setting about a secret, not one (a number, a name, a switch).
  if (/_(EXPIRES?|EXPIRY|EXPIRATION|TTL|LIFETIME|TIMEOUT|AGE|SECONDS|MINUTES|HOURS|DAYS|LENGTH|LEN|SIZE|COUNT|ROUNDS|MIN|MAX|ALGORITHM|ALGO|ENABLED|DISABLED|REQUIRED)(_(IN|MS|SEC|SECONDS|MINUTES|HOURS|DAYS))?$/.test(name)) return 'plain';
  // A key named after a provider is the provider's to give; a bare secret can be generated locally.
  if (/(API_?KEY|ACCESS_?KEY|_TOKEN|CLIENT_SECRET|WEBHOOK_SECRET)$/.test(name) && !/^(JWT|SESSION|APP|SECRET|AUTH|CSRF|COOKIE)_/.test(name)) return 'external';
  if (isSecretName(name)) return 'secret';
  return 'plain';
}

/** A setting that tells an app where its database is and how to log in: DATABASE_URL, PGHOST, POSTGRES_PASSWORD, REDIS_URL... */
export function isDatabaseSetting(name: string): boolean {
  return /^(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|REDIS|MONGO|MONGODB|SQLITE)_?(URL|URI|DSN|HOST|HOSTNAME|PORT|USER|USERNAME|PASSWORD|PASS|NAME|DB|DATABASE|PATH)$/.test(name)
    && !/^(PORT|PASSWORD|USER|HOST|PATH)$/.test(name);
}
