// The one place a run asks for help: failures go to the Fixer's signatures, and where none
// explains a failure (or detection found nothing) to the LLM, when one is configured. Whatever
// the LLM suggests is marked as needing the user's yes; every finding is masked before it is kept.
import { formatUrl } from '../database/connection.js';
import { canonicalVariable } from '../database/wiring.js';
import { diagnose } from '../fixer/diagnose.js';
import type { Failure, FixerContext } from '../fixer/failure.js';
import { withFinding } from '../finding-groups.js';
import { maskFinding } from '../secrets/index.js';
import type { Finding, Fix, Plan } from '../model.js';
import { serviceEnv } from '../phases/service-env.js';
import type { RunContext } from '../run-context.js';

export interface Assistants {
  /** Asked when no known signature explains a failure (the LLM's fixer agent). */
  assist?: (failure: Failure, ctx: FixerContext, signal?: AbortSignal) => Promise<Finding | undefined>;
  /** Asked when detection finds nothing to run (the LLM's detection agent). */
  suggest?: (plan: Plan, signal?: AbortSignal) => Promise<Finding | undefined>;
}

export type RerunFix = Extract<Fix, { kind: 'rerun' }>;


export class FixerBridge {
  /** Every finding of the run, masked. */
  readonly findings: Finding[] = [];
  /** What was reported in this run. */
  private readonly reported = new Set<string>();
  /** Automatic fixes applied in this run, so none is applied twice. */
  private readonly applied = new Set<string>();

  constructor(private readonly ctx: RunContext, private readonly assistants: Assistants, private readonly secrets: () => string[]) {}

  /** Reports a finding once a run: the same finding again (another phase, a retry) is not said twice. */
  report(finding: Finding): void {
    const key = [finding.code, finding.service ?? '', finding.file ?? '', finding.range?.startLine ?? '', finding.message].join('|');
    if (this.reported.has(key)) return;
    this.reported.add(key);
    // A graver finding about the same cause (the crash after the warning) takes the warning's place.
    this.findings.splice(0, this.findings.length, ...withFinding(this.findings, maskFinding(finding, this.secrets())));
    this.ctx.emit({ type: 'finding', finding });
  }

  /** Diagnoses failures (signatures first, then the LLM); the services they concern are marked failed. */
  async diagnose(failures: Failure[]): Promise<Finding[]> {
    const ctx = this.ctx;
    const fixer: FixerContext = {
      plan: ctx.plan,
      read: (rel) => ctx.host.fs.readText(`${ctx.root}/${rel}`),
      list: async (rel) => (await ctx.host.fs.list(rel ? `${ctx.root}/${rel}` : ctx.root).catch(() => [])).map((e) => e.name),
      databases: [...ctx.databases.values()].map((db) => ({
        name: db.name, engine: db.need.engine, port: db.port, healthy: db.status === 'healthy',
        url: db.connection ? formatUrl(db.connection) : undefined, variable: canonicalVariable(db.need.engine),
      })),
    };
    const findings: Finding[] = [];
    for (const failure of failures) {
      const service = failure.service && ctx.services.get(failure.service.name);
      if (service && !failure.env) failure.env = serviceEnv(ctx, service);
      const diagnosed = await diagnose(failure, fixer);
      if (diagnosed[0] === failure.generic && this.assistants.assist) {
        const suggested = await this.ask(() => this.assistants.assist!(failure, fixer, ctx.signal));
        if (suggested) diagnosed.push(suggested);
      }
      diagnosed.forEach((f) => this.report(f));
      findings.push(...diagnosed);
      if (service) service.failed = diagnosed[0];
    }
    return findings;
  }

  /** Nothing to run: the detection agent may suggest services (as fixes the user confirms). */
  async suggest(): Promise<void> {
    if (!this.assistants.suggest) return;
    const finding = await this.ask(() => this.assistants.suggest!(this.ctx.plan, this.ctx.signal));
    if (finding) this.report(finding);
  }

  /** The first fix safe to apply by itself that was not tried yet in this run: no fix is applied twice. */
  nextAutoFix(findings: Finding[]): RerunFix | undefined {
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        if (fix.kind !== 'rerun' || !fix.auto) continue;
        const key = `${finding.code}|${fix.service ?? ''}|${fix.from}|${fix.avoidPort ?? ''}`;
        if (this.applied.has(key)) continue;
        this.applied.add(key);
        return fix;
      }
    }
    return undefined;
  }

  /** Asks the LLM; its fixes always wait for the user's yes, and its failure is only logged. */
  private async ask(question: () => Promise<Finding | undefined>): Promise<Finding | undefined> {
    const answer = await question().catch((error: unknown) => {
      this.ctx.log('warn', `the LLM could not help: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    return answer && { ...answer, fixes: answer.fixes.map((f) => ({ ...f, auto: false }) as Fix) };
  }
}
