// Docker Compose: one service per app built from its Dockerfile, databases as official images
// with named volumes, health checks from ours, depends_on waiting for health, plain env inline
// and secrets in the git-ignored env files, links pointing at service names, and ports
// published only for what a user opens.
import type { DeployedDatabase, DeployedService, Deployment } from './deployment.js';
import { dockerfilePath } from './dockerfile.js';
import { healthTest } from './health-probe.js';
import { relativePath } from './paths.js';
import { secretEnvPath } from './secret-files.js';
import { yamlText } from './yaml-text.js';

export const COMPOSE_FILE = 'compose.yaml';

interface ComposeOptions {
  /** Where the compose file is, relative to the repo root. */
  outDir: string;
  /** Services to include (the devcontainer's compose leaves the apps out). */
  apps: boolean;
  /** Extra services (the devcontainer's workspace container). */
  extra?: Record<string, unknown>;
  /** Images built by another builder (Railpack, Buildpacks): named, not built by compose. */
  prebuilt?: boolean;
}

export function composeDocument(deployment: Deployment, options: ComposeOptions): Record<string, unknown> {
  const services: Record<string, unknown> = { ...options.extra };
  if (options.apps) for (const service of deployment.services) services[service.id] = appService(service, options.outDir, options.prebuilt ?? false);
  for (const db of deployment.databases) services[db.id] = databaseService(db, options.outDir);
  const volumes = Object.fromEntries(deployment.databases.map((db) => [`${db.id}-data`, {}]));
  return { services, ...(Object.keys(volumes).length > 0 ? { volumes } : {}) };
}

export function composeText(deployment: Deployment, outDir: string, prebuilt = false): string {
  return yamlText(composeDocument(deployment, { outDir, apps: true, prebuilt }), [
    'Written by `repo-runner export --to compose` from the plan Repo Runner detected. Review it, then commit it.',
    'Secrets are in secrets/*.env beside this file (git-ignored). Start: docker compose up --build',
  ]);
}

function appService(service: DeployedService, outDir: string, prebuilt: boolean): Record<string, unknown> {
  const context = service.recipe.context;
  const dockerfile = relativePath(context, dockerfilePath(service)).replace(/^\.\//, '');
  const test = healthTest(service);
  const plain = service.env.filter((e) => !e.secret);
  return {
    ...(prebuilt ? { image: `${service.id}:latest` } : { build: { context: relativePath(outDir, context), ...(dockerfile === 'Dockerfile' ? {} : { dockerfile }) } }),
    ...(service.port === undefined ? {} : service.opened ? { ports: [`${service.port}:${service.port}`] } : { expose: [String(service.port)] }),
    ...(plain.length > 0 ? { environment: Object.fromEntries(plain.map((e) => [e.name, escapeDollar(e.value)])) } : {}),
    ...(service.env.some((e) => e.secret) ? { env_file: [relativePath(outDir, secretEnvPath(outDir, service.id))] } : {}),
    ...(service.dependsOn.length > 0 ? { depends_on: Object.fromEntries(service.dependsOn.map((d) => [d.id, { condition: d.healthy ? 'service_healthy' : 'service_started' }])) } : {}),
    ...(test ? { healthcheck: { test, interval: '10s', timeout: '5s', retries: 5, start_period: '30s' } } : {}),
    restart: 'unless-stopped',
  };
}

export function databaseService(db: DeployedDatabase, outDir: string): Record<string, unknown> {
  const plain = db.env.filter((e) => !e.secret);
  return {
    image: db.image.image,
    ...(plain.length > 0 ? { environment: Object.fromEntries(plain.map((e) => [e.name, escapeDollar(e.value)])) } : {}),
    ...(db.env.some((e) => e.secret) ? { env_file: [relativePath(outDir, secretEnvPath(outDir, db.id))] } : {}),
    volumes: [`${db.id}-data:${db.image.dataPath}`],
    healthcheck: { test: ['CMD', ...db.ready], interval: '5s', timeout: '5s', retries: 10 },
    restart: 'unless-stopped',
  };
}

/** Compose reads `$NAME` in values as its own variables: a literal dollar is written `$$`. */
function escapeDollar(value: string): string {
  return value.replaceAll('$', '$$$$');
}
