// A dependency whose `engines` asks for a newer Node than the one installing it: Yarn refuses
// ('The engine "node" is incompatible with this module. Expected version ">=22.22.0"'), and so
// does npm with engine-strict (EBADENGINE, 'Required: {"node":">=22"}'). The repo itself named no
// such Node (detection would have asked for it), so a Node satisfying the dependency is brought,
// put first on the service's PATH, and the install repeated; the log says so. Without one, the
// install's failure stands and the Fixer explains it.
import semver from 'semver';
import type { RunContext, ServiceRuntime } from '../run-context.js';

/** The Node range a dependency's engine check refused this Node for, from the install's output. */
export function nodeFloor(tail: string[]): string | undefined {
  const text = tail.join('\n');
  const yarn = /The engine "node" is incompatible with this module\. Expected version "([^"]+)"/.exec(text)?.[1];
  if (yarn) return yarn;
  if (!/EBADENGINE/.test(text)) return undefined;
  return /Required: \{[^}]*"node":\s*"([^"]+)"/.exec(text)?.[1];
}

/**
 * The oldest release line that meets a range (`>=22` → `>=22.0.0 <23.0.0-0`): the newest Node
 * the registry has may be past what the other dependencies allow (better-sqlite3's engines stop
 * at 25), so the floor's own line is asked for first.
 */
export function floorLine(range: string): string | undefined {
  const least = semver.validRange(range) ? semver.minVersion(range) : null;
  if (!least || least.major === 0) return undefined;
  const line = `>=${least.version} <${least.major + 1}.0.0-0`;
  return semver.subset(line, range) ? line : undefined;
}

/** Puts a Node satisfying `range` first on the service's PATH (of the floor's release line when there is one); false when this host cannot bring one. */
export async function newerNode(ctx: RunContext, service: ServiceRuntime, range: string): Promise<boolean> {
  if (!ctx.host.tools || !ctx.options.provisionTools) return false;
  const tools = ctx.host.tools;
  const ask = (wanted: string) => tools.provide({ tool: 'node', range: wanted }, { signal: ctx.signal }).catch(() => undefined);
  const line = floorLine(range);
  const provided = (line ? await ask(line) : undefined) ?? await ask(range);
  if (!provided) return false;
  service.toolDirs = [provided.binDir, ...service.toolDirs.filter((d) => d !== provided.binDir)];
  ctx.log('warn', `${service.name}: a dependency needs Node ${range}; installing again with Node ${provided.version} (${provided.detail})`);
  return true;
}
