// The Fixer: matches a failure's evidence against the known signatures and returns findings
// with fixes. When nothing matches, the phase's own finding stands, with its evidence.
import type { Finding } from '../model.js';
import type { Failure, FixerContext } from './failure.js';
import { SIGNATURES } from './signatures.js';

export async function diagnose(failure: Failure, ctx: FixerContext): Promise<Finding[]> {
  const text = failure.tail.join('\n');
  for (const signature of SIGNATURES) {
    if (!signature.phases.includes(failure.phase)) continue;
    const match = signature.pattern.exec(text);
    if (!match) continue;
    const diagnosis = await signature.diagnose(match, failure, ctx);
    if (!diagnosis) continue;
    const line = failure.tail.find((l) => signature.pattern.test(l)) ?? match[0];
    return [{
      code: signature.code,
      severity: signature.severity,
      phase: failure.phase,
      service: failure.service?.name,
      evidence: [line, ...(failure.exitCode !== undefined && failure.exitCode !== null ? [`exit code ${failure.exitCode}`] : [])],
      ...diagnosis,
    }];
  }
  return [failure.generic];
}
