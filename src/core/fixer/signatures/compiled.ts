// Go, Rust and Java failures: the toolchain is older than the project asks, a dependency cannot
// be resolved, the code does not compile.
import { joinRel } from '../../detect/repo-files.js';
import { escapeRegExp, firstRepoPosition, lineIn } from '../locate.js';
import { command, dirOf, edit, lineText, nameOf, replaceLine, restartAfterEdit, type Signature } from '../signature.js';

const major = (version: string | undefined) => version?.match(/^(\d+)/)?.[1];

export const COMPILED_SIGNATURES: readonly Signature[] = [
  {
    // rust-toolchain.toml pins a Rust that rustup has not installed (and does not fetch by itself here).
    code: 'rust-toolchain-missing',
    phases: ['setup', 'run', 'health'],
    kinds: ['rust'],
    pattern: /error: toolchain '([\w.-]+?)-(?:x86_64|aarch64|i686|arm)[\w-]*' is not installed/,
    async diagnose(match, failure, ctx) {
      const channel = match[1];
      const file = joinRel(dirOf(failure), 'rust-toolchain.toml');
      const where = (await lineIn(file, /^\s*channel\s*=/, ctx)) ?? (await lineIn(joinRel(dirOf(failure), 'rust-toolchain'), /\S/, ctx));
      const argv = ['rustup', 'toolchain', 'install', channel, '--profile', 'minimal'];
      return {
        message: `${where ? `${where.file} pins` : 'The project asks for'} Rust ${channel}, which rustup has not installed (${argv.join(' ')} fetches it from static.rust-lang.org).`,
        ...where,
        fixes: [command(`Install Rust ${channel} (${argv.join(' ')})`, argv, dirOf(failure))],
      };
    },
  },
  {
    // The repo's .cargo/config.toml (or the environment) names a linker this machine lacks (clang, mold, with lld).
    code: 'linker-not-found',
    phases: ['setup', 'run', 'health'],
    kinds: ['rust'],
    pattern: /error: linker `([\w.+-]+)` not found/,
    async diagnose(match, failure, ctx) {
      const linker = match[1];
      const file = joinRel(dirOf(failure), '.cargo/config.toml');
      const where = await lineIn(file, new RegExp(`linker\\s*=\\s*"?${escapeRegExp(linker)}|linker=${escapeRegExp(linker)}`), ctx);
      const config = where ? (await ctx.read(file)) ?? '' : '';
      const packages = [...new Set([({ cc: 'build-essential', gcc: 'build-essential' } as Record<string, string>)[linker] ?? linker, ...(/fuse-ld=lld\b/.test(config) ? ['lld'] : [])])];
      const argv = ['apt-get', 'install', '-y', ...packages];
      return {
        message: `The Rust build links with ${linker}${where ? ` (${file} says so)` : ''}, which is not installed; Debian package${packages.length > 1 ? 's' : ''}: ${packages.join(', ')}.`,
        ...where,
        fixes: [command(`Install ${packages.join(', ')} (${argv.join(' ')})`, argv, dirOf(failure))],
      };
    },
  },
  {
    code: 'go-version-too-new',
    phases: ['setup', 'run', 'health'],
    kinds: ['go'],
    pattern: /go\.mod requires go >= ([\d.]+) \(running go ([\d.]+)/,
    async diagnose(match, failure, ctx) {
      const file = joinRel(dirOf(failure), 'go.mod');
      const where = await lineIn(file, /^go \d/, ctx);
      const running = match[2].split('.').slice(0, 2).join('.');
      return {
        message: `go.mod asks for Go ${match[1]} but Go ${match[2]} is installed.`,
        ...where,
        fixes: where ? [edit(`Set the go directive to ${running} (the installed Go)`, file, [replaceLine(where.range.startLine, `go ${running}`)])] : [restartAfterEdit(failure, 'go.mod')],
      };
    },
  },
  {
    // A version go.mod pins that the module proxy will not serve (403, 410: removed, or not mirrored here); a 404 is
    // more often a private module, which a later patch does not help.
    code: 'go-module-unavailable',
    phases: ['setup', 'run', 'health'],
    kinds: ['go'],
    pattern: /^go: ([\w.~/-]+)@(v[\w.+-]+): reading \S+: (4(?:03|10) [A-Za-z ]+)$/m,
    async diagnose(match, failure, ctx) {
      const [module, version, status] = [match[1], match[2], match[3].trim()];
      const said = /^\s*server response:\s*(.+)$/m.exec(failure.tail.join('\n'))?.[1]?.trim();
      const file = joinRel(dirOf(failure), 'go.mod');
      const where = await lineIn(file, new RegExp(`^\\s*(?:require\\s+)?${escapeRegExp(module)}\\s+${escapeRegExp(version)}\\b`), ctx);
      const argv = ['go', 'get', `${module}@patch`];
      return {
        message: `go.mod requires ${module} ${version}, which the Go module proxy refuses (${status}${said ? `: ${said}` : ''}); a later patch release of it may be served: ${argv.join(' ')}.`,
        ...where,
        excerpt: [match[0], ...(said ? [`server response: ${said}`] : [])],
        fixes: [command(`Take the newest patch release of ${module} (${argv.join(' ')})`, argv, dirOf(failure))],
      };
    },
  },
  {
    code: 'go-missing-module',
    phases: ['setup', 'run', 'health'],
    kinds: ['go'],
    pattern: /no required module provides package ([\w.\-/]+)/,
    async diagnose(match, failure, ctx) {
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      // A package of the app's own module that is not in the repo is generated code (swag init, go generate): no `go get` finds it.
      const module = /^\s*module\s+(\S+)/m.exec((await ctx.read(joinRel(dirOf(failure), 'go.mod'))) ?? '')?.[1];
      if (module && (match[1] === module || match[1].startsWith(`${module}/`))) {
        const generator = /\/docs$/.test(match[1]) ? 'swag init (swaggo), or go generate ./...' : 'go generate ./...';
        return {
          message: `${at?.file ?? 'The code'} imports ${match[1]}, a package of this module that is not in the repo: it is generated (${generator}) before the build.`,
          ...at,
          fixes: [command('Generate it (go generate ./...)', ['go', 'generate', './...'], dirOf(failure))],
        };
      }
      return {
        message: `${at?.file ?? 'The code'} imports ${match[1]}, which go.mod does not require.`,
        ...at,
        fixes: [command(`Add it to go.mod (go get ${match[1]})`, ['go', 'get', match[1]], dirOf(failure))],
      };
    },
  },
  {
    // `//go:embed build/*` of a folder the repo does not hold: a front end's build output, made by its package.json's build script.
    code: 'go-embed-missing',
    phases: ['setup', 'run', 'health'],
    kinds: ['go'],
    pattern: /^(?:\.\/)?([\w./-]+\.go):(\d+):\d+: pattern ([^:\s]+): no matching files found$/m,
    async diagnose(match, failure, ctx) {
      const file = joinRel(dirOf(failure), match[1]);
      const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
      const embedded = joinRel(folder, match[3].split('/')[0]);
      const manifest = JSON.parse((await ctx.read(joinRel(folder, 'package.json'))) ?? '{}') as { scripts?: Record<string, string> };
      const where = { file, range: { startLine: Number(match[2]) } };
      if (!manifest.scripts?.build) {
        return { message: `${file} embeds ${embedded} (${match[3]}), which is not in the repo: it is made by a build step before the Go build.`, ...where, fixes: [restartAfterEdit(failure, embedded)] };
      }
      const pm = (await ctx.read(joinRel(folder, 'yarn.lock'))) !== undefined ? 'yarn' : (await ctx.read(joinRel(folder, 'pnpm-lock.yaml'))) !== undefined ? 'pnpm' : 'npm';
      const script = `${pm} install && ${pm} run build`;
      return {
        message: `${file} embeds ${embedded} (${match[3]}), which is not in the repo: ${joinRel(folder, 'package.json')}'s build script makes it (\`${pm} run build\` in ${folder || 'the root'}), before the Go build.`,
        ...where,
        fixes: [command(`Build ${embedded} (${script})`, ['sh', '-c', script], folder)],
      };
    },
  },
  {
    code: 'go-compile-error',
    phases: ['setup', 'run', 'health'],
    kinds: ['go'],
    pattern: /^(?:\.\/)?[\w./-]+\.go:\d+:\d+: (.+)$/m,
    async diagnose(match, failure, ctx) {
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      if (!at) return undefined;
      return { message: `${at.file} line ${at.range.startLine} does not compile: ${match[1]}.`, ...at, fixes: [restartAfterEdit(failure, at.file)] };
    },
  },
  {
    code: 'rust-version-too-new',
    phases: ['setup'],
    kinds: ['rust'],
    pattern: /rustc ([\d.]+) is not supported by the following package:\s*\n\s*(\S+?)@\S+ requires rustc ([\d.]+)/,
    async diagnose(match, failure, ctx) {
      const file = joinRel(dirOf(failure), 'Cargo.toml');
      const own = await lineIn(file, /^\s*rust-version\s*=/, ctx);
      const dependency = own ? undefined : await lineIn(file, new RegExp(`^\\s*${escapeRegExp(match[2])}\\s*=`), ctx);
      const installed = match[1].split('.').slice(0, 2).join('.');
      return {
        message: `${match[2]} requires Rust ${match[3]} but rustc ${match[1]} is installed.`,
        ...(own ?? dependency),
        fixes: own
          ? [edit(`Set rust-version to ${installed} (the installed Rust)`, file, [replaceLine(own.range.startLine, `rust-version = "${installed}"`)])]
          : [command('Update the Rust toolchain (rustup update)', ['rustup', 'update'], dirOf(failure))],
      };
    },
  },
  {
    code: 'cargo-no-matching-version',
    phases: ['setup'],
    kinds: ['rust'],
    pattern: /failed to select a version for the requirement `([\w-]+) = "([^"]+)"`/,
    async diagnose(match, failure, ctx) {
      const file = joinRel(dirOf(failure), 'Cargo.toml');
      const where = await lineIn(file, new RegExp(`^\\s*${escapeRegExp(match[1])}\\s*=`), ctx);
      const latest = /candidate versions found which didn't match: ([\d.]+)/.exec(failure.tail.join('\n'))?.[1];
      const line = where ? lineText(await ctx.read(file), where.range.startLine) : '';
      const quoted = /"[^"]*\d[^"]*"/.exec(line)?.[0];
      return {
        message: `No version of the crate ${match[1]} matches "${match[2]}"${latest ? ` (the newest is ${latest})` : ''}.`,
        ...where,
        fixes: where && latest && quoted
          ? [edit(`Require ${match[1]} ${latest} in Cargo.toml`, file, [replaceLine(where.range.startLine, line.replace(quoted, `"${latest}"`))])]
          : [restartAfterEdit(failure, 'Cargo.toml')],
      };
    },
  },
  {
    // A locked crate from the registry whose code this Rust no longer compiles (socket2 0.3.9 after Rust 1.78's layout change).
    code: 'rust-dependency-does-not-compile',
    phases: ['setup', 'run', 'health'],
    kinds: ['rust'],
    pattern: /^error(?:\[E\d+\])?: (?!could not compile)(.+)\n\s*--> \S*\/\.cargo\/registry\/src\/[^/]+\/([A-Za-z0-9_-]+?)-(\d+\.\d+\.\d+[\w.+-]*)\//m,
    async diagnose(match, failure, ctx) {
      const [said, crate, version] = [match[1], match[2], match[3]];
      const file = joinRel(dirOf(failure), 'Cargo.lock');
      const where = await lineIn(file, new RegExp(`^name = "${escapeRegExp(crate)}"$`), ctx);
      const rust = ctx.installed?.cargo ? ` ${ctx.installed.cargo}` : '';
      const argv = ['cargo', 'update', '-p', crate];
      return {
        message: `${crate} ${version}, which Cargo.lock pins, does not compile with this Rust${rust} (${said}); a later release in the range Cargo.toml allows may: ${argv.join(' ')}.`,
        ...where,
        fixes: [command(`Update ${crate} within its range (${argv.join(' ')})`, argv, dirOf(failure))],
      };
    },
  },
  {
    code: 'rust-compile-error',
    phases: ['setup', 'run', 'health'],
    kinds: ['rust'],
    pattern: /^error(?:\[E\d+\])?: (?!could not compile)(.+)$/m,
    async diagnose(match, failure, ctx) {
      const at = await firstRepoPosition(failure.tail, dirOf(failure), ctx);
      if (!at) return undefined;
      return { message: `${at.file} line ${at.range.startLine} does not compile: ${match[1]}.`, ...at, fixes: [restartAfterEdit(failure, at.file)] };
    },
  },
  {
    code: 'java-release-unsupported',
    phases: ['setup'],
    kinds: ['java'],
    pattern: /(?:invalid target release|release version|invalid source release):? (\d+)(?: not supported)?/,
    async diagnose(match, failure, ctx) {
      const file = joinRel(dirOf(failure), 'pom.xml');
      const pattern = new RegExp(`<(maven\\.compiler\\.(?:release|source|target)|java\\.version|release)>\\s*${match[1]}\\s*<`);
      const where = await lineIn(file, pattern, ctx) ?? await lineIn(joinRel(dirOf(failure), 'build.gradle'), new RegExp(`\\b${match[1]}\\b`), ctx);
      const installed = major(ctx.installed?.java);
      const line = where ? lineText(await ctx.read(where.file), where.range.startLine) : '';
      return {
        message: `The project compiles for Java ${match[1]} but the installed JDK${installed ? ` is Java ${installed}` : ' is older'}.`,
        ...where,
        fixes: where && installed && where.file.endsWith('pom.xml')
          ? [edit(`Compile for Java ${installed} (the installed JDK) in pom.xml`, where.file, [replaceLine(where.range.startLine, line.replace(new RegExp(`>\\s*${match[1]}\\s*<`), `>${installed}<`))])]
          : [restartAfterEdit(failure, `the Java version (JDK ${match[1]} installed)`)],
      };
    },
  },
  {
    // The maven-enforcer-plugin stops the build before it starts (a JDK or Maven outside the range the project allows).
    code: 'maven-enforcer-failed',
    phases: ['setup', 'run', 'health'],
    kinds: ['java'],
    pattern: /Rule \d+: [\w.]*?\.?(\w+) failed with message:\n(?:\[ERROR\] )?([^\n]*\S[^\n]*)/,
    async diagnose(match, failure, ctx) {
      const [rule, said] = [match[1], match[2].trim()];
      const file = joinRel(dirOf(failure), 'pom.xml');
      const java = rule === 'RequireJavaVersion';
      const where = java ? await lineIn(file, /<(?:java\.version|maven\.compiler\.release)>/, ctx) : await lineIn(file, /maven-enforcer-plugin/, ctx);
      const installed = java && ctx.installed?.java ? `; the installed JDK is Java ${major(ctx.installed.java)}` : '';
      return {
        message: `Maven's enforcer stops ${nameOf(failure)} before it builds (${rule}): "${said}"${installed}.`,
        ...where,
        fixes: [],
      };
    },
  },
  {
    // frontend-maven-plugin runs the front end's npm, yarn or pnpm inside the Maven build; when that
    // step fails, its own error lines (logged by Maven as [INFO]) say why, not Maven's summary.
    code: 'maven-frontend-step-failed',
    phases: ['setup', 'run', 'health'],
    kinds: ['java'],
    pattern: /Failed to execute goal com\.github\.eirslett:frontend-maven-plugin:[^:\s]+:\w+ \(([^)]*)\)[^\n]*?Failed to run task: '([^']+)' failed/,
    async diagnose(match, failure, ctx) {
      const said = failure.tail.map((line) => /^\[(?:INFO|ERROR|WARNING)\] ((?:npm (?:error|ERR!)|error|ERR_PNPM_\w+)\b.*)$/.exec(line)?.[1])
        .filter((line): line is string => line !== undefined && !/A complete log of this run|^npm (?:error|ERR!)\s*$/.test(line));
      const cause = said.find((line) => !/ code \w+$/.test(line)) ?? said[0];
      const where = await lineIn(joinRel(dirOf(failure), 'pom.xml'), /frontend-maven-plugin/, ctx);
      return {
        message: `The front-end step \`${match[2]}\` that frontend-maven-plugin runs in the Maven build of ${nameOf(failure)} failed${cause ? `: ${cause.replace(/\.$/, '')}` : ''}.`,
        ...where,
        excerpt: said.length > 0 ? said.slice(0, 6) : [match[0]],
        fixes: [],
      };
    },
  },
  {
    code: 'maven-dependency-missing',
    phases: ['setup'],
    kinds: ['java'],
    pattern: /Could not find artifact ([\w.-]+):([\w.-]+):(?:jar|pom|war):([\w.-]+)|Could not resolve dependencies[^\n]*?: ([\w.-]+):([\w.-]+):(?:jar|pom):([\w.-]+) (?:was not found|\(absent\))/,
    async diagnose(match, failure, ctx) {
      const [group, artifact, version] = match[1] ? match.slice(1, 4) : match.slice(4, 7);
      const file = joinRel(dirOf(failure), 'pom.xml');
      const where = await lineIn(file, new RegExp(`<artifactId>\\s*${escapeRegExp(artifact)}\\s*</artifactId>`), ctx);
      return {
        message: `Maven cannot find ${group}:${artifact}:${version} in the repositories it searched, so ${nameOf(failure)} cannot build.`,
        ...where,
        fixes: [restartAfterEdit(failure, `the version of ${artifact}`)],
      };
    },
  },
];
