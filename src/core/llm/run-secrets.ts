// The secret values of a run that must never leave the machine in a prompt: the failing
// service's secret-looking env values (secretsOfEnv), every password in a URL it was given, and
// the passwords of the run's databases.
import { parseUrl } from '../database/connection.js';
import type { Failure, FixerContext } from '../fixer/failure.js';
import { secretsOfEnv } from './mask-secrets.js';

export function secretsOf(failure: Failure, ctx: FixerContext): string[] {
  const found = new Set(secretsOfEnv(failure.env));
  const urls = [...Object.values(failure.env ?? {}), ...(ctx.databases ?? []).map((db) => db.url ?? '')];
  for (const url of urls) {
    const password = parseUrl(url)?.password;
    if (password && password.length > 3) found.add(password);
  }
  return [...found];
}
