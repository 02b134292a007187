// A FAKE OpenAI-compatible HTTP server for tests. No real LLM can run on this machine, so this
// stands in for one: it tests OUR side of the contract (the requests we send, how we handle
// replies, errors, slowness and garbage), not any model's behaviour. It serves
// POST /v1/chat/completions (and /chat/completions) on 127.0.0.1, records every request, and
// answers per model name as the test says.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one model. */
export interface FakeModel {
  /** The assistant message's content (a function sees the request body). */
  reply?: string | ((body: ChatBody) => string);
  /** Waits this long before answering (to trigger the client's timeout). */
  delayMs?: number;
  /** Answers with this HTTP status and an OpenAI-style error body instead. */
  status?: number;
  /** Sends this raw HTTP body instead of a chat completion (malformed envelopes). */
  rawBody?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** Per model name; `*` answers any other model. A function decides per request. */
export type FakeBehaviour = Record<string, FakeModel> | ((body: ChatBody, index: number) => FakeModel | undefined);

export interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: string;
  /** Parsed JSON, when it was JSON. */
  body?: ChatBody;
}

export interface FakeOpenAiServer {
  /** The base URL clients use, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeOpenAiServer(behaviour: FakeBehaviour): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ChatBody | undefined;
      try {
        body = JSON.parse(raw) as ChatBody;
      } catch {
        body = undefined;
      }
      const [path, query = ''] = (req.url ?? '').split('?');
      const index = requests.push({ method: req.method ?? '', path, query, headers: req.headers, raw, body }) - 1;
      if (req.method !== 'POST' || !/^(\/v1)?\/chat\/completions$/.test(path)) return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
      if (!body) return send(res, 400, { error: { message: 'the body is not JSON', type: 'invalid_request_error' } });
      const model = typeof behaviour === 'function' ? behaviour(body, index) : behaviour[body.model ?? ''] ?? behaviour['*'];
      if (!model) return send(res, 404, { error: { message: `The model '${body.model}' does not exist`, type: 'invalid_request_error', code: 'model_not_found' } });
      const answer = () => respond(res, body!, model);
      if (!model.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed && !res.writableEnded) answer();
      }, model.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(res: ServerResponse, body: ChatBody, model: FakeModel): void {
  if (model.status !== undefined) return send(res, model.status, { error: { message: `fake failure for ${body.model}`, type: 'server_error' } });
  if (model.rawBody !== undefined) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(model.rawBody);
    return;
  }
  const content = typeof model.reply === 'function' ? model.reply(body) : model.reply ?? '';
  const promptChars = (body.messages ?? []).reduce((n, m) => n + String(m.content ?? '').length, 0);
  send(res, 200, {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: model.usage ?? { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil(promptChars / 4) + Math.ceil(content.length / 4) },
  });
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}
