// A SQLite file the settings keep in a folder of the project that the repo does not ship
// (`os.path.join(BASE_DIR, "data", "db.sqlite3")`, `BASE_DIR / "data" / "db.sqlite3"`,
// `BASE_DIR.parent / "db" / "database.sqlite"`, the folder ignored by git): SQLite creates the
// file but not its folder ("unable to open database file"). The folder is made before the first
// migration. The settings read are the ones the service runs with (see django-settings.ts), then
// any settings file near manage.py.
import type { CommandSpec, Evidence } from '../model.js';
import { codeFiles } from './code-files.js';
import { djangoSettings } from './django-settings.js';
import { joinRel, type RepoFiles } from './repo-files.js';

const SETTINGS = /(^|\/)(settings[\w]*\.py|settings\/[\w]+\.py|config\.py)$/;
const JOINED = /os\.path\.join\(\s*BASE_DIR\s*,((?:\s*["'][\w.-]+["']\s*,)+)\s*["'][\w.-]+\.(?:sqlite3?|db)["']\s*\)/;
const SLASHED = /BASE_DIR((?:\.parent)*)((?:\s*\/\s*["'][\w.-]+["'])+)\s*\/\s*["'][\w.-]+\.(?:sqlite3?|db)["']/;
/** `BASE_DIR = Path(__file__).resolve().parent.parent / "app"`: the file's folder, up, then down. */
const BASE_DIR = /^BASE_DIR\s*=\s*Path\(\s*__file__\s*\)(?:\.resolve\(\))?((?:\.parent)+)((?:\s*\/\s*["'][\w.-]+["'])*)\s*$/m;

/** `mkdir -p <folder>` for the SQLite folder the settings name and the repo lacks, or undefined. */
export async function sqliteFolderStep(files: RepoFiles, dir: string, settingsModule?: string): Promise<{ step: CommandSpec; evidence: Evidence } | undefined> {
  const inUse = await djangoSettings(files, dir, settingsModule);
  const others = await codeFiles(files, dir, 3, (rel) => SETTINGS.test(rel));
  const texts = [...inUse, ...(await Promise.all(others.filter((f) => !inUse.some((s) => s.file === f)).map(async (file) => ({ file, text: (await files.read(file)) ?? '' }))))];
  for (const { file, text } of texts) {
    const joined = JOINED.exec(text);
    const slashed = joined ? null : SLASHED.exec(text);
    const match = joined ?? slashed;
    if (!match) continue;
    const parts = [...(joined ? joined[1] : slashed![2]).matchAll(/["']([\w.-]+)["']/g)].map((m) => m[1]);
    if (parts.length === 0 || parts.some((p) => p === '..' || p === '.')) continue;
    const base = slashed ? baseDir(texts, dir) : dir;
    const ups = slashed ? slashed[1].split('.parent').length - 1 : 0;
    const root = base === undefined ? undefined : up(base, ups);
    // BASE_DIR (or the folder the path climbs to) above the repo: nothing is made.
    if (root === undefined) continue;
    const folder = joinRel(root, parts.join('/'));
    const inService = dir === '' ? folder : folder.startsWith(`${dir}/`) ? folder.slice(dir.length + 1) : undefined;
    if (inService === undefined) continue;
    if (await files.has(folder)) return undefined;
    const line = text.slice(0, match.index).split('\n').length;
    return { step: { command: 'mkdir', args: ['-p', inService], cwd: dir }, evidence: { file, line, reason: `the SQLite database lives in ${inService}/, which the repo does not hold: made before the first migration` } };
  }
  return undefined;
}

/** BASE_DIR relative to the repo root, from its pathlib definition in one of the settings; the service folder when none defines it so. */
function baseDir(texts: { file: string; text: string }[], dir: string): string | undefined {
  for (const { file, text } of texts) {
    const match = BASE_DIR.exec(text);
    if (!match) continue;
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    const from = up(folder, match[1].split('.parent').length - 2);
    const down = [...match[2].matchAll(/["']([\w.-]+)["']/g)].map((m) => m[1]);
    return from === undefined ? undefined : joinRel(from, down.join('/'));
  }
  return dir;
}

/** `rel` with `count` folders taken off its end; undefined above the repo root. */
function up(rel: string, count: number): string | undefined {
  const parts = rel === '' ? [] : rel.split('/');
  return count > parts.length ? undefined : parts.slice(0, parts.length - count).join('/');
}
