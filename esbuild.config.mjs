// Bundles the extension and the CLI into CommonJS files under dist/ (execa and get-port are
// ESM-only; VS Code loads extensions with require). `vscode` is provided by the editor.
// Heavy packages used only on some paths (the LLM client, the PostgreSQL driver, the YAML
// parser) are dynamic imports in the source; here each becomes its own file under dist/lazy/,
// loaded by require on first use, so activation never parses them.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
/** Where the bundles go: dist/, or another folder (the benchmark measures a production build there). */
const out = process.env.REPO_RUNNER_OUTDIR ?? 'dist';
const LAZY = ['openai', 'pg', 'yaml'];

/**
 * `import('openai')` becomes a bundled stub, evaluated on first use, that does
 * `require('./lazy/openai.cjs')`: a real require, so named exports work as in the source.
 */
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${LAZY.join('|')})$`) }, (args) =>
      (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'lazy' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: `module.exports = require('./lazy/${args.path}.cjs');`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/lazy\// }, (args) => ({ path: args.path, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode', 'pg-native'],
  define: { VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/vscode/extension.ts'], outfile: `${out}/extension.cjs`, plugins: [lazyPackages] },
  // The CLI: a small entry that answers `detect` with detection alone, and the full CLI it loads for everything else.
  { ...common, entryPoints: ['src/cli/entry.ts'], outfile: `${out}/cli.cjs`, banner: { js: '#!/usr/bin/env node' }, plugins: [lazyPackages] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: `${out}/cli-main.cjs`, plugins: [lazyPackages] },
  ...LAZY.map((name) => ({ ...common, sourcemap: false, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', loader: 'js' }, outfile: `${out}/lazy/${name}.cjs` })),
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
