// Python: requirements.txt, pyproject.toml or Pipfile (or a Django manage.py). The framework
// comes from the requirements, the entry file from the catalogue's app markers, the package
// manager from the lockfile; everything installs into .venv in the service folder.
import type { CommandSpec, Evidence, InstallStep } from '../../model.js';
import { GENERIC_PYTHON, PYTHON_FRAMEWORKS, type FrameworkEntry } from '../catalogue/index.js';
import { djangoDevSettings } from '../django-settings.js';
import { joinRel, lineOf, type RepoFiles } from '../repo-files.js';
import { commandOf, fillTemplate, type Project, type Provider, type Start } from './provider.js';

/** The interpreter inside the service's virtual environment, relative to the service folder. */
export const VENV_PYTHON = '.venv/bin/python';
const ENTRY_FILES = ['app.py', 'main.py', 'server.py', 'wsgi.py', 'asgi.py', 'autoapp.py', 'api.py', 'run.py', 'bot.py', 'worker.py'];
/** Entry files run as they are even without a `__main__` guard. */
const SCRIPT_NAMES = new Set(['main.py', 'app.py', 'bot.py', 'worker.py']);
/** Libraries of programs that work without a port: chat bots, task queues, schedulers, message consumers. */
const WORKER_IMPORT = /^\s*(?:import|from)\s+(discord|nextcord|disnake|hikari|interactions|telegram|telebot|aiogram|pyrogram|telethon|slack_bolt|twitchio|tweepy|praw|celery|rq|dramatiq|huey|apscheduler|schedule|pika|aio_pika|kafka|aiokafka|confluent_kafka|nats|paho)\b/m;
/** Code that opens a port: then the program is a server, checked on its port. */
const LISTENS = /\b(?:HTTPServer|TCPServer|serve_forever|socketserver|uvicorn\.run|web\.run_app|make_server|\.bind\s*\(|\.listen\s*\(|\.run\s*\([^)]*port)|["']PORT["']/;
const ENTRY_CANDIDATES = [...ENTRY_FILES, ...ENTRY_FILES.map((f) => `app/${f}`), ...ENTRY_FILES.map((f) => `src/${f}`), 'streamlit_app.py'];
/** Files that name a Flask app for the `flask` command, as a user's shell would have them. */
const FLASK_APP_FILES = ['.flaskenv', '.env', '.env.example'];

interface Manifest { file: string; text: string }

interface PythonProject extends Project {
  files: Manifest[];
  manager: PythonManager;
  steps: CommandSpec[];
  managerEvidence: Evidence;
}

export const pythonProvider: Provider<PythonProject> = {
  id: 'python',
  help: {
    phrase: 'a Python app',
    lookedFor: ['requirements.txt / pyproject.toml / Pipfile with app.py, main.py or a Flask/FastAPI app', 'manage.py (Django)'],
  },
  manifests: ['requirements.txt', 'pyproject.toml', 'Pipfile', 'manage.py'],

  async recognise(files, dir) {
    const manifests = await readManifests(files, dir);
    // A manage.py is Django's when it says so; Flask apps keep a manage.py of their own (FlaskGroup, Flask-Script).
    const hasManage = /\bdjango\b|DJANGO_SETTINGS_MODULE/.test((await files.read(joinRel(dir, 'manage.py'))) ?? '');
    if (manifests.length === 0 && !hasManage) return undefined;
    const evidence: Evidence[] = [];
    let framework: FrameworkEntry = GENERIC_PYTHON;
    for (const candidate of PYTHON_FRAMEWORKS) {
      const pattern = dependencyPattern(candidate.recognise.dependency);
      const hit = manifests.find((m) => pattern.test(m.text));
      if (!hit) continue;
      framework = candidate;
      evidence.push({ file: hit.file, line: lineOf(hit.text, pattern), reason: `depends on ${candidate.recognise.dependency}: ${candidate.name}` });
      break;
    }
    if (framework === GENERIC_PYTHON && hasManage) framework = PYTHON_FRAMEWORKS[0];
    const manager = await pythonManager(files, dir, manifests);
    return {
      dir, framework, evidence, files: manifests, manager: manager.name, packageManager: manager.name, steps: manager.install, managerEvidence: manager.evidence,
      manifests: [...manifests.map((m) => m.file), ...manager.lockfiles], installedMarker: joinRel(dir, '.venv'),
    };
  },

  async start(files, project) {
    const started = await pythonStart(files, project);
    return started && project.framework.id === 'flask' ? oldFlaskByEnv(started, project.files) : started;
  },

  install: async (_files, { steps }): Promise<InstallStep[]> => steps.map((command) => ({ command })),

  port: ({ framework }) => ({ env: framework.port.env, preferred: framework.port.preferred }),

  // A program of no framework that opens no port but works (a bot, a queue worker, a loop) is
  // healthy while it runs; one that ends with 0 is still a job that finished.
  async readiness(files, { dir, framework }, start) {
    const entry = start.args.at(-1);
    if (framework !== GENERIC_PYTHON || !entry?.endsWith('.py')) return framework.health;
    const text = (await files.read(joinRel(dir, entry))) ?? '';
    return !LISTENS.test(text) && (WORKER_IMPORT.test(text) || /^\s*while\s+True\s*:/m.test(text)) ? { kind: 'none' } : framework.health;
  },

  async versions(files, project, _start, service) {
    const asked = await pythonVersion(files, project.dir, project.files);
    const python = {
      tool: 'python' as const, range: asked?.range, service,
      evidence: asked?.evidence ?? { file: project.files[0]?.file ?? joinRel(project.dir, 'manage.py'), reason: 'a Python app needs python3' },
    };
    const manager = project.manager;
    if (manager === 'pip') return [python];
    // pipenv runs its own pip inside the project's Python: an old Python needs a pipenv of its time.
    const minor = manager === 'pipenv' ? /^(?:==)?3\.(\d+)(?:\.\*)?$/.exec(asked?.range ?? '')?.[1] : undefined;
    const lastPipenv = minor !== undefined ? LAST_PIPENV[Number(minor)] : undefined;
    return [python, { tool: manager, service, evidence: project.managerEvidence, ...(lastPipenv ? { range: `<=${lastPipenv}` } : {}) }];
  },
};

/** The newest pipenv whose Requires-Python admits each old Python 3 minor (PyPI, checked with pip download --python-version). */
const LAST_PIPENV: Record<number, string> = { 6: '2022.4.8', 7: '2023.10.3', 8: '2024.4.1' };

/**
 * Files that may be the entry, in order: the one FLASK_APP names, the usual names (at the root,
 * in app/ and src/, and in the project's own package folder), then, for frameworks recognised by
 * an import (Streamlit, Gradio), any Python file at the root.
 */
async function entryCandidates(files: RepoFiles, dir: string, framework: FrameworkEntry): Promise<string[]> {
  const named: string[] = [];
  for (const envFile of FLASK_APP_FILES) {
    const value = /^\s*(?:export\s+)?FLASK_APP\s*=\s*["']?([\w./-]+?)(?:\.py)?(?::\w+)?["']?\s*$/m.exec((await files.read(joinRel(dir, envFile))) ?? '')?.[1];
    if (value) named.push(`${value.replaceAll('.', '/')}.py`);
  }
  const pkg = /^\s*name\s*=\s*["']([\w.-]+)["']/m.exec((await files.read(joinRel(dir, 'pyproject.toml'))) ?? '')?.[1]?.toLowerCase().replace(/[-.]/g, '_');
  const inPackage = pkg ? ENTRY_FILES.map((f) => `${pkg}/${f}`) : [];
  const anyRoot = framework.entryImport ? (await files.list(dir)).filter((e) => e.isFile && e.name.endsWith('.py')).map((e) => e.name).sort() : [];
  return [...new Set([...named, ...ENTRY_CANDIDATES, ...inPackage, ...anyRoot])];
}

/** No entry file: the first command the project declares (`[project.scripts]`, Poetry's scripts), installed into .venv/bin. */
async function scriptEntry(files: RepoFiles, dir: string): Promise<{ command: CommandSpec; evidence: Evidence[] } | undefined> {
  const file = joinRel(dir, 'pyproject.toml');
  const text = await files.read(file);
  const table = text && /^\[(?:project\.scripts|tool\.poetry\.scripts)\]\s*\n((?:[^[].*\n?)*)/m.exec(text);
  const name = table ? /^\s*["']?([\w.-]+)["']?\s*=/m.exec(table[1])?.[1] : undefined;
  if (!name) return undefined;
  return { command: { command: `.venv/bin/${name}`, args: [], cwd: dir }, evidence: [{ file, line: lineOf(text!, new RegExp(`^\\s*["']?${name.replace(/[.]/g, '\\.')}["']?\\s*=`, 'm')), reason: `run the "${name}" command the project declares` }] };
}

type PythonManager = 'pip' | 'poetry' | 'uv' | 'pdm' | 'pipenv';

/**
 * The repo's own Python package manager, chosen by its lockfile. Every choice installs into
 * .venv in the service folder (poetry and pipenv are told to), so the start command is the same.
 */
async function pythonManager(files: RepoFiles, dir: string, manifests: Manifest[]): Promise<{ name: PythonManager; install: CommandSpec[]; lockfiles: string[]; evidence: Evidence }> {
  const locked: [string, PythonManager, string[], Record<string, string>][] = [
    ['uv.lock', 'uv', ['sync'], {}],
    ['poetry.lock', 'poetry', ['install', '--no-root', '--no-interaction'], { POETRY_VIRTUALENVS_IN_PROJECT: 'true' }],
    ['pdm.lock', 'pdm', ['install', '--frozen-lockfile'], {}],
    // The lock as it is (`pipenv install` locks again, taking the newest releases, when the Pipfile changed since).
    ['Pipfile.lock', 'pipenv', ['sync'], { PIPENV_VENV_IN_PROJECT: '1' }],
    ['Pipfile', 'pipenv', ['install'], { PIPENV_VENV_IN_PROJECT: '1' }],
  ];
  for (const [name, manager, args, env] of locked) {
    const file = joinRel(dir, name);
    if (await files.has(file)) {
      return { name: manager, install: [{ command: manager, args, cwd: dir, env }], lockfiles: [file], evidence: { file, reason: `${name} present: install with ${manager}` } };
    }
  }
  const venv: CommandSpec = { command: 'python3', args: ['-m', 'venv', '.venv'], cwd: dir };
  const requirements = manifests.find((m) => m.file.endsWith('requirements.txt'));
  const pip = (args: string[]): CommandSpec => ({ command: VENV_PYTHON, args: ['-m', 'pip', 'install', '--disable-pip-version-check', ...args], cwd: dir });
  const install = requirements ? [venv, pip(['-r', 'requirements.txt'])] : manifests.length > 0 ? [venv, pip(['-e', '.'])] : [venv];
  return { name: 'pip', install, lockfiles: [], evidence: { file: manifests[0]?.file ?? joinRel(dir, 'manage.py'), reason: 'install with pip into .venv' } };
}

async function readManifests(files: RepoFiles, dir: string): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of ['requirements.txt', 'pyproject.toml', 'Pipfile']) {
    const file = joinRel(dir, name);
    const text = await files.read(file);
    if (text === undefined) continue;
    out.push({ file, text });
    if (name === 'requirements.txt') out.push(...(await includedRequirements(files, file, text, new Set([file]))));
  }
  return out;
}

/** Requirement files a requirements file includes (`-r requirements/prod.txt`), inside the repo. */
async function includedRequirements(files: RepoFiles, file: string, text: string, seen: Set<string>): Promise<Manifest[]> {
  const found: Manifest[] = [];
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  for (const match of text.matchAll(/^\s*(?:-r|--requirement)\s+(\S+)/gm)) {
    const included = joinRel(folder, match[1]).replace(/(^|\/)\.\//g, '$1');
    if (seen.has(included) || included.split('/').includes('..') || seen.size > 10) continue;
    seen.add(included);
    const content = await files.read(included);
    if (content === undefined) continue;
    found.push({ file: included, text: content }, ...(await includedRequirements(files, included, content, seen)));
  }
  return found;
}

function dependencyPattern(name: string): RegExp {
  // A requirement line ("flask==3.0", "Flask>=2"), a Pipfile or Poetry key ("flask = ..."), or a
  // quoted pyproject entry, also inside an inline list ("fastapi[all]>=0.1").
  return new RegExp(`(?:^\\s*|["'])${name}(?![A-Za-z0-9_-])`, 'im');
}

async function pythonVersion(files: RepoFiles, dir: string, manifests: Manifest[]): Promise<{ range: string; evidence: Evidence } | undefined> {
  const versionFile = joinRel(dir, '.python-version');
  // The first line that is not a comment; pyenv also accepts names ("system", "pypy3.10"): only numbers are a range.
  const lines = ((await files.read(versionFile)) ?? '').split('\n');
  const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const pinned = index >= 0 ? /^\s*(?:python-?|cpython-)?(\d+(?:\.\d+){0,2})\b/.exec(lines[index])?.[1] : undefined;
  if (pinned) return { range: `==${pinned}.*`.replace(/(\.\d+)\.\d+\.\*$/, '$1.*'), evidence: { file: versionFile, line: index + 1, reason: `.python-version asks for ${pinned}` } };
  const pyproject = manifests.find((m) => m.file.endsWith('pyproject.toml'));
  const requires = pyproject && /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(pyproject.text);
  if (pyproject && requires) {
    return { range: requires[1], evidence: { file: pyproject.file, line: lineOf(pyproject.text, 'requires-python'), reason: `requires-python is "${requires[1]}"` } };
  }
  const pipfile = manifests.find((m) => m.file.endsWith('Pipfile'));
  const asked = pipfile && /^\s*python_(?:full_)?version\s*=\s*["']([0-9][0-9.]*)["']/m.exec(pipfile.text);
  if (pipfile && asked) {
    return { range: `==${asked[1]}.*`.replace(/(\.\d+)\.\d+\.\*$/, '$1.*'), evidence: { file: pipfile.file, line: lineOf(pipfile.text, asked[0].trim()), reason: `Pipfile asks for Python ${asked[1]}` } };
  }
  return undefined;
}

async function pythonStart(files: RepoFiles, { dir, framework }: PythonProject): Promise<Start | undefined> {
    const template = framework.start!;
    const values = { python: VENV_PYTHON };
    if (framework.entries) {
      // Django: its manage.py is the entry.
      const entry = framework.entries[0];
      if (!(await files.has(joinRel(dir, entry)))) return undefined;
      const started = { command: commandOf(fillTemplate(template, { ...values, entry }), dir), evidence: [{ file: joinRel(dir, entry), reason: `start with ${entry} runserver` }] };
      const dev = await djangoDevSettings(files, dir);
      return dev ? { command: { ...started.command, env: { DJANGO_SETTINGS_MODULE: dev.module } }, evidence: [...started.evidence, dev.evidence] } : started;
    }
    const portArgs = framework.port.args ?? [];
    for (const name of await entryCandidates(files, dir, framework)) {
      const file = joinRel(dir, name);
      const text = await files.read(file);
      if (text === undefined) continue;
      const marker = framework.appObject ?? framework.entryImport;
      if (!marker) {
        if (!/__main__/.test(text) && !SCRIPT_NAMES.has(name)) continue;
        return { command: commandOf(fillTemplate(template, { ...values, entry: name }), dir), evidence: [{ file, reason: `run ${name} with python` }] };
      }
      const line = lineOf(text, marker);
      if (!line) continue;
      if (framework.entryImport) {
        return { command: commandOf([...fillTemplate(template, { ...values, entry: name }), ...portArgs], dir), evidence: [{ file, line, reason: `${name} imports ${framework.name}` }] };
      }
      const assigned = new RegExp(`^(\\s*)(\\w+)\\s*(?::[^=]+)?=\\s*(?:${marker.source})`, 'm').exec(text);
      const app = assigned?.[2] ?? 'app';
      const module = name.replace(/\.py$/, '').replaceAll('/', '.');
      // Made inside a function (`def create_app(): app = FastAPI(…)`): the project's own command
      // starts it when it declares one, else uvicorn calls that factory.
      const factory = assigned && assigned[1].replace(/^\n+/, '').length > 0 && template.includes('uvicorn')
        ? [...text.slice(0, assigned.index).matchAll(/^def\s+(\w+)\s*\(/gm)].at(-1)?.[1] : undefined;
      if (factory) {
        const declared = await scriptEntry(files, dir);
        // It runs as a program: given PORT (as GENERIC_PYTHON is), checked over HTTP like the framework's pages.
        if (declared) return { ...declared, evidence: [{ file, line, reason: `${framework.name} app is made by ${factory}() here` }, ...declared.evidence], framework: { ...GENERIC_PYTHON, health: framework.health } };
        return {
          command: commandOf([...fillTemplate(template, { ...values, module, app: factory }), '--factory', ...portArgs], dir),
          evidence: [{ file, line, reason: `${framework.name} app is made by ${factory}() here: uvicorn --factory calls it` }],
        };
      }
      return {
        command: commandOf([...fillTemplate(template, { ...values, module, app }), ...portArgs], dir),
        evidence: [{ file, line, reason: `${framework.name} app "${app}" is created here` }],
      };
    }
    return (await rootScript(files, dir, framework)) ?? scriptEntry(files, dir);
}

/** Root files with a `__main__` guard that are the project's tooling, not its program. */
const TOOLING_SCRIPTS = new Set(['setup.py', 'conftest.py', 'noxfile.py', 'fabfile.py', 'tasks.py', 'dodo.py', 'manage.py', 'versioneer.py']);

/**
 * The program the repo runs as a script (`python cps.py`, `python changedetection.py`) when no
 * entry the framework knows creates its app: the only root file with a `__main__` guard, or among
 * several the one setup.py lists in `scripts=` or that a declared command is named after. It is
 * started as it is, with PORT set, so the framework's own command and port flags are not used;
 * a web framework's program is still checked over HTTP.
 */
async function rootScript(files: RepoFiles, dir: string, framework: FrameworkEntry): Promise<Start | undefined> {
  const scripts: { name: string; file: string; line: number }[] = [];
  for (const entry of await files.list(dir)) {
    if (!entry.isFile || !entry.name.endsWith('.py') || TOOLING_SCRIPTS.has(entry.name)) continue;
    const file = joinRel(dir, entry.name);
    const text = (await files.read(file)) ?? '';
    const line = lineOf(text, /^if\s+__name__\s*==\s*["']__main__["']\s*:/m);
    if (line) scripts.push({ name: entry.name, file, line });
  }
  const declared = await declaredNames(files, dir);
  const chosen = scripts.length === 1 ? scripts[0] : scripts.find((s) => declared.has(s.name) || declared.has(s.name.replace(/\.py$/, '')));
  if (!chosen) return undefined;
  return {
    command: { command: VENV_PYTHON, args: [chosen.name], cwd: dir },
    evidence: [{ file: chosen.file, line: chosen.line, reason: `${chosen.name} runs the program when started as a script` }],
    // A web framework's program is checked as its pages are, over HTTP.
    framework: framework === GENERIC_PYTHON ? GENERIC_PYTHON : { ...GENERIC_PYTHON, health: framework.health },
  };
}

/** Script files setup.py lists (`scripts=["run.py"]`) and the commands setup.py, setup.cfg and pyproject.toml declare. */
async function declaredNames(files: RepoFiles, dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const setup = (await files.read(joinRel(dir, 'setup.py'))) ?? '';
  for (const list of setup.matchAll(/\bscripts\s*=\s*\[([^\]]*)\]/g)) for (const m of list[1].matchAll(/["']([\w./-]+)["']/g)) names.add(m[1].split('/').pop()!);
  const commands = [(await files.read(joinRel(dir, 'setup.cfg'))) ?? '', (await files.read(joinRel(dir, 'pyproject.toml'))) ?? '', setup];
  for (const text of commands) for (const m of text.matchAll(/["']?([\w.-]+)["']?\s*=\s*["']?[\w.]+:\w+/g)) names.add(m[1]);
  return names;
}

/**
 * Flask before 2.2 has no `--app` option ("Error: No such option: --app"): when the repo pins
 * such a Flask, the app is named by FLASK_APP instead, which every Flask reads.
 */
function oldFlaskByEnv(started: Start, manifests: Manifest[]): Start {
  const pinned = manifests.map((m) => /^\s*["']?flask\s*==\s*(\d+)\.(\d+)/im.exec(m.text)).find(Boolean);
  const args = started.command.args;
  const at = args.indexOf('--app');
  if (!pinned || at < 0 || Number(pinned[1]) > 2 || (Number(pinned[1]) === 2 && Number(pinned[2]) >= 2)) return started;
  const app = args[at + 1];
  return { ...started, command: { ...started.command, args: [...args.slice(0, at), ...args.slice(at + 2)], env: { ...started.command.env, FLASK_APP: app } } };
}
