// "Reset database": deletes one database's data folder, after the caller asked the user. Any
// server of it an earlier run left behind (recognised by its run marker) is stopped first.
// Only Repo Runner's own folders can be deleted; the repo's files are never touched.
import { Checkpoint } from '../checkpoint.js';
import type { Host } from '../host.js';
import type { Plan } from '../model.js';

export interface ResetResult {
  name: string;
  dir: string;
  existed: boolean;
}

export async function resetDatabase(host: Host, plan: Plan, name: string): Promise<ResetResult> {
  const need = plan.databases.find((d) => d.name === name);
  if (!need) {
    const known = plan.databases.map((d) => d.name);
    throw new Error(`this repo has no database named "${name}"${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  const dir = host.databases.dataDir(plan.root, name);
  const checkpoint = new Checkpoint(plan.root, host.fs);
  await checkpoint.load();
  for (const record of checkpoint.state.processes.filter((p) => p.service === `database:${name}`)) await host.processes.reap(record.pid, record.marker);
  const existed = await host.fs.exists(dir);
  if (existed) await host.databases.removeDataDir(dir);
  return { name, dir, existed };
}
