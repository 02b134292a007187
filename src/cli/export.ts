// `repo-runner export --to compose|kubernetes|devcontainer`: detects the plan, generates the
// files and writes them; an existing file with other content stops it unless --force.
import { randomBytes } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { DEFAULT_OUT_DIR, EXPORT_BUILDERS, EXPORT_TARGETS, detectPlan, exportPlan, gatherFacts, writeExport, type ExportBuilder, type ExportTarget, type Host } from '../core/index.js';

export interface ExportFlags {
  to?: string;
  out?: string;
  force: boolean;
  helm: boolean;
  builder?: string;
  json: boolean;
}

export const EXPORT_USAGE = `  export [folder] --to compose|kubernetes|devcontainer [--out DIR] [--force] [--helm] [--builder railpack|buildpacks]
                    write the plan as a compose file, Kubernetes manifests (a Helm chart with --helm) or a
                    devcontainer, with a Dockerfile per service; nothing is overwritten without --force`;

export async function exportCommand(host: Host, root: string, flags: ExportFlags, write: (line: string) => void, fail: (code: number, message: string) => number): Promise<number> {
  if (!flags.to || !(EXPORT_TARGETS as readonly string[]).includes(flags.to)) return fail(64, `export needs --to ${EXPORT_TARGETS.join('|')}`);
  if (flags.builder !== undefined && !(EXPORT_BUILDERS as readonly string[]).includes(flags.builder)) return fail(64, `--builder takes ${EXPORT_BUILDERS.join(', ')}, not "${flags.builder}"`);
  if (flags.helm && flags.to !== 'kubernetes') return fail(64, '--helm goes with --to kubernetes');
  const target = flags.to as ExportTarget;
  const outDir = flags.out === undefined ? DEFAULT_OUT_DIR[target] : relative(root, resolve(root, flags.out)).split('\\').join('/');
  if (outDir.startsWith('..')) return fail(64, `--out must be inside the repo (${root})`);
  const plan = await detectPlan(root, host.fs);
  const facts = await gatherFacts(plan, host.fs);
  const result = exportPlan(plan, facts, { target, outDir, helm: flags.helm, builder: flags.builder as ExportBuilder | undefined, newSecret: () => randomBytes(24).toString('base64url') });
  if (result.files.length === 0) return fail(2, result.notes.join(' '));
  const outcome = await writeExport(result.files, root, host.fs, { force: flags.force });
  if (flags.json) {
    write(JSON.stringify({ ...outcome, notes: result.notes }, null, 2));
    return outcome.conflicts.length > 0 && !flags.force ? 1 : 0;
  }
  if (outcome.conflicts.length > 0 && !flags.force) {
    return fail(1, `these files exist with other content; nothing was written (add --force to overwrite them):\n${outcome.conflicts.map((f) => `  ${f}`).join('\n')}`);
  }
  for (const file of outcome.written) write(`wrote      ${file}`);
  for (const file of outcome.unchanged) write(`unchanged  ${file}`);
  for (const file of outcome.kept) write(`kept       ${file} (its secrets stay; --force makes new ones)`);
  for (const note of result.notes) write(`note: ${note}`);
  const secrets = result.files.filter((f) => f.secret).length;
  if (secrets > 0) write(`Secrets are in the secrets/*.env files (git-ignored); commit the rest after review.`);
  return 0;
}
