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

/** The Node version the engine check refused, from the install's output (Yarn's `Got "20.20.2"`, npm's `Actual: {"node":"v20.20.2"`). */
export function refusedNode(tail: string[]): string | undefined {
  const text = tail.join('\n');
  return (/Expected version "[^"]+"\. Got "v?([\d.]+)"/.exec(text) ?? /Actual:\s*\{[^}]*"node":\s*"v?([\d.]+)"/.exec(text))?.[1];
}

/**
 * The oldest release line above the refused Node that meets a range (`>=22` → `>=22.0.0 <23.0.0-0`):
 * the newest Node the registry has may be past what the other dependencies allow (better-sqlite3's
 * engines stop at 25), so the floor's own line is asked for first; never one older than the Node
 * that was refused (`^18.17 || >=20.5` refusing 20.3 is 20.5, not 18).
 */
export function floorLine(range: string, refused?: string): string | undefined {
  if (!semver.validRange(range)) return undefined;
  // The least version of each alternative above the refused one (an alternative wholly below it has none).
  const floors = range.split('||').map((part) => {
    const above = refused && semver.valid(refused) ? `${part.trim()} >${refused}` : part.trim();
    try {
      return semver.validRange(above) ? semver.minVersion(above) : null;
    } catch {
      return null;
    }
  }).filter((v): v is semver.SemVer => v !== null && (!refused || !semver.valid(refused) || semver.gt(v, refused)));
  const least = floors.sort(semver.compare)[0];
  if (!least || least.major === 0) return undefined;
  const line = `>=${least.version} <${least.major + 1}.0.0-0`;
  return semver.subset(line, range) ? line : undefined;
}

/** Puts a Node satisfying `range` first on the service's PATH (of the floor's release line when there is one); false when this host cannot bring one. */
export async function newerNode(ctx: RunContext, service: ServiceRuntime, range: string, refused?: string): Promise<boolean> {
  if (!ctx.host.tools || !ctx.options.provisionTools) return false;
  const tools = ctx.host.tools;
  const ask = (wanted: string) => tools.provide({ tool: 'node', range: wanted }, { signal: ctx.signal }).catch(() => undefined);
  const line = floorLine(range, refused);
  const provided = (line ? await ask(line) : undefined) ?? await ask(range);
  if (!provided) return false;
  service.toolDirs = [provided.binDir, ...service.toolDirs.filter((d) => d !== provided.binDir)];
  ctx.log('warn', `${service.name}: a dependency needs Node ${range}; installing again with Node ${provided.version} (${provided.detail})`);
  return true;
}
