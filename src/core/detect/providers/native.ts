// C and C++: a CMakeLists.txt or a meson.build that builds an executable. The executable is the
// first `add_executable` / `executable(...)` that is not a test, in the root build file or in a
// folder it adds; the compiler needed follows the languages the project declares.
import type { Evidence, ToolName } from '../../model.js';
import { NATIVE_FRAMEWORKS } from '../catalogue/index.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import { stackProvider } from './stack.js';

const [CMAKE, MESON] = NATIVE_FRAMEWORKS;
const NOT_THE_APP = /test|bench|example|demo/i;

interface BuildFileSyntax {
  file: string;
  executables: RegExp;
  subdirs: RegExp;
  resolve: (name: string, text: string) => string;
}

const CMAKE_SYNTAX: BuildFileSyntax = {
  file: 'CMakeLists.txt',
  executables: /^\s*add_executable\s*\(\s*([^\s)]+)/gim,
  subdirs: /^\s*add_subdirectory\s*\(\s*([\w./-]+)/gim,
  resolve: (name, text) => name.replace(/\$\{(?:CMAKE_)?PROJECT_NAME\}/g, /project\s*\(\s*([\w.-]+)/i.exec(text)?.[1] ?? 'app'),
};

const MESON_SYNTAX: BuildFileSyntax = {
  file: 'meson.build',
  executables: /^\s*(?:\w+\s*=\s*)?executable\s*\(\s*'([^']+)'/gm,
  subdirs: /^\s*subdir\s*\(\s*'([\w./-]+)'/gm,
  resolve: (name, text) => name.replace(/@0@|meson\.project_name\(\)/g, /project\s*\(\s*'([^']+)'/.exec(text)?.[1] ?? 'app'),
};

/** The executable the build makes, as its path under build/ (`app`, or `src/app` when a subfolder builds it). */
async function executable(files: RepoFiles, dir: string, syntax: BuildFileSyntax): Promise<string | undefined> {
  const rootText = (await files.read(joinRel(dir, syntax.file))) ?? '';
  const inFolder = async (sub: string): Promise<string | undefined> => {
    const text = sub === '' ? rootText : ((await files.read(joinRel(joinRel(dir, sub), syntax.file))) ?? '');
    const name = [...text.matchAll(syntax.executables)].map((m) => syntax.resolve(m[1], rootText)).find((n) => !NOT_THE_APP.test(n));
    return name && joinRel(sub, name);
  };
  const own = await inFolder('');
  if (own) return own;
  for (const match of rootText.matchAll(syntax.subdirs)) {
    if (NOT_THE_APP.test(match[1]) || match[1].includes('..')) continue;
    const found = await inFolder(match[1].replace(/^\.\//, '').replace(/\/$/, ''));
    if (found) return found;
  }
  return undefined;
}

/** A build file inside another project's build (added by its parent) is part of that project, not a service. */
function ownProject(syntax: BuildFileSyntax) {
  return async (files: RepoFiles, dir: string): Promise<boolean> => {
    const parts = dir === '' ? [] : dir.split('/');
    for (let i = parts.length - 1; i >= 0; i--) if (await files.has(joinRel(parts.slice(0, i).join('/'), syntax.file))) return false;
    return true;
  };
}

function buildFileEvidence(syntax: BuildFileSyntax) {
  return (dir: string, entry: string, manifest: string, text: string): Evidence => {
    const name = entry.split('/').pop()!;
    const sub = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/')) : '';
    return sub === ''
      ? { file: manifest, line: lineOf(text, syntax === CMAKE_SYNTAX ? /add_executable\s*\(/ : /executable\s*\(/), reason: `builds the executable "${name}": run build/${entry}` }
      : { file: joinRel(joinRel(dir, sub), syntax.file), reason: `builds the executable "${name}": run build/${entry}` };
  };
}

/** CMake enables C and C++ unless `project()` names its languages. */
function cmakeCompilers(text: string): ToolName[] {
  const args = /project\s*\(([^)]*)\)/i.exec(text)?.[1] ?? '';
  const languages = /\bLANGUAGES\s+([\w\s]+)/i.exec(args)?.[1] ?? args.trim().split(/\s+/).slice(1).filter((w) => /^(C|CXX)$/.test(w)).join(' ');
  if (languages.trim() === '') return ['cxx'];
  return /\bCXX\b/.test(languages) ? ['cxx'] : /\bC\b/.test(languages) ? ['cc'] : [];
}

function mesonCompilers(text: string): ToolName[] {
  const languages = /project\s*\(\s*'[^']*'\s*,\s*(\[[^\]]*\]|'[^']*')/.exec(text)?.[1] ?? '';
  return ['ninja', ...(/'cpp'/.test(languages) ? ['cxx' as const] : /'c'/.test(languages) ? ['cc' as const] : [])];
}

export const cmakeProvider = stackProvider({
  id: 'cmake', help: { phrase: 'a CMakeLists.txt with an executable', lookedFor: ['CMakeLists.txt with add_executable (C/C++)'] },
  frameworks: [CMAKE], lockfiles: [],
  versionSources: [{ file: 'CMakeLists.txt', pattern: /cmake_minimum_required\s*\(\s*VERSION\s+(\d+\.\d+(?:\.\d+)?)/i, range: (v) => `>=${v}` }],
  isService: ownProject(CMAKE_SYNTAX),
  findEntry: (files, dir) => executable(files, dir, CMAKE_SYNTAX),
  entryEvidence: buildFileEvidence(CMAKE_SYNTAX),
  moreTools: cmakeCompilers,
});

export const mesonProvider = stackProvider({
  id: 'meson', help: { phrase: 'a meson.build with an executable', lookedFor: ['meson.build with executable() (C/C++)'] },
  frameworks: [MESON], lockfiles: [],
  versionSources: [{ file: 'meson.build', pattern: /meson_version\s*:\s*'>=\s*(\d+\.\d+(?:\.\d+)?)'/, range: (v) => `>=${v}` }],
  isService: ownProject(MESON_SYNTAX),
  findEntry: (files, dir) => executable(files, dir, MESON_SYNTAX),
  entryEvidence: buildFileEvidence(MESON_SYNTAX),
  moreTools: mesonCompilers,
});
