// Installed toolchain versions, from `<tool> --version` (or the tool's own way), asked once per tool.
import { execa } from 'execa';
import type { ToolchainProbe } from '../core/host.js';

export function createToolchainProbe(env: Record<string, string | undefined> = process.env): ToolchainProbe {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    version(tool, versionArgs = ['--version']) {
      let found = cache.get(tool);
      if (!found) {
        found = probe(tool, versionArgs, env);
        cache.set(tool, found);
      }
      return found;
    },
  };
}

async function probe(tool: string, versionArgs: string[], env: Record<string, string | undefined>): Promise<string | undefined> {
  try {
    const result = await execa(tool, versionArgs, { env, extendEnv: false, timeout: 10_000, reject: false, stdin: 'ignore' });
    if (result.exitCode !== 0) return undefined;
    return /(\d+\.\d+(?:\.\d+)?)/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
  } catch {
    return undefined;
  }
}
