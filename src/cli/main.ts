// The `repo-runner` command: detect, run, doctor and reset-db, on the same engine as the extension.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fixAndRetry } from './apply-fixes.js';
import { ALL_INTERFACES, BIND_ADDRESSES, DEFAULT_OPTIONS, LOOPBACK, detectPlan, parseBindAddress, resetDatabase, startRun, type EngineOptions, type Host, type RunEvent, type RunSession } from '../core/index.js';
import { createNodeHost } from '../node/node-host.js';
import { llmAssist, llmSuggest, type AssistOptions } from '../node/llm-assist.js';
import { detectCommand, EXIT } from './detect-command.js';
import { doctor } from './doctor.js';
import { EXPORT_USAGE, exportCommand } from './export.js';
import { createRunRenderer } from './render-run.js';
import { bellExtra, dashboardExtra, statsExtra, type Extra } from './run-extras.js';

export { EXIT };

const USAGE = `Usage: repo-runner <command> [folder] [options]

Commands:
  run [folder]      install, start and health-check every service; Ctrl-C stops them all
  detect [folder]   print the plan (services, commands, ports, environment) without running anything
  doctor            list the toolchains found on this machine and the tools Repo Runner keeps in its cache
  clear-tools       empty Repo Runner's tool cache (package managers and runtimes it fetched)
  reset-db [folder] --name N [--yes]
                    delete a database's data (asks first unless --yes); the next run creates it afresh
${EXPORT_USAGE}

Options:
  --json                run: one JSON event per line; detect: the plan as JSON
  --exit-when-healthy   run: stop everything and exit as soon as all services are healthy
  --fix                 run: when something fails, offer each fix (asks first; --yes applies them) and retry
  --quiet               run: do not print the services' own output
  --bind ADDR           run: the address services listen on: ${LOOPBACK} (default) or ${ALL_INTERFACES} (every interface)
  --dashboard           run: serve the live dashboard and its API on 127.0.0.1 and print its URL (with the run's token)
  --stats               run: print CPU and memory of each service's process tree every 30 s
  --bell                run: ring the terminal bell when a service crashes or recovers and when the run settles
  --no-provision        run: do not fetch the package managers and runtimes the repo pins; only report them
  --name N              reset-db: which database (needed when the repo has several)
  --to T, --out DIR, --force, --helm, --builder B
                        export: the target, where its files go, overwrite existing files, a Helm chart, the image builder
  --yes                 reset-db, run --fix: do not ask
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 healthy, 1 failed, 2 nothing to run, 64 bad usage, 66 no such folder, 130 interrupted.`;

