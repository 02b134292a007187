// `repo-runner detect [folder] [--json]`: the plan, without running anything. Shared by the full
// CLI and the fast entry (entry.ts), which loads only detection for this command.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectPlan, type FileSystemLike } from '../core/detection.js';
import { renderPlan } from './render-plan.js';

export const EXIT = { ok: 0, failed: 1, nothingToRun: 2, usage: 64, noInput: 66, interrupted: 130 } as const;

export async function detectCommand(folder: string, json: boolean, fs: FileSystemLike, write: (line: string) => void): Promise<number> {
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    process.stderr.write(`repo-runner: no such folder: ${root}\n`);
    return EXIT.noInput;
  }
  const plan = await detectPlan(root, fs);
  write(json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
  return plan.nothingToRun ? EXIT.nothingToRun : EXIT.ok;
}
