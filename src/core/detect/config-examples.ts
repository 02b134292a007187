// Config files a repo ships only as an example next to their real name (`config.ts.example`,
// `ormconfig.json.example`, `settings_local.py.example`, `config.example.yml`, `config.yml.dist`)
// or as a sample under its real name in docs/ or examples/ (`docs/glance.yml`):
// when the real file is missing and the app reads it (its code imports or opens it, or the
// framework loads it by name), the plan says to copy the example there before the install.
// Dotenv examples are not here: env-needs.ts reads them and the env writer starts from them.
import type { ConfigCopy } from '../model.js';
import { codeFilesOf, codeText } from './env-needs.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

/** Folders below a service's immediate ones where config files live. */
const NESTED_CONFIG_DIRS = ['src/config', 'src/main/resources', 'app/config'];
/** Folders where a repo keeps a sample of the config its program reads from the working folder, under the real name (`docs/glance.yml`). */
const SAMPLE_DIRS = ['docs', 'doc', 'examples', 'example', 'samples', 'sample', 'contrib'];
/** Only data config comes from those folders: a `docs/index.js` is the documentation's own code. */
const DATA_CONFIG = /\.(ya?ml|toml|ini|cfg|conf|properties)$/i;
const MARKER = '(?:example|sample|dist|template|default|tpl)';
/** `config.ts.example`, `config.yml.dist`: the real name, then the marker. */
const SUFFIXED = new RegExp(`^(.+\\.[A-Za-z0-9]+)\\.${MARKER}$`, 'i');
/** `config.example.yml`, `settings.sample.json`: the marker before the extension. */
const INFIXED = new RegExp(`^(.+)\\.${MARKER}(\\.[A-Za-z0-9]+)$`, 'i');
/** What a config file can be; anything else (a README.example.md, a Dockerfile.dist) is not copied. */
const CONFIG_EXTENSION = /\.(m?[jt]s|cjs|json|jsonc|ya?ml|toml|ini|cfg|conf|properties|py|php|rb|xml)$/i;
/** Files frameworks load by name, with no import in the app's code. */
const LOADED_BY_NAME = /^(ormconfig\.(json|js|ts|ya?ml)|application(-[a-z]+)?\.(properties|ya?ml)|database\.yml|settings_local\.py|local_settings\.py|config\.php|appsettings\.[A-Za-z.]*json)$/;

/** The copies a service needs, in the order found. */
export async function configCopies(files: RepoFiles, dir: string): Promise<ConfigCopy[]> {
  const candidates: { from: string; to: string; sample?: string }[] = [];
  // The service folder, its immediate folders (config/, src/, a Django project's package) and a few nested ones.
  const immediate = (await files.list(dir)).filter((e) => e.isDirectory).map((e) => e.name);
  for (const sub of ['', ...immediate, ...NESTED_CONFIG_DIRS]) {
    const folder = joinRel(dir, sub);
    if (sub !== '' && (await files.skipDir(folder))) continue;
    const entries = await files.list(folder);
    for (const entry of entries) {
      if (!entry.isFile || /^\.?env\b|^example\.env$/i.test(entry.name)) continue;
      const real = realName(entry.name);
      if (!real || !CONFIG_EXTENSION.test(real) || entries.some((e) => e.name === real)) continue;
      if (!candidates.some((c) => c.to === joinRel(folder, real))) candidates.push({ from: joinRel(folder, entry.name), to: joinRel(folder, real) });
    }
  }
  // A sample kept in docs/ or examples/ stands for the file the program opens from its working folder.
  const own = new Set((await files.list(dir)).map((e) => e.name));
  for (const sub of SAMPLE_DIRS) {
    const folder = joinRel(dir, sub);
    if (!immediate.includes(sub) || (await files.skipDir(folder))) continue;
    for (const entry of await files.list(folder)) {
      const real = entry.isFile ? realName(entry.name) ?? entry.name : undefined;
      if (!real || !DATA_CONFIG.test(real) || own.has(real) || candidates.some((c) => c.to === joinRel(dir, real))) continue;
      candidates.push({ from: joinRel(folder, entry.name), to: joinRel(dir, real), sample: sub });
    }
  }
  if (candidates.length === 0) return [];
  const code = await codeFilesOf(files, dir);
  const out: ConfigCopy[] = [];
  for (const candidate of candidates) {
    const base = candidate.to.split('/').pop()!;
    // A sample counts only when the code opens the bare name (from the working folder); a path
    // to it (`'../docs/api-spec.yaml'`, `join(here, 'docs', 'api-spec.yaml')`) reads the sample where it is.
    const pattern = candidate.sample ? bareReference(base, candidate.sample) : referencePattern(base);
    let found = false;
    for (const file of code) {
      if (file === candidate.from) continue;
      const text = await codeText(files, file);
      const line = text === undefined ? undefined : lineOf(text, pattern);
      if (line === undefined) continue;
      out.push({ from: candidate.from, to: candidate.to, evidence: { file, line, reason: `${file.split('/').pop()} reads ${base}, which the repo ships only as ${relativeTo(dir, candidate.from)}` } });
      found = true;
      break;
    }
    if (!found && LOADED_BY_NAME.test(base)) {
      out.push({ from: candidate.from, to: candidate.to, evidence: { file: candidate.from, reason: `${base} is missing and its framework reads it by name; made from ${relativeTo(dir, candidate.from)}` } });
    }
  }
  return out;
}

function relativeTo(dir: string, file: string): string {
  return dir === '' ? file : file.slice(dir.length + 1);
}

/**
 * The file named with no folder (`"glance.yml"`), or by a loader that takes the stem, on a line
 * that neither names the sample's folder nor joins the name to another folder.
 */
function bareReference(base: string, folder: string): RegExp {
  const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?!.*['"\`/]${esc(folder)}['"\`/])(?!.*\\bjoin\\s*\\([^)]*['"\`]${esc(base)})(?!\\s*#).*(?:['"\`]${esc(base)}['"\`]|SetConfigName\\(\\s*['"\`]${esc(base.replace(/\.[^.]+$/, ''))}['"\`])`, 'm');
}

/** The real name an example file stands for, if its name says it is one. */
export function realName(name: string): string | undefined {
  const suffixed = SUFFIXED.exec(name);
  if (suffixed) return suffixed[1];
  const infixed = INFIXED.exec(name);
  return infixed ? `${infixed[1]}${infixed[2]}` : undefined;
}

/**
 * How code names the file: a quoted path ending in it (`'./config.json'`, `"config.yml"`), a
 * module import without the extension (`require('./config')`, `from './config'`), or a
 * Python import of the module (`from settings_local import *`, `from .settings_local import`).
 */
export function referencePattern(base: string): RegExp {
  const stem = base.replace(/\.[^.]+$/, '');
  const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = `['"\`](?:[^'"\`\\s]*/)?${esc(base)}['"\`]`;
  const module = /\.(m?[jt]s|cjs)$/.test(base) || /\.json$/.test(base) ? `|['"\`]\\.{1,2}/(?:[^'"\`\\s]*/)?${esc(stem)}['"\`]` : '';
  // Go's viper and similar loaders name the file without its extension: SetConfigName("config").
  const named = /\.(ya?ml|toml|json|ini|properties)$/.test(base) ? `|SetConfigName\\(\\s*['"\`]${esc(stem)}['"\`]` : '';
  const python = /\.py$/.test(base) ? `|^\\s*(?:from\\s+[\\w.]*\\b${esc(stem)}\\s+import|import\\s+[\\w.]*\\b${esc(stem)}\\b)` : '';
  return new RegExp(`${quoted}${module}${named}${python}`);
}
