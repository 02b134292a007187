// `repo-runner doctor`: which toolchains this machine has, and how to get the missing ones.
import { TOOLCHAINS, type Host, type ToolName } from '../core/index.js';
import { style } from './style.js';

export async function doctor(probe: Host['toolchains'], write: (line: string) => void, json: boolean): Promise<number> {
  const found = await Promise.all((Object.keys(TOOLCHAINS) as ToolName[]).map(async (tool) => {
    const { command, versionArgs, hint } = TOOLCHAINS[tool];
    return { tool, command, version: await probe.version(command, versionArgs), hint };
  }));
  if (json) {
    write(JSON.stringify(found.map(({ tool, command, version }) => ({ tool, command, version: version ?? null }))));
    return 0;
  }
  for (const t of found) {
    write(t.version ? `${style.green('✓')} ${t.tool.padEnd(8)} ${t.version}` : `${style.dim('-')} ${t.tool.padEnd(8)} ${style.dim(`not found: ${t.hint}`)}`);
  }
  return 0;
}
