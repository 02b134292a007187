// The catalogue: every framework and way of starting the engine knows, as data. A plan's
// `framework` is always one of these ids.
import { BEAM_FRAMEWORKS } from './beam.js';
import { FALLBACKS } from './fallbacks.js';
import { NATIVE_FRAMEWORKS } from './native.js';
import { BUN_APP, GENERIC_NODE, NODE_FRAMEWORKS, NX_PROJECT } from './node.js';
import { GENERIC_PYTHON, PYTHON_FRAMEWORKS } from './python.js';
import { DENO_FRAMEWORKS, DOTNET_FRAMEWORKS, GO_FRAMEWORKS, JAVA_FRAMEWORKS, PHP_FRAMEWORKS, RUBY_FRAMEWORKS, RUST_FRAMEWORKS } from './stacks.js';
import type { FrameworkEntry } from './entry.js';

export type { FrameworkEntry, Recognition } from './entry.js';
export { BUN_APP, GENERIC_NODE, NODE_FRAMEWORKS, NX_PROJECT } from './node.js';
export { GENERIC_PYTHON, PYTHON_FRAMEWORKS } from './python.js';
export { DENO_FRAMEWORKS, DOTNET_FRAMEWORKS, GO_FRAMEWORKS, JAVA_FRAMEWORKS, PHP_FRAMEWORKS, RUBY_FRAMEWORKS, RUST_FRAMEWORKS } from './stacks.js';
export { FALLBACKS } from './fallbacks.js';
export { BEAM_FRAMEWORKS } from './beam.js';
export { NATIVE_FRAMEWORKS } from './native.js';

export const CATALOGUE = [
  ...NODE_FRAMEWORKS, GENERIC_NODE, BUN_APP, NX_PROJECT, ...PYTHON_FRAMEWORKS, GENERIC_PYTHON,
  ...GO_FRAMEWORKS, ...RUST_FRAMEWORKS, ...JAVA_FRAMEWORKS, ...RUBY_FRAMEWORKS, ...PHP_FRAMEWORKS, ...DOTNET_FRAMEWORKS, ...DENO_FRAMEWORKS,
  ...BEAM_FRAMEWORKS, ...NATIVE_FRAMEWORKS,
  ...FALLBACKS,
] as const;

export type FrameworkId = (typeof CATALOGUE)[number]['id'];

const BY_ID = new Map<string, FrameworkEntry>(CATALOGUE.map((entry) => [entry.id, entry]));

/** The entry of a framework id (the first, for ids two manifests share). */
export function frameworkEntry(id: FrameworkId): FrameworkEntry {
  return BY_ID.get(id)!;
}
