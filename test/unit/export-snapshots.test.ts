// One snapshot of every export per fixture (compose, Kubernetes with Helm, devcontainer): a change
// in what export writes shows up as a diff in review. UPDATE_SNAPSHOTS=1 accepts a change.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFixture } from '../helpers/export.js';

const DIR = 'test/snapshots/export';
export const EXPORT_FIXTURES = ['express-postgres', 'flask-redis', 'go-gin', 'spring-boot-maven', 'two-service', 'npm-workspaces', 'compose-postgres-redis'];

for (const fixture of EXPORT_FIXTURES) {
  for (const target of ['compose', 'kubernetes', 'devcontainer'] as const) {
    test(`export snapshot: ${fixture} → ${target}`, async () => {
      const result = await exportFixture(fixture, target, { helm: target === 'kubernetes' });
      const actual = [...result.files.map((f) => `===== ${f.path} (${f.mode}${f.secret ? ', secret' : ''})\n${f.content}`), `===== notes\n${result.notes.join('\n')}\n`].join('\n');
      const file = join(DIR, `${fixture}.${target}.txt`);
      if (process.env.UPDATE_SNAPSHOTS) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      assert.ok(existsSync(file), `no snapshot yet: run UPDATE_SNAPSHOTS=1 and review ${file}`);
      assert.equal(actual, readFileSync(file, 'utf8'), `${fixture} → ${target} changed; if intended, run UPDATE_SNAPSHOTS=1`);
    });
  }
}
