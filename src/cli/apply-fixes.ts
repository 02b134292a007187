// `repo-runner run --fix`: after a failed pass, offers each error's preferred fix, applies the
// ones the user accepts (with --yes every rule-based one; an LLM's never unread), and retries the failed phase; a few rounds at
// most, and never the same fix twice.
import { auditedLauncher, applyFix, previewFix, previewText, type Finding, type Fix, type RunOutcome, type RunSession, type Host } from '../core/index.js';

const MAX_ROUNDS = 3;

export async function fixAndRetry(session: RunSession, host: Host, options: { yes: boolean; ask(question: string): Promise<string>; write(line: string): void }): Promise<RunOutcome> {
  let outcome: RunOutcome = 'failed';
  const tried = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const candidates: { finding: Finding; fix: Fix }[] = [];
    for (const finding of session.findings.filter((f) => f.severity === 'error')) {
      const fix = await firstUseful(finding, session, host, options.yes, tried);
      if (fix) candidates.push({ finding, fix });
    }
    if (candidates.length === 0) return outcome;
    let applied = 0;
    for (const { finding, fix } of candidates) {
      tried.add(key(finding, fix.title));
      if (options.yes && fix.kind === 'env' && fix.value === undefined) {
        options.write(`  skipped: ${fix.title} (needs a value you must give)`);
        continue;
      }
      // An LLM's suggestion is applied only after a person read it: --yes does not cover it.
      if (options.yes && isLlmFinding(finding)) {
        options.write(`  skipped: ${fix.title} (suggested by the LLM; run without --yes to review it)`);
        continue;
      }
      const preview = await previewFix(fix, { root: session.root, fs: host.fs }).catch((error: unknown) => ({ command: `(${String(error)})` }));
      options.write(`\n${finding.message}\n  fix: ${fix.title}`);
      for (const line of previewText(fix, preview)) options.write(`    ${line}`);
      let value: string | undefined;
      if (!options.yes) {
        if (fix.kind === 'env' && fix.value === undefined) {
          value = (await options.ask(`  value of ${fix.name} (empty to skip): `)).trim() || undefined;
          if (value === undefined) continue;
        } else if (!/^y(es)?$/i.test((await options.ask('  apply it? [y/N] ')).trim())) continue;
      }
      const result = await applyFix(fix, { root: session.root, fs: host.fs, processes: auditedLauncher(host.processes, host.fs, session.root), env: host.env as Record<string, string>, onLine: (l) => options.write(`  │ ${l}`) }, value);
      options.write(`  ${result.ok ? '✓' : '✗'} ${result.message}`);
      if (result.ok) applied++;
    }
    if (applied === 0) return outcome;
    options.write('\nRunning the failed phase again…');
    outcome = await session.retry();
    if (outcome !== 'failed') return outcome;
  }
  return outcome;
}

/**
 * The finding's first fix that moves the run forward and was not tried: never one that changes
 * nothing (an edit or a setting already in place), and with --yes never a bare "run it again",
 * which would fail the same way until a person does what it says.
 */
async function firstUseful(finding: Finding, session: RunSession, host: Host, yes: boolean, tried: Set<string>): Promise<Fix | undefined> {
  for (const fix of finding.fixes) {
    if (fix.auto || tried.has(key(finding, fix.title))) continue;
    if (fix.kind === 'rerun' && yes) continue;
    if (fix.kind === 'edit' || fix.kind === 'setting' || (fix.kind === 'env' && fix.value !== undefined)) {
      const preview = await previewFix(fix, { root: session.root, fs: host.fs }).catch(() => undefined);
      if (preview && preview.before === preview.after) continue;
    }
    return fix;
  }
  return undefined;
}

function isLlmFinding(finding: Finding): boolean {
  return finding.code.startsWith('llm-');
}

function key(finding: Finding, title: string): string {
  return `${finding.code}|${finding.service ?? ''}|${title}`;
}
