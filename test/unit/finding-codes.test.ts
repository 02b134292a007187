// FindingCode (src/core/finding-codes.ts) lists every code the engine emits; the type checker
// makes sure no finding uses a code missing from it. This checks the other way: no code is
// listed that nothing in src emits any more.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

test('every listed finding code is emitted somewhere in src', () => {
  const listing = join('src', 'core', 'finding-codes.ts');
  const codes = [...new Set([...readFileSync(listing, 'utf8').matchAll(/[|=]\s*'([a-z0-9-]+)'/g)].map((m) => m[1]))];
  assert.ok(codes.length > 50, `expected the list of codes, found ${codes.length}`);
  const text = sources('src').filter((f) => f !== listing).map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.deepEqual(codes.filter((code) => !text.includes(`'${code}'`)), []);
});
