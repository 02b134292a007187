// Every known failure signature, in the order they are tried: specific causes first (a port,
// a database, a manifest), then what a language's own error says, then crashes with a stack.
import type { Signature } from '../signature.js';
import { CAUSE_SIGNATURES } from './causes.js';
import { COMPILED_SIGNATURES } from './compiled.js';
import { DATABASE_SIGNATURES } from './database.js';
import { NODE_CRASH, NODE_SIGNATURES } from './node.js';
import { PROCESS_SIGNATURES } from './process.js';
import { PYTHON_CRASH, PYTHON_SIGNATURES } from './python.js';
import { RUNTIME_SIGNATURES } from './runtime.js';

export const SIGNATURES: readonly Signature[] = [
  ...PROCESS_SIGNATURES,
  ...DATABASE_SIGNATURES,
  ...CAUSE_SIGNATURES,
  ...NODE_SIGNATURES,
  ...PYTHON_SIGNATURES,
  ...COMPILED_SIGNATURES,
  ...RUNTIME_SIGNATURES,
  NODE_CRASH,
  PYTHON_CRASH,
];
