// The secret values of a run that must never leave the machine in a prompt: every value of the
// failing service's environment whose name looks secret, and the passwords of database URLs.
import { parseUrl } from '../database/connection.js';
import type { Failure, FixerContext } from '../fixer/failure.js';

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|AUTH|SALT|DSN/i;

export function secretsOf(failure: Failure, ctx: FixerContext): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(failure.env ?? {})) {
    if (SECRET_NAME.test(name) && value.length > 3) found.add(value);
    const password = parseUrl(value)?.password;
    if (password && password.length > 3) found.add(password);
  }
  for (const db of ctx.databases ?? []) {
    const password = db.url ? parseUrl(db.url)?.password : undefined;
    if (password && password.length > 3) found.add(password);
  }
  return [...found];
}
