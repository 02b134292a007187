// Export in tests: a fixture's plan exported with a named fake secret generator (real secrets
// are random; these are numbered so snapshots are stable and each value is findable).
import { join } from 'node:path';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { exportPlan, type ExportResult } from '../../src/core/export/export-plan.js';
import { gatherFacts } from '../../src/core/export/facts.js';
import { DEFAULT_OUT_DIR, type ExportOptions, type ExportTarget } from '../../src/core/export/types.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from './fixtures.js';

export function fakeSecrets(): (name: string) => string {
  let n = 0;
  return (name) => `FAKE-SECRET-${++n}-${name}`;
}

export async function exportFixture(fixture: string, target: ExportTarget, options: Partial<ExportOptions> = {}): Promise<ExportResult> {
  const plan = await detectPlan(join(FIXTURES, fixture), nodeFileSystem);
  return exportPlan(plan, await gatherFacts(plan, nodeFileSystem), { target, outDir: DEFAULT_OUT_DIR[target], newSecret: fakeSecrets(), ...options });
}

export function fileOf(result: ExportResult, path: string): string {
  const file = result.files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${result.files.map((f) => f.path).join(', ')}`);
  return file.content;
}
