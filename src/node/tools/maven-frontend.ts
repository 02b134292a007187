// frontend-maven-plugin (JHipster, and many Spring apps with a web front end) downloads Node from
// nodejs.org before the build, unless Maven's local repository already holds it:
// com/github/eirslett/node/<v>/node-<v>-<os>-<arch>.tar.gz, an archive of
// node-v<v>-<os>-<arch>/bin/node (with lib/node_modules/npm when the pom leaves npm "provided").
// Where nodejs.org cannot be reached, the Node the npm registry serves (already provided to the
// run) is put there in that shape, so the plugin's build goes on as it would with the download.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProvidedTool } from '../../core/host.js';
import { homeOf, runChild, type Env, type ProvideOptions } from './common.js';
import { companionNpm, nodePackage } from './npm-tools.js';

/** The archive the plugin looks for, in the local repository under `home`. */
export function mavenNodeArchive(home: string, version: string, platform = nodePackage()): string | undefined {
  const classifier = platform?.replace(/^node-/, '');
  return classifier ? join(home, '.m2', 'repository', 'com', 'github', 'eirslett', 'node', version, `node-${version}-${classifier}.tar.gz`) : undefined;
}

/** Makes the archive from the provided Node (and npm, when `npm` is "provided"), unless it is there already; returns its path. */
export async function placeForMavenFrontend(node: ProvidedTool, npm: string, env: Env, options: Pick<ProvideOptions, 'onLine' | 'signal'> = {}): Promise<string> {
  const archive = mavenNodeArchive(homeOf(env), node.version);
  if (!archive) throw new Error(`frontend-maven-plugin has no Node archive for ${process.platform}-${process.arch}`);
  if (await fs.stat(archive).then(() => true, () => false)) return archive;
  const top = `node-v${node.version}-${nodePackage()!.replace(/^node-/, '')}`;
  // The Node folder: bin/node's parent (the registry package), whose include/ and share/ go too.
  const root = dirname(dirname(await fs.realpath(join(node.binDir, 'node'))));
  const stage = await fs.mkdtemp(join(tmpdir(), 'rr-maven-node-'));
  try {
    const dest = join(stage, top);
    await fs.mkdir(join(dest, 'lib', 'node_modules'), { recursive: true });
    for (const entry of await fs.readdir(root)) if (entry !== 'lib' && entry !== 'package.json') await fs.symlink(join(root, entry), join(dest, entry));
    if (npm === 'provided') {
      const major = companionNpm(node.version) ?? '11';
      options.onLine?.(`frontend-maven-plugin takes npm from the Node archive: adding npm ${major} from the npm registry`);
      const packed = await runChild('npm', ['pack', `npm@${major}`, '--silent', '--pack-destination', stage], { env, cwd: stage, signal: options.signal });
      const file = packed.stdout.trim().split('\n').pop();
      if (packed.exitCode !== 0 || !file) throw new Error(`npm pack npm@${major} failed: ${packed.spawnError ?? packed.lines.slice(-2).join(' ')}`);
      await fs.mkdir(join(dest, 'lib', 'node_modules', 'npm'));
      const unpacked = await runChild('tar', ['-xzf', join(stage, file), '-C', join(dest, 'lib', 'node_modules', 'npm'), '--strip-components=1'], { env, signal: options.signal });
      if (unpacked.exitCode !== 0) throw new Error(`unpacking npm failed: ${unpacked.lines.slice(-2).join(' ')}`);
    }
    await fs.mkdir(dirname(archive), { recursive: true });
    const partial = `${archive}.${process.pid}.partial`;
    // -h: the links to the cached Node are archived as the files they point at.
    const packed = await runChild('tar', ['-czhf', partial, '-C', stage, top], { env, signal: options.signal });
    if (packed.exitCode !== 0) {
      await fs.rm(partial, { force: true });
      throw new Error(`making ${archive} failed: ${packed.spawnError ?? packed.lines.slice(-2).join(' ')}`);
    }
    await fs.rename(partial, archive);
    options.onLine?.(`Node ${node.version} placed where frontend-maven-plugin looks for it: ${archive}`);
    return archive;
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}
