// Installed JDKs are found from their folders and release files (here, IntelliJ's ~/.jdks in a
// made-up home), and the oldest one that fits the project's Java is chosen.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromInstalledJdks } from '../../src/node/tools/jdks.js';

function home(jdks: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-jdks-'));
  for (const [name, version] of Object.entries(jdks)) {
    mkdirSync(join(dir, '.jdks', name, 'bin'), { recursive: true });
    writeFileSync(join(dir, '.jdks', name, 'bin', 'javac'), '');
    writeFileSync(join(dir, '.jdks', name, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${version}"\n`);
  }
  mkdirSync(join(dir, '.jdks', 'a-jre-only'), { recursive: true });
  writeFileSync(join(dir, '.jdks', 'a-jre-only', 'release'), 'JAVA_VERSION="23.0.1"\n');
  return dir;
}

test('the oldest installed JDK that satisfies the range; a JRE (no javac) is not a JDK; none: what was found', async (t) => {
  const dir = home({ 'corretto-21.0.4': '21.0.4', 'temurin-22': '22.0.2', 'zulu-11': '11.0.24' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const found = await fromInstalledJdks('>=21', { HOME: dir });
  assert.equal(found.provided?.version, '21.0.4');
  assert.equal(found.provided?.binDir, join(dir, '.jdks', 'corretto-21.0.4', 'bin'));
  assert.ok(!found.jdks.some((j) => j.version === '23.0.1'), 'a folder without javac is not a JDK');
  const none = await fromInstalledJdks('>=99', { HOME: dir });
  assert.equal(none.provided, undefined);
  assert.ok(['11.0.24', '21.0.4', '22.0.2'].every((v) => none.jdks.some((j) => j.version === v)));
});
