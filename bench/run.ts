// `npm run bench`: Repo Runner against doing it by hand, measured side by side in one run.
//   - time to healthy, cold (fresh copy) and warm (second run), per fixture, next to the same
//     install and start commands run by hand (spawned one after the other, then polled);
//   - the two-service fixture against the sum and the slowest of its services run by hand;
//   - detection on a generated 20,000-file monorepo;
//   - activation time and bundle sizes of a production build.
// Several runs of each, medians reported; a table is printed and bench-results/bench.json
// written. A benchmark, not a test: it measures and reports, it asserts nothing.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import getPort from 'get-port';
import treeKill from 'tree-kill';
import { detectPlan } from '../src/core/detect/detect-plan.js';
import type { CommandSpec, ServicePlan } from '../src/core/model.js';
import { startRun } from '../src/core/orchestrator.js';
import { withBinding } from '../src/core/phases/service-env.js';
import { DEFAULT_OPTIONS } from '../src/core/run-context.js';
import { createNodeHost } from '../src/node/node-host.js';
import { nodeFileSystem } from '../src/node/node-fs.js';
import { generateMonorepo } from '../test/helpers/big-monorepo.js';
import { benchProvision, PROVISION_TARGETS } from './provision.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FIXTURES = ['express-app', 'flask-app', 'fastapi-app', 'two-service'];
const TARGETS = { cold: 1.10, warm: 1.5, twoServiceSlowest: 1.2, detectMs: 1_000, cliDetectMs: 60, activationMs: 50 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (ms: number) => Math.round(ms);
const ratio = (a: number, b: number) => +(a / b).toFixed(2);

function copyFixture(name: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'rr-bench-')), name);
  cpSync(resolve('test/fixtures', name), root, { recursive: true });
  return root;
}

// ---- By hand: the plan's own commands, one after the other, as a person would type them ----

function runToEnd(command: CommandSpec, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command.command, command.args, { cwd, env, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command.command} ${command.args.join(' ')} exited ${code}`))));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Starts the service's start command on `port` and resolves once it answers; returns a stopper. */
async function startByHand(root: string, service: ServicePlan, port: number): Promise<() => Promise<void>> {
  const start = service.start;
  const host = DEFAULT_OPTIONS.bindAddress;
  const env = { ...process.env, ...start.env, PORT: String(port), HOST: host, BROWSER: 'none', ...(service.port.env ? { [service.port.env]: String(port) } : {}) };
  const child = spawn(start.command, withBinding(start.args, port, host), { cwd: join(root, start.cwd ?? service.dir), env, stdio: 'ignore' });
  const stop = () => new Promise<void>((done) => (child.pid ? treeKill(child.pid, 'SIGKILL', () => done()) : done()));
  const path = service.health.kind === 'http' ? service.health.path : '/';
  const deadline = Date.now() + 120_000;
  while (!(await answers(`http://127.0.0.1:${port}${path}`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${service.name} did not answer by hand`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return stop;
}

async function installByHand(root: string, service: ServicePlan, done: Set<string>): Promise<void> {
  for (const step of service.install) {
    const key = JSON.stringify(step.command);
    if (done.has(key)) continue; // a shared root install is typed once
    done.add(key);
    // As a person would: when `npm ci` refuses, `npm install` (the plan's fallback, the same one the engine uses).
    await runToEnd(step.command, join(root, step.command.cwd ?? service.dir), process.env)
      .catch((error: unknown) => (step.fallback ? runToEnd(step.fallback, join(root, step.fallback.cwd ?? service.dir), process.env) : Promise.reject(error)));
  }
}

/** One service by hand, cold: install, start, wait for the answer. Milliseconds. */
async function serviceByHand(root: string, service: ServicePlan): Promise<number> {
  const started = performance.now();
  await installByHand(root, service, new Set());
  const stop = await startByHand(root, service, await getPort());
  const elapsed = performance.now() - started;
  await stop();
  return elapsed;
}

/** The whole repo by hand, cold: every install, then every start, in plan order. */
async function repoByHand(root: string): Promise<{ coldMs: number; startMs: number }> {
  const plan = await detectPlan(root, nodeFileSystem);
  const started = performance.now();
  const installed = new Set<string>();
  for (const service of plan.services) await installByHand(root, service, installed);
  const stops: (() => Promise<void>)[] = [];
  for (const service of plan.services) stops.push(await startByHand(root, service, await getPort()));
  const coldMs = performance.now() - started;
  await Promise.all(stops.map((s) => s()));
  // Warm by hand: the start commands alone, dependencies already there.
  const again = performance.now();
  const restarted: (() => Promise<void>)[] = [];
  for (const service of plan.services) restarted.push(await startByHand(root, service, await getPort()));
  const startMs = performance.now() - again;
  await Promise.all(restarted.map((s) => s()));
  return { coldMs, startMs };
}

// ---- Repo Runner: the engine as the CLI and the extension drive it ----

async function ours(root: string): Promise<number> {
  const started = performance.now();
  const session = startRun({ root, host: createNodeHost(), options: { healthTimeoutMs: 120_000 } });
  const outcome = await session.ready;
  const elapsed = performance.now() - started;
  await session.stop();
  if (outcome !== 'healthy') throw new Error(`${root}: ${outcome} (${session.findings.map((f) => f.message).join('; ')})`);
  return elapsed;
}

