// Secret values live in one place only: env files under a `secrets` folder that ignores
// itself in git. Beside each goes a `.env.example` with the names and no values, to commit.
import type { EnvEntry } from './deployment.js';
import type { ExportedFile } from './types.js';

export const SECRETS_DIR = 'secrets';

export function secretEnvPath(outDir: string, id: string): string {
  return joinPath(outDir, SECRETS_DIR, `${id}.env`);
}

/** The env file of one service's secrets and its committed example; none when it has no secret. */
export function secretFiles(outDir: string, id: string, env: EnvEntry[]): ExportedFile[] {
  const secrets = env.filter((e) => e.secret);
  if (secrets.length === 0) return [];
  const line = (e: EnvEntry, value: string) => [...(e.note ? [`# ${e.name}: ${e.note}`] : []), `${e.name}=${value}`];
  return [
    { path: secretEnvPath(outDir, id), content: `${['# Secrets of ' + id + ', written by `repo-runner export`. Git-ignored: never commit this file.', ...secrets.flatMap((e) => line(e, dotenvValue(e.value)))].join('\n')}\n`, mode: 'file', secret: true },
    { path: joinPath(outDir, SECRETS_DIR, `${id}.env.example`), content: `${['# The secrets ' + id + ' needs, without values: copy to ' + id + '.env and fill in.', ...secrets.flatMap((e) => line(e, ''))].join('\n')}\n`, mode: 'file' },
  ];
}

/** The `.gitignore` lines that keep the secret env files out of git. */
export function secretsIgnore(outDir: string): ExportedFile {
  return { path: joinPath(outDir, SECRETS_DIR, '.gitignore'), content: '*.env\n', mode: 'ignore-lines' };
}

/** A value safe on one dotenv line: quoted when it has spaces, quotes or a `#`. */
function dotenvValue(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]*$/.test(value) ? value : `'${value.replaceAll("'", '')}'`;
}

export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}
