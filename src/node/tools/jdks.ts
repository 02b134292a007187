// JDKs already installed on the machine (Debian's and vendors' packages in /usr/lib/jvm, SDKMAN,
// IntelliJ's ~/.jdks, asdf, mise), found from their folders and `release` files without running
// anything. No registry here serves JDKs: a project that asks for a newer Java than the default
// `java` gets the oldest installed JDK that fits (its JAVA_HOME and bin/ first on the PATH).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ProvidedTool } from '../../core/host.js';
import { satisfies } from '../../core/requirements/versions.js';
import { compareParts, homeOf, numericParts, type Env } from './common.js';

export interface Jdk {
  version: string;
  home: string;
}

function roots(env: Env): string[] {
  const home = homeOf(env);
  return [
    '/usr/lib/jvm',
    join(env.SDKMAN_DIR || join(home, '.sdkman'), 'candidates', 'java'),
    join(home, '.jdks'),
    join(env.ASDF_DATA_DIR || join(home, '.asdf'), 'installs', 'java'),
    join(env.MISE_DATA_DIR || join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'mise'), 'installs', 'java'),
  ];
}

/** Every JDK found (a folder with bin/java and a release file naming JAVA_VERSION), each real folder once. */
export async function installedJdks(env: Env): Promise<Jdk[]> {
  const found = new Map<string, Jdk>();
  for (const root of roots(env)) {
    for (const name of await fs.readdir(root).catch(() => [] as string[])) {
      const home = await fs.realpath(join(root, name)).catch(() => undefined);
      if (!home || found.has(home)) continue;
      const release = await fs.readFile(join(home, 'release'), 'utf8').catch(() => '');
      const version = /^JAVA_VERSION="?([\d.]+)/m.exec(release)?.[1];
      const javac = await fs.access(join(home, 'bin', 'javac')).then(() => true, () => false);
      if (version && javac) found.set(home, { version, home });
    }
  }
  return [...found.values()];
}

/** The oldest installed JDK whose version satisfies `range` (a newer one than needed changes the least); undefined with what is installed. */
export async function fromInstalledJdks(range: string | undefined, env: Env): Promise<{ provided?: ProvidedTool; jdks: Jdk[] }> {
  const jdks = await installedJdks(env);
  const fitting = jdks.filter((j) => satisfies('java', j.version, range) === 'ok')
    .sort((a, b) => compareParts(numericParts(a.version) ?? [], numericParts(b.version) ?? []));
  const jdk = fitting[0];
  if (!jdk) return { jdks };
  return { jdks, provided: { tool: 'java', version: jdk.version, binDir: join(jdk.home, 'bin'), source: 'version-manager', detail: `installed JDK: ${jdk.home}` } };
}
