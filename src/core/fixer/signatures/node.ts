// Node.js and npm failures: installs that cannot resolve, modules that are missing, code that
// does not parse or needs a newer Node.
import { joinRel } from '../../detect/repo-files.js';
import { escapeRegExp, firstRepoPosition, lineIn } from '../locate.js';
import { addArgs, dependencyLine, manifestOf, packageManager, packageName, removeEntry, repoModule } from './node-packages.js';
import { command, dirOf, edit, nameOf, rerun, restartAfterEdit, serviceSetting, type Signature } from '../signature.js';

export const NODE_SIGNATURES: readonly Signature[] = [
  {
    code: 'npm-lockfile-out-of-sync',
    phases: ['setup'],
    kinds: ['node'],
    pattern: /`npm ci` can only install packages when your package\.json and package-lock\.json[^\n]*in sync[\s\S]*?(?:Missing: (\S+?)@\S+ from lock file|Invalid: lock file's (\S+?)@)?/,
    async diagnose(match, failure, ctx) {
      const name = match[1] ?? match[2] ?? /Missing: (\S+?)@\S+ from lock file|Invalid: lock file's (\S+?)@/.exec(failure.tail.join('\n'))?.slice(1).find(Boolean);
      const where = (name && await dependencyLine(failure, name, ctx)) || await lineIn(manifestOf(failure), /"dependencies"\s*:/, ctx);
      return {
        message: `package-lock.json is out of date: package.json asks for ${name ? `"${name}"` : 'packages'} that the lock file does not have, so \`npm ci\` refuses to install.`,
        ...where,
        fixes: [command('Update package-lock.json (npm install)', ['npm', 'install'], dirOf(failure))],
      };
    },
  },
  {
    code: 'npm-peer-conflict',
    phases: ['setup'],
    kinds: ['node'],
    pattern: /ERESOLVE (?:unable to resolve dependency tree|could not resolve)/,
    async diagnose(match, failure, ctx) {
      const text = failure.tail.join('\n');
      const wants = /peer (\S+?)@"([^"]+)" from (\S+?)@(\S+)/.exec(text);
      const found = /Found: (\S+?)@(\S+)/.exec(text);
      const culprit = wants ? wants[3] : undefined;
      const where = (culprit && await dependencyLine(failure, culprit, ctx)) || await lineIn(manifestOf(failure), /"dependencies"\s*:/, ctx);
      const service = failure.service;
      const pm = packageManager(service);
      const fixes = [command('Install anyway, ignoring peer ranges (npm install --legacy-peer-deps)', ['npm', 'install', '--legacy-peer-deps'], dirOf(failure))];
      if (service && pm === 'npm') fixes.unshift(serviceSetting(`Always install ${service.name} with --legacy-peer-deps (repo-runner.json)`, service, 'install', [['npm', 'install', '--legacy-peer-deps']], 'setup'));
      return {
        message: wants && found
          ? `${wants[3]}@${wants[4]} needs ${wants[1]}@${wants[2]} but the project has ${found[1]}@${found[2]}, so npm cannot resolve the dependency tree.`
          : 'npm cannot resolve the dependency tree because of conflicting peer dependencies.',
        ...where,
        excerpt: [wants?.[0] ?? match[0], found?.[0] ?? ''].filter(Boolean),
        fixes,
      };
    },
  },
  {
    code: 'npm-package-not-found',
    phases: ['setup'],
    kinds: ['node'],
    // npm 10+ says "npm error", npm 8/9 "npm ERR!".
    pattern: /npm (?:error|ERR!) 404 +The requested resource '(@?[^@'\s]+)@?[^'\s]*' could not be found|npm (?:error|ERR!) 404 Not Found - GET \S+\/(@?[^/\s]+(?:%2[fF][^/\s]+)?)\s*(?:-|$)/m,
    async diagnose(match, failure, ctx) {
      const name = decodeURIComponent(match[1] ?? match[2]);
      const where = await dependencyLine(failure, name, ctx);
      const remove = where ? [edit(`Remove "${name}" from package.json`, where.file, await removeEntry(where.file, where.range.startLine, ctx))] : [];
      // A scoped package that 404s is usually private: the registry hides it from a machine not logged in.
      const scope = /^(@[^/]+)\//.exec(name)?.[1];
      if (scope) {
        const npmrc = (await ctx.read(joinRel(dirOf(failure), '.npmrc'))) ?? '';
        const registry = new RegExp(`^\\s*${escapeRegExp(scope)}:registry\\s*=\\s*(\\S+)`, 'm').exec(npmrc)?.[1];
        return {
          message: `The registry${registry ? ` for ${scope} (${registry}, from .npmrc)` : ''} does not show "${name}": it does not exist, or it is private and this machine is not logged in.`,
          ...where,
          fixes: [command(`Log in to the registry of ${scope} (npm login)`, ['npm', 'login', `--scope=${scope}`, ...(registry ? [`--registry=${registry}`] : [])], dirOf(failure)), ...remove],
        };
      }
      return {
        message: `The npm registry has no package named "${name}"${where ? ', which package.json lists' : ''}.`,
        ...where,
        fixes: remove.length ? remove : [rerun('Install again once the package name is fixed', 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'npm-no-matching-version',
    phases: ['setup'],
    kinds: ['node'],
    pattern: /No matching version found for (@?[^@\s]+)@(\S+?)\.?$/m,
    async diagnose(match, failure, ctx) {
      const [, name, range] = match;
      const where = await dependencyLine(failure, name, ctx);
      return {
        message: `No published version of ${name} matches "${range}"${where ? ', the range package.json asks for' : ''}.`,
        ...where,
        fixes: [command(`Use the latest ${name} (${addArgs(failure.service, `${name}@latest`).join(' ')})`, addArgs(failure.service, `${name}@latest`), dirOf(failure))],
      };
    },
  },
  {
    code: 'dependency-host-unreachable',
    phases: ['setup'],
    pattern: /Could not resolve hostname ([\w.-]+)|getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)|unable to access 'https?:\/\/([\w.-]+)\/|ssh: connect to host ([\w.-]+) port \d+: (?:Connection timed out|No route to host|Network is unreachable|Connection refused)/,
    async diagnose(match, failure, ctx) {
      const host = match[1] ?? match[2] ?? match[3] ?? match[4];
      const repo = /(?:github\.com|gitlab\.com|bitbucket\.org)[/:]([\w.-]+\/[\w.-]+)/.exec(failure.tail.join('\n'))?.[1].replace(/\.git$/, '');
      const where = failure.service?.kind === 'node'
        ? await lineIn(manifestOf(failure), repo ? new RegExp(escapeRegExp(repo.split('/')[1])) : new RegExp(escapeRegExp(host)), ctx)
        : undefined;
      return {
        message: `The install needs ${host}${repo ? ` (for ${repo})` : ''}, which cannot be reached from this machine.`,
        ...where,
        fixes: [rerun(`Install again once ${host} is reachable`, 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'node-native-addon-incompatible',
    phases: ['setup'],
    kinds: ['node'],
    // A C++ addon written against an older V8 (nan) no longer compiles: the compiler names the V8 API that is gone.
    pattern: /error: (?:‘|')\w+(?:’|') is not a member of (?:‘|')v8(?:’|')|has no member named (?:‘|')(?:ForceSet|IsNearDeath|MarkIndependent|SetWeak)(?:’|')|no matching function for call to (?:‘|')v8::[\w:]+\(/,
    async diagnose(match, failure, ctx) {
      const text = failure.tail.join('\n');
      // The addon's folder: where node-gyp ran (npm, yarn) or the path npm or yarn names.
      const pkg = /(?:gyp ERR! cwd|npm error path|^error) \S*node_modules\/((?:@[\w.-]+\/)?[\w.-]+?)(?::|\s|$)/m.exec(text)?.[1];
      const version = /node -v (v\d+\.\d+\.\d+)/.exec(text)?.[1];
      const where = pkg ? await dependencyLine(failure, pkg, ctx) : undefined;
      return {
        message: `${pkg ?? 'A native addon'} does not compile with this Node.js${version ? ` (${version})` : ''}: its C++ code uses V8 interfaces newer Node.js versions removed (${match[0].replace(/^error: /, '')}); upgrade ${pkg ?? 'it'} to a release made for this Node.js, or run the repo on the older Node.js it was written for.`,
        ...where,
        fixes: [rerun('Install again once the package or Node.js is changed', 'setup', false, failure.service)],
      };
    },
  },
  {
    code: 'npm-engine-unsupported',
    phases: ['setup'],
    kinds: ['node'],
    pattern: /EBADENGINE|Unsupported engine/,
    async diagnose(_match, failure, ctx) {
      const text = failure.tail.join('\n');
      const pkg = /Not compatible with your version of node\/npm: (\S+?)@\S+/.exec(text)?.[1];
      const required = /Required: (\{[^}]*\})/.exec(text)?.[1];
      const actual = /Actual: +(\{[^}]*\})/.exec(text)?.[1];
      const own = pkg !== undefined && (await ctx.read(manifestOf(failure)))?.match(/"name"\s*:\s*"([^"]+)"/)?.[1] === pkg;
      const where = own ? await lineIn(manifestOf(failure), /"engines"\s*:/, ctx) : pkg ? await dependencyLine(failure, pkg, ctx) : undefined;
      const service = failure.service;
      return {
        message: `${pkg ?? 'A package'} requires ${required ?? 'another engine'} but this machine has ${actual ?? 'another version'}, and engine-strict makes npm refuse.`,
        ...where,
        fixes: [
          ...(service ? [serviceSetting(`Install ${service.name} without the engine check (npm install --engine-strict=false)`, service, 'install', [['npm', 'install', '--engine-strict=false']], 'setup')] : []),
          rerun('Install again once a matching Node.js is installed', 'requirements', false, service),
        ],
      };
    },
  },
  {
    code: 'node-missing-module',
    phases: ['run', 'health'],
    kinds: ['node'],
    pattern: /Cannot find (?:module|package) '([^'./][^']*)'/,
    async diagnose(match, failure, ctx) {
      const service = failure.service!;
      const name = packageName(match[1]);
      if (name.startsWith('node:')) return undefined;
      // "src/utils" or "@/lib/db": a file of the repo named like a package (a TypeScript or bundler alias Node does not know).
      if (/^[@~#]\//.test(match[1]) || (await repoModule(service.dir, match[1], ctx))) {
        const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
        return {
          message: `${service.name} imports "${match[1]}", a path of the repo written as a package name: at run time Node looks for it in node_modules (aliases from tsconfig or a bundler do not apply).`,
          ...at,
          fixes: [restartAfterEdit(failure, at?.file ?? 'the import')],
        };
      }
      const listed = await dependencyLine(failure, name, ctx);
      if (listed) {
        return {
          message: `${service.name} imports "${name}", which package.json lists but is not installed.`,
          ...listed,
          fixes: [rerun(`Install the dependencies of ${service.name} again`, 'setup', false, service)],
        };
      }
      return {
        message: `${service.name} imports "${name}", which is not installed because package.json does not list it.`,
        ...(await lineIn(manifestOf(failure), /"dependencies"\s*:/, ctx)),
        fixes: [command(`Add ${name} to package.json (${addArgs(service, name).join(' ')})`, addArgs(service, name), service.dir)],
      };
    },
  },
  {
    code: 'npm-missing-script',
    phases: ['run', 'health', 'setup', 'database'],
    kinds: ['node'],
    pattern: /Missing script: "?([^"\s]+)"?/,
    async diagnose(match, failure, ctx) {
      const text = await ctx.read(manifestOf(failure));
      const scripts = Object.keys((() => { try { return JSON.parse(text ?? '{}').scripts ?? {}; } catch { return {}; } })());
      const alternative = ['dev', 'start', 'serve', 'develop'].find((s) => s !== match[1] && scripts.includes(s));
      const service = failure.service;
      return {
        message: `package.json has no "${match[1]}" script, so ${nameOf(failure)} cannot ${failure.phase === 'setup' ? 'build' : 'start'}.`,
        ...(await lineIn(manifestOf(failure), /"scripts"\s*:/, ctx)),
        fixes: alternative && service
          ? [serviceSetting(`Start ${service.name} with "npm run ${alternative}" instead (repo-runner.json)`, service, 'start', ['npm', 'run', alternative])]
          : [restartAfterEdit(failure, `the "${match[1]}" script`)],
      };
    },
  },
  {
    code: 'node-module-type',
    phases: ['run', 'health'],
    kinds: ['node'],
    pattern: /Cannot use import statement outside a module|SyntaxError: Unexpected token 'export'|(require|module|exports|__dirname) is not defined in ES module scope/,
    async diagnose(match, failure, ctx) {
      const manifest = manifestOf(failure);
      const text = await ctx.read(manifest);
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      if (text === undefined) return undefined;
      const declared = await lineIn(manifest, /^\s*"type"\s*:\s*"module"\s*,?\s*$/, ctx);
      if (match[1]) {
        if (!declared) return undefined;
        return {
          message: `${at?.file ?? 'The entry file'} uses ${match[1] === 'require' ? 'require()' : match[1]} (CommonJS), but package.json declares "type": "module", so Node loads it as an ES module.`,
          ...(at ?? declared),
          fixes: [edit('Remove "type": "module" from package.json (the code is CommonJS)', manifest, await removeEntry(manifest, declared.range.startLine, ctx), 'run')],
        };
      }
      if (declared) return undefined;
      const indent = /\n(\s+)"/.exec(text)?.[1] ?? '  ';
      // An explicit "type": "commonjs" is replaced: a second "type" key would not win over it.
      const commonjs = await lineIn(manifest, /^\s*"type"\s*:\s*"commonjs"\s*,?\s*$/, ctx);
      const comma = commonjs && text.split('\n')[commonjs.range.startLine - 1].trimEnd().endsWith(',') ? ',' : '';
      const edits = commonjs
        ? [{ line: commonjs.range.startLine, remove: 1, insert: [`${indent}"type": "module"${comma}`] }]
        : [{ line: 2, remove: 0, insert: [`${indent}"type": "module",`] }];
      return {
        message: `${at?.file ?? 'The entry file'} uses import (ES modules), but package.json ${commonjs ? 'declares "type": "commonjs"' : 'does not declare "type": "module"'}, so Node loads it as CommonJS.`,
        ...(at ?? { file: manifest, range: { startLine: 1 } }),
        fixes: [edit('Declare "type": "module" in package.json', manifest, edits, 'run')],
      };
    },
  },
  {
    code: 'node-too-old',
    phases: ['run', 'health', 'setup'],
    kinds: ['node'],
    pattern: /No such built-in module: (node:[\w/]+)|ERR_UNKNOWN_BUILTIN_MODULE|Unknown file extension "\.ts"|ERR_UNKNOWN_FILE_EXTENSION|is not a function[^\n]*\b(?:Array\.prototype\.toSorted|Object\.groupBy)\b/,
    async diagnose(match, failure, ctx) {
      const module = match[1] ?? /No such built-in module: (node:[\w/]+)/.exec(failure.tail.join('\n'))?.[1];
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      // The version Node prints as its crash's last line ("Node.js v20.20.2"), not one a tool says it requires.
      const node = [...failure.tail.join('\n').matchAll(/^Node\.js (v[\d.]+)\s*$/gm)].pop()?.[1] ?? (ctx.installed?.node ? `v${ctx.installed.node}` : 'this Node.js');
      return {
        message: module
          ? `${nameOf(failure)} uses the built-in module ${module}, which ${node} does not have: it needs a newer Node.js.`
          : `${nameOf(failure)} needs a newer Node.js than ${node} (${match[0]}).`,
        ...at,
        fixes: [rerun('Start again once a newer Node.js is installed', 'requirements', false, failure.service)],
      };
    },
  },
  {
    code: 'node-syntax-error',
    phases: ['run', 'health', 'setup'],
    kinds: ['node'],
    pattern: /^SyntaxError: (.+)$/m,
    async diagnose(match, failure, ctx) {
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      if (!at) return undefined;
      return {
        message: `${at.file} line ${at.range.startLine} does not parse: ${match[1]}.`,
        ...at,
        fixes: [restartAfterEdit(failure, at.file)],
      };
    },
  },
];

/** A crash with a stack that points into the repo: tried after everything more specific. */
export const NODE_CRASH: Signature = {
  code: 'node-uncaught-exception',
  phases: ['run', 'health'],
  kinds: ['node'],
  pattern: /^(?:Uncaught )?((?:\w+)?Error(?: \[\w+\])?): (.+)$|^\s+throw (?:new )?\w*/m,
  async diagnose(_match, failure, ctx) {
    const text = failure.tail.join('\n');
    const error = /^(?:Uncaught )?(\w*Error(?: \[\w+\])?): (.+)$/m.exec(text);
    const at = await firstRepoPosition(failure.tail.filter((l) => /^\s+at /.test(l) || /^\S+:\d+$/.test(l)), dirOf(failure), ctx);
    if (!at || !error) return undefined;
    return {
      message: `${nameOf(failure)} crashed with ${error[1]}: ${error[2].replace(/\.$/, '')} (thrown at ${at.file}:${at.range.startLine}).`,
      ...at,
      excerpt: [error[0]],
      fixes: [restartAfterEdit(failure, at.file)],
    };
  },
};
