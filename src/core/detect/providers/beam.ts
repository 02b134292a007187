// The languages of the Erlang VM: a mix.exs (Phoenix, or any Mix project with an application to
// start) and a gleam.toml. Their versions come from the files that pin them.
import { BEAM_FRAMEWORKS } from '../catalogue/index.js';
import { stackProvider } from './stack.js';

const atLeast = (v: string) => `>=${v}`;

export const elixirProvider = stackProvider({
  id: 'elixir', help: { phrase: 'a mix.exs (Elixir, Phoenix)', lookedFor: ['mix.exs (Phoenix or a Mix application)'] },
  frameworks: BEAM_FRAMEWORKS.filter((f) => f.kind === 'elixir'), lockfiles: ['mix.lock'],
  versionSources: [
    { file: '.tool-versions', pattern: /^elixir\s+(\d+\.\d+(?:\.\d+)?)/m, range: atLeast },
    { file: 'mix.exs', pattern: /elixir:\s*"~>\s*(\d+\.\d+(?:\.\d+)?)"/, range: atLeast },
  ],
  // `deps: []`, or a `deps` function returning `[]`: nothing to fetch, so Hex is not needed.
  hasDependencies: (text) => !/\bdeps:\s*\[\s*\]/.test(text) && !/\bdefp?\s+deps(?:\(\))?\s+do\s*\[\s*\]\s*end/.test(text),
});

export const gleamProvider = stackProvider({
  id: 'gleam', help: { phrase: 'a gleam.toml', lookedFor: ['gleam.toml'] },
  frameworks: BEAM_FRAMEWORKS.filter((f) => f.kind === 'gleam'), lockfiles: ['manifest.toml'],
  versionSources: [{ file: 'gleam.toml', pattern: /^gleam\s*=\s*">=\s*(\d+\.\d+(?:\.\d+)?)/m, range: atLeast }],
});
