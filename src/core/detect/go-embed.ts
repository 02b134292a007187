// A Go program that embeds a front end's build output (`//go:embed build/*` beside a package.json
// whose build script makes build/): the folder is not in the repo, so the Go build fails until the
// front end is built. The front end's service builds it in setup, before the Go service starts
// (or the Go service installs and builds that folder, when it is no service of its own).
import type { ServicePlan } from '../model.js';
import { codeFiles } from './code-files.js';
import { choosePackageManager, rootPackage } from './providers/node-package-manager.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const isGo = (rel: string) => rel.endsWith('.go') && !rel.endsWith('_test.go');

/** Adds a build step to each front end whose missing output a Go service embeds. */
export async function applyGoEmbeds(files: RepoFiles, services: ServicePlan[]): Promise<void> {
  for (const go of services.filter((s) => s.kind === 'go')) {
    for (const file of await codeFiles(files, go.dir, 4, isGo)) {
      const text = (await files.read(file)) ?? '';
      for (const match of text.matchAll(/^\/\/go:embed\s+(.+)$/gm)) {
        const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
        for (const pattern of match[1].trim().split(/\s+/)) {
          const output = pattern.replace(/^all:/, '').split('/')[0];
          if (!output || /[*?[]/.test(output) || (await files.has(joinRel(folder, output)))) continue;
          const manifest = await rootPackage(files, folder);
          if (!manifest.scripts?.build) continue;
          const evidence = { file, line: lineOf(text, match[0]), reason: `${go.name} embeds ${joinRel(folder, output)} (${pattern}), which the build script of ${joinRel(folder, 'package.json')} makes: built in setup` };
          // The front end's own service builds it after its install; a folder that is no service is installed and built by the Go service.
          const front = services.find((s) => s.dir === folder && s.kind === 'node' && s.packageManager);
          const owner = front ?? go;
          if (owner.install.some((step) => step.command.cwd === folder && step.command.args.join(' ') === 'run build')) continue;
          const manager = front?.packageManager ?? (await choosePackageManager(files, folder, manifest)).name;
          if (!front) owner.install.push({ command: { command: manager, args: ['install'], cwd: folder } });
          owner.install.push({ command: { command: manager, args: ['run', 'build'], cwd: folder } });
          owner.evidence.push(evidence);
        }
      }
    }
  }
}
