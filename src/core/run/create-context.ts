// The context every phase of a run shares: the plan, the live state of services and databases,
// the host, the checkpoint, and the ways to report (each one an event).
import { Checkpoint } from '../checkpoint.js';
import type { CommandResult, Host } from '../host.js';
import type { RunEvent } from '../model.js';
import { DEFAULT_OPTIONS, type DatabaseRuntime, type EngineOptions, type RunContext, type ServiceRuntime } from '../run-context.js';

export interface ContextParts {
  root: string;
  host: Host;
  options?: Partial<EngineOptions>;
  signal: AbortSignal;
  marker: string;
  emit(event: RunEvent): void;
  serviceExited(service: ServiceRuntime, result: CommandResult): void;
  databaseExited(database: DatabaseRuntime): void;
}

export function createRunContext({ root, host, options, signal, marker, emit, serviceExited, databaseExited }: ContextParts): RunContext {
  return {
    root, host, emit, signal, marker, serviceExited, databaseExited,
    options: { ...DEFAULT_OPTIONS, ...options },
    checkpoint: new Checkpoint(root, host.fs),
    plan: { root, services: [], databases: [], env: [], requirements: [], findings: [] },
    services: new Map(),
    databases: new Map(),
    avoidPorts: new Set(),
    log: (level, message) => emit({ type: 'log', level, message }),
    setStatus: (service, status, extra) => {
      service.status = status;
      if (status === 'healthy') service.everHealthy = true;
      emit({ type: 'service', service: service.name, status, port: service.port, url: service.url, ...extra });
    },
    setDatabase: (database, status, detail) => {
      database.status = status;
      emit({ type: 'database', database: database.state(detail) });
    },
  };
}
