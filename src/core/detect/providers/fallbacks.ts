// The providers of last resort, asked only about folders no service covers: a shell entry point
// (start.sh, run.sh), a Makefile's run target (both say how to start), then a folder of HTML
// with no app manifest (only a guess).
import { FALLBACKS } from '../catalogue/index.js';
import { joinRel, lineOf } from '../repo-files.js';
import { commandOf, fillTemplate, type Project, type Provider } from './provider.js';

const [STATIC_SITE, MAKE_TARGET, , SHELL_SCRIPT] = FALLBACKS;
/** Folders whose scripts drive containers, deployments or CI, not the app. */
const NOT_APP_FOLDERS = /^(?:docker|deploy(?:ment)?s?|ci|bin|tools?|infra|ops|hack|k8s|kubernetes|helm|charts?|terraform|ansible|vagrant|build|dev-?tools)$/i;
/** A script that containers, deploys or reaches other machines is not a local entry point. */
const REMOTE_OR_CONTAINER = /^[^#\n]*\b(?:docker|docker-compose|podman|kubectl|helm|terraform|ansible-playbook|ssh|scp|rsync|aws|gcloud|az|heroku|fly|vercel|netlify)\b/m;
/** Shells a script's first line may name; any other interpreter (or none) runs it with sh. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);
const TARGETS = ['dev', 'run', 'serve', 'start'];

interface ShellProject extends Project {
  script: string;
  shell: string;
}

export const shellProvider: Provider<ShellProject> = {
  id: 'shell',
  help: { phrase: 'a start.sh or run.sh', lookedFor: ['start.sh / run.sh / serve.sh (shell entry point)'] },
  manifests: [],
  fallback: 'uncovered',
  async recognise(files, dir) {
    if (NOT_APP_FOLDERS.test(dir.split('/').pop() ?? '')) return undefined;
    for (const script of SHELL_SCRIPT.entries!) {
      const file = joinRel(dir, script);
      const text = await files.read(file);
      if (text === undefined || REMOTE_OR_CONTAINER.test(text)) continue;
      const named = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(\w+)/.exec(text)?.[1] ?? 'sh';
      const shell = SHELLS.has(named) ? named : 'sh';
      return {
        dir, framework: SHELL_SCRIPT, script, shell, manifests: [file],
        evidence: [{ file, line: 1, reason: `${script} is the folder's entry point (nothing else here says how to start): run it with ${shell}` }],
      };
    }
    return undefined;
  },
  start: async (_files, { dir, script, shell }) => ({ command: { command: shell, args: [script], cwd: dir }, evidence: [] }),
  install: async () => [],
  port: () => ({ env: SHELL_SCRIPT.port.env, preferred: SHELL_SCRIPT.port.preferred }),
  versions: async () => [],
};

interface MakeProject extends Project {
  target: string;
}

export const makeProvider: Provider<MakeProject> = {
  id: 'make',
  help: { lookedFor: [] },
  manifests: [],
  fallback: 'uncovered',
  async recognise(files, dir) {
    const file = joinRel(dir, 'Makefile');
    const text = await files.read(file);
    const target = text === undefined ? undefined : TARGETS.find((t) => new RegExp(`^${t}\\s*:(?!=)`, 'm').test(text));
    if (text === undefined || !target) return undefined;
    return {
      dir, framework: MAKE_TARGET, target, manifests: [file],
      evidence: [{ file, line: lineOf(text, new RegExp(`^${target}\\s*:`)), reason: `Makefile target "${target}" (nothing else here says how to start)` }],
    };
  },
  start: async (_files, { dir, target }) => ({ command: { command: 'make', args: [target], cwd: dir }, evidence: [] }),
  install: async () => [],
  port: () => ({ env: MAKE_TARGET.port.env, preferred: MAKE_TARGET.port.preferred }),
  versions: async () => [],
};

interface StaticProject extends Project {
  docRoot: string;
}

/** Served by Python's http.server: no install, nothing from the repo executed. */
export const staticProvider: Provider<StaticProject> = {
  id: 'static',
  help: { phrase: 'an index.html', lookedFor: ['index.html (static site)'] },
  manifests: [],
  fallback: 'bare',
  async recognise(files, dir) {
    for (const docRoot of STATIC_SITE.entries) {
      const index = joinRel(joinRel(dir, docRoot), 'index.html');
      if (!(await files.has(index))) continue;
      return { dir, framework: STATIC_SITE, docRoot, manifests: [], evidence: [{ file: index, reason: 'an index.html with no app manifest: serve the folder as a static site' }] };
    }
    return undefined;
  },
  start: async (_files, { dir, docRoot }) => ({
    command: commandOf([...fillTemplate(STATIC_SITE.start, { entry: docRoot === '' ? '.' : docRoot }), ...STATIC_SITE.port.args], dir),
    evidence: [],
  }),
  install: async () => [],
  port: () => ({ preferred: STATIC_SITE.port.preferred }),
  versions: async (_files, { evidence }, _start, service) => [{ tool: 'python', service, evidence: evidence[0] }],
};
