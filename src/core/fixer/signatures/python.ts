// Python failures: pip cannot resolve or build, a module is missing, the app object is not
// where the start command looks, code that does not parse or raises at import.
import { joinRel } from '../../detect/repo-files.js';
import type { ServicePlan } from '../../model.js';
import type { Failure, FixerContext } from '../failure.js';
import { escapeRegExp, firstRepoPosition, lineIn, manifestLine, type Location } from '../locate.js';
import { command, dirOf, edit, lineText, nameOf, replaceLine, rerun, restartAfterEdit, serviceSetting, type Signature } from '../signature.js';
import { nativeBuildFixes } from './system-packages.js';

const MANIFESTS = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py'];

const PACKAGE_FOR_MODULE: Record<string, string> = {
  yaml: 'PyYAML', cv2: 'opencv-python', PIL: 'Pillow', sklearn: 'scikit-learn', dotenv: 'python-dotenv',
  jwt: 'PyJWT', psycopg2: 'psycopg2-binary', bs4: 'beautifulsoup4', dateutil: 'python-dateutil', MySQLdb: 'mysqlclient',
  magic: 'python-magic', Crypto: 'pycryptodome', google: 'protobuf', attr: 'attrs', serial: 'pyserial',
};

/** The manifest line that requires a distribution (names compare case- and dash/underscore-insensitively). */
function requirementLine(failure: Failure, name: string, ctx: FixerContext): Promise<Location | undefined> {
  const loose = escapeRegExp(name).replace(/[-_.]/g, '[-_.]');
  return manifestLine(dirOf(failure), MANIFESTS, new RegExp(`^\\s*["']?${loose}\\s*(?:[=<>!~;\\[@"']|$)`, 'i'), ctx);
}

