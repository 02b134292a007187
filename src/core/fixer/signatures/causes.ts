// The line that says the cause, where a crash's stack frames alone do not: a TypeScript compile
// error under ts-node or tsx (TS2307 Cannot find module …), Java's last `Caused by:` (the root of
// a chain of wrapped exceptions), and a host name that does not resolve while the app runs.
import { escapeRegExp, lineIn, repoFile, type Location } from '../locate.js';
import { dirOf, envFix, nameOf, rerun, restartAfterEdit, type Signature } from '../signature.js';

/** `src/index.ts(2,21): error TS2307: …` (ts-node) or `src/index.ts:2:21 - error TS2307: …` (tsc, ts-node --pretty). */
const TS_ERROR = /^\s*(?:TSError: ⨯ Unable to compile TypeScript:\s*)?((?:\/|\.\/)?[\w./@-]+\.[cm]?tsx?)(?:\((\d+),(\d+)\)|:(\d+):(\d+))\s*[:-]\s*error (TS\d+): (.+)$/m;

/** A Java exception line: the class and its message. */
const CAUSED_BY = /^Caused by: ([\w.$]+(?:Exception|Error|Throwable|Failure)\w*)(?::\s*(.*))?$/gm;

/** Name resolution failing at run time, in Node, Python, Java, Go and curl's words. */
const UNRESOLVED = /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)|UnknownHostException: ([\w.-]+)|Unknown host:? ([\w.-]*\w)|Could not resolve host:? ([\w.-]+)|dial tcp: lookup ([\w.-]+)[^\n]*?no such host|(?:Name or service not known|Temporary failure in name resolution|nodename nor servname provided)[^\n]*?(?:host(?:=|: )'?([\w.-]+))?/;

export const CAUSE_SIGNATURES: readonly Signature[] = [
  {
    code: 'typescript-compile-error',
    phases: ['run', 'health', 'setup'],
    kinds: ['node', 'deno'],
    pattern: TS_ERROR,
    async diagnose(match, failure, ctx) {
      const line = Number(match[2] ?? match[4]);
      const column = Number(match[3] ?? match[5]);
      const file = await repoFile(match[1], dirOf(failure), ctx);
      const where: Location | undefined = file ? { file, range: { startLine: line, startColumn: column } } : undefined;
      const shown = file ?? match[1];
      return {
        message: `${nameOf(failure)} does not compile: ${match[6]} ${match[7].replace(/\.$/, '')} (${shown}:${line}).`,
        ...where,
        excerpt: [`${shown}:${line}:${column} - error ${match[6]}: ${match[7]}`],
        fixes: [restartAfterEdit(failure, shown)],
      };
    },
  },
  {
    code: 'java-root-cause',
    phases: ['run', 'health', 'setup'],
    // Any JVM program (Java, Kotlin, a Maven or Gradle run, a jar started by a script).
    pattern: /^Caused by: /m,
    async diagnose(_match, failure, ctx) {
      const text = failure.tail.join('\n');
      const causes = [...text.matchAll(CAUSED_BY)];
      const root = causes.at(-1);
      if (!root) return undefined;
      // The first frame under the root cause that is a class of the repo.
      const after = text.slice(root.index! + root[0].length).split('\n');
      let where: Location | undefined;
      for (const frame of after.slice(0, 30)) {
        const at = /^\s+at ((?:[\w$]+\.)+)[\w$<>]+\(([\w$]+\.(?:java|kt)):(\d+)\)/.exec(frame);
        if (!at) continue;
        const path = `${at[1].split('.').slice(0, -2).join('/')}/${at[2]}`;
        const file = (await repoFile(`src/main/java/${path}`, dirOf(failure), ctx)) ?? (await repoFile(`src/main/kotlin/${path}`, dirOf(failure), ctx)) ?? (await repoFile(path, dirOf(failure), ctx)) ?? (await repoFile(at[2], dirOf(failure), ctx));
        if (file) {
          where = { file, range: { startLine: Number(at[3]) } };
          break;
        }
      }
      const kind = root[1].split('.').pop();
      return {
        message: `${nameOf(failure)} failed because of ${kind}${root[2] ? `: ${root[2].trim().replace(/\.$/, '')}` : ''}${where ? ` (at ${where.file}:${where.range.startLine})` : ''}.`,
        ...where,
        excerpt: [root[0].trim()],
        fixes: [restartAfterEdit(failure, where?.file ?? `the cause (${kind})`)],
      };
    },
  },
  {
    code: 'host-unreachable',
    phases: ['run', 'health', 'database'],
    pattern: UNRESOLVED,
    async diagnose(match, failure, ctx) {
      const host = match.slice(1).find((g) => g !== undefined);
      if (host === 'localhost') return undefined;
      // A warning that the program carries on without it ("Falling back to local backup") is not why it stopped.
      const said = failure.tail.find((l) => l.includes(match[0])) ?? '';
      if (/\bWARN(?:ING)?\b|fall(?:ing)? back|using (?:a |the )?(?:local|cached|default)/i.test(said)) return undefined;
      // The variable whose value names the host: the user can point it elsewhere.
      const variable = host ? Object.entries(failure.env ?? {}).find(([name, value]) => /^[A-Z][A-Z0-9_]*$/.test(name) && value.includes(host))?.[0] : undefined;
      const declared = variable ? ctx.plan.env.find((e) => e.name === variable) : undefined;
      const where = declared ? { file: declared.evidence.file, range: { startLine: declared.evidence.line ?? 1 } } : host ? await lineIn(`${dirOf(failure) ? `${dirOf(failure)}/` : ''}.env`, new RegExp(escapeRegExp(host)), ctx) : undefined;
      return {
        message: `${nameOf(failure)} cannot reach ${host ?? 'a host it needs'}: the name does not resolve from this machine${variable ? ` (it comes from ${variable})` : ''}.`,
        ...where,
        fixes: variable ? [envFix(variable, dirOf(failure)), rerun(`Start ${nameOf(failure)} again once ${host} is reachable`, 'run', false, failure.service)]
          : [rerun(`Start ${nameOf(failure)} again once ${host ?? 'the host'} is reachable`, 'run', false, failure.service)],
      };
    },
  },
];
