// Database: provisions the databases the plan needs. Detection does not report database
// needs yet, so this phase says so and is skipped.
import type { Phase } from './phase.js';

export const databasePhase: Phase = {
  name: 'database',
  async run() {
    return { status: 'skipped', detail: 'no database needed' };
  },
};
