// ESLint: the recommended JavaScript and TypeScript rules (syntax only, no type information, so a
// run stays fast), plus the layer rules: src/core is a pure engine, and imports point downward
// core <- node <- cli <- vscode. test/unit/layers.test.ts checks the same layers by regex (it
// also sees dynamic import() and require(), which this rule does not); keep the two in step.
// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `vscode` exists only inside the editor: a module that imports it cannot run in the CLI or in plain Node tests. */
const VSCODE = {
  name: 'vscode',
  message: 'Only src/vscode/ may import vscode: the engine, the Node layer and the CLI must run outside the editor.',
};

/** The Node built-ins src/core may use: node:path only, for posix path arithmetic (no I/O). */
const CORE_ALLOWED_BUILTINS = ['node:path'];

/** @type {{ regex: string, caseSensitive: true, message: string }[]} */
const CORE_PATTERNS = [
  {
    regex: `^node:(?!(${CORE_ALLOWED_BUILTINS.map((m) => escape(m.slice('node:'.length))).join('|')})$)`,
    caseSensitive: true,
    message: `src/core is the pure engine and does no I/O: it gets files, processes and the network through the host (src/node implements it). Of Node's built-ins it may import only ${CORE_ALLOWED_BUILTINS.join(', ')}.`,
  },
  {
    regex: `^(${builtinModules.map(escape).join('|')})$`,
    caseSensitive: true,
    message: `src/core does no I/O, and imports the Node built-ins it may use (${CORE_ALLOWED_BUILTINS.join(', ')}) with the node: prefix.`,
  },
  {
    regex: '^(execa|get-port|tree-kill|openai|pg)(/.*)?$',
    caseSensitive: true,
    message: 'src/core does no I/O: processes, ports, the LLM client and databases belong in src/node, behind the host interface.',
  },
  {
    regex: '^(\\.\\./)+(node|cli|vscode)(/|$)',
    caseSensitive: true,
    message: 'Imports point downward: src/core imports nothing from src/node, src/cli or src/vscode (they import the engine).',
  },
];

const NODE_PATTERNS = [
  {
    regex: '^(\\.\\./)+(cli|vscode)(/|$)',
    caseSensitive: true,
    message: 'Imports point downward: src/node implements the host for both front ends and imports nothing from src/cli or src/vscode.',
  },
];

const CLI_PATTERNS = [
  {
    regex: '^(\\.\\./)+vscode(/|$)',
    caseSensitive: true,
    message: 'Imports point downward: src/cli runs without the editor and imports nothing from src/vscode.',
  },
];

/** The faces (src/cli, src/vscode) reach the engine through its public index only. */
const CORE_INDEX_PATTERN = {
  regex: '^(\\.\\./)+core/(?!(index|detection)\\.js$)',
  caseSensitive: true,
  message: 'src/cli and src/vscode import the engine through ../core/index.js only (or ../core/detection.js, its detection-only part): its inner modules can then move without touching the faces (add an export there when a face needs one). src/node, which implements the host, may import them.',
};

/** Flat config replaces (does not merge) a rule's options, so each layer states its whole list. */
const restrictImports = (paths, patterns = []) => ['error', { paths, patterns }];

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-test/',
      'node_modules/',
      '.vscode-test/',
      'test/fixtures/', // fixture repositories are sample apps to run, not our code
      'examples/', // likewise
      '.tools/',
      'test-results/',
      'bench-results/',
      '.repo-runner/',
    ],
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    // Everything here runs in Node (the extension host is Node too).
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The same exceptions as tsc's noUnusedParameters/noUnusedLocals: a parameter (or a caught
      // error, or an array element) unused on purpose is named with a leading underscore, and a
      // property destructured only to leave it out of `...rest` counts as used.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
      // Matching control characters is the point wherever this code writes one in a regex: it
      // strips ANSI escapes from process output and removes control characters from text that
      // came from a repo, a process or an LLM before it is shown or put in a prompt.
      'no-control-regex': 'off',
      'no-restricted-imports': restrictImports([VSCODE]),
    },
  },
  {
    files: ['**/*.cjs'],
    // typescript-eslint's base config says sourceType 'module' for every file; these are CommonJS.
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      // CommonJS files load their modules with require(); that is what the format is.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The dashboard page: plain browser scripts (no bundler, no modules), written in ES5 style so every webview runs them.
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
    rules: { 'no-var': 'off', '@typescript-eslint/no-this-alias': 'off' },
  },
  { files: ['test/vscode-integration/**'], rules: { 'no-restricted-imports': 'off' } },
  // src/vscode may import vscode and every layer below it, but the engine only through its index.
  { files: ['src/vscode/**'], rules: { 'no-restricted-imports': restrictImports([], [CORE_INDEX_PATTERN]) } },
  { files: ['src/core/**'], rules: { 'no-restricted-imports': restrictImports([VSCODE], CORE_PATTERNS) } },
  { files: ['src/node/**'], rules: { 'no-restricted-imports': restrictImports([VSCODE], NODE_PATTERNS) } },
  { files: ['src/cli/**'], rules: { 'no-restricted-imports': restrictImports([VSCODE], [...CLI_PATTERNS, CORE_INDEX_PATTERN]) } },
);
