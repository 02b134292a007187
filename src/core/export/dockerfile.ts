// A Dockerfile per service from its image recipe (base image at the detected version, install
// with the lockfile, build, start, non-root user), and the .dockerignore beside it that keeps
// dependencies, build output and every env file (secrets) out of the image.
import type { DeployedService } from './deployment.js';
import { APP_UID } from './images.js';
import type { ExportedFile } from './types.js';

export function dockerfilePath(service: DeployedService): string {
  return join(service.plan.dir, 'Dockerfile');
}

export function dockerfile(service: DeployedService): ExportedFile {
  const { recipe, plan } = service;
  const { base } = recipe;
  const user = base.user ?? 'app';
  const lines: string[] = [
    `# ${plan.name}: ${plan.framework} (${plan.kind}), written by \`repo-runner export\` from the plan it detected. Review it, then commit it.`,
    `# Build from ${recipe.context === '' ? 'the repo root' : recipe.context}: docker build -f ${dockerfilePath(service)} ${recipe.context === '' ? '.' : recipe.context}`,
    base.detected ? `# ${base.tool} ${base.version}: the version the repo asks for.` : `# ${base.tool} ${base.version}: the repo names no version; this is Repo Runner's default.`,
    `FROM ${base.image}`,
  ];
  if (base.apt && needsCurl(service)) {
    lines.push('# curl, for the health check.', 'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*');
  }
  for (const step of recipe.prepare) lines.push(`RUN ${exec(step)}`);
  if (!base.user) lines.push('# An unprivileged user runs everything below.', `RUN useradd --create-home --uid ${APP_UID} app`);
  lines.push('WORKDIR /app', `RUN chown ${user}:${user} /app`, `USER ${user}`, `COPY --chown=${user}:${user} . .`);
  for (const step of recipe.install) lines.push(...run(step.args, step.cwd, 'Install with the lockfile'));
  recipe.build.forEach((step, i) => lines.push(...run(step.args, step.cwd, i === 0 ? 'Build' : undefined)));
  if (plan.kind === 'node' && recipe.production) lines.push('ENV NODE_ENV=production');
  if (service.port !== undefined) {
    if (plan.port.env) lines.push(`ENV ${plan.port.env}=${service.port}`);
    lines.push(`EXPOSE ${service.port}`);
  }
  if (recipe.start.cwd !== '') lines.push(`WORKDIR /app/${recipe.start.cwd}`);
  lines.push(`# ${recipe.startNote}`, `CMD ${exec(recipe.start.args)}`);
  return { path: dockerfilePath(service), content: `${lines.join('\n')}\n`, mode: 'file' };
}

/** One .dockerignore per build context (services built from one workspace root share it). */
export function dockerignores(services: DeployedService[]): ExportedFile[] {
  const contexts = [...new Set(services.map((s) => s.recipe.context))];
  return contexts.map((context) => ({
    path: join(context, '.dockerignore'),
    content: [
      '# Written by `repo-runner export`: what stays out of the image.',
      '.git', '**/node_modules', '**/.venv', '**/__pycache__', '**/target', '**/dist', '**/build', '**/.next', '**/.nuxt',
      '.repo-runner', '.tools', '.devcontainer', 'deploy',
      '# Env files hold secrets: the container is given its environment instead.',
      '**/.env', '**/.env.*', '**/*.env', '!**/.env.example',
      '',
    ].join('\n'),
    mode: 'file' as const,
  }));
}

function needsCurl(service: DeployedService): boolean {
  return service.health.kind === 'http' && service.plan.kind !== 'node' && service.plan.kind !== 'static' && service.plan.kind !== 'python';
}

function run(args: string[], cwd: string, what: string | undefined): string[] {
  const where = cwd === '' ? [] : [`WORKDIR /app/${cwd}`];
  return [...(what ? [`# ${what}.`] : []), ...where, `RUN ${exec(args)}`, ...(cwd === '' ? [] : ['WORKDIR /app'])];
}

/** The exec form: a JSON array, never a shell string built from repo text. */
function exec(args: string[]): string {
  return JSON.stringify(args);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
