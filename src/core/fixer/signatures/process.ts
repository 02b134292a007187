// Failures of the process itself, whatever the stack: the port is taken, the start command
// cannot be executed or found, memory runs out.
import { joinRel } from '../../detect/repo-files.js';
import { insideRepo } from '../apply-fix.js';
import { lineIn, escapeRegExp, manifestLine } from '../locate.js';
import { command, dirOf, nameOf, rerun, type Signature } from '../signature.js';

/** Programs whose npm package has another name. */
const BIN_PACKAGES: Record<string, string> = {
  tsc: 'typescript', tsserver: 'typescript', ng: '@angular/cli', nest: '@nestjs/cli', 'vue-cli-service': '@vue/cli-service',
  'ts-node-dev': 'ts-node-dev', webpack: 'webpack-cli', 'webpack-dev-server': 'webpack-dev-server', sls: 'serverless', tailwind: 'tailwindcss',
};

/** Programs of other stacks, which no npm install provides. */
const OTHER_RUNTIMES = /^(?:php|composer|artisan|python\d?(?:\.\d+)?|pip\d?|poetry|pipenv|uv|gunicorn|uvicorn|flask|django-admin|ruby|bundle|rails|rake|go|cargo|rustc|java|javac|mvn|gradle|dotnet|perl)$/;

