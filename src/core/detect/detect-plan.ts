// Turns a folder into a plan: the services in it (at the root and in sub-folders), their
// environment, the toolchains they need, and, when nothing is runnable, why. Read-only:
// detection never executes anything from the repository.
import { posix } from 'node:path';
import type { FileSystemLike } from '../host.js';
import type { CommandSpec, EnvVarPlan, Finding, Plan, Requirement, ServicePlan } from '../model.js';
import { checkManifests } from './manifest-check.js';
import { applyCompose } from './compose.js';
import { applyConfig, applyDatabasePins, readConfig } from './config-file.js';
import { applyDevcontainer } from './devcontainer.js';
import { detectMakeTarget } from './makefile.js';
import { applyPortEvidence } from './port-evidence.js';
import { applyProcfile } from './procfile.js';
import { declaredEnv, referencedEnv, undeclaredReferences, type EnvReference } from './env-needs.js';
import { linkServices } from './links.js';
import { detectDatabaseNeeds } from './database-needs.js';
import { detectMigrations } from './migrations.js';
import { detectNodeApp } from './node-app.js';
import { detectNxProject } from './nx-project.js';
import { detectPythonApp } from './python-app.js';
import { RepoFiles } from './repo-files.js';
import { detectStackApp } from './stack-app.js';
import { detectStaticSite } from './static-site.js';

/** Sub-folders that hold tests, samples or assets, not the repo's own services. */
const NOT_SERVICE_DIRS = new Set(['test', 'tests', '__tests__', 'fixtures', 'examples', 'example', 'e2e', 'scripts', 'public', 'static', 'assets']);
/** Frameworks that read local overrides from .env.local (the others read .env). */
const READS_ENV_LOCAL = /^(nextjs|vite|remix|react-router|sveltekit|astro|cra)/;
/** Root scripts that only drive the sub-folders. */
const ORCHESTRATING_SCRIPT = /\b(concurrently|npm-run-all|run-p|turbo|nx|lerna)\b|--prefix|\bcd\s+\w|--workspace|-w\s/;

