// What a suggested command may not be: a shell in disguise (a program given a script string,
// also behind a runner such as `npx sh -c`), or a program that runs others on its behalf.

/** Node-like runtimes: `-e`, `-p`, `-pe`, `--eval`, `--print`, and module loaders that accept data: URLs. */
const NODE_EVAL = /^(-[a-z]*[ep][a-z]*|--eval(=.*)?|--print(=.*)?|--import(=.*)?|--require(=.*)?|-r|--loader(=.*)?|--experimental-loader(=.*)?)$/i;

/** Programs that take a script as a string after one of these flags: a shell in disguise. */
const INLINE_CODE: Record<string, RegExp> = {
  sh: /^-[a-z]*c[a-z]*$/i, bash: /^-[a-z]*c[a-z]*$/i, zsh: /^-[a-z]*c[a-z]*$/i, dash: /^-[a-z]*c[a-z]*$/i, ksh: /^-[a-z]*c[a-z]*$/i, fish: /^(-[a-z]*c[a-z]*|--command(=.*)?)$/i,
  cmd: /^\/[ck]$/i, powershell: /^(-c|-command|-encodedcommand|-ec|-e)$/i, pwsh: /^(-c|-command|-encodedcommand|-ec|-e)$/i,
  node: NODE_EVAL, bun: NODE_EVAL, tsx: NODE_EVAL, 'ts-node': NODE_EVAL, deno: /^(eval|-e|--eval(=.*)?)$/, python: /^-[a-z]*c$/i, perl: /^-[a-z]*[eE]$/, ruby: /^-[a-z]*e$/, php: /^-r$/,
  npm: /^(-c|--call(=.*)?)$/, npx: /^(-c|--call(=.*)?)$/,
};

/** `program flag` when the argv runs a script string, also behind a runner (`npx sh -c`, `poetry run python -c`). */
export function inlineCode(argv: readonly string[]): string | undefined {
  // Innermost program first: `npx sh -c ...` is reported as `sh -c`.
  for (let index = argv.length - 1; index >= 0; index--) {
    const program = programName(argv[index]);
    const flag = INLINE_CODE[program];
    const found = flag ? argv.slice(index + 1).find((a) => flag.test(a)) : undefined;
    if (found !== undefined) return `${program} ${found}`;
  }
  return undefined;
}

/** `/usr/bin/python3.11` → `python`, `cmd.exe` → `cmd`. */
export function programName(word: string): string {
  return word.replace(/^.*[/\\]/, '').replace(/\.(exe|cmd|bat)$/i, '').toLowerCase().replace(/^python[\d.]*$/, 'python');
}

/** Programs a fix never runs: they run something else on its behalf, or as another user. */
export const WRAPPERS = new Set(['env', 'sudo', 'su', 'doas', 'xargs', 'eval', 'exec', 'nohup', 'setsid', 'nice', 'timeout', 'watch', 'ssh', 'osascript', 'start']);
