// The Fixer: matches a failure's output against the known signatures and returns findings
// with fixes. When nothing matches, the phase's own finding stands, with its excerpt.
import type { Finding } from '../model.js';
import type { Failure, FixerContext } from './failure.js';
import type { Signature } from './signature.js';
import { SIGNATURES } from './signatures/index.js';

/** Phase findings that already name the root cause: what the tool printed about it is a consequence. */
const ROOT_CAUSES = new Set(['dependency-host-unreachable']);

export async function diagnose(failure: Failure, ctx: FixerContext, signatures: readonly Signature[] = SIGNATURES): Promise<Finding[]> {
  if (ROOT_CAUSES.has(failure.generic.code)) return [failure.generic];
  const text = failure.tail.join('\n');
  for (const signature of signatures) {
    if (!applies(signature, failure)) continue;
    const match = signature.pattern.exec(text);
    if (!match) continue;
    const diagnosis = await signature.diagnose(match, failure, ctx);
    if (!diagnosis) continue;
    const { excerpt, ...rest } = diagnosis;
    const line = (failure.tail[text.slice(0, match.index).split('\n').length - 1] ?? match[0]).trim();
    const exit = failure.exitCode !== undefined && failure.exitCode !== null ? [`exit code ${failure.exitCode}`] : [];
    return [{
      code: signature.code,
      severity: signature.severity ?? 'error',
      phase: failure.phase,
      service: failure.service?.name,
      excerpt: [...(excerpt ?? (line ? [line] : [])), ...exit],
      ...rest,
    }];
  }
  return [failure.generic];
}

function applies(signature: Signature, failure: Failure): boolean {
  if (!signature.phases.includes(failure.phase)) return false;
  if (signature.kinds && (!failure.service || !signature.kinds.includes(failure.service.kind))) return false;
  return !signature.when || signature.when(failure);
}