/** The plan for the repo at `root`; `files` (given to learn what was read) defaults to a fresh view. */
export async function detectPlan(root: string, fs: FileSystemLike, files = new RepoFiles(root, fs)): Promise<Plan> {
  const services: ServicePlan[] = [];
  const requirements: Requirement[] = [];
  const findings: Finding[] = [];
  const env: EnvVarPlan[] = [];
  let rootOrchestrates = false;

  const dirs = ['', ...(await files.folders('', 2)).filter((d) => !d.split('/').some((part) => NOT_SERVICE_DIRS.has(part)))];
  for (const dir of dirs) {
    const name = serviceName(root, dir, services);
    const node = await detectNodeApp(files, dir, name);
    findings.push(...node.findings);
    let service = node.service;
    let found = node.findings.length > 0 ? [] : node.requirements;
    if (dir === '' && node.service) rootOrchestrates = node.isWorkspaceRoot || ORCHESTRATING_SCRIPT.test(startScriptText(await files.read('package.json'), node.service));
    if (!service && node.findings.length === 0) {
      const python = await detectPythonApp(files, dir, name);
      service = python.service;
      found = python.requirements;
    }
    if (!service && node.findings.length === 0) {
      service = await detectNxProject(files, dir, await rootInstall(files));
      if (service) found = [{ tool: 'node', service: service.name, evidence: service.evidence[0] }, { tool: 'npm', service: service.name, evidence: service.evidence[0] }];
    }
    if (!service && node.findings.length === 0) {
      const stack = await detectStackApp(files, dir, name);
      service = stack.service;
      found = stack.requirements;
    }
    // A Makefile's run target says how to start; a static site is only a guess.
    if (!service && node.findings.length === 0 && (dir === '' || !insideService(dir, services))) service = await detectMakeTarget(files, dir, name);
    if (!service && node.findings.length === 0 && !insideService(dir, services) && !(await hasManifest(files, dir))) {
      service = await detectStaticSite(files, dir, name);
      if (service) found = [{ tool: 'python', service: name, evidence: service.evidence[0] }];
    }
    if (!service) continue;
    services.push(service);
    requirements.push(...found);
  }

  // A root package that only starts its sub-folders' apps is replaced by those apps.
  if (rootOrchestrates && services.length > 1 && services[0].dir === '') {
    const dropped = services.shift()!;
    for (let i = requirements.length - 1; i >= 0; i--) if (requirements[i].service === dropped.name) requirements.splice(i, 1);
  }

  for (const service of services) await applyPortEvidence(files, service);
  // Evidence ranks: framework detection (above) < Procfile, compose, devcontainer < repo-runner.json.
  for (const dir of [...new Set(['', ...services.map((s) => s.dir)])]) {
    findings.push(...(await applyProcfile(files, dir, services, dir === '' ? serviceName(root, '', []) : dir.split('/').pop()!)));
  }
  findings.push(...(await checkManifests(files, dirs)));
  const compose = await applyCompose(files, services);
  findings.push(...compose.findings);
  await applyDevcontainer(files, services);

  const pinned = await readConfig(files);
  findings.push(...pinned.findings);
  if (pinned.config) {
    const kept = applyConfig(services, pinned.config, pinned.text!);
    services.splice(0, services.length, ...kept);
    for (let i = requirements.length - 1; i >= 0; i--) if (!kept.some((s) => s.name === requirements[i].service)) requirements.splice(i, 1);
  }

  const referenced = new Map<string, EnvReference[]>();
  for (const service of services) {
    const declared = await declaredEnv(files, service.dir);
    const references = await referencedEnv(files, service.dir);
    env.push(...declared, ...undeclaredReferences([...env, ...declared], service.dir, references));
    referenced.set(service.name, references);
  }
  if (!services.some((s) => s.dir === '')) env.push(...(await declaredEnv(files, '')));
  linkServices(services, env, referenced);

  for (const service of services) {
    const migrations = await detectMigrations(files, service);
    if (migrations.migrate.length > 0) service.migrate = migrations.migrate;
    if (migrations.seed.length > 0) service.seed = migrations.seed;
    service.evidence.push(...migrations.evidence);
    if (READS_ENV_LOCAL.test(service.framework)) service.envFile = '.env.local';
  }
  const needs = await detectDatabaseNeeds(files, services, env, compose.databases);
  const databases = pinned.config ? applyDatabasePins(needs, pinned.config, pinned.text!) : needs;
  // A database no service is tied to (a compose image nobody depends on, a pin without usedBy) serves them all.
  for (const need of databases) if (need.usedBy.length === 0) need.usedBy.push(...services.map((s) => s.name));
  const plan: Plan = { root, services, databases, env, requirements, findings };
  if (services.length === 0) {
    plan.nothingToRun = {
      reason: findings.length > 0
        ? `the only candidate could not be read (${findings[0].message})`
        : 'no folder here (the root or two levels below) has an app Repo Runner recognises: a package.json with a start script or entry file, a Python app, a go.mod with a main package, a Cargo.toml with a binary, a Spring Boot pom.xml or build.gradle, a Gemfile with Rails, Sinatra or a config.ru, a composer.json with Laravel or an index.php, an ASP.NET .csproj, a deno.json, or an index.html',
      lookedFor: [
        'package.json (dev/start script or server.js/index.js)', 'requirements.txt / pyproject.toml / Pipfile with app.py, main.py or a Flask/FastAPI app', 'manage.py (Django)',
        'go.mod with a main package', 'Cargo.toml with a [package]', 'pom.xml / build.gradle with Spring Boot', 'Gemfile (Rails, Sinatra, config.ru)',
        'composer.json (Laravel) or index.php', '*.csproj (ASP.NET Core)', 'deno.json', 'index.html (static site)',
      ],
      suggestion: 'add a "start" script to package.json, or an app.py / main.py next to requirements.txt',
    };
  }
  return plan;
}

/** The install command of the root package (an Nx workspace installs there once). */
async function rootInstall(files: RepoFiles): Promise<CommandSpec | undefined> {
  const ci = await files.has('package-lock.json');
  return (await files.has('package.json')) ? { command: 'npm', args: [ci ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: '' } : undefined;
}

function serviceName(root: string, dir: string, existing: ServicePlan[]): string {
  const base = (dir === '' ? posix.basename(root) : posix.basename(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'app';
  if (!existing.some((s) => s.name === base)) return base;
  return dir.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

function insideService(dir: string, services: ServicePlan[]): boolean {
  return services.some((s) => s.dir === '' || dir.startsWith(`${s.dir}/`));
}

async function hasManifest(files: RepoFiles, dir: string): Promise<boolean> {
  for (const name of ['package.json', 'requirements.txt', 'pyproject.toml', 'manage.py', 'go.mod', 'Cargo.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json', 'deno.json', 'index.php']) {
    if (await files.has(dir === '' ? name : `${dir}/${name}`)) return true;
  }
  return false;
}

function startScriptText(packageJson: string | undefined, service: ServicePlan): string {
  const script = service.start.args[0] === 'run' ? service.start.args[1] : undefined;
  if (!packageJson || !script) return '';
  try {
    return String((JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts?.[script] ?? '');
  } catch {
    return '';
  }
}
