// LLM settings per agent (detection, fixer) and how they are resolved: the user's settings,
// then environment overrides (REPO_RUNNER_LLM_*, REPO_RUNNER_<AGENT>_*), then defaults. The LLM
// is on only when a base URL or an API key is known and some agent has a model. Bad values are
// reported as problems and replaced by the default, never thrown.
import { maskUrl } from '../secrets/index.js';

export type AgentName = 'detection' | 'fixer';

export const AGENTS: readonly AgentName[] = ['detection', 'fixer'];

export interface AgentSettings {
  model?: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  /** Models tried in order when `model` times out, fails or gives an unusable reply. */
  fallbacks: string[];
}

export interface LlmSettings {
  enabled: boolean;
  /** An OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (absent: api.openai.com). */
  baseUrl?: string;
  apiKey?: string;
  /** Azure OpenAI: the `api-version` query; the key then goes in the `api-key` header. */
  azureApiVersion?: string;
  agents: Record<AgentName, AgentSettings>;
}

/** One agent's settings as the user wrote them (VS Code `repoRunner.llm.<agent>.*`): checked here. */
export interface UserAgentSettings {
  model?: unknown;
  temperature?: unknown;
  maxTokens?: unknown;
  timeoutMs?: unknown;
  /** An array of model names, or one comma-separated string. */
  fallbacks?: unknown;
}

/** The user's LLM settings (VS Code `repoRunner.llm.*`); every field optional, values unchecked. */
export interface UserLlmSettings {
  /** `false` turns the LLM off even when it is configured. */
  enabled?: unknown;
  baseUrl?: unknown;
  /** The default model of agents that name none. */
  model?: unknown;
  azureApiVersion?: unknown;
  detection?: UserAgentSettings;
  fixer?: UserAgentSettings;
}

export interface ResolvedLlmSettings {
  settings: LlmSettings;
  /** One sentence per bad or incomplete value, naming the setting or variable. */
  problems: string[];
}

export const DEFAULT_AGENT_SETTINGS: Readonly<Record<AgentName, Readonly<AgentSettings>>> = {
  detection: { temperature: 0, maxTokens: 2048, timeoutMs: 60_000, fallbacks: [] },
  fixer: { temperature: 0.2, maxTokens: 1024, timeoutMs: 30_000, fallbacks: [] },
};

const OPENAI_HOST = 'api.openai.com';

/**
 * Resolves the settings: an environment variable wins over the user's setting of the same
 * thing; an agent's own model wins over the default model (REPO_RUNNER_LLM_MODEL, `model`).
 * The key: REPO_RUNNER_LLM_API_KEY, else `apiKey` (e.g. from the editor's secret storage), else
 * OPENAI_API_KEY, which is only sent to OpenAI itself (never to another base URL).
 */
export function resolveLlmSettings(fromUser: UserLlmSettings | undefined, env: Record<string, string | undefined>, apiKey?: string): ResolvedLlmSettings {
  const user = fromUser ?? {};
  const problems: string[] = [];
  const read = reader(env, problems);

  const baseUrl = read.url('REPO_RUNNER_LLM_BASE_URL', 'llm.baseUrl', user.baseUrl);
  const explicitKey = nonEmpty(env.REPO_RUNNER_LLM_API_KEY) ?? nonEmpty(apiKey);
  const openAiKey = !baseUrl || hostOf(baseUrl) === OPENAI_HOST ? nonEmpty(env.OPENAI_API_KEY) : undefined;
  const key = explicitKey ?? openAiKey;
  const azureApiVersion = read.text('REPO_RUNNER_LLM_AZURE_API_VERSION', 'llm.azureApiVersion', user.azureApiVersion);
  const defaultModel = read.text('REPO_RUNNER_LLM_MODEL', 'llm.model', user.model);

  const agents = {} as Record<AgentName, AgentSettings>;
  for (const agent of AGENTS) agents[agent] = resolveAgent(agent, user[agent] ?? {}, defaultModel, read);

  const hasModel = AGENTS.some((a) => agents[a].model !== undefined);
  const reachable = baseUrl !== undefined || key !== undefined;
  const switchedOff = user.enabled === false;
  if (user.enabled !== undefined && typeof user.enabled !== 'boolean') problems.push(`llm.enabled: ${show(user.enabled)} is not true or false; it is ignored.`);
  if (!switchedOff && hasModel && !reachable) problems.push('LLM assist is off: a model is set but neither a base URL (REPO_RUNNER_LLM_BASE_URL) nor an API key is.');
  if (!switchedOff && !hasModel && (baseUrl !== undefined || explicitKey !== undefined)) problems.push('LLM assist is off: an endpoint or key is set but no model (llm.model or REPO_RUNNER_LLM_MODEL).');

  const settings: LlmSettings = { enabled: !switchedOff && hasModel && reachable, agents };
  if (baseUrl !== undefined) settings.baseUrl = baseUrl;
  if (key !== undefined) settings.apiKey = key;
  if (azureApiVersion !== undefined) settings.azureApiVersion = azureApiVersion;
  return { settings, problems };
}

