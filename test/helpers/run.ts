// Runs the engine for real on a folder and records its events; stops it and checks nothing is left.
import assert from 'node:assert/strict';
import type { Host } from '../../src/core/host.js';
import type { RunEvent } from '../../src/core/model.js';
import { startRun, type RunSession } from '../../src/core/orchestrator.js';
import type { EngineOptions } from '../../src/core/run-context.js';
import { createNodeHost } from '../../src/node/node-host.js';
import { describeProcesses, survivors } from './fixtures.js';

export interface RecordedRun {
  session: RunSession;
  events: RunEvent[];
}

export function run(root: string, options: { host?: Host; engine?: Partial<EngineOptions>; signal?: AbortSignal } = {}): RecordedRun {
  const events: RunEvent[] = [];
  const session = startRun({
    root,
    host: options.host ?? createNodeHost(),
    options: { healthTimeoutMs: 60_000, ...options.engine },
    signal: options.signal,
    onEvent: (e) => events.push(e),
  });
  return { session, events };
}

export function phaseDetail(events: RunEvent[], phase: string): string | undefined {
  return events.filter((e): e is Extract<RunEvent, { type: 'phase' }> => e.type === 'phase' && e.phase === phase && e.status !== 'running' && e.status !== 'pending').at(-1)?.detail;
}

export function urlOf(session: RunSession, service: string): string {
  const url = session.services.find((s) => s.name === service)?.url;
  if (!url) throw new Error(`${service} has no URL`);
  return url;
}

/** Stops the run and fails if any process it started (or any under `dir`) is still alive. */
export async function stopAndCheck(recorded: RecordedRun, dir: string): Promise<void> {
  await recorded.session.stop();
  const left = survivors({ marker: recorded.session.marker, dir });
  assert.deepEqual(left, [], `processes left running:\n${describeProcesses(left)}`);
}

/** Waits for the run's outcome and fails with its findings and last log lines unless it is healthy. */
export async function assertHealthy(recorded: RecordedRun): Promise<void> {
  const outcome = await recorded.session.ready;
  if (outcome !== 'healthy') {
    const findings = recorded.session.findings.map((f) => `${f.code}: ${f.message}\n  ${f.excerpt.slice(-6).join('\n  ')}`).join('\n');
    const logs = recorded.events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message).slice(-15).join('\n');
    assert.fail(`run ended ${outcome}\n${findings}\n${logs}`);
  }
}
