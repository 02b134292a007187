// The providers in one ordered list: the order is the precedence (the first provider with a
// service in a folder wins). What "nothing to run" says was looked for, and which files mark a
// folder as a project, are derived from this list.
import { elixirProvider, gleamProvider } from './beam.js';
import { makeProvider, shellProvider, staticProvider } from './fallbacks.js';
import { cmakeProvider, mesonProvider } from './native.js';
import { nodeProvider } from './node.js';
import { nxProvider } from './nx.js';
import type { Provider } from './provider.js';
import { pythonProvider } from './python.js';
import { denoProvider, dotnetProvider, goProvider, javaProvider, phpProvider, rubyProvider, rustProvider } from './stacks.js';

export const PROVIDERS: readonly Provider[] = [
  nodeProvider, pythonProvider, nxProvider, goProvider, rustProvider, javaProvider, rubyProvider, phpProvider, dotnetProvider, denoProvider,
  elixirProvider, gleamProvider, cmakeProvider, mesonProvider,
  shellProvider, makeProvider, staticProvider,
];

/** Files that make a folder some provider's project (`*.ext`: any file with that extension). */
export const PROJECT_MANIFESTS: readonly string[] = PROVIDERS.flatMap((p) => p.manifests);

/** What was looked for, one line a provider's item, for the "nothing to run" report. */
export const LOOKED_FOR: readonly string[] = PROVIDERS.flatMap((p) => p.help.lookedFor);

/** "a package.json with …, a Python app, …, or an index.html" */
export function recognisedKinds(): string {
  const phrases = PROVIDERS.flatMap((p) => (p.help.phrase ? [p.help.phrase] : []));
  return `${phrases.slice(0, -1).join(', ')}, or ${phrases.at(-1)}`;
}

export { planService, type Detection, type Provider } from './provider.js';
export { VENV_PYTHON } from './python.js';
