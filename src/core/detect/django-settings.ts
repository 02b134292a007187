// Django's settings as a run uses them: the module manage.py names (`os.environ.setdefault(
// 'DJANGO_SETTINGS_MODULE', 'site.settings')`), the development module beside production settings
// that read everything from the environment, and the engine of DATABASES' default.
import type { Evidence } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

/** The settings module manage.py names. */
function namedSettings(manage: string): string | undefined {
  return /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
}

/** Development settings modules, in the order they are preferred. */
const DEV_SETTINGS = ['local_dev', 'dev', 'development', 'local'];

/**
 * The development settings a Django project ships beside the production ones manage.py names
 * (`settings.main`, which reads every value from the environment): a sibling module such as
 * `settings/local_dev.py` that builds on the shared settings (`from .settings_global import *`)
 * is what a developer runs with, so DJANGO_SETTINGS_MODULE names it. manage.py naming a
 * development module already, or no such sibling, leaves things as they are.
 */
export async function djangoDevSettings(files: RepoFiles, dir: string): Promise<{ module: string; evidence: Evidence } | undefined> {
  const named = namedSettings((await files.read(joinRel(dir, 'manage.py'))) ?? '');
  if (!named || !named.includes('.')) return undefined;
  const pkg = named.slice(0, named.lastIndexOf('.'));
  if (DEV_SETTINGS.includes(named.slice(pkg.length + 1))) return undefined;
  for (const name of DEV_SETTINGS) {
    const file = joinRel(dir, `${pkg.replaceAll('.', '/')}/${name}.py`);
    const text = await files.read(file);
    const base = text === undefined ? undefined : /^from\s+\S*\.(\w+)\s+import\s+\*/m.exec(text);
    if (!text || !base) continue;
    return { module: `${pkg}.${name}`, evidence: { file, line: lineOf(text, base[0]), reason: `development settings beside ${named}, which manage.py names: DJANGO_SETTINGS_MODULE=${pkg}.${name}` } };
  }
  return undefined;
}

const DJANGO_ENGINE = /['"](?:[\w]+\.)*db\.backends\.(postgresql|mysql|sqlite3)['"]/;

/**
 * The engine of DATABASES' default: the dict it names when the settings keep several
 * (`'default': DBCONFIG_SQLITE`), else the first engine written (`django.db.backends.…`, or a
 * wrapper's such as `django_prometheus.db.backends.…`).
 */
export function djangoEngine(text: string): string | undefined {
  const dict = /^[^#\n]*['"]default['"]\s*:\s*([A-Za-z_]\w*)\s*[,}]/m.exec(text)?.[1];
  const named = dict ? new RegExp(`^${dict}\\s*=\\s*\\{[^}]*?${DJANGO_ENGINE.source}`, 'm').exec(text)?.[1] : undefined;
  return named ?? DJANGO_ENGINE.exec(text)?.[1];
}

/**
 * The Django settings module a service in `dir` runs with (`chosen`, the DJANGO_SETTINGS_MODULE
 * of its start, else the one manage.py names, else a settings.py next to it), with the modules it
 * builds on (`from .shared import *`) after it.
 */
export async function djangoSettings(files: RepoFiles, dir: string, chosen: string | undefined): Promise<{ file: string; text: string }[]> {
  const manage = await files.read(joinRel(dir, 'manage.py'));
  if (manage === undefined) return [];
  const module = chosen ?? namedSettings(manage);
  const named = module ? joinRel(dir, `${module.replaceAll('.', '/')}.py`) : undefined;
  const text = named ? await files.read(named) : undefined;
  if (named && text !== undefined) {
    const folder = named.slice(0, named.lastIndexOf('/') + 1);
    const bases = [...text.matchAll(/^from\s+\.(\w+)\s+import\s+\*/gm)].map((m) => `${folder}${m[1]}.py`);
    const based = await Promise.all(bases.map(async (file) => ({ file, text: (await files.read(file)) ?? '' })));
    return [{ file: named, text }, ...based];
  }
  for (const entry of await files.list(dir)) {
    if (!entry.isDirectory) continue;
    const file = joinRel(dir, `${entry.name}/settings.py`);
    const text = await files.read(file);
    if (text !== undefined) return [{ file, text }];
  }
  return [];
}
