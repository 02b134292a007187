// The toolchain version a project of a data-driven stack asks for, and where it says so:
// go.mod's go line, rust-toolchain(.toml), .java-version or the pom's java.version,
// .ruby-version, composer.json's require.php, global.json's sdk.version.
import type { Evidence } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';
import type { StackEntry } from './stacks.js';

export async function stackVersionRequirement(files: RepoFiles, dir: string, entry: StackEntry, manifest: string, text: string): Promise<{ range: string; evidence: Evidence } | undefined> {
  const fromFile = async (name: string, pattern: RegExp, toRange: (v: string) => string, what: string) => {
    const file = joinRel(dir, name);
    const content = name === manifest.split('/').pop() ? text : await files.read(file);
    const match = content === undefined ? null : pattern.exec(content);
    if (!match) return undefined;
    return { range: toRange(match[1]), evidence: { file, line: lineOf(content!, match[0].trim().split('\n')[0]), reason: `${what} asks for ${match[1]}` } };
  };
  switch (entry.kind) {
    case 'go':
      return fromFile('go.mod', /^go\s+(\d+\.\d+(?:\.\d+)?)/m, (v) => `>=${v}`, 'go.mod');
    case 'rust':
      return (await fromFile('rust-toolchain.toml', /channel\s*=\s*"(\d+\.\d+(?:\.\d+)?)"/, (v) => `>=${v}`, 'rust-toolchain.toml'))
        ?? fromFile('rust-toolchain', /^(\d+\.\d+(?:\.\d+)?)/m, (v) => `>=${v}`, 'rust-toolchain');
    case 'java':
      return (await fromFile('.java-version', /^(\d+)/m, (v) => `>=${v}`, '.java-version'))
        ?? fromFile('pom.xml', /<java\.version>\s*(\d+)\s*</, (v) => `>=${v}`, 'pom.xml');
    case 'ruby':
      return fromFile('.ruby-version', /^(?:ruby-)?(\d+\.\d+(?:\.\d+)?)/m, (v) => `~${v}`, '.ruby-version');
    case 'php':
      return fromFile('composer.json', /"php"\s*:\s*"([^"]+)"/, (v) => v, 'composer.json');
    case 'dotnet':
      return fromFile('global.json', /"version"\s*:\s*"(\d+\.\d+\.\d+)"/, (v) => `>=${v}`, 'global.json');
    default:
      return undefined;
  }
}
