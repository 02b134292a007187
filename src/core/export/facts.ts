// Reads the few things export needs that the plan leaves out: each Node service's package.json
// scripts (is there a build? a production start?). Read-only, through the host's file system.
import type { FileSystemLike } from '../host.js';
import type { Plan } from '../model.js';
import type { ExportFacts } from './types.js';

export async function gatherFacts(plan: Plan, fs: FileSystemLike): Promise<ExportFacts> {
  const facts: ExportFacts = {};
  for (const service of plan.services) {
    facts[service.name] = {};
    if (service.kind !== 'node') continue;
    const text = await fs.readText(joinPath(plan.root, service.dir, 'package.json'));
    if (text === undefined) continue;
    try {
      const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
      if (typeof scripts === 'object' && scripts !== null) {
        facts[service.name].scripts = Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // A broken package.json was reported by detection; export goes on without its scripts.
    }
  }
  return facts;
}

function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
}
