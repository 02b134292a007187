// Detects a Python service: requirements.txt or pyproject.toml, the framework (Django,
// FastAPI, Flask, or a plain script), its entry module, and the interpreter version asked for.
import type { CommandSpec, Evidence, Requirement, ServicePlan } from '../model.js';
import { GENERIC_PYTHON, PYTHON_FRAMEWORKS, type FrameworkEntry } from './catalogue.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

export interface PythonDetection {
  service?: ServicePlan;
  requirements: Requirement[];
}

/** The interpreter inside the service's virtual environment, relative to the service folder. */
export const VENV_PYTHON = '.venv/bin/python';
const ENTRY_FILES = ['app.py', 'main.py', 'server.py', 'wsgi.py', 'api.py', 'run.py'];

export async function detectPythonApp(files: RepoFiles, dir: string, serviceName: string): Promise<PythonDetection> {
  const manifests = await readManifests(files, dir);
  const hasManage = await files.has(joinRel(dir, 'manage.py'));
  const result: PythonDetection = { requirements: [] };
  if (manifests.length === 0 && !hasManage) return result;

  const evidence: Evidence[] = [];
  let framework: FrameworkEntry = GENERIC_PYTHON;
  for (const candidate of PYTHON_FRAMEWORKS) {
    const hit = manifests.find((m) => dependencyPattern(candidate.dependency).test(m.text));
    if (hit) {
      framework = candidate;
      evidence.push({ file: hit.file, line: lineOf(hit.text, dependencyPattern(candidate.dependency)), reason: `depends on ${candidate.dependency}: ${candidate.name}` });
      break;
    }
  }
  if (framework === GENERIC_PYTHON && hasManage) framework = PYTHON_FRAMEWORKS.find((f) => f.id === 'django')!;

  const start = await startCommand(files, dir, framework, evidence);
  if (!start) return result;

  const requirement = await pythonVersionRequirement(files, dir, manifests);
  result.requirements.push({
    tool: 'python', range: requirement?.range, service: serviceName,
    evidence: requirement?.evidence ?? { file: manifests[0]?.file ?? joinRel(dir, 'manage.py'), reason: 'a Python app needs python3' },
  });

  const manager = await pythonManager(files, dir, manifests);
  const install = manager.install;
  if (manager.name !== 'pip') result.requirements.push({ tool: manager.name, service: serviceName, evidence: manager.evidence });
  result.service = {
    name: serviceName,
    kind: 'python',
    framework: framework.id,
    dir,
    packageManager: manager.name,
    install: install.map((command) => ({ command })),
    start,
    port: { env: framework.portEnv, preferred: framework.preferredPort },
    health: framework.health,
    links: [],
    docs: framework.docs,
    manifests: [...manifests.map((m) => m.file), ...manager.lockfiles],
    installedMarker: joinRel(dir, '.venv'),
    evidence,
  };
  return result;
}

interface Manifest { file: string; text: string }

type PythonManager = 'pip' | 'poetry' | 'uv' | 'pdm' | 'pipenv';

/**
 * The repo's own Python package manager, chosen by its lockfile. Every choice installs into
 * .venv in the service folder (poetry and pipenv are told to), so the start command is the same.
 */
async function pythonManager(files: RepoFiles, dir: string, manifests: Manifest[]): Promise<{ name: PythonManager; install: CommandSpec[]; lockfiles: string[]; evidence: Evidence }> {
  const locked: [string, PythonManager, string[], Record<string, string>][] = [
    ['uv.lock', 'uv', ['sync'], {}],
    ['poetry.lock', 'poetry', ['install', '--no-root', '--no-interaction'], { POETRY_VIRTUALENVS_IN_PROJECT: 'true' }],
    ['pdm.lock', 'pdm', ['install'], {}],
    ['Pipfile.lock', 'pipenv', ['install'], { PIPENV_VENV_IN_PROJECT: '1' }],
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
    if (text !== undefined) out.push({ file, text });
  }
  return out;
}

