// The Fixer's fallback for failures no signature explains: resolves the LLM settings when asked
// (so a changed setting or key counts at once), and asks the fixer agent through the OpenAI-
// compatible client. The LLM code loads on first use; with no LLM configured nothing runs.
import type { Failure, FixerContext } from '../core/fixer/failure.js';
import type { UserLlmSettings } from '../core/llm/llm-settings.js';
import type { Finding } from '../core/model.js';

export interface AssistOptions {
  /** The user's settings (the editor's repoRunner.llm.*); the CLI has only the environment. */
  user?: () => UserLlmSettings | undefined;
  /** A key from a secret store; the environment's REPO_RUNNER_LLM_API_KEY wins over it. */
  apiKey?: () => Promise<string | undefined>;
  env?: Record<string, string | undefined>;
  log(level: 'info' | 'warn', line: string): void;
}

export function llmAssist(options: AssistOptions): (failure: Failure, ctx: FixerContext) => Promise<Finding | undefined> {
  return async (failure, ctx) => {
    const { resolveLlmSettings, describeLlmSettings } = await import('../core/llm/llm-settings.js');
    const { settings, problems } = resolveLlmSettings(options.user?.(), options.env ?? process.env, await options.apiKey?.());
    for (const problem of problems) options.log('warn', problem);
    if (!settings.enabled) return undefined;
    const [{ llmDiagnose }, { createOpenAiClient }, { secretsOf }] = await Promise.all([
      import('../core/llm/llm-fixer.js'), import('./openai-client.js'), import('../core/llm/run-secrets.js'),
    ]);
    options.log('info', `asking the LLM about a failure no rule explains (${describeLlmSettings(settings)})`);
    return llmDiagnose(failure, ctx, { client: createOpenAiClient(settings), settings, secrets: secretsOf(failure, ctx), log: (line: string) => options.log('info', line) });
  };
}
