// Detection time on a generated 20,000-file monorepo (node_modules, .venv, target, .git and dist
// inside): several runs, the median printed and written to bench-results/detect-large.json.
// A benchmark, not a test: it measures and reports; it asserts nothing about speed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { detectPlan } from '../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../src/node/node-fs.js';
import { generateMonorepo } from '../test/helpers/big-monorepo.js';

const RUNS = 7;
const TARGET_MS = 1_000;
const { root } = generateMonorepo(20_000);
try {
  const times: number[] = [];
  let services = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    services = (await detectPlan(root, nodeFileSystem)).services.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const result = { benchmark: 'detect-large', files: 20_000, runs: RUNS, services, medianMs: Math.round(median), minMs: Math.round(times[0]), maxMs: Math.round(times.at(-1)!), targetMs: TARGET_MS, ratioToTarget: +(median / TARGET_MS).toFixed(3) };
  console.log('benchmark          files  runs  median    min     max     target  ratio');
  console.log(`detect 20k-file    ${result.files}  ${RUNS}     ${String(result.medianMs).padStart(4)} ms ${String(result.minMs).padStart(4)} ms ${String(result.maxMs).padStart(4)} ms ${TARGET_MS} ms ${result.ratioToTarget}`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/detect-large.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