function dependencyPattern(name: string): RegExp {
  // A requirement line ("flask==3.0", "Flask>=2"), a Pipfile or Poetry key ("flask = ..."), or a
  // quoted pyproject entry, also inside an inline list ("fastapi[all]>=0.1").
  return new RegExp(`(?:^\\s*|["'])${name}(?![A-Za-z0-9_-])`, 'im');
}

async function startCommand(files: RepoFiles, dir: string, framework: FrameworkEntry, evidence: Evidence[]): Promise<CommandSpec | undefined> {
  const portArgs = framework.portArgs ?? [];
  if (framework.id === 'django') {
    if (!(await files.has(joinRel(dir, 'manage.py')))) return undefined;
    evidence.push({ file: joinRel(dir, 'manage.py'), reason: 'start with manage.py runserver' });
    return { command: VENV_PYTHON, args: ['manage.py', 'runserver', '--noreload', '{host}:{port}'], cwd: dir };
  }
  const marker = APP_MARKERS[framework.id];
  const candidates = [...ENTRY_FILES, ...ENTRY_FILES.map((f) => `app/${f}`), ...ENTRY_FILES.map((f) => `src/${f}`), 'streamlit_app.py'];
  for (const name of candidates) {
    const file = joinRel(dir, name);
    const text = await files.read(file);
    if (text === undefined) continue;
    if (marker) {
      const line = lineOf(text, marker);
      if (!line) continue;
      const module = name.replace(/\.py$/, '').replaceAll('/', '.');
      if (framework.id === 'streamlit' || framework.id === 'gradio') {
        evidence.push({ file, line, reason: `${name} imports ${framework.name}` });
        return { command: VENV_PYTHON, args: framework.id === 'streamlit' ? ['-m', 'streamlit', 'run', name, ...portArgs] : [name], cwd: dir };
      }
      const variable = new RegExp(`^\\s*(\\w+)\\s*(?::[^=]+)?=\\s*${marker.source.replace('\\b', '')}`, 'm').exec(text)?.[1] ?? 'app';
      evidence.push({ file, line, reason: `${framework.name} app "${variable}" is created here` });
      if (framework.id === 'flask') return { command: VENV_PYTHON, args: ['-m', 'flask', '--app', `${module}:${variable}`, 'run', ...portArgs], cwd: dir };
      return { command: VENV_PYTHON, args: ['-m', 'uvicorn', `${module}:${variable}`, ...portArgs], cwd: dir };
    }
    if (/__main__/.test(text) || name === 'main.py' || name === 'app.py') {
      evidence.push({ file, reason: `run ${name} with python` });
      return { command: VENV_PYTHON, args: [name], cwd: dir };
    }
  }
  return undefined;
}

/** How the app object (or the app file) of each framework is recognised in code. */
const APP_MARKERS: Record<string, RegExp> = {
  fastapi: /\bFastAPI\s*\(/, starlette: /\bStarlette\s*\(/, flask: /\bFlask\s*\(/,
  streamlit: /^\s*import\s+streamlit\b/m, gradio: /^\s*import\s+gradio\b/m,
};

async function pythonVersionRequirement(files: RepoFiles, dir: string, manifests: Manifest[]): Promise<{ range: string; evidence: Evidence } | undefined> {
  const versionFile = joinRel(dir, '.python-version');
  const pinned = (await files.read(versionFile))?.trim().split(/\s+/)[0];
  if (pinned) return { range: `==${pinned}.*`.replace(/(\.\d+)\.\d+\.\*$/, '$1.*'), evidence: { file: versionFile, line: 1, reason: `.python-version asks for ${pinned}` } };
  const pyproject = manifests.find((m) => m.file.endsWith('pyproject.toml'));
  const requires = pyproject && /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(pyproject.text);
  if (pyproject && requires) {
    return { range: requires[1], evidence: { file: pyproject.file, line: lineOf(pyproject.text, 'requires-python'), reason: `requires-python is "${requires[1]}"` } };
  }
  return undefined;
}