/** A version specifier in a requirement line (`==1.2`, `>=1, <2`, `~= 3.0`), without markers or comments. */
const SPECIFIER = /\s*(?:===?|~=|>=|<=|!=|>|<)\s*[^;#\s,]+(?:\s*,\s*(?:===?|~=|>=|<=|!=|>|<)\s*[^;#\s,]+)*/;

/** Pins are edited only in requirements files, whose lines are plain `name specifier` (not TOML or a Pipfile). */
function isRequirementsFile(file: string): boolean {
  return /(?:^|\/)[^/]*requirements[^/]*\.(?:txt|in)$/.test(file);
}

function requirementsFile(service: ServicePlan | undefined): string {
  const dir = service?.dir ?? '';
  return service?.manifests.find((m) => m.endsWith('requirements.txt')) ?? joinRel(dir, 'requirements.txt');
}

/** The deepest repo frame of a traceback: where the error was raised. */
async function raisedAt(failure: Failure, ctx: FixerContext): Promise<Location | undefined> {
  const frames = failure.tail.filter((l) => /^\s*File "/.test(l)).reverse();
  return firstRepoPosition(frames, dirOf(failure), ctx);
}

/** The start command with its `module:attribute` argument replaced. */
function withTarget(service: ServicePlan, from: RegExp, to: string): string[] | undefined {
  const args = [service.start.command, ...service.start.args];
  const index = args.findIndex((a) => from.test(a));
  if (index < 0) return undefined;
  args[index] = to;
  return args;
}

/** The Flask start command with `--app` naming `target`. */
function flaskStart(service: ServicePlan, target: string): string[] | undefined {
  const args = [service.start.command, ...service.start.args];
  const app = args.indexOf('--app');
  if (app >= 0) args[app + 1] = target;
  else if (args.includes('flask')) args.splice(args.indexOf('flask') + 1, 0, '--app', target);
  else return undefined;
  return args;
}

/** Modules Python loads before any program code: missing, the installation itself is broken. */
const STARTUP_MODULES = new Set(['encodings', 'codecs', 'io', 'abc', 'site', 'os']);

export const PYTHON_SIGNATURES: readonly Signature[] = [
  {
    // Poetry asks the index for the locked version's files and got none: the index (a mirror, a private source) does not serve it as Poetry asks.
    code: 'poetry-no-candidates',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /Unable to find installation candidates for ([\w.-]+) \(([^)\s]+)\)/,
    async diagnose(match, failure, ctx) {
      const [, name, version] = match;
      const text = await ctx.read('poetry.lock');
      const line = text?.split('\n').findIndex((l) => l.trim() === `name = "${name}"`);
      return {
        message: `Poetry found no files for ${name} ${version}, which poetry.lock pins: the package index this machine uses does not serve that release as Poetry asks for it (\`pip install ${name}==${version}\` may still find it).`,
        ...(line !== undefined && line >= 0 ? { file: 'poetry.lock', range: { startLine: line + 1 } } : {}),
        fixes: [rerun('Install again once the index serves it', 'setup', false, failure.service)],
      };
    },
  },
  {
    // An old sdist whose setup.py uses what setuptools has since removed (Feature, use_2to3): it predates this toolchain.
    code: 'python-package-too-old-to-build',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /cannot import name '(\w+)' from 'setuptools'|error in [\w.-]+ setup command: (use_2to3) is invalid/,
    async diagnose(match, failure, ctx) {
      const api = match[1] ?? match[2];
      const before = failure.tail.slice(0, failure.tail.findIndex((l) => l.includes(match[0])) + 1).join('\n');
      const collected = [...before.matchAll(/Collecting ([\w.-]+)(?:==([\w.]+))?/g)].pop();
      const name = collected?.[1];
      const where = name ? await requirementLine(failure, name, ctx) : undefined;
      const what = name ? `${name}${collected?.[2] ? ` ${collected[2]}` : ''}` : 'A package';
      return {
        message: `${what} cannot be built: its setup.py uses setuptools' ${api}, which setuptools no longer has (the release is older than this Python's build tools); a later release of ${name ?? 'it'} builds.`,
        ...where,
        fixes: [restartAfterEdit(failure, where?.file ?? 'the requirement')],
      };
    },
  },
  {
    code: 'pip-no-matching-distribution',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /No matching distribution found for ([\w.-]+)(?:\[[\w,]+\])?\s*([=<>!~][^\s;]*)?/,
    async diagnose(match, failure, ctx) {
      const [, name, pin] = match;
      const where = await requirementLine(failure, name, ctx);
      const requiresPython = /Requires-Python ([^\s;]+)/.exec(failure.tail.join('\n'));
      const line = where ? lineText(await ctx.read(where.file), where.range.startLine) : '';
      // With Requires-Python in play, the newest release this Python may install (pip lists them oldest first).
      const newest = requiresPython ? /from versions: ([^)]*)\)/.exec(failure.tail.join('\n'))?.[1].split(', ').filter((v) => /^[\d.]+$/.test(v)).pop() : undefined;
      const editable = where && pin && isRequirementsFile(where.file) && SPECIFIER.test(line);
      return {
        message: requiresPython
          ? `${name}${pin ?? ''} needs Python ${requiresPython[1]}, which this Python is not, so pip finds no version to install.`
          : `PyPI has no version of ${name} matching ${pin ?? 'the requirement'}${where ? ` that ${where.file} pins` : ''}.`,
        ...where,
        fixes: editable
          ? [newest
            ? edit(`Pin ${name}==${newest} in ${where.file}, the newest release this Python can install`, where.file, [replaceLine(where.range.startLine, line.replace(SPECIFIER, `==${newest}`))])
            : edit(`Drop the pin on ${name} in ${where.file}, so pip picks a version that exists`, where.file, [replaceLine(where.range.startLine, line.replace(SPECIFIER, ''))])]
          : [rerun('Install again once the requirement is fixed', 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'pip-resolution-impossible',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /ResolutionImpossible|these package versions have conflicting dependencies/,
    async diagnose(_match, failure, ctx) {
      const text = failure.tail.join('\n');
      const requested = /The user requested ([\w.-]+)([=<>!~][^\s]*)/.exec(text);
      const depends = requested ? new RegExp(`^\\s*(\\S+) (\\S+) depends on (${escapeRegExp(requested[1])}[^\\s]*)`, 'im').exec(text) : null;
      const where = requested ? await requirementLine(failure, requested[1], ctx) : undefined;
      const line = where ? lineText(await ctx.read(where.file), where.range.startLine) : '';
      return {
        message: requested && depends
          ? `${where?.file ?? 'The requirements'} pin${where ? 's' : ''} ${requested[1]}${requested[2]} but ${depends[1]} ${depends[2]} needs ${depends[3]}, so pip cannot install both.`
          : 'pip cannot find versions of the requirements that work together (conflicting pins).',
        ...where,
        excerpt: [requested?.[0], depends?.[0]].filter((l): l is string => !!l).map((l) => l.trim()),
        fixes: where && depends && isRequirementsFile(where.file) && SPECIFIER.test(line)
          ? [edit(`Require ${depends[3]} in ${where.file} (as ${depends[1]} needs)`, where.file, [replaceLine(where.range.startLine, line.replace(/^\s*[\w.-]+/, '').replace(SPECIFIER, depends[3]))])]
          : [rerun('Install again once the pins are fixed', 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'python-version-unsupported',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /requires a different Python: ([\d.]+) not in '([^']+)'/,
    async diagnose(match, failure, ctx) {
      const pkg = /Package '([^']+)' requires a different Python/.exec(match.input)?.[1];
      const own = await manifestLine(dirOf(failure), ['pyproject.toml', 'setup.py', 'setup.cfg'], /^\s*(?:requires-python|python_requires)\s*=/, ctx);
      const dependency = pkg ? await requirementLine(failure, pkg, ctx) : undefined;
      const where = dependency ?? own;
      return {
        message: `${pkg ?? 'A package'} requires Python ${match[2]} but this machine has Python ${match[1]}.`,
        ...where,
        fixes: [rerun(`Install again once a Python ${match[2]} is installed`, 'requirements', false, failure.service)],
      };
    },
  },
  {
    code: 'pip-externally-managed',
    phases: ['setup'],
    kinds: ['python'],
    pattern: /externally-managed-environment/,
    async diagnose(_match, failure) {
      const dir = dirOf(failure);
      return {
        message: `${nameOf(failure)} installs into the system Python, which Debian manages (PEP 668); it needs a virtual environment.`,
        fixes: [command(`Create a virtual environment in ${joinRel(dir, '.venv')}`, ['python3', '-m', 'venv', '.venv'], dir)],
      };
    },
  },
  {
    code: 'native-build-failed',
    phases: ['setup'],
    pattern: /Can not find valid pkg-config name|mysql_config not found|pg_config executable not found|fatal error: [\w/]+\.h: No such file or directory|command '[\w-]*gcc' failed|gcc: (?:command )?not found|gyp ERR! stack Error: not found: make|Failed building wheel for|Failed to build installable wheels|error: failed-wheel-build-for-install|x86_64-linux-gnu-gcc' failed/,
    async diagnose(match, failure, ctx) {
      const text = failure.tail.join('\n');
      const native = nativeBuildFixes(text, dirOf(failure));
      const pkg = /Failed (?:building wheel|to build) (?:for )?([\w.-]+)/.exec(text)?.[1]
        ?? /Collecting ([\w.-]+)[=<>~ ]/.exec(text.slice(0, text.indexOf(match[0])).split('\n').reverse().find((l) => l.startsWith('Collecting')) ?? '')?.[1];
      const where = pkg ? await requirementLine(failure, pkg, ctx) : undefined;
      return {
        message: `${pkg ?? 'A dependency'} must be compiled here and ${native.missing}${native.packages.length ? `; Debian package${native.packages.length > 1 ? 's' : ''}: ${native.packages.join(', ')}` : ''}.`,
        ...where,
        fixes: native.fixes.length ? native.fixes : [rerun('Install again once the build tools are installed', 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'python-missing-module',
    phases: ['run', 'health', 'database'],
    kinds: ['python'],
    pattern: /ModuleNotFoundError: No module named '([\w.]+)'/,
    async diagnose(match, failure, ctx) {
      const service = failure.service!;
      const module = match[1].split('.')[0];
      // No `encodings` is no missing dependency: the interpreter finds no standard library at all.
      if (STARTUP_MODULES.has(module)) {
        return {
          message: `${service.name}'s Python cannot start: it finds no standard library (No module named '${module}'), so the interpreter .venv was made with has moved or PYTHONHOME points elsewhere.`,
          file: requirementsFile(service),
          fixes: [command('Make .venv again (python3 -m venv --clear .venv) and reinstall', ['python3', '-m', 'venv', '--clear', '.venv'], service.dir, 'setup')],
        };
      }
      if (await ctx.read(joinRel(service.dir, `${module}.py`)) !== undefined || await ctx.read(joinRel(service.dir, `${module}/__init__.py`)) !== undefined) return undefined;
      const pkg = PACKAGE_FOR_MODULE[module] ?? module;
      const listed = await requirementLine(failure, pkg, ctx);
      if (listed) {
        return {
          message: `${service.name} imports "${module}", which ${listed.file} lists (${pkg}) but is not installed.`,
          ...listed,
          fixes: [rerun(`Install the dependencies of ${service.name} again`, 'setup', false, service)],
        };
      }
      const file = requirementsFile(service);
      const text = (await ctx.read(file)) ?? '';
      const lines = text.replace(/\n+$/, '').split('\n');
      const last = text.trim() === '' ? 1 : lines.length;
      return {
        message: `${service.name} imports "${module}", which is not installed because ${file.split('/').pop()} does not list ${pkg}.`,
        file, range: { startLine: last },
        fixes: [edit(`Add ${pkg} to ${file} and reinstall`, file, [{ line: text.trim() === '' ? 1 : lines.length + 1, remove: 0, insert: [pkg] }])],
      };
    },
  },
  {
    code: 'flask-app-not-found',
    phases: ['run', 'health'],
    kinds: ['python'],
    pattern: /Failed to find attribute '(\w+)' in '([\w.]+)'|Failed to find Flask application or factory in module '([\w.]+)'|Could not locate a Flask application/,
    async diagnose(match, failure, ctx) {
      const service = failure.service!;
      const module = match[2] ?? match[3] ?? /--app\s+([\w.]+)/.exec([service.start.command, ...service.start.args].join(' '))?.[1]?.split(':')[0] ?? 'app';
      const file = joinRel(service.dir, `${module.replace(/\./g, '/')}.py`);
      const text = await ctx.read(file);
      const found = text ? /^(\w+)\s*=\s*Flask\(/m.exec(text) : null;
      const start = found ? flaskStart(service, `${module}:${found[1]}`) : undefined;
      return {
        message: found
          ? `Flask looks for an application named "${match[1] ?? 'app'}" in ${file}, but it is called "${found[1]}".`
          : `Flask cannot find the application object in ${text ? file : `module "${module}"`}.`,
        ...(found ? await lineIn(file, new RegExp(`^${found[1]}\\s*=\\s*Flask\\(`), ctx) : text ? { file, range: { startLine: 1 } } : {}),
        fixes: start ? [serviceSetting(`Start Flask with --app ${module}:${found![1]} (repo-runner.json)`, service, 'start', start)] : [restartAfterEdit(failure, 'the app module')],
      };
    },
  },
  {
    code: 'asgi-app-not-found',
    phases: ['run', 'health'],
    kinds: ['python'],
    pattern: /Error loading ASGI app\. (?:Could not import module "([\w.]+)"|Attribute "(\w+)" not found in module "([\w.]+)")/,
    async diagnose(match, failure, ctx) {
      const service = failure.service!;
      const target = [service.start.command, ...service.start.args].find((a) => /^[\w.]+:\w+$/.test(a));
      let found: { module: string; name: string; file: string } | undefined;
      for (const candidate of ['main', 'app', 'server', 'api', 'asgi', 'app/main', 'src/main']) {
        const file = joinRel(service.dir, `${candidate}.py`);
        const name = /^(\w+)\s*=\s*(?:FastAPI|Starlette|Litestar|Quart)\(/m.exec((await ctx.read(file)) ?? '')?.[1];
        if (name) {
          found = { module: candidate.replace(/\//g, '.'), name, file };
          break;
        }
      }
      const start = found && target ? withTarget(service, new RegExp(`^${escapeRegExp(target)}$`), `${found.module}:${found.name}`) : undefined;
      return {
        message: match[1]
          ? `The start command loads the ASGI app from module "${match[1]}", which does not exist${found ? `; the app is ${found.module}:${found.name}` : ''}.`
          : `Module "${match[3]}" has no attribute "${match[2]}"${found ? `; the app is ${found.module}:${found.name}` : ''}.`,
        ...(found ? await lineIn(found.file, new RegExp(`^${found.name}\\s*=`), ctx) : {}),
        fixes: start ? [serviceSetting(`Start the app as ${found!.module}:${found!.name} (repo-runner.json)`, service, 'start', start)] : [restartAfterEdit(failure, 'the start command')],
      };
    },
  },
  {
    code: 'python-syntax-error',
    phases: ['run', 'health', 'database'],
    kinds: ['python'],
    pattern: /^(SyntaxError|IndentationError|TabError): (.+)$/m,
    async diagnose(match, failure, ctx) {
      const at = await raisedAt(failure, ctx);
      if (!at) return undefined;
      // f'{x['key']}': quotes reused inside an f-string parse from Python 3.12 on (PEP 701), not before.
      const python = ctx.installed?.python;
      const older = /^f-string: /.test(match[2]) && python !== undefined && /^3\.(\d+)/.test(python) && Number(/^3\.(\d+)/.exec(python)![1]) < 12;
      return {
        message: older
          ? `${at.file} line ${at.range.startLine} does not parse with Python ${python} (${match[2]}): f-strings that reuse their quotes inside need Python 3.12 or later (PEP 701).`
          : `${at.file} line ${at.range.startLine} does not parse: ${match[2]}.`,
        ...at,
        fixes: [restartAfterEdit(failure, at.file)],
      };
    },
  },
];

/** A traceback that ends in the repo's code: tried after everything more specific. */
export const PYTHON_CRASH: Signature = {
  code: 'python-uncaught-exception',
  phases: ['run', 'health', 'database'],
  kinds: ['python'],
  pattern: /^([\w.]+(?:Error|Exception|Exit|Interrupt)|KeyError|StopIteration): ?(.*)$/m,
  async diagnose(match, failure, ctx) {
    const at = await raisedAt(failure, ctx);
    if (!at) return undefined;
    const last = [...failure.tail].reverse().map((l) => /^([\w.]+(?:Error|Exception)|KeyError): ?(.*)$/.exec(l)).find(Boolean) ?? match;
    return {
      message: `${nameOf(failure)} crashed with ${last[1]}${last[2] ? `: ${last[2].replace(/\.$/, '')}` : ''} (raised at ${at.file}:${at.range.startLine}).`,
      ...at,
      excerpt: [last[0]],
      fixes: [restartAfterEdit(failure, at.file)],
    };
  },
};
