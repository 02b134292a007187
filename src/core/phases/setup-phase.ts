// Setup: installs each service's dependencies with its own package manager, all services at
// once. An install whose manifests and lockfile are unchanged since the last successful one,
// with the installed folder still there, is skipped.
import { stripAnsi, type Failure } from '../fixer/failure.js';
import type { CommandResult } from '../host.js';
import type { CommandSpec, Finding, ServicePlan } from '../model.js';
import { activeServices, type RunContext, type ServiceRuntime } from '../run-context.js';
import { describe } from './commands.js';
import { firstUnreachable, runWatchedInstall, type WatchedResult } from './install-watch.js';
import { copyConfigExamples } from '../env/config-copies.js';
import type { Phase } from './phase.js';
import { newerNode, nodeFloor, refusedNode } from './node-rescue.js';
import { newerPython, pythonFloor } from './python-rescue.js';

export const setupPhase: Phase = {
  name: 'setup',
  async run(ctx) {
    // Config files the app reads that the repo ships only as examples: before the install (a build may read them).
    await copyConfigExamples(ctx, activeServices(ctx).filter((s) => !s.running));
    const services = activeServices(ctx).filter((s) => s.plan.install.length > 0 && !s.running);
    if (services.length === 0) return { status: 'skipped', detail: 'nothing to install' };
    const shared = new Map<string, Promise<WatchedResult>>();
    const queues = new Map<string, Promise<unknown>>();
    const outcomes = await Promise.all(services.map((s) => install(ctx, s, shared, queues)));
    const failures = outcomes.filter((o): o is Failure => typeof o === 'object');
    const reused = outcomes.filter((o) => o === 'reused').length;
    const detail = [`${services.length - reused - failures.length} installed`, reused ? `${reused} unchanged` : ''].filter(Boolean).join(', ');
    return failures.length > 0 ? { status: 'failed', failures, detail } : { status: 'done', detail };
  },
};

/** Output that says a download failed on the network. */
const NETWORK_FAILED = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|getaddrinfo|Could not resolve host|Name or service not known|Temporary failure in name resolution|Connection (?:refused|timed out|reset)|NewConnectionError|unable to access/;
/** A resolver that found nothing where it looked: the cause when the index it looked in cannot be reached. */
const NOTHING_FOUND = /No matching distribution found|Could not find a version that satisfies/;

/** How many times a newer Node is brought for dependencies' engines before the failure stands. */
const NODE_ROUNDS = 3;

/** Package managers whose one shared cache breaks when two installs write it at once ("file appears to be corrupt"). */
const ONE_AT_A_TIME = new Set(['yarn']);

/**
 * `shared` holds the steps already started in this phase: a workspace root installs once for all
 * its members; `queues` makes the installs of a package manager in ONE_AT_A_TIME take turns.
 */
async function install(ctx: RunContext, service: ServiceRuntime, shared: Map<string, Promise<WatchedResult>>, queues: Map<string, Promise<unknown>>): Promise<'installed' | 'reused' | Failure> {
  const plan = service.plan;
  const previous = ctx.checkpoint.state.services[plan.name]?.installFingerprint;
  if (previous && previous === (await fingerprint(ctx, service)) && plan.installedMarker && (await ctx.host.fs.exists(`${ctx.root}/${plan.installedMarker}`))) {
    ctx.log('info', `${plan.name}: dependencies unchanged since the last install; skipping it`);
    const build = plan.install.filter((step) => step.always);
    if (build.length === 0) return 'reused';
    return (await installSteps(ctx, service, new Map(), queues, build)) ?? 'reused';
  }
  let failure = await installSteps(ctx, service, shared, queues);
  const floor = failure && plan.kind === 'python' ? pythonFloor(failure.tail) : undefined;
  const newer = floor ? await newerPython(ctx, service, floor) : undefined;
  if (newer) {
    const remade = await runStep(ctx, service, newer.remake);
    // The steps run again for this service alone (a Python venv is never shared with another service).
    failure = remade.exitCode === 0 ? await installSteps(ctx, service, new Map(), queues) : failed(plan, newer.remake, remade);
  }
  // Each Node brought may meet a dependency that asks for a newer one still (>=22, then >=24): a few rounds, each floor higher.
  const floors: string[] = [];
  for (let nodeRange = failure && plan.kind === 'node' ? nodeFloor(failure.tail) : undefined; nodeRange && floors.length < NODE_ROUNDS && !floors.includes(nodeRange); nodeRange = failure ? nodeFloor(failure.tail) : undefined) {
    floors.push(nodeRange);
    if (!(await newerNode(ctx, service, nodeRange, refusedNode(failure!.tail)))) break;
    failure = await installSteps(ctx, service, new Map(), queues);
  }
  if (failure) return failure;
  const print = await fingerprint(ctx, service);
  await ctx.checkpoint.update((d) => { d.services[plan.name] = { ...d.services[plan.name], installFingerprint: print }; });
  return 'installed';
}

