// `repo-runner doctor`: which toolchains this machine has, and how to get the missing ones.
import { createToolchainProbe } from '../node/toolchains.js';
import { style } from './style.js';

const TOOLS: [label: string, command: string, hint: string][] = [
  ['node', 'node', 'https://nodejs.org'],
  ['npm', 'npm', 'ships with Node.js'],
  ['yarn', 'yarn', 'corepack enable'],
  ['pnpm', 'pnpm', 'corepack enable'],
  ['python', 'python3', 'apt-get install python3 python3-venv'],
  ['go', 'go', 'https://go.dev/doc/install'],
  ['cargo', 'cargo', 'https://rustup.rs'],
  ['java', 'java', 'apt-get install default-jdk'],
  ['maven', 'mvn', 'apt-get install maven'],
];

export async function doctor(write: (line: string) => void, json: boolean): Promise<number> {
  const probe = createToolchainProbe();
  const found = await Promise.all(TOOLS.map(async ([label, command, hint]) => ({ tool: label, command, version: await probe.version(command), hint })));
  if (json) {
    write(JSON.stringify(found.map(({ tool, command, version }) => ({ tool, command, version: version ?? null }))));
    return 0;
  }
  for (const t of found) {
    write(t.version ? `${style.green('✓')} ${t.tool.padEnd(8)} ${t.version}` : `${style.dim('-')} ${t.tool.padEnd(8)} ${style.dim(`not found (${t.hint})`)}`);
  }
  return 0;
}
