// The dashboard's local server: the page, the JSON API, the event stream (and, later, OTLP),
// on 127.0.0.1 and a free port, behind the run's random token. Its owner (the CLI's run, or
// the editor's folder) publishes the run's events into it and disposes it with the run.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LOOPBACK, type RunEvent } from '../../core/index.js';
import { matchRoute, serviceViews, type ApiContext } from './api-routes.js';
import type { DashboardTarget } from './dashboard-target.js';
import { EventJournal } from './event-journal.js';
import { EventStreams, type StreamSnapshot } from './event-stream.js';
import { MetricsSampler } from './metrics-sampler.js';
import { checkRequest, newToken } from './request-guard.js';
import { TelemetryStore } from './telemetry-store.js';
import { findAssetsDir, serveAsset } from './static-assets.js';

const MAX_BODY = 64 * 1024;
/** An OTLP batch of spans or logs may be larger. */
const MAX_OTLP_BODY = 8 * 1024 * 1024;

export interface DashboardOptions {
  target: DashboardTarget;
  /** Where the page's files are (media/dashboard); found from the bundle's folder when absent. */
  assetsDir?: string;
  /** A fixed port (tests); a free one when absent. */
  port?: number;
  /** Milliseconds between metric samples. */
  sampleMs?: number;
}

export class DashboardServer {
  readonly token = newToken();
  readonly journal = new EventJournal();
  /** Traces and logs services sent to the OTLP receiver. */
  readonly telemetry = new TelemetryStore();
  readonly metrics: MetricsSampler;
  private readonly streams: EventStreams;
  private readonly server: Server;
  private readonly assetsDir: string | undefined;
  private readonly api: ApiContext;
  private port = 0;
  private readonly resetListeners = new Set<() => void>();

  private constructor(options: DashboardOptions) {
    this.assetsDir = options.assetsDir ?? findAssetsDir();
    this.metrics = new MetricsSampler(
      () => (options.target.session()?.services ?? []).map((s) => ({ name: s.name, pid: s.running ? s.process?.pid : undefined })),
      { intervalMs: options.sampleMs ?? 3_000, keep: 100 },
    );
    this.api = { target: options.target, journal: this.journal, metrics: this.metrics, telemetry: this.telemetry };
    this.streams = new EventStreams(this.journal, () => this.snapshot());
    this.server = createServer((request, response) => void this.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }));
  }

  /** Starts a server on loopback; resolves once it listens. */
  static async start(options: DashboardOptions): Promise<DashboardServer> {
    const dashboard = new DashboardServer(options);
    await new Promise<void>((resolve, reject) => {
      dashboard.server.once('error', reject);
      dashboard.server.listen(options.port ?? 0, LOOPBACK, () => resolve());
    });
    const address = dashboard.server.address();
    dashboard.port = typeof address === 'object' && address ? address.port : 0;
    dashboard.metrics.start();
    return dashboard;
  }

  /** The address without the token. */
  get origin(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  /** Where services with an OpenTelemetry SDK send traces and logs (give it to the engine's `telemetry` option). */
  get telemetryTarget(): { endpoint: string; token: string } {
    return { endpoint: this.origin, token: this.token };
  }

  /** The URL to open: the token in `?t=` (exchanged for a cookie on the first request). */
  get url(): string {
    return `${this.origin}/?t=${this.token}`;
  }

  /** Clients connected to the event stream now. */
  get streamClients(): number {
    return this.streams.count;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** One event of the run, in the order the engine emitted it. */
  publish(event: RunEvent): void {
    this.journal.publish(event);
  }

  /** A new run starts in the same place (the editor's Run again): clients get its fresh state. */
  newRun(): void {
    this.journal.reset();
    this.telemetry.clear();
    this.streams.resetAll();
    for (const listener of this.resetListeners) listener();
  }

  /** Called when a new run replaces the state (the editor's webview then asks for the snapshot again). */
  onNewRun(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** What a client that comes late gets first: the state, the live service views, and the id of the last event in it. */
  snapshot(): StreamSnapshot {
    return { lastId: this.journal.lastId, generation: this.journal.generation, state: this.journal.snapshot, services: serviceViews(this.api) };
  }

  async dispose(): Promise<void> {
    this.metrics.dispose();
    this.streams.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const verdict = checkRequest({ method: request.method ?? 'GET', url, headers: request.headers }, this.port, this.token);
    if (!verdict.ok) {
      request.resume();
      return void json(response, verdict.status, { error: verdict.reason });
    }
    if (verdict.setCookie) response.setHeader('Set-Cookie', verdict.setCookie);
    const method = request.method ?? 'GET';
    // The page's address without the token: it stays out of the history and of Referer headers.
    if (method === 'GET' && url.pathname === '/' && url.searchParams.has('t')) {
      return void response.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' }).end();
    }
    if (method === 'GET' && url.pathname === '/') return serveAsset(response, this.assetsDir, 'index.html');
    if (method === 'GET' && url.pathname.startsWith('/assets/')) return serveAsset(response, this.assetsDir, url.pathname.slice('/assets/'.length));
    if (method === 'GET' && url.pathname === '/api/events') return this.streams.open(request, response, url);
    const match = matchRoute(method, url.pathname);
    if (!match) return void json(response, 404, { error: `no route ${method} ${url.pathname}` });
    if ('allowed' in match) {
      response.setHeader('Allow', match.allowed.join(', '));
      return void json(response, 405, { error: `${method} is not allowed here` });
    }
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      const limit = url.pathname.startsWith('/v1/') ? MAX_OTLP_BODY : MAX_BODY;
      const read = await readBody(request, limit);
      if (read === undefined) return void json(response, 400, { error: `the body must be a JSON object of at most ${limit} bytes` });
      body = read;
    }
    const answer = await match.route.handler(this.api, { params: match.params, url, body });
    json(response, answer.status, answer.body);
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage, max: number): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
