// `--builder railpack|buildpacks`: instead of our Dockerfile, the config of a builder that
// makes the image by itself (Railpack's railpack.json, Cloud Native Buildpacks' project.toml),
// with the start command and toolchain version from the plan.
import type { DeployedService } from './deployment.js';
import type { ExportBuilder, ExportedFile } from './types.js';

export function builderFiles(service: DeployedService, builder: Exclude<ExportBuilder, 'dockerfile'>): ExportedFile[] {
  const dir = service.plan.dir;
  const path = (name: string) => (dir === '' ? name : `${dir}/${name}`);
  const start = service.recipe.start.args.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
  if (builder === 'railpack') {
    const config = {
      $schema: 'https://schema.railpack.com',
      ...(service.recipe.base.detected ? { packages: { [service.recipe.base.tool]: service.recipe.base.version } } : {}),
      deploy: { startCommand: start },
    };
    return [{ path: path('railpack.json'), mode: 'file', content: `${JSON.stringify(config, null, 2)}\n` }];
  }
  const env: [string, string][] = [];
  const { tool, version, detected } = service.recipe.base;
  if (detected && tool === 'node') env.push(['BP_NODE_VERSION', `${version}.*`]);
  if (detected && tool === 'python') env.push(['BP_CPYTHON_VERSION', `${version}.*`]);
  if (detected && tool === 'go') env.push(['BP_GO_VERSION', `${version}.*`]);
  if (detected && tool === 'java') env.push(['BP_JVM_VERSION', version]);
  const lines = [
    '# Written by `repo-runner export --builder buildpacks`: build with `pack build ' + service.id + ' --path ' + (dir || '.') + '`.',
    '[_]', 'schema-version = "0.2"', `id = "${service.id}"`, '',
    '[io.buildpacks]', 'builder = "paketobuildpacks/builder-jammy-base"', '',
    ...env.flatMap(([name, value]) => ['[[io.buildpacks.build.env]]', `name = "${name}"`, `value = "${value}"`, '']),
    `# The start Repo Runner found: ${start}`,
    '# Buildpacks find the start themselves; where one cannot, give it as the `web:` line of a Procfile.',
    '',
  ];
  return [{ path: path('project.toml'), mode: 'file', content: `${lines.join('\n')}` }];
}