function resolveAgent(agent: AgentName, user: UserAgentSettings, defaultModel: string | undefined, read: Reader): AgentSettings {
  const prefix = `REPO_RUNNER_${agent.toUpperCase()}_`;
  const at = `llm.${agent}.`;
  const defaults = DEFAULT_AGENT_SETTINGS[agent];
  const model = read.text(`${prefix}MODEL`, `${at}model`, user.model) ?? defaultModel;
  const temperature = read.number(`${prefix}TEMPERATURE`, `${at}temperature`, user.temperature, defaults.temperature, { min: 0, max: 2, integer: false, what: 'a number between 0 and 2' });
  const maxTokens = read.number(`${prefix}MAX_TOKENS`, `${at}maxTokens`, user.maxTokens, defaults.maxTokens, { min: 1, max: 1_000_000, integer: true, what: 'a whole number of at least 1' });
  const timeoutMs = read.number(`${prefix}TIMEOUT_MS`, `${at}timeoutMs`, user.timeoutMs, defaults.timeoutMs, { min: 1, max: 3_600_000, integer: true, what: 'a whole number of milliseconds of at least 1' });
  const fallbacks = read.list(`${prefix}FALLBACKS`, `${at}fallbacks`, user.fallbacks).filter((m) => m !== model);
  return model === undefined ? { temperature, maxTokens, timeoutMs, fallbacks } : { model, temperature, maxTokens, timeoutMs, fallbacks };
}

/** A one-line summary for logs: never the key, the URL's password masked. */
export function describeLlmSettings(settings: LlmSettings): string {
  if (!settings.enabled) return 'LLM assist: off';
  const where = settings.baseUrl ? maskUrl(settings.baseUrl) : `https://${OPENAI_HOST}/v1`;
  const agents = AGENTS.map((a) => {
    const s = settings.agents[a];
    if (!s.model) return `${a}: none`;
    return `${a}: ${s.model}${s.fallbacks.length ? ` (then ${s.fallbacks.join(', ')})` : ''}`;
  });
  return `LLM assist: ${where}${settings.azureApiVersion ? ` (Azure ${settings.azureApiVersion})` : ''}, key ${settings.apiKey ? 'set' : 'not set'}; ${agents.join('; ')}`;
}

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  what: string;
}

interface Reader {
  text(variable: string, setting: string, value: unknown): string | undefined;
  url(variable: string, setting: string, value: unknown): string | undefined;
  number(variable: string, setting: string, value: unknown, fallback: number, rule: NumberRule): number;
  list(variable: string, setting: string, value: unknown): string[];
}

/** Reads one setting from the environment, else from the user's settings, recording problems. */
function reader(env: Record<string, string | undefined>, problems: string[]): Reader {
  /** The first source that has a value, with its name for messages. */
  const pick = (variable: string, setting: string, value: unknown): { label: string; raw: unknown } | undefined => {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv.trim() !== '') return { label: variable, raw: fromEnv.trim() };
    if (value === undefined || value === null || value === '') return undefined;
    return { label: setting, raw: value };
  };
  const text = (picked: { label: string; raw: unknown } | undefined): string | undefined => {
    if (!picked) return undefined;
    if (typeof picked.raw !== 'string') {
      problems.push(`${picked.label}: ${show(picked.raw)} is not a text; it is ignored.`);
      return undefined;
    }
    return nonEmpty(picked.raw);
  };
  return {
    text: (variable, setting, value) => text(pick(variable, setting, value)),
    url(variable, setting, value) {
      const picked = pick(variable, setting, value);
      const url = text(picked);
      if (!picked || url === undefined) return undefined;
      if (!/^https?:$/.test(protocolOf(url) ?? '')) {
        problems.push(`${picked.label}: ${JSON.stringify(maskUrl(url))} is not an http(s) URL; it is ignored.`);
        return undefined;
      }
      return url.replace(/\/+$/, '');
    },
    number(variable, setting, value, fallback, rule) {
      const picked = pick(variable, setting, value);
      if (!picked) return fallback;
      const { label, raw } = picked;
      const parsed = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(parsed) || parsed < rule.min || parsed > rule.max || (rule.integer && !Number.isInteger(parsed))) {
        problems.push(`${label}: ${show(raw)} is not ${rule.what}; using ${fallback}.`);
        return fallback;
      }
      return parsed;
    },
    list(variable, setting, value) {
      const picked = pick(variable, setting, value);
      if (!picked) return [];
      const { label, raw } = picked;
      const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) && raw.every((m) => typeof m === 'string') ? (raw as string[]) : undefined;
      if (!items) {
        problems.push(`${label}: ${show(raw)} is not a list of model names; no fallbacks are used.`);
        return [];
      }
      return [...new Set(items.map((m) => m.trim()).filter((m) => m !== ''))];
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function protocolOf(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