const write = (line: string) => process.stdout.write(`${line}\n`);
const fail = (code: number, message: string) => {
  process.stderr.write(`repo-runner: ${message}\n`);
  return code;
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        json: { type: 'boolean' }, 'exit-when-healthy': { type: 'boolean' }, quiet: { type: 'boolean' }, name: { type: 'string' }, bind: { type: 'string' }, yes: { type: 'boolean' }, fix: { type: 'boolean' }, 'no-provision': { type: 'boolean' },
        dashboard: { type: 'boolean' }, stats: { type: 'boolean' }, bell: { type: 'boolean' },
        to: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, helm: { type: 'boolean' }, builder: { type: 'string' },
        help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return fail(EXIT.usage, `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.version) return write(VERSION), EXIT.ok;
  const [command, folder = '.', ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return write(USAGE), command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  if (extra.length > 0) return fail(EXIT.usage, `unexpected argument "${extra[0]}"\n\n${USAGE}`);
  // The one host of this command: every part of it reaches the machine through this.
  const host = createNodeHost();
  if (command === 'doctor') return doctor(host, write, values.json ?? false);
  if (command === 'clear-tools') return clearTools(host);
  if (command !== 'run' && command !== 'detect' && command !== 'reset-db' && command !== 'export') return fail(EXIT.usage, `unknown command "${command}"\n\n${USAGE}`);

  if (command === 'detect') return detectCommand(folder, values.json ?? false, host.fs, write);
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) return fail(EXIT.noInput, `no such folder: ${root}`);
  if (command === 'export') {
    return exportCommand(host, root, { to: values.to, out: values.out, force: values.force ?? false, helm: values.helm ?? false, builder: values.builder, json: values.json ?? false }, write, fail);
  }
  if (command === 'reset-db') return resetDb(host, root, values.name, values.yes ?? false);
  if (values.fix && values.json) return fail(EXIT.usage, '--fix asks questions: it cannot be combined with --json');
  if (values.fix && !values.yes && !process.stdin.isTTY) return fail(EXIT.usage, '--fix asks before it changes anything: add --yes when not run in a terminal');
  const bindAddress = parseBindAddress(values.bind ?? DEFAULT_OPTIONS.bindAddress);
  if (bindAddress === undefined) return fail(EXIT.usage, `--bind takes ${BIND_ADDRESSES.join(' or ')}, not "${values.bind}"`);
  const options = { bindAddress, provisionTools: !values['no-provision'] };
  return run(host, root, { json: values.json ?? false, exitWhenHealthy: values['exit-when-healthy'] ?? false, quiet: values.quiet ?? false, fix: values.fix ?? false, yes: values.yes ?? false, options, extras: { dashboard: values.dashboard ?? false, stats: values.stats ?? false, bell: values.bell ?? false } });
}

async function run(host: Host, root: string, flags: { json: boolean; exitWhenHealthy: boolean; quiet: boolean; fix: boolean; yes: boolean; options: Partial<EngineOptions>; extras: { dashboard: boolean; stats: boolean; bell: boolean } }): Promise<number> {
  let current: RunSession | undefined;
  const extras: Extra[] = [];
  if (flags.extras.dashboard) {
    const dashboard = await dashboardExtra(host, root, () => current, flags.json ? (line) => process.stderr.write(`${line}\n`) : write);
    extras.push(dashboard);
    // Services with an OpenTelemetry SDK send their traces and logs to the dashboard.
    flags.options.telemetry = dashboard.server.telemetryTarget;
  }
  if (flags.extras.stats) extras.push(statsExtra(() => current, write));
  if (flags.extras.bell) extras.push(bellExtra(() => process.stdout.write('\x07')));
  try {
    return await runWith(host, root, flags, extras, (session) => { current = session; });
  } finally {
    await Promise.all(extras.map((extra) => extra.dispose()));
  }
}

async function runWith(host: Host, root: string, flags: { json: boolean; exitWhenHealthy: boolean; quiet: boolean; fix: boolean; yes: boolean; options: Partial<EngineOptions> }, extras: Extra[], started: (session: RunSession) => void): Promise<number> {
  const rendered = createRunRenderer({ json: flags.json, showOutput: !flags.quiet, write });
  const render = (event: RunEvent) => {
    rendered(event);
    for (const extra of extras) extra.onEvent(event);
  };
  // LLM assist from the environment only (REPO_RUNNER_LLM_*); off unless configured.
  const llm: AssistOptions = { log: (level, line) => render({ type: 'log', level, message: line }) };
  const session = startRun({ root, host, options: flags.options, onEvent: render, assist: llmAssist(llm), suggest: llmSuggest(llm) });
  started(session);
  let interrupted = false;
  const stopped = new Promise<void>((resolveStopped) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) {
        if (!flags.json) write(`(${signal} again: still stopping, at most a few seconds)`);
        return;
      }
      interrupted = true;
      if (!flags.json) write(`\nStopping every service (${signal})…`);
      void session.stop().then(resolveStopped);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  });

  let outcome = await session.ready;
  if (outcome === 'failed' && flags.fix && !interrupted) outcome = await fixAndRetry(session, host, { yes: flags.yes, ask, write });
  if (interrupted) {
    await stopped;
    return outcome === 'healthy' ? EXIT.ok : EXIT.interrupted;
  }
  if (outcome === 'nothing-to-run') {
    await session.stop();
    return EXIT.nothingToRun;
  }
  // A run with nothing healthy left ends here, even if a failed service's process is still alive.
  const anyHealthy = session.services.some((s) => s.status === 'healthy');
  if (flags.exitWhenHealthy || !anyHealthy) {
    await session.stop();
    return outcome === 'healthy' ? EXIT.ok : EXIT.failed;
  }
  if (!flags.json) {
    write(outcome === 'healthy'
      ? 'Press Ctrl-C to stop.'
      : 'Some services failed (see above); the others keep running. Press Ctrl-C to stop.');
  }
  await stopped;
  return outcome === 'healthy' ? EXIT.ok : EXIT.failed;
}

async function clearTools(host: Host): Promise<number> {
  if (!host.tools) return fail(EXIT.failed, 'this machine has no tool cache');
  const removed = await host.tools.clear();
  const bytes = removed.reduce((sum, t) => sum + t.bytes, 0);
  write(removed.length === 0 ? 'The tool cache was empty.' : `Removed ${removed.length} tool version${removed.length === 1 ? '' : 's'} (${(bytes / 1048576).toFixed(1)} MiB): ${removed.map((t) => `${t.tool} ${t.version}`).join(', ')}.`);
  return EXIT.ok;
}

async function resetDb(host: Host, root: string, name: string | undefined, yes: boolean): Promise<number> {
  const plan = await detectPlan(root, host.fs);
  const names = plan.databases.filter((d) => d.engine !== 'sqlite').map((d) => d.name);
  if (names.length === 0) return fail(EXIT.nothingToRun, 'this repo needs no database Repo Runner provisions');
  const chosen = name ?? (names.length === 1 ? names[0] : undefined);
  if (!chosen) return fail(EXIT.usage, `this repo has several databases (${names.join(', ')}): choose one with --name`);
  if (!names.includes(chosen)) return fail(EXIT.usage, `this repo has no database named "${chosen}" (it has: ${names.join(', ')})`);
  const dir = host.databases.dataDir(root, chosen);
  if (!yes) {
    if (!process.stdin.isTTY) return fail(EXIT.usage, `deleting ${chosen}'s data (${dir}) needs --yes when not run in a terminal`);
    const answer = await ask(`Delete every table and row of ${chosen} (${dir})? This cannot be undone. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) return write('Nothing deleted.'), EXIT.ok;
  }
  const result = await resetDatabase(host, plan, chosen);
  write(result.existed ? `Deleted ${chosen}'s data (${result.dir}); the next run creates it afresh.` : `${chosen} has no data yet (${result.dir}); nothing to delete.`);
  return EXIT.ok;
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

declare const VERSION: string;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`repo-runner: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
