// The local API's routes: one table (docs/dashboard-api.openapi.yaml documents exactly these;
// a test compares the two), each a handler from the request to a JSON answer. Reads come from
// the journal's state (the same events the tree and the CLI fold) and the live session; every
// action is written to the audit log, and a fix is applied only with `confirm: true`.
import { auditAction, previewFix, previewText, PHASES, type Finding, type PhaseName, type RunStateView } from '../../core/index.js';
import type { DashboardTarget } from './dashboard-target.js';
import type { EventJournal } from './event-journal.js';
import type { MetricsSampler } from './metrics-sampler.js';
import type { TelemetryStore } from './telemetry-store.js';
import { DEBUGGABLE_KINDS } from '../../core/debug/debug-launch.js';

export interface ApiContext {
  target: DashboardTarget;
  journal: EventJournal;
  metrics: MetricsSampler;
  telemetry: TelemetryStore;
}

export interface ApiRequest {
  params: Record<string, string>;
  url: URL;
  body: Record<string, unknown>;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

type Handler = (ctx: ApiContext, request: ApiRequest) => Promise<ApiAnswer> | ApiAnswer;

export interface Route {
  method: 'GET' | 'POST';
  /** OpenAPI-style template: `{name}` is a path parameter. */
  path: string;
  handler: Handler;
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const problem = (status: number, message: string, extra: Record<string, unknown> = {}): ApiAnswer => ({ status, body: { error: message, ...extra } });

/** Each service as the dashboard shows it: the folded state plus what only the live run knows. */
export function serviceViews(ctx: ApiContext): unknown[] {
  const state = ctx.journal.snapshot;
  const live = new Map((ctx.target.session()?.services ?? []).map((s) => [s.name, s]));
  const now = ctx.target.host.now();
  return state.services.map((view) => {
    const runtime = live.get(view.name);
    const plan = state.plan?.services.find((s) => s.name === view.name);
    const running = runtime?.running ?? false;
    return {
      ...view,
      kind: plan?.kind, framework: plan?.framework, dir: plan?.dir, health: plan?.health, debuggable: plan !== undefined && DEBUGGABLE_KINDS.has(plan.kind),
      pid: running ? runtime?.process?.pid : undefined,
      startedAt: running ? runtime?.startedAt : undefined,
      uptimeMs: running && runtime?.startedAt !== undefined ? now - runtime.startedAt : undefined,
      restarts: runtime?.restarts ?? 0,
      healthLatencyMs: running ? runtime?.healthLatencyMs : undefined,
      metrics: ctx.metrics.latest(view.name),
    };
  });
}

function phaseViews(state: RunStateView): unknown[] {
  return state.phases.map((phase) => ({ ...phase, findings: state.findings.filter((f) => f.phase === phase.name) }));
}

async function audited(ctx: ApiContext, action: string, target: string | undefined, run: () => Promise<boolean>): Promise<ApiAnswer> {
  let done = false;
  let detail: string | undefined;
  try {
    done = await run();
  } catch (error) {
    detail = error instanceof Error ? error.message : String(error);
  }
  await auditAction(ctx.target.host.fs, ctx.target.root, { action, target, by: 'dashboard', ok: done, detail }, () => ctx.target.host.now());
  return done ? ok({ ok: true }) : problem(409, detail ?? `${action} ${target ?? ''} could not be done now`.trim());
}

function serviceAction(action: 'restart' | 'stop' | 'start'): Handler {
  return (ctx, { params }) => {
    const session = ctx.target.session();
    if (!session) return problem(409, 'no run is under way');
    if (!session.services.some((s) => s.name === params.name)) return problem(404, `no service named "${params.name}"`);
    const run = { restart: () => session.restartService(params.name), stop: () => session.stopService(params.name), start: () => session.startService(params.name) }[action];
    return audited(ctx, `${action}-service`, params.name, run);
  };
}

function findingAt(ctx: ApiContext, params: Record<string, string>): { finding: Finding; index: number } | undefined {
  const index = Number(params.finding);
  const finding = Number.isInteger(index) ? ctx.journal.snapshot.findings[index] : undefined;
  return finding ? { finding, index } : undefined;
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/state', handler: (ctx) => ok({ lastId: ctx.journal.lastId, generation: ctx.journal.generation, state: ctx.journal.snapshot, services: serviceViews(ctx) }) },
  { method: 'GET', path: '/api/services', handler: (ctx) => ok(serviceViews(ctx)) },
  { method: 'GET', path: '/api/databases', handler: (ctx) => ok(ctx.journal.snapshot.databases) },
  { method: 'GET', path: '/api/phases', handler: (ctx) => ok(phaseViews(ctx.journal.snapshot)) },
  { method: 'GET', path: '/api/findings', handler: (ctx) => ok(ctx.journal.snapshot.findings) },
  { method: 'GET', path: '/api/environment', handler: (ctx) => ok(ctx.journal.snapshot.env) },
  { method: 'GET', path: '/api/plan', handler: (ctx) => (ctx.journal.snapshot.plan ? ok(ctx.journal.snapshot.plan) : problem(404, 'no plan yet')) },
  { method: 'GET', path: '/api/metrics', handler: (ctx) => ok(ctx.metrics.all()) },
  { method: 'GET', path: '/api/history', handler: (ctx) => ok(ctx.target.session()?.history ?? []) },
  {
    method: 'GET', path: '/api/logs', handler: (ctx, { url }) => {
      const after = url.searchParams.get('after');
      const limit = url.searchParams.get('limit');
      return ok(ctx.journal.logLines({ service: url.searchParams.get('service') ?? undefined, after: after ? Number(after) : undefined, limit: limit ? Number(limit) : undefined }));
    },
  },
  {
    method: 'GET', path: '/api/telemetry', handler: (ctx, { url }) => {
      const service = url.searchParams.get('service');
      const mine = <T extends { service: string }>(items: T[]) => (service ? items.filter((i) => i.service === service) : items).slice(-500);
      return ok({ spans: mine(ctx.telemetry.spans), logs: mine(ctx.telemetry.logs) });
    },
  },
  // The OTLP/HTTP receiver (JSON encoding), where services with an SDK send what they record.
  { method: 'POST', path: '/v1/traces', handler: (ctx, { body }) => (ctx.telemetry.addTraces(body), ok({ partialSuccess: {} })) },
  { method: 'POST', path: '/v1/logs', handler: (ctx, { body }) => (ctx.telemetry.addLogs(body), ok({ partialSuccess: {} })) },
  { method: 'POST', path: '/v1/metrics', handler: () => ok({ partialSuccess: {} }) },
  { method: 'POST', path: '/api/services/{name}/restart', handler: serviceAction('restart') },
  { method: 'POST', path: '/api/services/{name}/stop', handler: serviceAction('stop') },
  { method: 'POST', path: '/api/services/{name}/start', handler: serviceAction('start') },
  {
    method: 'POST', path: '/api/phases/{phase}/rerun', handler: (ctx, { params }) => {
      const session = ctx.target.session();
      if (!session) return problem(409, 'no run is under way');
      const phase = params.phase as PhaseName;
      if (!PHASES.includes(phase) || phase === 'detect') return problem(400, `"${params.phase}" is not a phase that can run again (detection needs a new run)`);
      return audited(ctx, 'rerun-phase', phase, async () => {
        void session.rerunFrom(phase);
        return true;
      });
    },
  },
  {
    method: 'GET', path: '/api/findings/{finding}/fixes/{fix}/preview', handler: async (ctx, { params }) => {
      const found = findingAt(ctx, params);
      const fix = found?.finding.fixes[Number(params.fix)];
      if (!found || !fix) return problem(404, 'no such finding or fix (the run may have moved on)');
      const preview = await previewFix(fix, { root: ctx.target.root, fs: ctx.target.host.fs });
      return ok({ title: fix.title, kind: fix.kind, llm: found.finding.code.startsWith('llm-'), needsValue: fix.kind === 'env' && fix.value === undefined, preview: previewText(fix, preview) });
    },
  },
  {
    method: 'POST', path: '/api/findings/{finding}/fixes/{fix}/apply', handler: async (ctx, { params, body }) => {
      const found = findingAt(ctx, params);
      const fix = found?.finding.fixes[Number(params.fix)];
      if (!found || !fix) return problem(404, 'no such finding or fix (the run may have moved on)');
      if (body.code !== undefined && body.code !== found.finding.code) return problem(409, 'the findings changed since the page was drawn; look again');
      // Every fix, and above all an LLM's, needs a person's explicit yes: the page asks, then sends confirm: true.
      if (body.confirm !== true) {
        const preview = await previewFix(fix, { root: ctx.target.root, fs: ctx.target.host.fs });
        return problem(428, 'confirm the fix: send {"confirm": true} after showing the preview', { preview: previewText(fix, preview) });
      }
      const value = typeof body.value === 'string' && body.value !== '' ? body.value : undefined;
      if (fix.kind === 'env' && fix.value === undefined && value === undefined) return problem(400, `${fix.name} needs a value: send {"value": "…"}`);
      let message = '';
      const answer = await audited(ctx, 'apply-fix', `${found.finding.code}: ${fix.title}`, async () => {
        const outcome = await ctx.target.applyFix(found.finding, fix, value);
        message = outcome.message;
        if (!outcome.ok) throw new Error(outcome.message);
        return true;
      });
      return answer.status === 200 ? ok({ ok: true, message }) : answer;
    },
  },
];

/** The route and its parameters for a method and path, if any. */
export function matchRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const name = want[i].match(/^\{(\w+)\}$/)?.[1];
    if (name) {
      try {
        params[name] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}
