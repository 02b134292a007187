// Paths relative to the repo root, as compose and kustomize want them: from one folder to another.

/** `./to` as seen from `from` (both relative to the repo root): `../../apps/api`, `.`. */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common)];
  if (parts.length === 0) return '.';
  return parts[0] === '..' ? parts.join('/') : `./${parts.join('/')}`;
}
