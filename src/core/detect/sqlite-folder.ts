// A SQLite file the settings keep in a folder of the project that the repo does not ship
// (`os.path.join(BASE_DIR, "data", "db.sqlite3")`, `BASE_DIR / "data" / "db.sqlite3"`, the folder
// ignored by git): SQLite creates the file but not its folder ("unable to open database file").
// The folder is made before the first migration.
import type { CommandSpec, Evidence } from '../model.js';
import { codeFiles } from './code-files.js';
import { joinRel, type RepoFiles } from './repo-files.js';

const SETTINGS = /(^|\/)(settings[\w]*\.py|settings\/[\w]+\.py|config\.py)$/;
const JOINED = /os\.path\.join\(\s*BASE_DIR\s*,((?:\s*["'][\w.-]+["']\s*,)+)\s*["'][\w.-]+\.(?:sqlite3?|db)["']\s*\)/;
const SLASHED = /BASE_DIR((?:\s*\/\s*["'][\w.-]+["'])+)\s*\/\s*["'][\w.-]+\.(?:sqlite3?|db)["']/;

/** `mkdir -p <folder>` for the SQLite folder the settings name and the repo lacks, or undefined. */
export async function sqliteFolderStep(files: RepoFiles, dir: string): Promise<{ step: CommandSpec; evidence: Evidence } | undefined> {
  for (const file of await codeFiles(files, dir, 3, (rel) => SETTINGS.test(rel))) {
    const text = (await files.read(file)) ?? '';
    const match = JOINED.exec(text) ?? SLASHED.exec(text);
    if (!match) continue;
    const parts = [...match[1].matchAll(/["']([\w.-]+)["']/g)].map((m) => m[1]);
    if (parts.length === 0 || parts.some((p) => p === '..' || p === '.')) continue;
    const folder = parts.join('/');
    if (await files.has(joinRel(dir, folder))) return undefined;
    const line = text.slice(0, match.index).split('\n').length;
    return { step: { command: 'mkdir', args: ['-p', folder], cwd: dir }, evidence: { file, line, reason: `the SQLite database lives in ${folder}/, which the repo does not hold: made before the first migration` } };
  }
  return undefined;
}
