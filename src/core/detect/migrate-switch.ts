// Apps that migrate their own schema when a switch says so (`RUN_MIGRATIONS=1`, `AUTO_MIGRATE`):
// with a fresh database and the switch off they stop at once ("the database schema is not up to
// date"). When the repo plans no migration command of its own, the switch is turned on for the
// run, in the form the code compares it with ("1" or "true").
import type { Evidence, ServicePlan } from '../model.js';
import type { RepoFiles } from './repo-files.js';
import { codeFilesOf, codeText } from './env-needs.js';

const SWITCHES = ['RUN_MIGRATIONS', 'RUN_MIGRATIONS_ON_STARTUP', 'AUTO_MIGRATE', 'AUTOMIGRATE', 'DB_AUTO_MIGRATE', 'DB_AUTOMIGRATE', 'DATABASE_AUTO_MIGRATE', 'MIGRATE_ON_START', 'MIGRATE_ON_STARTUP'];
const LITERAL = new RegExp(`["'\`](${SWITCHES.join('|')})["'\`]|\\benv\\.(${SWITCHES.join('|')})\\b`);

/** The switch the code reads and the value that turns it on, or undefined. */
export async function migrateSwitch(files: RepoFiles, service: ServicePlan): Promise<{ name: string; value: string; evidence: Evidence } | undefined> {
  for (const file of await codeFilesOf(files, service.dir)) {
    const text = await codeText(files, file);
    const match = text && LITERAL.exec(text);
    if (!text || !match) continue;
    // The comparison near the read says which value counts as on: `=== "1"` wants 1, anything else "true".
    const near = text.slice(match.index, match.index + 200);
    const value = /[=!]==?\s*["'`]1["'`]|["'`]1["'`]\s*[=!]==?/.test(near) && !/true/i.test(near) ? '1' : 'true';
    const line = text.slice(0, match.index).split('\n').length;
    const name = match[1] ?? match[2];
    return { name, value, evidence: { file, line, reason: `the app migrates its schema at start when ${name} is on: set to ${value} for this run` } };
  }
  return undefined;
}
