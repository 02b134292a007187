// Database: provisions the databases the plan needs. Provisioning is not built yet: a need
// found (e.g. a postgres image in docker-compose.yml) is reported with what to do by hand,
// and the run goes on (the app reports its own connection error if it needs the database).
import type { Finding } from '../model.js';
import type { Phase } from './phase.js';

export const databasePhase: Phase = {
  name: 'database',
  async run(ctx) {
    const needs = ctx.plan.databases;
    if (needs.length === 0) return { status: 'skipped', detail: 'no database needed' };
    const findings: Finding[] = needs.map((need) => ({
      code: 'database-not-provisioned', severity: 'warning', phase: 'database', file: need.evidence.file,
      range: need.evidence.line ? { startLine: need.evidence.line } : undefined, evidence: [need.evidence.reason], fixes: [],
      message: `This repo needs ${need.engine}${need.version ? ` ${need.version}` : ''} ("${need.name}"); Repo Runner does not provision databases yet, so start one yourself and point the app at it.`,
    }));
    return { status: 'skipped', findings, detail: `needs ${needs.map((n) => n.engine).join(', ')}: not provisioned yet` };
  },
};