interface FixtureResult {
  fixture: string;
  services: number;
  handColdMs: number;
  oursColdMs: number;
  coldRatio: number;
  handStartMs: number;
  oursWarmMs: number;
  warmRatio: number;
  handSumMs?: number;
  handSlowestMs?: number;
  ratioToSum?: number;
  ratioToSlowest?: number;
}

async function benchFixture(name: string): Promise<FixtureResult> {
  const hand: { coldMs: number; startMs: number }[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const perService: number[][] = [];
  // One unmeasured round first, so package caches are as warm for the first measured hand run as for ours.
  for (let run = -1; run < RUNS; run++) {
    const handRoot = copyFixture(name);
    const oursRoot = copyFixture(name);
    try {
      const byHand = await repoByHand(handRoot);
      const oursCold = await ours(oursRoot);
      const oursWarm = await ours(oursRoot);
      let services: number[] = [];
      if (name === 'two-service') {
        const separate = copyFixture(name);
        const plan = await detectPlan(separate, nodeFileSystem);
        for (const service of plan.services) services.push(await serviceByHand(separate, service));
        rmSync(join(separate, '..'), { recursive: true, force: true });
      }
      if (run < 0) continue;
      hand.push(byHand);
      cold.push(oursCold);
      warm.push(oursWarm);
      if (services.length) perService.push(services);
      services = [];
    } finally {
      rmSync(join(handRoot, '..'), { recursive: true, force: true });
      rmSync(join(oursRoot, '..'), { recursive: true, force: true });
    }
  }
  const plan = await detectPlan(resolve('test/fixtures', name), nodeFileSystem);
  const result: FixtureResult = {
    fixture: name, services: plan.services.length,
    handColdMs: round(median(hand.map((h) => h.coldMs))), oursColdMs: round(median(cold)), coldRatio: 0,
    handStartMs: round(median(hand.map((h) => h.startMs))), oursWarmMs: round(median(warm)), warmRatio: 0,
  };
  result.coldRatio = ratio(result.oursColdMs, result.handColdMs);
  result.warmRatio = ratio(result.oursWarmMs, result.handStartMs);
  if (perService.length) {
    result.handSumMs = round(median(perService.map((s) => s.reduce((a, b) => a + b, 0))));
    result.handSlowestMs = round(median(perService.map((s) => Math.max(...s))));
    result.ratioToSum = ratio(result.oursColdMs, result.handSumMs);
    result.ratioToSlowest = ratio(result.oursColdMs, result.handSlowestMs);
  }
  return result;
}

// ---- Detection, activation, bundle ----

/**
 * `repo-runner detect` on a small repo as a user or an editor calls it: the `repo-runner` command
 * (bin/repo-runner), a new process each time, wall time including Node's start, in this machine's
 * environment; beside it, Node starting and doing nothing (`node -e 0`). Node 20 reads the whole
 * NODE_EXTRA_CA_CERTS bundle before any script runs (about 30 ms here, where it is set machine-wide);
 * the command starts Node without it for detect, which never touches the network. When it is set,
 * `node dist/cli.cjs detect` with it is measured too: the start that the command spares.
 */
interface CliDetectTimes { medianMs: number; nodeAloneMs: number }
function benchCliDetect(root: string): CliDetectTimes & { directWithExtraCaCerts?: CliDetectTimes } {
  const runs = Math.max(RUNS, 15);
  const wall = (file: string, args: string[]) => {
    const started = performance.now();
    execFileSync(file, args, { stdio: 'ignore' });
    return performance.now() - started;
  };
  const measure = (file: string, args: string[]) => {
    wall(file, args); // the file system's cache warmed once
    return round(median(Array.from({ length: runs }, () => wall(file, args))));
  };
  const detect = ['detect', 'test/fixtures/express-app'];
  const command = { medianMs: measure(join(root, 'bin', 'repo-runner'), detect), nodeAloneMs: measure(process.execPath, ['-e', '0']) };
  if (!process.env.NODE_EXTRA_CA_CERTS) return command;
  return { ...command, directWithExtraCaCerts: { medianMs: measure(process.execPath, [join(root, 'dist', 'cli.cjs'), ...detect]), nodeAloneMs: command.nodeAloneMs } };
}

async function benchDetection(): Promise<{ files: number; services: number; medianMs: number }> {
  const { root } = generateMonorepo(20_000);
  try {
    const times: number[] = [];
    let services = 0;
    for (let i = 0; i < Math.max(RUNS, 5); i++) {
      const started = performance.now();
      services = (await detectPlan(root, nodeFileSystem)).services.length;
      times.push(performance.now() - started);
    }
    return { files: 20_000, services, medianMs: round(median(times)) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function benchBundle(): { dir: string; extensionBytes: number; lazyBytes: Record<string, number>; activationMs: number; cliDetect: ReturnType<typeof benchCliDetect> } {
  // The production build laid out as installed: dist/ and the bin/repo-runner command beside it.
  const root = mkdtempSync(join(tmpdir(), 'rr-bench-dist-'));
  const dir = join(root, 'dist');
  execFileSync(process.execPath, ['esbuild.config.mjs', '--production'], { env: { ...process.env, REPO_RUNNER_OUTDIR: dir }, stdio: 'inherit' });
  mkdirSync(join(root, 'bin'));
  copyFileSync('bin/repo-runner', join(root, 'bin', 'repo-runner'));
  const lazyBytes = Object.fromEntries(readdirSync(join(dir, 'lazy')).map((f) => [f, statSync(join(dir, 'lazy', f)).size]));
  const times: number[] = [];
  for (let i = 0; i < Math.max(RUNS, 7); i++) {
    const out = execFileSync(process.execPath, ['bench/activation-probe.cjs', join(dir, 'extension.cjs')], { encoding: 'utf8' });
    times.push((JSON.parse(out) as { ms: number }).ms);
  }
  const result = { dir, extensionBytes: statSync(join(dir, 'extension.cjs')).size, lazyBytes, activationMs: +median(times).toFixed(1), cliDetect: benchCliDetect(root) };
  rmSync(root, { recursive: true, force: true });
  return result;
}

// ---- Report ----

const pad = (value: unknown, width: number) => String(value ?? '').padStart(width);

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const fixtures = only.length ? FIXTURES.filter((f) => only.includes(f)) : FIXTURES;
  console.log(`Repo Runner benchmark: ${RUNS} measured runs each (medians), node ${process.version}, ${new Date().toISOString()}\n`);
  const bundle = benchBundle();
  const detection = await benchDetection();
  const cliDetect = bundle.cliDetect;
  process.stdout.write('  measuring pnpm provisioning…\n');
  const provision = await benchProvision(RUNS);
  const results: FixtureResult[] = [];
  for (const fixture of fixtures) {
    process.stdout.write(`  measuring ${fixture}…\n`);
    results.push(await benchFixture(fixture));
  }

  console.log('\nTime to healthy (ms)          by hand   ours  ratio   | by hand   ours  ratio');
  console.log('                               cold      cold  (≤1.10) | start     warm  (≤1.5)');
  for (const r of results) {
    console.log(`${r.fixture.padEnd(28)} ${pad(r.handColdMs, 7)} ${pad(r.oursColdMs, 6)} ${pad(r.coldRatio, 6)}   | ${pad(r.handStartMs, 7)} ${pad(r.oursWarmMs, 6)} ${pad(r.warmRatio, 6)}`);
  }
  for (const r of results.filter((x) => x.handSumMs !== undefined)) {
    console.log(`\n${r.fixture}: ours ${r.oursColdMs} ms; by hand, one service after the other: sum ${r.handSumMs} ms (ratio ${r.ratioToSum}), slowest ${r.handSlowestMs} ms (ratio ${r.ratioToSlowest}, target ≤${TARGETS.twoServiceSlowest})`);
  }
  console.log(`\nDetection, ${detection.files}-file monorepo: ${detection.medianMs} ms (target <${TARGETS.detectMs} ms, ratio ${ratio(detection.medianMs, TARGETS.detectMs)}), ${detection.services} services`);
  console.log(`repo-runner detect, small repo (bin/repo-runner, new process, wall): ${cliDetect.medianMs} ms (target ≤${TARGETS.cliDetectMs} ms, ratio ${ratio(cliDetect.medianMs, TARGETS.cliDetectMs)}); node -e 0 alone: ${cliDetect.nodeAloneMs} ms`);
  if (cliDetect.directWithExtraCaCerts) console.log(`  node dist/cli.cjs detect, keeping this machine's NODE_EXTRA_CA_CERTS (which bin/repo-runner drops for detect): ${cliDetect.directWithExtraCaCerts.medianMs} ms`);
  console.log(`Activation (require + activate() of the production bundle): ${bundle.activationMs} ms (target <${TARGETS.activationMs} ms, ratio ${ratio(bundle.activationMs, TARGETS.activationMs)})`);
  console.log(`Provisioning pnpm ${provision.version}: cold ${provision.coldMs} ms beside \`npm install -g pnpm\` by hand ${provision.byHandMs} ms (ratio ${provision.coldRatio}, target ≤${PROVISION_TARGETS.coldRatio}); warm ${provision.warmMs} ms (target ≤${PROVISION_TARGETS.warmMs} ms)`);
  console.log(`Bundle: extension.cjs ${(bundle.extensionBytes / 1024).toFixed(0)} KiB; loaded on first use: ${Object.entries(bundle.lazyBytes).map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KiB`).join(', ')}`);

  mkdirSync('bench-results', { recursive: true });
  const json = { runs: RUNS, node: process.version, at: new Date().toISOString(), targets: TARGETS, fixtures: results, detection, cliDetect, provision, activationMs: bundle.activationMs, bundle: { extensionBytes: bundle.extensionBytes, lazyBytes: bundle.lazyBytes } };
  writeFileSync('bench-results/bench.json', `${JSON.stringify(json, null, 2)}\n`);
  console.log('\nwritten: bench-results/bench.json');
}

await main();
