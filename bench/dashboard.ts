// `npm run bench:dashboard`: what the dashboard adds to a run. The two-service dashboard-app
// fixture is taken to healthy several times without the dashboard and with it (the server,
// its metrics sampler, and a client reading the event stream as the page does); reported: the
// median time to healthy of each, and the heap the dashboard holds after the run (with GC).
// A benchmark: it measures and prints, it asserts nothing.
import { cpSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRun, type RunSession } from '../src/core/orchestrator.js';
import { DashboardServer } from '../src/node/dashboard/dashboard-server.js';
import { sessionTarget } from '../src/node/dashboard/dashboard-target.js';
import { createNodeHost } from '../src/node/node-host.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGETS = { timePercent: 5, heapMb: 30 };
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const root = join(mkdtempSync(join(tmpdir(), 'rr-bench-dash-')), 'dashboard-app');
cpSync(resolve('test/fixtures/dashboard-app'), root, { recursive: true });
const host = createNodeHost();

async function once(withDashboard: boolean): Promise<{ ms: number; heapMb: number }> {
  const holder: { session?: RunSession } = {};
  const dashboard = withDashboard ? await DashboardServer.start({ target: sessionTarget(host, root, () => holder.session) }) : undefined;
  // A reader of the event stream, as the page is.
  const reader = dashboard ? request(`${dashboard.origin}/api/events`, { headers: { authorization: `Bearer ${dashboard.token}` } }, (res) => res.resume()) : undefined;
  reader?.on('error', () => undefined).end();
  const before = heapMb();
  const started = performance.now();
  const session = holder.session = startRun({ root, host, onEvent: (event) => dashboard?.publish(event) });
  const outcome = await session.ready;
  const ms = performance.now() - started;
  if (outcome !== 'healthy') throw new Error(`the fixture ended ${outcome}`);
  await new Promise((r) => setTimeout(r, 3_500)); // a metrics sample or two
  const held = heapMb() - before;
  await session.stop();
  reader?.destroy();
  await dashboard?.dispose();
  return { ms, heapMb: held };
}

await once(false); // the install, once: every measured run is warm
const without: { ms: number; heapMb: number }[] = [];
const withIt: { ms: number; heapMb: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  without.push(await once(false));
  withIt.push(await once(true));
}
const base = median(without.map((r) => r.ms));
const dash = median(withIt.map((r) => r.ms));
const addedHeap = median(withIt.map((r) => r.heapMb)) - median(without.map((r) => r.heapMb));
const percent = ((dash - base) / base) * 100;
console.log(`dashboard-app, warm, ${RUNS} runs each${gc ? '' : ' (no --expose-gc: heap figures include garbage)'}`);
console.log(`  time to healthy   without ${base.toFixed(0)} ms   with the dashboard ${dash.toFixed(0)} ms   added ${percent.toFixed(1)} % (target < ${TARGETS.timePercent} %)`);
console.log(`  heap held by the run: ${median(without.map((r) => r.heapMb)).toFixed(2)} MB without, ${median(withIt.map((r) => r.heapMb)).toFixed(2)} MB with; added ${addedHeap.toFixed(2)} MB (target < ${TARGETS.heapMb} MB)`);
