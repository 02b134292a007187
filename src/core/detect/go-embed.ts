// A Go program that embeds a front end's build output (`//go:embed build/*` beside a package.json
// whose build script makes build/): the folder is not in the repo, so the Go build fails until the
// front end is built. The front end's service builds it in setup, before the Go service starts
// (or the Go service installs and builds that folder, when it is no service of its own). A
// package.json beside the Go program (gitea's and opengist's layout: vite or webpack building the
// assets the server serves) is that program's asset build: installed and built by the Go service.
import type { Requirement, ServicePlan } from '../model.js';
import { assetBuild } from './providers/node.js';
import { codeFiles } from './code-files.js';
import { choosePackageManager, rootPackage } from './providers/node-package-manager.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const isGo = (rel: string) => rel.endsWith('.go') && !rel.endsWith('_test.go');

/** Adds a build step to each front end whose missing output a Go service embeds, or that sits beside it. */
export async function applyGoEmbeds(files: RepoFiles, services: ServicePlan[], requirements: Requirement[]): Promise<void> {
  for (const go of services.filter((s) => s.kind === 'go')) {
    await buildBesideAssets(files, services, requirements, go);
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

/** The package.json in the Go program's own folder, when it is no service: it is installed and built before the program starts. */
async function buildBesideAssets(files: RepoFiles, services: ServicePlan[], requirements: Requirement[], go: ServicePlan): Promise<void> {
  if (services.some((s) => s.dir === go.dir && s.kind === 'node')) return;
  const build = await assetBuild(files, go.dir, go.name);
  if (!build) return;
  go.install.push(...build.steps);
  go.evidence.push(build.evidence);
  requirements.push(...build.requirements);
}