async function installSteps(ctx: RunContext, service: ServiceRuntime, shared: Map<string, Promise<WatchedResult>>, queues: Map<string, Promise<unknown>>, steps = service.plan.install): Promise<Failure | undefined> {
  const plan = service.plan;
  for (const step of steps) {
    const key = JSON.stringify(step);
    let running = shared.get(key);
    if (!running) {
      const attempt = async () => {
        let result = await runStep(ctx, service, step.command);
        if (result.exitCode !== 0 && !result.cancelled && !result.unreachable && step.fallback) {
          ctx.log('warn', `${plan.name}: \`${describe(step.command)}\` failed (${reason(result.tail, result.exitCode)}); falling back to \`${describe(step.fallback)}\``);
          result = await runStep(ctx, service, step.fallback);
        }
        return result;
      };
      const manager = step.command.command;
      if (ONE_AT_A_TIME.has(manager)) {
        running = (queues.get(manager) ?? Promise.resolve()).then(attempt);
        queues.set(manager, running.catch(() => undefined));
      } else running = attempt();
      shared.set(key, running);
    }
    const result = await running;
    if (result.unreachable) return unreachableFailure(plan, step.command, result);
    if (result.exitCode !== 0) {
      // A host the manifests fetch from that does not answer is why, when the output is about
      // fetching (it names the host, a network error, or pip's "No matching distribution found"
      // for an index it could not reach); a failure about something else keeps its own words.
      // Behind a proxy a direct probe proves nothing: then the tool's own words stand.
      const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'].some((name) => ctx.host.env[name]);
      const fetching = result.tail.some((line) => NETWORK_FAILED.test(line));
      const host = result.cancelled || result.spawnError || proxied ? undefined : await firstUnreachable(ctx, service);
      // A git source must be the one the output names (a network error may be about another host:
      // Prisma's engine download); a package index, when the tool failed on the network or found nothing.
      const named = host !== undefined && result.tail.some((line) => line.includes(host.host));
      const because = host && (named || (host.registry && (fetching || result.tail.some((line) => NOTHING_FOUND.test(line)))));
      if (host && because) return unreachableFailure(plan, step.fallback ?? step.command, { ...result, unreachable: { ...host, quietMs: 0 } });
      return failed(plan, step.fallback ?? step.command, result);
    }
  }
  return undefined;
}

function failed(plan: ServicePlan, command: CommandSpec, result: CommandResult): Failure {
  return {
    phase: 'setup', service: plan, exitCode: result.exitCode, tail: result.tail.map(stripAnsi),
    generic: installFailed(plan.name, command, result.tail, result.exitCode, plan.manifests[0], result.spawnError),
  };
}

/**
 * Browsers and binaries that test tools download in their install scripts (Cypress, Puppeteer,
 * Playwright): running the app needs none of them, and their hosts are often out of reach. The
 * user's own setting of a variable wins.
 */
const NO_TEST_BROWSERS: Record<string, string> = {
  CYPRESS_INSTALL_BINARY: '0', PUPPETEER_SKIP_DOWNLOAD: 'true', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

async function runStep(ctx: RunContext, service: ServiceRuntime, command: CommandSpec) {
  ctx.log('info', `${service.name}: ${describe(command)}`);
  const skips = service.plan.kind === 'node' ? Object.fromEntries(Object.entries(NO_TEST_BROWSERS).filter(([name]) => ctx.host.env[name] === undefined)) : {};
  const step = Object.keys(skips).length > 0 ? { ...command, env: { ...skips, ...command.env } } : command;
  return runWatchedInstall(ctx, step, (line) => ctx.emit({ type: 'output', service: service.name, stream: 'stdout', line, source: 'setup' }), service);
}

/** Manifests, lockfile and install commands: when none changed, the install is still good. */
async function fingerprint(ctx: RunContext, service: ServiceRuntime): Promise<string> {
  const parts = await Promise.all(service.plan.manifests.map(async (m) => `${m}\n${(await ctx.host.fs.readText(`${ctx.root}/${m}`)) ?? ''}`));
  return ctx.host.hash(JSON.stringify([parts, service.plan.install]));
}

function reason(tail: string[], exitCode: number | null): string {
  const meaningful = tail.map(stripAnsi).filter((l) => !/complete log of this run|^\s*(npm (error|ERR!))?\s*$/i.test(l));
  const last = meaningful.find((l) => /err|fail|invalid|missing|not found|in sync/i.test(l)) ?? meaningful[meaningful.length - 1];
  return `exit ${exitCode}${last ? `: ${stripAnsi(last).trim().slice(0, 160)}` : ''}`;
}

/** An install stopped because it went quiet waiting for a host that cannot be reached. */
function unreachableFailure(plan: ServicePlan, command: CommandSpec, result: WatchedResult): Failure {
  const u = result.unreachable!;
  const tail = result.tail.map(stripAnsi);
  return {
    phase: 'setup', service: plan, exitCode: result.exitCode, tail,
    generic: {
      code: 'dependency-host-unreachable', severity: 'error', phase: 'setup', service: plan.name, file: u.file, range: { startLine: u.line },
      message: `${plan.name}: the install needs ${u.host} (port ${u.port}), which cannot be reached from this machine (${u.error}); \`${describe(command)}\` ${u.quietMs > 0 ? `printed nothing for ${Math.round(u.quietMs / 1000)} s waiting for it and was stopped` : `failed without it (exit code ${result.exitCode})`}.`,
      excerpt: [`${u.host}:${u.port}: ${u.error}`, ...tail.slice(-6)],
      fixes: [{ kind: 'rerun', title: `Install again once ${u.host} is reachable`, auto: false, from: 'setup', service: plan.name }],
    },
  };
}

function installFailed(service: string, command: CommandSpec, tail: string[], exitCode: number | null, manifest: string | undefined, spawnError?: string): Finding {
  return {
    code: spawnError ? 'command-not-found' : 'install-failed', severity: 'error', phase: 'setup', service, file: manifest,
    message: spawnError
      ? `${service}: \`${command.command}\` could not be started (${spawnError}).`
      : `${service}: \`${describe(command)}\` failed with exit code ${exitCode}.`,
    excerpt: tail.slice(-12).map(stripAnsi), fixes: [],
  };
}
