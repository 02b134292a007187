// A pinned package that needs a newer Python than the one the venv was made with (pip: "Ignored
// the following versions that require a different python version: 6.0 Requires-Python >=3.12",
// then "No matching distribution found"): when this machine has such a Python (pyenv, Repo
// Runner's tool cache), the venv is made again with it and the install repeated, and the log
// says so. Without one, the install's failure stands and the Fixer explains it.
import type { CommandSpec } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

/** The lowest Python that every version pip skipped for being too new for this one accepts, as a range (`>=3.12`). */
export function pythonFloor(tail: string[]): string | undefined {
  const text = tail.join('\n');
  if (!/No matching distribution found/i.test(text)) return undefined;
  let best: [number, number] | undefined;
  for (const match of text.matchAll(/Requires-Python\s*>=\s*(\d+)\.(\d+)/g)) {
    const found: [number, number] = [Number(match[1]), Number(match[2])];
    if (!best || found[0] > best[0] || (found[0] === best[0] && found[1] > best[1])) best = found;
  }
  return best ? `>=${best[0]}.${best[1]}` : undefined;
}

/**
 * A Python satisfying `range` put first on the service's PATH, and the command that makes its
 * venv again with it; undefined when this host cannot bring one.
 */
export async function newerPython(ctx: RunContext, service: ServiceRuntime, range: string): Promise<{ version: string; remake: CommandSpec } | undefined> {
  if (!ctx.host.tools || !ctx.options.provisionTools) return undefined;
  const provided = await ctx.host.tools.provide({ tool: 'python', range }, { signal: ctx.signal }).catch(() => undefined);
  if (!provided) return undefined;
  service.toolDirs = [provided.binDir, ...service.toolDirs.filter((d) => d !== provided.binDir)];
  ctx.log('warn', `${service.name}: a pinned package needs Python ${range}; making .venv again with Python ${provided.version} (${provided.detail})`);
  return { version: provided.version, remake: { command: 'python3', args: ['-m', 'venv', '--clear', '.venv'], cwd: service.plan.dir } };
}
