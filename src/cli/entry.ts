// What `repo-runner` starts: `detect` (the command editors and scripts call most, and often) is
// answered here with detection alone; every other command loads the full CLI (cli-main.cjs),
// which parses the arguments itself. Keeping the engine out of this file keeps detect fast.
import { nodeFileSystem } from '../node/node-fs.js';
import { detectCommand, EXIT } from './detect-command.js';

const argv = process.argv.slice(2);
const positionals = argv.filter((a) => !a.startsWith('-'));
const flags = argv.filter((a) => a.startsWith('-'));

if (positionals[0] === 'detect' && positionals.length <= 2 && flags.every((f) => f === '--json')) {
  detectCommand(positionals[1] ?? '.', flags.includes('--json'), nodeFileSystem, (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`repo-runner: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(EXIT.failed);
    },
  );
} else {
  // A path esbuild leaves alone: the full CLI is its own bundle beside this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of the sibling bundle, by design
  require(`${__dirname}/cli-main.cjs`);
}
