// `repo-runner doctor`: which toolchains this machine has, how to get the missing ones, and the
// tools Repo Runner keeps in its own cache.
import { TOOLCHAINS, type Host, type ToolName } from '../core/index.js';
import { style } from './style.js';

export async function doctor(host: Host, write: (line: string) => void, json: boolean): Promise<number> {
  const found = await Promise.all((Object.keys(TOOLCHAINS) as ToolName[]).map(async (tool) => {
    const { command, versionArgs, hint } = TOOLCHAINS[tool];
    return { tool, command, version: await host.toolchains.version(command, versionArgs), hint };
  }));
  const cached = (await host.tools?.cached()) ?? [];
  if (json) {
    write(JSON.stringify({
      toolchains: found.map(({ tool, command, version }) => ({ tool, command, version: version ?? null })),
      cached: cached.map(({ tool, version, dir, bytes }) => ({ tool, version, dir, bytes })),
    }));
    return 0;
  }
  for (const t of found) {
    write(t.version ? `${style.green('✓')} ${t.tool.padEnd(8)} ${t.version}` : `${style.dim('-')} ${t.tool.padEnd(8)} ${style.dim(`not found: ${t.hint}`)}`);
  }
  write('');
  if (cached.length === 0) write(style.dim('Repo Runner\'s tool cache is empty (it fills when a repo pins a package manager or runtime this machine lacks).'));
  else {
    write(`Repo Runner's tool cache (${cached.length}; \`repo-runner clear-tools\` empties it):`);
    for (const t of cached) write(`  ${t.tool.padEnd(8)} ${t.version.padEnd(10)} ${(t.bytes / 1048576).toFixed(1).padStart(6)} MiB  ${style.dim(t.dir)}`);
  }
  return 0;
}
