// The engine's view of an LLM: one chat completion (system + user message → text), and the
// loop that tries an agent's model and then its fallbacks in order, each under its own time
// limit, logging one line per attempt (model, outcome, latency, tokens). src/node implements
// LlmClient; the engine never knows which SDK or server is behind it.
import type { AgentName, LlmSettings } from './llm-settings.js';
import { maskSecrets } from '../secrets/index.js';

export interface LlmRequest {
  agent: AgentName;
  model: string;
  system: string;
  user: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmResponse {
  /** The model that answered, as the server names it. */
  model: string;
  text: string;
  usage?: LlmUsage;
}

export interface LlmClient {
  /** Rejects on any error (HTTP, network, timeout, abort); never retries by itself. */
  complete(request: LlmRequest): Promise<LlmResponse>;
}

export interface LlmMessages {
  system: string;
  user: string;
}

export type AttemptOutcome = 'ok' | 'timeout' | 'error' | 'rejected' | 'cancelled';

export interface LlmAttempt {
  model: string;
  outcome: AttemptOutcome;
  latencyMs: number;
  usage?: LlmUsage;
  /** Why it did not count, for every outcome but `ok`. */
  reason?: string;
}

/** What the caller makes of a reply: a value, or why the reply is unusable (the next model is tried). */
export type ReplyCheck<T> = { ok: true; value: T } | { ok: false; error: string };

export type LlmResult<T> =
  | { ok: true; value: T; response: LlmResponse; attempts: LlmAttempt[] }
  | { ok: false; reasons: string[]; attempts: LlmAttempt[] };

export interface FallbackOptions<T> {
  /** Cancels the current attempt and skips the rest. */
  signal?: AbortSignal;
  /** Checks a reply; a rejected reply moves on to the next model like an error does. */
  check?: (response: LlmResponse) => ReplyCheck<T> | Promise<ReplyCheck<T>>;
  /** Milliseconds now; tests may pin it. */
  now?: () => number;
}

/** The models to try, in order: the agent's model, then its fallbacks, each once. */
export function modelsOf(settings: LlmSettings, agent: AgentName): string[] {
  const s = settings.agents[agent];
  return [...new Set([...(s.model ? [s.model] : []), ...s.fallbacks])];
}

/**
 * Asks the agent's model, then each fallback in order, until one gives a reply `check` accepts.
 * Errors and timeouts never escape: the result says which attempts failed and why.
 */
export async function completeWithFallbacks<T = LlmResponse>(
  client: LlmClient,
  settings: LlmSettings,
  agent: AgentName,
  messages: LlmMessages,
  log: (line: string) => void,
  options: FallbackOptions<T> = {},
): Promise<LlmResult<T>> {
  const agentSettings = settings.agents[agent];
  const models = modelsOf(settings, agent);
  const now = options.now ?? Date.now;
  const attempts: LlmAttempt[] = [];
  const check = options.check ?? ((response: LlmResponse): ReplyCheck<T> => ({ ok: true, value: response as unknown as T }));
  const hide = (text: string) => oneLine(maskSecrets(text, settings.apiKey ? [settings.apiKey] : []));
  if (models.length === 0) return { ok: false, reasons: [`no model is configured for the ${agent} agent`], attempts };

  for (const model of models) {
    if (options.signal?.aborted) {
      attempts.push({ model, outcome: 'cancelled', latencyMs: 0, reason: 'cancelled before it started' });
      break;
    }
    const started = now();
    let attempt: LlmAttempt;
    let accepted: { value: T; response: LlmResponse } | undefined;
    try {
      const response = await withTimeout(
        (signal) => client.complete({ agent, model, system: messages.system, user: messages.user, temperature: agentSettings.temperature, maxTokens: agentSettings.maxTokens, timeoutMs: agentSettings.timeoutMs, signal }),
        agentSettings.timeoutMs,
        options.signal,
      );
      const latencyMs = now() - started;
      const checked = await check(response);
      if (checked.ok) {
        attempt = { model, outcome: 'ok', latencyMs, usage: response.usage };
        accepted = { value: checked.value, response };
      } else {
        attempt = { model, outcome: 'rejected', latencyMs, usage: response.usage, reason: hide(checked.error) };
      }
    } catch (error) {
      const latencyMs = now() - started;
      if (error instanceof LlmTimeout || (error instanceof Error && error.name === 'TimeoutError')) attempt = { model, outcome: 'timeout', latencyMs, reason: `no reply within ${agentSettings.timeoutMs} ms` };
      else if (options.signal?.aborted) attempt = { model, outcome: 'cancelled', latencyMs, reason: 'cancelled' };
      else attempt = { model, outcome: 'error', latencyMs, reason: hide(error instanceof Error ? error.message : String(error)) };
    }
    attempts.push(attempt);
    log(formatAttempt(agent, attempt));
    if (accepted) return { ok: true, ...accepted, attempts };
    if (attempt.outcome === 'cancelled') break;
  }
  return { ok: false, reasons: attempts.map((a) => `${a.model}: ${a.outcome}${a.reason ? ` (${a.reason})` : ''}`), attempts };
}

/** `llm fixer: gpt-4o-mini ok in 812 ms, tokens 1532+87` — one line per attempt. */
export function formatAttempt(agent: AgentName, attempt: LlmAttempt): string {
  const tokens = attempt.usage ? `tokens ${attempt.usage.promptTokens}+${attempt.usage.completionTokens}` : 'tokens n/a';
  const why = attempt.reason ? `: ${attempt.reason}` : '';
  return `llm ${agent}: ${attempt.model} ${attempt.outcome} in ${Math.round(attempt.latencyMs)} ms, ${tokens}${why}`;
}

class LlmTimeout extends Error {
  constructor(ms: number) {
    super(`no reply within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Runs `call` with a signal that aborts after `ms` or when `outer` aborts; gives up waiting at that moment even if the call ignores its signal. */
async function withTimeout<R>(call: (signal: AbortSignal) => Promise<R>, ms: number, outer?: AbortSignal): Promise<R> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new LlmTimeout(ms);
      reject(error);
      controller.abort(error);
    }, ms);
    onAbort = () => {
      const error = new Error('cancelled');
      reject(error);
      controller.abort(error);
    };
    outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([call(controller.signal), stopped]);
  } catch (error) {
    // The call may notice the abort first and reject with its own error: the timeout is the cause.
    throw controller.signal.reason instanceof LlmTimeout ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
