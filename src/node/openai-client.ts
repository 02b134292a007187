// LlmClient over the `openai` package: one chat completion per request, against OpenAI or any
// OpenAI-compatible server (Ollama, vLLM, LM Studio...) or Azure OpenAI. The package is loaded
// on the first request, so loading this module costs nothing when the LLM is never asked.
// The SDK never retries and never reads OPENAI_* variables: everything comes from LlmSettings.
import type { ClientOptions, OpenAI } from 'openai';
import type { LlmClient, LlmRequest, LlmResponse } from '../core/llm/llm-client.js';
import type { LlmSettings } from '../core/llm/llm-settings.js';

const OPENAI_URL = 'https://api.openai.com/v1';
/** Local servers ignore the key, but the SDK insists on one. */
const NO_KEY = 'not-needed';

export function createOpenAiClient(settings: LlmSettings): LlmClient {
  let client: Promise<OpenAI> | undefined;
  const load = (): Promise<OpenAI> => {
    client ??= import('openai').then((mod) => new (mod.OpenAI ?? mod.default)(clientOptions(settings)));
    client.catch(() => { client = undefined; });
    return client;
  };
  return {
    async complete(request: LlmRequest): Promise<LlmResponse> {
      const sdk = await load();
      let completion: OpenAI.ChatCompletion;
      try {
        completion = await sdk.chat.completions.create(
          {
            model: request.model,
            messages: [{ role: 'system', content: request.system }, { role: 'user', content: request.user }],
            temperature: request.temperature,
            // max_tokens, not max_completion_tokens: the one every OpenAI-compatible server accepts.
            max_tokens: request.maxTokens,
            stream: false,
          },
          // The caller enforces timeoutMs itself; the SDK's limit is a backstop a little later.
          { timeout: request.timeoutMs + 1000, signal: request.signal, maxRetries: 0 },
        );
      } catch (error) {
        throw describe(error, request);
      }
      const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
      const text = choice?.message?.content;
      if (typeof text !== 'string' || text.trim() === '') {
        throw new Error(`${request.model} returned no text${choice?.finish_reason ? ` (finish reason: ${choice.finish_reason})` : ''}`);
      }
      const usage = completion.usage;
      return {
        model: typeof completion.model === 'string' && completion.model ? completion.model : request.model,
        text,
        ...(usage ? { usage: { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 } } : {}),
      };
    },
  };
}

/** The SDK's options: OpenAI-compatible by default; Azure (api-version query, `api-key` header) when azureApiVersion is set or the URL carries it. */
export function clientOptions(settings: LlmSettings): ClientOptions {
  const { url, apiVersion } = splitApiVersion(settings.baseUrl ?? OPENAI_URL);
  const azureVersion = settings.azureApiVersion ?? apiVersion;
  const key = settings.apiKey ?? NO_KEY;
  const options: ClientOptions = {
    apiKey: key,
    baseURL: url,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    logLevel: 'off',
  };
  if (azureVersion) {
    options.defaultQuery = { 'api-version': azureVersion };
    options.defaultHeaders = { 'api-key': key, Authorization: null };
  }
  return options;
}

/** `https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21` → the URL without the query, and the version. */
function splitApiVersion(baseUrl: string): { url: string; apiVersion?: string } {
  try {
    const parsed = new URL(baseUrl);
    const apiVersion = parsed.searchParams.get('api-version') ?? undefined;
    if (!apiVersion) return { url: baseUrl };
    parsed.searchParams.delete('api-version');
    return { url: parsed.toString().replace(/\?$/, '').replace(/\/+$/, ''), apiVersion };
  } catch {
    return { url: baseUrl };
  }
}

/** One short line: HTTP status and the server's message, or the network error; timeouts named as such. */
function describe(error: unknown, request: LlmRequest): Error {
  const e = error as { name?: string; status?: number; message?: string } | undefined;
  if (request.signal?.aborted) {
    const reason: unknown = request.signal.reason;
    return reason instanceof Error ? reason : new Error('cancelled');
  }
  if (e?.name === 'APIConnectionTimeoutError') {
    const timeout = new Error(`no reply within ${request.timeoutMs} ms`);
    timeout.name = 'TimeoutError';
    return timeout;
  }
  const message = (e?.message ?? String(error)).replace(/\s+/g, ' ').trim();
  // The SDK's messages start with the bare status (`500 Internal error`).
  if (typeof e?.status !== 'number') return new Error(message);
  const status = String(e.status);
  return new Error(`HTTP ${status}: ${(message.startsWith(status) ? message.slice(status.length).trim() : message) || 'no message'}`);
}
