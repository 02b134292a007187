// Known failure signatures, as data: a pattern over the output of a failing phase and what it
// means. Each was produced for real with a fixture; test/logs/ keeps those captured outputs.
import type { Finding, Fix, PhaseName, Range, ServicePlan } from '../model.js';
import { joinRel, lineOf } from '../detect/repo-files.js';
import type { Failure, FixerContext } from './failure.js';

export type Diagnosis = Pick<Finding, 'message' | 'fixes'> & { file?: string; range?: Range };

export interface Signature {
  code: string;
  severity: Finding['severity'];
  phases: PhaseName[];
  pattern: RegExp;
  diagnose(match: RegExpExecArray, failure: Failure, ctx: FixerContext): Promise<Diagnosis | undefined>;
}

const PYTHON_PACKAGE_FOR_MODULE: Record<string, string> = {
  yaml: 'PyYAML', cv2: 'opencv-python', PIL: 'Pillow', sklearn: 'scikit-learn', dotenv: 'python-dotenv',
  jwt: 'PyJWT', psycopg2: 'psycopg2-binary', bs4: 'beautifulsoup4', dateutil: 'python-dateutil', MySQLdb: 'mysqlclient',
};

export const SIGNATURES: readonly Signature[] = [
  {
    code: 'port-in-use',
    severity: 'error',
    phases: ['run', 'health'],
    pattern: /EADDRINUSE[^\n]*?:(\d{2,5})\b|EADDRINUSE|[Aa]ddress already in use|Port (\d{2,5}) is (?:already )?in use/,
    async diagnose(match, failure) {
      const port = Number(match[1] ?? match[2]) || failure.port;
      return {
        message: `${failure.service?.name ?? 'The service'} could not listen on port ${port ?? '(unknown)'} because another process already uses it.`,
        fixes: [{ kind: 'rerun', title: `Give ${failure.service?.name ?? 'the service'} another free port and restart it`, auto: true, from: 'ports', service: failure.service?.name, avoidPort: port }],
      };
    },
  },
  {
    code: 'node-missing-module',
    severity: 'error',
    phases: ['run', 'health'],
    pattern: /Cannot find (?:module|package) '([^']+)'/,
    async diagnose(match, failure, ctx) {
      const service = failure.service;
      if (!service || service.kind !== 'node' || /^[./]/.test(match[1])) return undefined;
      const name = packageName(match[1]);
      const file = joinRel(service.dir, 'package.json');
      const text = await ctx.read(file);
      return {
        message: `${service.name} imports "${name}", which is not installed because package.json does not list it.`,
        file,
        range: { startLine: lineOf(text ?? '', /"dependencies"\s*:/) ?? 1 },
        fixes: [{ kind: 'command', auto: false, title: `Add ${name} to package.json (${addCommand(service, name).join(' ')})`, command: { command: service.packageManager ?? 'npm', args: addCommand(service, name).slice(1), cwd: service.dir } }],
      };
    },
  },
  {
    code: 'python-missing-module',
    severity: 'error',
    phases: ['run', 'health'],
    pattern: /ModuleNotFoundError: No module named '([\w.]+)'/,
    async diagnose(match, failure, ctx) {
      const service = failure.service;
      if (!service || service.kind !== 'python') return undefined;
      const module = match[1].split('.')[0];
      const pkg = PYTHON_PACKAGE_FOR_MODULE[module] ?? module;
      const file = service.manifests.find((m) => m.endsWith('requirements.txt')) ?? joinRel(service.dir, 'requirements.txt');
      const text = (await ctx.read(file)) ?? '';
      const lastLine = Math.max(1, text.replace(/\n+$/, '').split('\n').length);
      return {
        message: `${service.name} imports "${module}", which is not installed because ${file.split('/').pop()} does not list ${pkg}.`,
        file,
        range: { startLine: lastLine },
        fixes: [{ kind: 'edit', auto: false, title: `Add ${pkg} to ${file} and reinstall`, file, insertLine: pkg }],
      };
    },
  },
  {
    code: 'env-missing',
    severity: 'error',
    phases: ['run', 'health'],
    pattern: /(?:environment variable|env var(?:iable)?)\s*[`'"]?([A-Z][A-Z0-9_]{1,})[`'"]?[^\n]*?(?:not set|missing|required|undefined)|\b([A-Z][A-Z0-9_]{2,}) (?:is not set|is required|must be set)|KeyError: '([A-Z][A-Z0-9_]+)'/,
    async diagnose(match, failure, ctx) {
      const name = match[1] ?? match[2] ?? match[3];
      const declared = ctx.plan.env.find((e) => e.name === name);
      const dir = failure.service?.dir ?? '';
      return {
        message: `${failure.service?.name ?? 'The service'} stopped because the environment variable ${name} is not set${declared ? ` (it is listed in ${declared.evidence.file})` : ''}.`,
        file: declared?.evidence.file,
        range: declared?.evidence.line ? { startLine: declared.evidence.line } : undefined,
        fixes: [envFix(name, dir)],
      };
    },
  },
  {
    code: 'npm-missing-script',
    severity: 'error',
    phases: ['run', 'health', 'setup'],
    pattern: /Missing script: "?([^"\s]+)"?/,
    async diagnose(match, failure, ctx) {
      const file = joinRel(failure.service?.dir ?? '', 'package.json');
      const text = await ctx.read(file);
      return {
        message: `package.json has no "${match[1]}" script, so ${failure.service?.name ?? 'the service'} cannot start.`,
        file,
        range: { startLine: lineOf(text ?? '', /"scripts"\s*:/) ?? 1 },
        fixes: [],
      };
    },
  },
];

export function envFix(name: string, dir: string): Fix {
  return { kind: 'env', auto: false, title: `Set ${name} in ${joinRel(dir, '.env')}`, name, file: joinRel(dir, '.env') };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function addCommand(service: ServicePlan, name: string): string[] {
  if (service.packageManager === 'yarn' || service.packageManager === 'pnpm') return [service.packageManager, 'add', name];
  return ['npm', 'install', name];
}
