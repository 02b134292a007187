// The Fixer's fallback for failures no signature explains: resolves the LLM settings when asked
// (so a changed setting or key counts at once), and asks the fixer agent through the OpenAI-
// compatible client. The LLM code loads on first use; with no LLM configured nothing runs.
import type { Failure, FixerContext } from '../core/fixer/failure.js';
import type { UserLlmSettings } from '../core/llm/llm-settings.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, Plan } from '../core/model.js';

export interface AssistOptions {
  /** The user's settings (the editor's repoRunner.llm.*); the CLI has only the environment. */
  user?: () => UserLlmSettings | undefined;
  /** A key from a secret store; the environment's REPO_RUNNER_LLM_API_KEY wins over it. */
  apiKey?: () => Promise<string | undefined>;
  env?: Record<string, string | undefined>;
  log(level: 'info' | 'warn', line: string): void;
}

export function llmAssist(options: AssistOptions): (failure: Failure, ctx: FixerContext, signal?: AbortSignal) => Promise<Finding | undefined> {
  return async (failure, ctx, signal) => {
    const { resolveLlmSettings, describeLlmSettings } = await import('../core/llm/llm-settings.js');
    const { settings, problems } = resolveLlmSettings(options.user?.(), options.env ?? process.env, await options.apiKey?.());
    for (const problem of problems) options.log('warn', problem);
    if (!settings.enabled) return undefined;
    const [{ llmDiagnose }, { createOpenAiClient }, { secretsOf }] = await Promise.all([
      import('../core/llm/llm-fixer.js'), import('./openai-client.js'), import('../core/secrets/index.js'),
    ]);
    options.log('info', `asking the LLM about a failure no rule explains (${describeLlmSettings(settings)})`);
    return llmDiagnose(failure, ctx, { client: createOpenAiClient(settings), settings, secrets: secretsOf(failure, ctx), signal, log: (line: string) => options.log('info', line) });
  };
}

/** The detection agent's suggestion when the rules found nothing to run. */
export function llmSuggest(options: AssistOptions): (plan: Plan, signal?: AbortSignal) => Promise<Finding | undefined> {
  return async (plan, signal) => {
    const { resolveLlmSettings } = await import('../core/llm/llm-settings.js');
    const { settings } = resolveLlmSettings(options.user?.(), options.env ?? process.env, await options.apiKey?.());
    if (!settings.enabled || !settings.agents.detection.model) return undefined;
    const [{ llmSuggestServices }, { createOpenAiClient }] = await Promise.all([import('../core/llm/detection-agent.js'), import('./openai-client.js')]);
    options.log('info', 'nothing to run by the rules: asking the LLM\'s detection agent');
    const files = await listFiles(plan.root);
    const read = (rel: string) => readFile(join(plan.root, rel), 'utf8').catch(() => undefined);
    return llmSuggestServices({ files, read }, { client: createOpenAiClient(settings), settings, secrets: [], signal, log: (line) => options.log('info', line) });
  };
}

const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', 'target', 'dist', 'build', '.repo-runner', '__pycache__']);

/** Up to 300 files, breadth first, three levels deep, without dependency and build folders. */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  let level = [''];
  for (let depth = 0; depth < 3 && level.length > 0 && files.length < 300; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory() && !SKIP.has(entry.name)) next.push(rel);
        else if (entry.isFile()) files.push(rel);
      }
    }
    level = next;
  }
  return files.slice(0, 300).sort();
}
