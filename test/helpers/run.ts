// Runs the engine for real on a folder and records its events.
import type { Host } from '../../src/core/host.js';
import type { RunEvent } from '../../src/core/model.js';
import { startRun, type RunSession } from '../../src/core/orchestrator.js';
import type { EngineOptions } from '../../src/core/run-context.js';
import { createNodeHost } from '../../src/node/node-host.js';

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
