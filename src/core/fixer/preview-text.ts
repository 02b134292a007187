// What a fix will change, as text for a confirmation (VS Code's modal, the CLI's prompt): the
// changed lines of the file as a small diff, or the command and its folder. Values of secrets
// and passwords inside URLs are masked.
import { maskUrl, maskValue } from '../secrets/index.js';
import type { Fix } from '../model.js';
import type { FixPreview } from './apply-fix.js';

export function previewText(fix: Fix, preview: FixPreview): string[] {
  if (preview.command) return [`runs: ${maskUrl(preview.command)}`];
  if (!preview.file) return [];
  const before = (preview.before ?? '').split('\n');
  const after = (preview.after ?? '').split('\n');
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length - 1;
  let endAfter = after.length - 1;
  while (endBefore >= start && endAfter >= start && before[endBefore] === after[endAfter]) {
    endBefore--;
    endAfter--;
  }
  const mask = (line: string) => maskUrl(fix.kind === 'env' ? line.replace(/^(\s*(?:export\s+)?)(\w+)=(.*)$/, (_m, p: string, n: string, v: string) => `${p}${n}=${maskValue(n, v)}`) : line);
  const isNew = before.length === 1 && before[0] === '';
  return [
    `${preview.file}${isNew ? ' (new file)' : `, line ${start + 1}`}:`,
    ...before.slice(start, endBefore + 1).map((l) => `- ${mask(l)}`),
    ...after.slice(start, endAfter + 1).map((l) => `+ ${mask(l)}`),
  ];
}