export const PROCESS_SIGNATURES: readonly Signature[] = [
  {
    code: 'port-in-use',
    phases: ['run', 'health'],
    // Not Node's inspector (--inspect on a taken 9229): it says so and the app runs on regardless.
    pattern: /^(?!Starting inspector)[^\n]*?(?:EADDRINUSE[^\n]*?:(\d{2,5})\b|EADDRINUSE|[Aa]ddress already in use|Port (\d{2,5}) (?:is|was) (?:already )?in use)/m,
    async diagnose(match, failure) {
      const port = Number(match[1] ?? match[2]) || failure.port;
      return {
        message: `${nameOf(failure)} could not listen on port ${port ?? '(unknown)'} because another process already uses it.`,
        fixes: [rerun(`Give ${failure.service?.name ?? 'the service'} another free port and restart it`, 'ports', true, failure.service, port)],
      };
    },
  },
  {
    code: 'start-permission-denied',
    phases: ['run', 'health', 'setup'],
    pattern: /^(?:sh: \d+: |bash: (?:line \d+: )?)?(\.{0,2}\/?[\w./-]+): Permission denied$|spawn (\S+) EACCES/m,
    async diagnose(match, failure, ctx) {
      const path = (match[1] ?? match[2]).replace(/^\.\//, '');
      const file = insideRepo(joinRel(dirOf(failure), path));
      // Only a file of the repo, named without "..": a log line does not choose what we chmod.
      if (!file || insideRepo(path) !== path || (await ctx.read(file)) === undefined) return undefined;
      return {
        message: `${nameOf(failure)} cannot start because ${file} is not executable (permission denied).`,
        file, range: { startLine: 1 },
        fixes: [command(`Make ${file} executable (chmod +x)`, ['chmod', '+x', path], dirOf(failure), failure.phase === 'setup' ? 'setup' : 'run')],
      };
    },
  },
  {
    code: 'command-not-found',
    phases: ['run', 'health', 'setup', 'database'],
    pattern: /^(?:sh|bash|\/bin\/sh): (?:\d+: |line \d+: )?([\w.@/-]+): (?:command )?not found$/m,
    async diagnose(match, failure, ctx) {
      const name = match[1];
      const service = failure.service;
      // A Python program the run installed (listed in requirements.txt or pyproject.toml): not "not installed".
      if (service?.kind === 'python' && !name.includes('/')) {
        const listed = await manifestLine(dirOf(failure), ['requirements.txt', 'pyproject.toml', 'Pipfile'], new RegExp(`^\\s*["']?${escapeRegExp(name)}(?![\\w-])`, 'im'), ctx);
        if (listed) {
          return {
            message: `${nameOf(failure)} runs "${name}", which ${listed.file} lists and this run installed, but its program is not in the environment the command ran in (the install may have failed, or it was installed for another Python).`,
            ...listed,
            fixes: [rerun(`Install the dependencies of ${nameOf(failure)} again`, 'setup', false, service)],
          };
        }
      }
      // A path (vendor/bin/phpunit, .venv/bin/gunicorn) or another language's tool is no npm package.
      if (service?.kind !== 'node' || name.includes('/') || OTHER_RUNTIMES.test(name)) {
        return {
          message: name.includes('/')
            ? `${nameOf(failure)} runs ${name}, which is not there: the dependencies that provide it (${name.split('/')[0]}) are not installed.`
            : `${nameOf(failure)} runs "${name}", which is not installed on this machine or not on PATH.`,
          fixes: [rerun(`Try again once ${name} is installed`, 'requirements', false, service)],
        };
      }
      const manifest = joinRel(dirOf(failure), 'package.json');
      const pkg = BIN_PACKAGES[name] ?? name;
      const dependency = await lineIn(manifest, new RegExp(`^\\s*"${escapeRegExp(pkg)}"\\s*:`), ctx);
      if (dependency) {
        return {
          message: `${nameOf(failure)} runs "${name}", which package.json lists but is not installed.`,
          ...dependency,
          fixes: [rerun(`Install the dependencies of ${nameOf(failure)} again`, 'setup', false, service)],
        };
      }
      const pm = service.packageManager === 'pnpm' || service.packageManager === 'yarn' ? service.packageManager : 'npm';
      return {
        message: `${nameOf(failure)} runs "${name}", which is not installed: no dependency in package.json provides it.`,
        ...(await lineIn(manifest, new RegExp(`"(?!description")[\\w:.-]+"\\s*:\\s*"[^"]*\\b${escapeRegExp(name)}\\b`), ctx)),
        fixes: [command(`Add ${pkg} as a dev dependency (${pm} ${pm === 'npm' ? 'install --save-dev' : 'add -D'} ${pkg})`, [pm, ...(pm === 'npm' ? ['install', '--save-dev'] : ['add', '-D']), pkg], dirOf(failure))],
      };
    },
  },
  {
    code: 'out-of-memory',
    phases: ['run', 'health', 'setup', 'database'],
    pattern: /JavaScript heap out of memory|^MemoryError\b|java\.lang\.OutOfMemoryError|fatal error: runtime: out of memory|memory allocation of \d+ bytes failed/m,
    async diagnose(match, failure, ctx) {
      const manifest = joinRel(dirOf(failure), 'package.json');
      const flag = /heap/.test(match[0]) ? await lineIn(manifest, /--max-old-space-size=\d+/, ctx) : undefined;
      const text = flag ? await ctx.read(manifest) : undefined;
      const line = flag ? text!.split('\n')[flag.range.startLine - 1] : '';
      const fixes = flag && /--max-old-space-size=\d+/.test(line)
        ? [{ kind: 'edit' as const, auto: false as const, title: 'Raise the heap limit in package.json to 4096 MB', file: manifest, edits: [{ line: flag.range.startLine, remove: 1, insert: [line.replace(/--max-old-space-size=\d+/, '--max-old-space-size=4096')] }], rerunFrom: failure.phase === 'setup' ? 'setup' as const : 'run' as const }]
        : /heap/.test(match[0])
          ? [{ kind: 'env' as const, auto: false as const, title: 'Set NODE_OPTIONS=--max-old-space-size=4096 in .env', name: 'NODE_OPTIONS', file: joinRel(dirOf(failure), '.env'), value: '--max-old-space-size=4096', rerunFrom: 'run' as const }]
          : [rerun(`Start ${nameOf(failure)} again with more memory available`, failure.phase === 'setup' ? 'setup' : 'run', false, failure.service)];
      return {
        message: `${nameOf(failure)} ran out of memory${flag ? ` (package.json limits the heap: ${/--max-old-space-size=\d+/.exec(line)![0]})` : ''}.`,
        ...(flag ?? {}),
        fixes,
      };
    },
  },
];
