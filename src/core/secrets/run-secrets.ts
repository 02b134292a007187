// The secret values of a run, which no log, event, finding or prompt may show: the secret-looking
// values of the services' environments, the passwords inside URLs they were given, and the
// passwords of the run's databases. Pure: the callers hand in the env records and connections.
import type { Connection } from '../database/connection.js';
import { parseUrl } from '../database/connection.js';
import type { Failure, FixerContext } from '../fixer/failure.js';
import { isHarmless } from './mask.js';
import { looksSecretName } from './secret-names.js';

/** Default credentials of local development servers: no secret, and masking them would blank out ordinary words. */
const PLACEHOLDERS = new Set(['postgres', 'postgresql', 'password', 'secret', 'root', 'admin', 'changeme', 'example', 'test', 'mysql', 'redis', 'mongo', 'user', 'pass']);

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

/**
 * The run's secret values: the secret-named settings of each service's environment (its
 * dotenv values overlaid with its start env) and every database password.
 */
export function secretsOfRun(envs: Iterable<Record<string, string | undefined>>, connections: Iterable<Pick<Connection, 'password'> | undefined>, names: Iterable<string> = []): string[] {
  const found = new Set<string>();
  for (const env of envs) for (const value of secretsOfEnv(env)) found.add(value);
  for (const connection of connections) if (connection?.password) found.add(connection.password);
  // A development password that is also the name of the app, a service or a database (compose's
  // `MYSQL_PASSWORD: ctfd` in the repo ctfd) is no secret kept from anyone, and masking it would
  // blank out every message that names the service.
  const named = new Set([...names].flatMap((n) => [n.toLowerCase(), ...n.toLowerCase().split(/[^a-z0-9]+/)]));
  return [...found].filter((value) => !named.has(value.toLowerCase()));
}

/**
 * The secrets a failure's prompt must not carry: the failing service's secret-looking env
 * values (secretsOfEnv), every password in a URL it was given, and the passwords of the run's
 * databases.
 */
export function secretsOf(failure: Failure, ctx: FixerContext): string[] {
  const found = new Set(secretsOfEnv(failure.env));
  const urls = [...Object.values(failure.env ?? {}), ...(ctx.databases ?? []).map((db) => db.url ?? '')];
  for (const url of urls) {
    const password = parseUrl(url)?.password;
    if (password && password.length > 3) found.add(password);
  }
  return [...found];
}
