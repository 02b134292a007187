// The state of a run as a user interface shows it, folded from the engine's events: each
// phase's status, duration and stopping finding; each service's health, port and URL; each
// database's status and source; the environment each service got.
// Pure: the tree view, the status bar and tests all read the same picture.
import { withFinding } from './finding-groups.js';
import { PHASES, type DatabaseState, type EnvValue, type Finding, type PhaseName, type PhaseStatus, type Plan, type RunEvent, type RunOutcome, type ServiceStatus } from './model.js';

export interface PhaseView {
  name: PhaseName;
  status: PhaseStatus;
  durationMs?: number;
  detail?: string;
  finding?: Finding;
}

export interface ServiceView {
  name: string;
  status: ServiceStatus;
  port?: number;
  url?: string;
  detail?: string;
}

export interface RunStateView {
  plan?: Plan;
  phases: PhaseView[];
  services: ServiceView[];
  findings: Finding[];
  databases: DatabaseState[];
  /** Per service: its dotenv file and every variable it gets, with where each came from (masked). */
  env: Record<string, { file: string; variables: EnvValue[] }>;
  outcome?: RunOutcome;
  /** True from the first event until the pipeline settles. */
  busy: boolean;
}

export function emptyRunState(): RunStateView {
  return { phases: PHASES.map((name) => ({ name, status: 'pending' })), services: [], findings: [], databases: [], env: {}, busy: false };
}

export function applyEvent(state: RunStateView, event: RunEvent): RunStateView {
  switch (event.type) {
    case 'plan':
      return {
        ...state, plan: event.plan,
        services: event.plan.services.map((s) => state.services.find((v) => v.name === s.name) ?? { name: s.name, status: 'pending' }),
      };
    case 'phase':
      return {
        ...state, busy: state.busy || event.status === 'running',
        phases: state.phases.map((p) => (p.name === event.phase
          ? { name: p.name, status: event.status, durationMs: event.durationMs, detail: event.detail, finding: event.finding }
          : p)),
        // A phase that runs again starts without the findings of its last attempt.
        findings: event.status === 'running' ? state.findings.filter((f) => f.phase !== event.phase) : state.findings,
      };
    case 'service': {
      const next: ServiceView = { name: event.service, status: event.status, port: event.port, url: event.url, detail: event.detail };
      const known = state.services.some((s) => s.name === event.service);
      return { ...state, services: known ? state.services.map((s) => (s.name === event.service ? next : s)) : [...state.services, next] };
    }
    case 'database': {
      const known = state.databases.some((d) => d.name === event.database.name);
      return { ...state, databases: known ? state.databases.map((d) => (d.name === event.database.name ? event.database : d)) : [...state.databases, event.database] };
    }
    case 'env':
      return { ...state, env: { ...state.env, [event.service]: { file: event.file, variables: event.variables } } };
    case 'finding':
      return { ...state, findings: withFinding(state.findings, event.finding) };
    case 'run':
      return event.status === 'stopped' ? { ...state, busy: false } : { ...state, outcome: event.status, busy: false };
    default:
      return state;
  }
}

/** Healthy services out of all, for a status line. */
export function healthCount(state: RunStateView): { healthy: number; total: number; failing: number } {
  const healthy = state.services.filter((s) => s.status === 'healthy').length;
  const failing = state.services.filter((s) => s.status === 'crashed' || s.status === 'unhealthy').length;
  // A job that finished has nothing to answer: it counts neither way.
  const total = state.services.filter((s) => s.status !== 'completed').length;
  return { healthy, total, failing };
}
