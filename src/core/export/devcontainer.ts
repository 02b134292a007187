// Dev Containers: a devcontainer.json with the toolchains as features at the detected versions,
// the services' ports forwarded with labels, postCreateCommand running the installs, and the
// databases as compose services beside the workspace container.
import type { DeployedService, Deployment, EnvEntry } from './deployment.js';
import { composeDocument } from './compose.js';
import { settingOf } from '../database/wiring.js';
import { relativePath } from './paths.js';
import { joinPath, secretEnvPath, secretFiles, secretsIgnore } from './secret-files.js';
import type { ExportedFile } from './types.js';
import { yamlText } from './yaml-text.js';

const WORKSPACE = 'workspace';

export function devcontainerFiles(deployment: Deployment, outDir: string, repoName: string): ExportedFile[] {
  const folder = `/workspaces/${repoName.replace(/[^A-Za-z0-9._-]/g, '-') || 'repo'}`;
  const files: ExportedFile[] = [];
  const config: Record<string, unknown> = { name: repoName };
  if (deployment.databases.length > 0) {
    const env = workspaceEnv(deployment);
    const plain = env.filter((e) => !e.secret);
    const workspace = {
      image: 'mcr.microsoft.com/devcontainers/base:bookworm',
      volumes: [`${relativePath(outDir, '')}:${folder}:cached`],
      command: 'sleep infinity',
      ...(plain.length > 0 ? { environment: Object.fromEntries(plain.map((e) => [e.name, e.value.replaceAll('$', '$$$$')])) } : {}),
      ...(env.some((e) => e.secret) ? { env_file: [relativePath(outDir, secretEnvPath(outDir, WORKSPACE))] } : {}),
      depends_on: Object.fromEntries(deployment.databases.map((d) => [d.id, { condition: 'service_healthy' }])),
    };
    const compose = composeDocument(deployment, { outDir, apps: false, extra: { [WORKSPACE]: workspace } });
    files.push({ path: joinPath(outDir, 'compose.yaml'), mode: 'file', content: yamlText(compose, ['Written by `repo-runner export --to devcontainer`: the workspace container and the databases beside it.']) });
    files.push(...secretFiles(outDir, WORKSPACE, env));
    for (const db of deployment.databases) files.push(...secretFiles(outDir, db.id, db.env));
    if (files.some((f) => f.secret)) files.push(secretsIgnore(outDir));
    Object.assign(config, { dockerComposeFile: 'compose.yaml', service: WORKSPACE, workspaceFolder: folder, shutdownAction: 'stopCompose' });
  } else {
    Object.assign(config, { image: 'mcr.microsoft.com/devcontainers/base:bookworm' });
  }
  const features = featuresOf(deployment.services);
  if (Object.keys(features).length > 0) config.features = features;
  const ported = deployment.services.filter((s) => s.port !== undefined);
  if (ported.length > 0) {
    config.forwardPorts = ported.map((s) => s.port);
    config.portsAttributes = Object.fromEntries(ported.map((s) => [String(s.port), { label: s.plan.name, onAutoForward: s.opened ? 'openBrowserOnce' : 'notify' }]));
  }
  const installs = deployment.services.filter((s) => s.plan.install.length > 0);
  if (installs.length > 0) {
    // The commands of an object run side by side: services of one workspace share one install, run once.
    const byLine = new Map<string, string[]>();
    for (const s of installs) {
      const line = s.plan.install.map((step) => shellLine(step.command.cwd, [step.command.command, ...step.command.args])).join(' && ');
      byLine.set(line, [...(byLine.get(line) ?? []), s.plan.name]);
    }
    config.postCreateCommand = Object.fromEntries([...byLine].map(([line, names]) => [names.join('+'), line]));
  }
  config.customizations = { vscode: { extensions: ['repo-runner.repo-runner'] } };
  files.push({ path: joinPath(outDir, 'devcontainer.json'), mode: 'file', content: `${JSON.stringify(config, null, 2)}\n` });
  return files;
}

/** The database settings every service reads, for the one workspace container they all run in. */
function workspaceEnv(deployment: Deployment): EnvEntry[] {
  const out = new Map<string, EnvEntry>();
  for (const service of deployment.services) {
    for (const entry of service.env) if (settingOf(entry.name) && !out.has(entry.name)) out.set(entry.name, entry);
  }
  return [...out.values()];
}

const FEATURES: Record<string, (version: string, service: DeployedService) => [string, Record<string, string>]> = {
  node: (version) => ['ghcr.io/devcontainers/features/node:1', { version }],
  python: (version) => ['ghcr.io/devcontainers/features/python:1', { version }],
  go: (version) => ['ghcr.io/devcontainers/features/go:1', { version }],
  java: (version, s) => ['ghcr.io/devcontainers/features/java:1', { version, ...(s.plan.packageManager === 'gradle' ? { installGradle: 'true' } : { installMaven: 'true' }) }],
  rust: (version) => ['ghcr.io/devcontainers/features/rust:1', { version: version === '1' ? 'latest' : version }],
  ruby: (version) => ['ghcr.io/devcontainers/features/ruby:1', { version }],
  php: (version) => ['ghcr.io/devcontainers/features/php:1', { version }],
  dotnet: (version) => ['ghcr.io/devcontainers/features/dotnet:2', { version }],
};

function featuresOf(services: DeployedService[]): Record<string, Record<string, string>> {
  const features: Record<string, Record<string, string>> = {};
  for (const service of services) {
    const { tool, version } = service.recipe.base;
    const make = FEATURES[tool];
    if (!make) continue;
    const [id, options] = make(version, service);
    if (!features[id]) features[id] = options;
  }
  return features;
}

/** `(cd DIR && ARGS)`, every word quoted: no text from the repo is read by the shell as code. */
function shellLine(cwd: string, args: string[]): string {
  const words = args.map(quote).join(' ');
  return cwd === '' ? words : `(cd ${quote(cwd)} && ${words})`;
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
