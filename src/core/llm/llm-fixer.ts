// The LLM assist of the Fixer, asked only when no known signature explains a failure: builds
// the prompt (secrets masked), asks the fixer agent's model and then its fallbacks, and keeps
// the first reply that passes the schema and whose edits fit the files they name. Nothing is
// asked when the LLM is not configured. Its fixes are never applied without the user's yes.
import type { Failure, FixerContext } from '../fixer/failure.js';
import type { Finding } from '../model.js';
import { parseLlmFinding } from './finding-schema.js';
import { buildFixerPrompt } from './fixer-prompt.js';
import type { LlmClient, ReplyCheck } from './llm-client.js';
import { completeWithFallbacks } from './llm-client.js';
import type { LlmSettings } from './llm-settings.js';
import { secretsOfEnv } from '../secrets/index.js';

export interface LlmFixerDeps {
  client: LlmClient;
  settings: LlmSettings;
  /** Secret values of the run (database passwords, generated secrets, keys): never sent. */
  secrets: readonly string[];
  log(line: string): void;
  /** Cancels the request in flight (the run was stopped). */
  signal?: AbortSignal;
}

/** A finding suggested by the LLM, or undefined (not configured, no model answered usefully). */
export async function llmDiagnose(failure: Failure, ctx: FixerContext, deps: LlmFixerDeps): Promise<Finding | undefined> {
  const { settings } = deps;
  if (!settings.enabled || !settings.agents.fixer.model) return undefined;
  const secrets = [...deps.secrets, ...secretsOfEnv(failure.env), ...(settings.apiKey ? [settings.apiKey] : [])];
  const prompt = await buildFixerPrompt(failure, ctx, secrets);
  const service = failure.service;

  const result = await completeWithFallbacks(deps.client, settings, 'fixer', prompt, deps.log, {
    signal: deps.signal,
    check: async (response): Promise<ReplyCheck<Finding>> => {
      const parsed = parseLlmFinding(response.text, {
        phase: failure.phase, service: service?.name, serviceDir: service?.dir, envFile: service?.envFile, model: response.model,
      });
      if (!parsed.ok) return parsed;
      const misfit = await editsMisfit(parsed.finding, ctx);
      return misfit ? { ok: false, error: misfit } : { ok: true, value: parsed.finding };
    },
  });
  if (!result.ok) {
    deps.log(`llm fixer: no usable suggestion (${result.reasons.join('; ')})`);
    return undefined;
  }
  const finding = result.value;
  if (failure.exitCode !== undefined && failure.exitCode !== null) finding.excerpt.push(`exit code ${failure.exitCode}`);
  // The schema already sets it; kept here too because this is the line the whole design rests on.
  finding.fixes = finding.fixes.map((fix) => ({ ...fix, auto: false }) as typeof fix);
  return finding;
}

/** Why an edit cannot apply to the file as it is (a line past its end, a missing file), or undefined. */
async function editsMisfit(finding: Finding, ctx: FixerContext): Promise<string | undefined> {
  for (const fix of finding.fixes) {
    if (fix.kind !== 'edit') continue;
    const text = await ctx.read(fix.file).catch(() => undefined);
    const count = text === undefined ? 0 : text.split('\n').length;
    for (const edit of fix.edits) {
      if (text === undefined && (edit.remove > 0 || edit.line > 1)) return `${fix.file} does not exist, so line ${edit.line} cannot be changed`;
      if (edit.line > count + 1 || edit.line + edit.remove - 1 > count) return `${fix.file} has ${count} lines; an edit at line ${edit.line} removing ${edit.remove} does not fit`;
    }
  }
  return undefined;
}
