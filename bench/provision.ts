// Provisioning a package manager: pnpm brought into a fresh tool cache (cold) and from the cache
// (warm), beside `npm install -g pnpm` by hand (into a throwaway prefix, so nothing global is
// touched). One unmeasured round first, so npm's own download cache is warm for both sides.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeHost } from '../src/node/node-host.js';

export const PROVISION_TARGETS = { coldRatio: 1.2, warmMs: 50 };

export interface ProvisionResult {
  version: string;
  byHandMs: number;
  coldMs: number;
  warmMs: number;
  coldRatio: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function provide(cache: string, range: string): Promise<{ ms: number; version: string }> {
  const started = performance.now();
  const provided = await createNodeHost({ ...process.env, REPO_RUNNER_CACHE_DIR: cache }).tools!.provide({ tool: 'pnpm', range });
  return { ms: performance.now() - started, version: provided.version };
}

function byHand(version: string): number {
  const prefix = mkdtempSync(join(tmpdir(), 'rr-bench-npm-g-'));
  const started = performance.now();
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', `pnpm@${version}`], { stdio: 'ignore' });
  const ms = performance.now() - started;
  rmSync(prefix, { recursive: true, force: true });
  return ms;
}

export async function benchProvision(runs: number, range = '9'): Promise<ProvisionResult> {
  const caches: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-bench-tools-'));
    caches.push(dir);
    return dir;
  };
  const { version } = await provide(fresh(), range); // unmeasured: warms npm's download cache
  byHand(version);
  const hand: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    hand.push(byHand(version));
    const cache = fresh();
    cold.push((await provide(cache, version)).ms);
    warm.push((await provide(cache, version)).ms);
  }
  for (const dir of caches) rmSync(dir, { recursive: true, force: true });
  const result = { version, byHandMs: Math.round(median(hand)), coldMs: Math.round(median(cold)), warmMs: +median(warm).toFixed(1) };
  return { ...result, coldRatio: +(result.coldMs / result.byHandMs).toFixed(2) };
}
