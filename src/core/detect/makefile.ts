// A Makefile target named run, dev, serve or start: the fallback when nothing else in a folder
// says how to start it (the lowest-ranked evidence).
import type { ServicePlan } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const TARGETS = ['dev', 'run', 'serve', 'start'];

export async function detectMakeTarget(files: RepoFiles, dir: string, name: string): Promise<ServicePlan | undefined> {
  const file = joinRel(dir, 'Makefile');
  const text = await files.read(file);
  if (text === undefined) return undefined;
  const target = TARGETS.find((t) => new RegExp(`^${t}\\s*:(?!=)`, 'm').test(text));
  if (!target) return undefined;
  return {
    name, kind: 'custom', framework: 'make', dir, install: [],
    start: { command: 'make', args: [target], cwd: dir }, port: { env: 'PORT', preferred: 8080 }, health: { kind: 'tcp' },
    links: [], manifests: [file],
    evidence: [{ file, line: lineOf(text, new RegExp(`^${target}\\s*:`)), reason: `Makefile target "${target}" (nothing else here says how to start)` }],
  };
}
