// Every catalogue entry is pinned by a fixture of ours: some checked-in plan snapshot has a
// service of that framework. Adding a framework is one catalogue entry plus one fixture.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATALOGUE } from '../../src/core/detect/catalogue/index.js';
import type { Plan } from '../../src/core/model.js';

const SNAPSHOTS = 'test/snapshots';

test('every catalogue entry has a fixture with a plan snapshot', () => {
  const covered = new Map<string, string>();
  for (const file of readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.plan.json'))) {
    const plan = JSON.parse(readFileSync(join(SNAPSHOTS, file), 'utf8')) as Plan;
    for (const service of plan.services) if (!covered.has(service.framework)) covered.set(service.framework, file);
  }
  const ids = [...new Set(CATALOGUE.map((entry) => entry.id))];
  assert.ok(ids.length > 40, 'expected the whole catalogue');
  assert.deepEqual(ids.filter((id) => !covered.has(id)), [], 'these catalogue entries have no fixture: add test/fixtures/<name> and its snapshot');
});

test('every framework in a snapshot is a catalogue entry', () => {
  const ids = new Set<string>(CATALOGUE.map((entry) => entry.id));
  const unknown = readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.plan.json')).flatMap((file) =>
    (JSON.parse(readFileSync(join(SNAPSHOTS, file), 'utf8')) as Plan).services.filter((s) => !ids.has(s.framework)).map((s) => `${file}: ${s.framework}`));
  assert.deepEqual(unknown, []);
});
