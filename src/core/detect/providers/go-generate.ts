// Go code generated before the build: a package of the module's own that the code imports but the
// repo does not hold (swag's `docs`, templ's `*_templ.go`, sqlc's queries) is made by the repo's
// `//go:generate` lines. Their generator is rarely installed: each runs as `go run pkg@version`,
// the version the go.mod requires (else the latest), in the folder of the file that names it.
import type { InstallStep } from '../../model.js';
import { codeFiles } from '../code-files.js';
import { joinRel, type RepoFiles } from '../repo-files.js';

/** Generator commands by name: the package to `go run` and the module whose go.mod version to use. */
const GENERATORS: Record<string, { pkg: string; module: string }> = {
  swag: { pkg: 'github.com/swaggo/swag/cmd/swag', module: 'github.com/swaggo/swag' },
  templ: { pkg: 'github.com/a-h/templ/cmd/templ', module: 'github.com/a-h/templ' },
  sqlc: { pkg: 'github.com/sqlc-dev/sqlc/cmd/sqlc', module: 'github.com/sqlc-dev/sqlc' },
  stringer: { pkg: 'golang.org/x/tools/cmd/stringer', module: 'golang.org/x/tools' },
  'oapi-codegen': { pkg: 'github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen', module: 'github.com/oapi-codegen/oapi-codegen/v2' },
  mockgen: { pkg: 'go.uber.org/mock/mockgen', module: 'go.uber.org/mock' },
};

const isGo = (rel: string) => rel.endsWith('.go') && !rel.endsWith('_test.go');

/** The steps that make the missing generated packages, or none when every imported package of the module is in the repo. */
export async function goGenerateSteps(files: RepoFiles, dir: string, goMod: string): Promise<InstallStep[]> {
  const module = /^module\s+(\S+)/m.exec(goMod)?.[1];
  if (!module) return [];
  const sources = await codeFiles(files, dir, 4, isGo);
  const texts = new Map<string, string>();
  for (const file of sources) texts.set(file, (await files.read(file)) ?? '');
  let missing = false;
  const imports = new RegExp(`"${module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([\\w./-]+)"`, 'g');
  for (const text of texts.values()) {
    for (const match of text.matchAll(imports)) if (!(await files.has(joinRel(dir, match[1])))) missing = true;
  }
  if (!missing) return [];
  const steps: InstallStep[] = [];
  for (const [file, text] of texts) {
    for (const match of text.matchAll(/^\/\/go:generate\s+(.+)$/gm)) {
      const argv = match[1].trim().split(/\s+/);
      const cwd = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
      if (argv[0] === 'go') {
        steps.push({ command: { command: 'go', args: argv.slice(1), cwd } });
        continue;
      }
      const generator = GENERATORS[argv[0]];
      if (!generator) continue;
      const version = new RegExp(`^\\s*(?:require\\s+)?${generator.module.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(goMod)?.[1] ?? 'latest';
      steps.push({ command: { command: 'go', args: ['run', `${generator.pkg}@${version}`, ...argv.slice(1)], cwd } });
    }
  }
  return steps;
}
