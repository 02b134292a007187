// Does an installed version satisfy what the repo asks for? Node ranges are semver
// (engines, .nvmrc); Python ranges are PEP 440 specifiers (requires-python, .python-version).
import semver from 'semver';

export type VersionVerdict = 'ok' | 'mismatch' | 'unknown';

export function satisfies(tool: string, installed: string, range: string | undefined): VersionVerdict {
  if (!range || range.trim() === '' || range === '*') return 'ok';
  return tool === 'python' ? satisfiesPep440(installed, range) : satisfiesSemver(installed, range);
}

function satisfiesSemver(installed: string, range: string): VersionVerdict {
  const version = semver.coerce(installed);
  if (!version) return 'unknown';
  // .nvmrc may say "lts/*" or "node": names we cannot check without a release list.
  if (/^(lts\/|node$|stable$|latest$)/i.test(range.trim())) return 'unknown';
  const valid = semver.validRange(range, { loose: true });
  if (!valid) return 'unknown';
  return semver.satisfies(version, valid, { loose: true, includePrerelease: true }) ? 'ok' : 'mismatch';
}

/** The subset of PEP 440 that real projects use: ==, !=, >=, <=, >, <, ~=, and `.*` wildcards. */
function satisfiesPep440(installed: string, spec: string): VersionVerdict {
  const have = parts(installed);
  if (!have) return 'unknown';
  for (const clause of spec.split(',').map((c) => c.trim()).filter(Boolean)) {
    const match = /^(==|!=|>=|<=|~=|>|<)?\s*([0-9][0-9.]*)(\.\*)?$/.exec(clause);
    if (!match) return 'unknown';
    const [, op = '==', versionText, wildcard] = match;
    const want = parts(versionText)!;
    const cmp = compare(have, want, wildcard ? want.length : undefined);
    const ok =
      op === '==' ? cmp === 0 :
      op === '!=' ? cmp !== 0 :
      op === '>=' ? cmp >= 0 :
      op === '<=' ? cmp <= 0 :
      op === '>' ? cmp > 0 :
      op === '<' ? cmp < 0 :
      /* ~= */ cmp >= 0 && compare(have, want.slice(0, Math.max(1, want.length - 1)), Math.max(1, want.length - 1)) === 0;
    if (!ok) return 'mismatch';
  }
  return 'ok';
}

function parts(version: string): number[] | undefined {
  const match = /(\d+(?:\.\d+)*)/.exec(version);
  return match ? match[1].split('.').map(Number) : undefined;
}

/** Compares the first `length` components (all of `want`'s when undefined), missing ones as 0. */
function compare(have: number[], want: number[], length?: number): number {
  const n = length ?? Math.max(have.length, want.length);
  for (let i = 0; i < n; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}
