// Turns a folder into a plan: the services in it (at the root and in sub-folders), their
// environment, the toolchains they need, and, when nothing is runnable, why. Read-only:
// detection never executes anything from the repository.
import { posix } from 'node:path';
import type { FileSystemLike } from '../host.js';
import type { DatabaseNeed, EnvVarPlan, Finding, Plan, Requirement, ServicePlan } from '../model.js';
import { checkManifests } from './manifest-check.js';
import { applyCompose } from './compose.js';
import { applyConfig, applyDatabasePins, applyToolPins, readConfig } from './config-file.js';
import { applyDevcontainer } from './devcontainer.js';
import { applyListenAddress, applyPortEvidence } from './port-evidence.js';
import { applyGoEmbeds } from './go-embed.js';
import { applyHealthPath } from './health-path.js';
import { applyProcfile } from './procfile.js';
import { declaredEnv, referencedEnv, undeclaredReferences, type EnvReference } from './env-needs.js';
import { linkServices } from './links.js';
import { detectDatabaseNeeds } from './database-needs.js';
import { detectMigrations } from './migrations.js';
import { configCopies } from './config-examples.js';
import { urlSchemes } from './url-scheme.js';
import { migrateSwitch } from './migrate-switch.js';
import { frameworkEntry } from './catalogue/index.js';
import { LOOKED_FOR, planService, PROJECT_MANIFESTS, PROVIDERS, recognisedKinds } from './providers/index.js';
import { joinRel, RepoFiles } from './repo-files.js';
import { declaredMembers } from './workspace-members.js';

/** Sub-folders that hold tests, samples or assets, not the repo's own services. */
const NOT_SERVICE_DIRS = new Set(['test', 'tests', '__tests__', 'fixtures', 'examples', 'example', 'e2e', 'scripts', 'public', 'static', 'assets']);

/** The plan for the repo at `root`; `files` (given to learn what was read) defaults to a fresh view. */
export async function detectPlan(root: string, fs: FileSystemLike, files = new RepoFiles(root, fs)): Promise<Plan> {
  const services: ServicePlan[] = [];
  const requirements: Requirement[] = [];
  const findings: Finding[] = [];
  const env: EnvVarPlan[] = [];
  let rootOrchestrates = false;

  const dirs = ['', ...(await files.folders('', 2))];
  // Members a workspace declares are looked at wherever they are (Cargo's `members = ["services/*/server"]`).
  const workspace = await declaredMembers(files);
  for (const member of workspace.members) if (!dirs.includes(member)) dirs.push(member);
  const excluded = (dir: string) => workspace.excluded.some((e) => dir === e || dir.startsWith(`${e}/`));
  for (let i = dirs.length - 1; i > 0; i--) if (excluded(dirs[i]) || dirs[i].split('/').some((part) => NOT_SERVICE_DIRS.has(part))) dirs.splice(i, 1);
  const rootName = posix.basename(root);
  for (const dir of dirs) {
    const name = serviceName(rootName, dir, services);
    for (const provider of PROVIDERS) {
      if (provider.fallback && (insideService(dir, services) || (provider.fallback === 'bare' && (await hasManifest(files, dir))))) continue;
      const found = await planService(provider, files, dir, name);
      findings.push(...found.findings);
      if (found.service) {
        if (dir === '') rootOrchestrates = found.coordinates === true;
        // The root service, and a workspace member deeper than detection looks by itself (`services/ledger/server`),
        // is called what its manifest calls the project, not what the folder happens to be named.
        if (dir === '' || (dir.split('/').length > 2 && workspace.members.includes(dir))) {
          const own = await projectName(files, found.service.manifests[0]);
          if (own && !services.some((s) => s.name === own)) {
            found.service.name = own;
            for (const requirement of found.requirements) requirement.service = own;
          }
        }
        services.push(found.service);
        requirements.push(...found.requirements);
      }
      if (found.claimed) break;
    }
  }

  // A root package that only starts its sub-folders' apps is replaced by those apps.
  if (rootOrchestrates && services.length > 1 && services[0].dir === '') {
    const dropped = services.shift()!;
    for (let i = requirements.length - 1; i >= 0; i--) if (requirements[i].service === dropped.name) requirements.splice(i, 1);
  }

  for (const service of services) await applyPortEvidence(files, service);
  await applyGoEmbeds(files, services, requirements);
  for (const service of services) await applyHealthPath(files, service);
  // Evidence ranks: framework detection (above) < Procfile, compose, devcontainer < repo-runner.json.
  for (const dir of [...new Set(['', ...services.map((s) => s.dir)])]) {
    findings.push(...(await applyProcfile(files, dir, services, dir === '' ? services.find((s) => s.dir === '')?.name ?? serviceName(rootName, '', []) : dir.split('/').pop()!)));
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
    applyToolPins(requirements, pinned.config, pinned.text!);
  }

  const referenced = new Map<string, EnvReference[]>();
  for (const service of services) {
    const declared = await declaredEnv(files, service.dir);
    const references = await referencedEnv(files, service.dir);
    env.push(...declared, ...undeclaredReferences([...env, ...declared], service.dir, references));
    referenced.set(service.name, references);
  }
  if (!services.some((s) => s.dir === '')) env.push(...(await declaredEnv(files, '')));
  // Compose settings that point at its database services, unless an example file declares the name already.
  for (const variable of compose.env) {
    const same = env.findIndex((e) => e.name === variable.name && e.dir === variable.dir);
    if (same < 0) env.push(variable);
    else if (env[same].source === 'code') env[same] = variable;
  }
  linkServices(services, env, referenced);
  for (const service of services) applyListenAddress(service, env);

  for (const service of services) {
    const migrations = await detectMigrations(files, service);
    if (migrations.migrate.length > 0) service.migrate = migrations.migrate;
    else {
      // A default like an example's: the user's environment and dotenv file still win.
      const on = await migrateSwitch(files, service);
      const known = on && env.find((v) => v.name === on.name && v.dir === service.dir);
      if (on && known?.example === undefined && service.start.env?.[on.name] === undefined) {
        if (known) Object.assign(known, { example: on.value, evidence: on.evidence });
        else env.push({ name: on.name, example: on.value, kind: 'plain', dir: service.dir, source: 'code', evidence: on.evidence });
      }
    }
    if (migrations.seed.length > 0) service.seed = migrations.seed;
    service.evidence.push(...migrations.evidence);
    const envFile = frameworkEntry(service.framework).envFile;
    if (envFile) service.envFile = envFile;
    const copies = await configCopies(files, service.dir);
    if (copies.length > 0) service.configCopies = copies;
    const schemes = await urlSchemes(files, service);
    if (Object.keys(schemes.schemes).length > 0) service.urlSchemes = schemes.schemes;
    if (Object.keys(schemes.query).length > 0) service.urlQuery = schemes.query;
    service.evidence.push(...schemes.evidence);
  }
  const needs = await detectDatabaseNeeds(files, services, env, compose.databases);
  const databases = pinned.config ? applyDatabasePins(needs, pinned.config, pinned.text!) : needs;
  // A database no service is tied to (a compose image nobody depends on, a pin without usedBy)
  // serves every service that could use it: not a front end, and not one that already has a
  // database of its kind (a program on SQLite by default does not take the compose file's spare
  // PostgreSQL). One that no service takes is not started at all.
  const family = (e: DatabaseNeed['engine']) => (e === 'redis' || e === 'mongodb' ? e : 'sql');
  const untied = databases.filter((need) => need.usedBy.length === 0);
  for (const need of untied) {
    const takers = pinned.config ? services : services.filter((s) => frameworkEntry(s.framework).role !== 'frontend'
      && !databases.some((d) => !untied.includes(d) && d.usedBy.includes(s.name) && family(d.engine) === family(need.engine)));
    need.usedBy.push(...takers.map((s) => s.name));
  }
  const kept = databases.filter((need) => need.usedBy.length > 0 || !untied.includes(need));
  const plan: Plan = { root, services, databases: kept, env, requirements, findings };
  if (services.length === 0) {
    plan.nothingToRun = {
      reason: findings.length > 0
        ? `the only candidate could not be read (${findings[0].message})`
        : `no folder here (the root or two levels below) has an app Repo Runner recognises: ${recognisedKinds()}`,
      lookedFor: [...LOOKED_FOR],
      suggestion: 'add a "start" script to package.json, or an app.py / main.py next to requirements.txt',
    };
  }
  return plan;
}

function serviceName(rootName: string, dir: string, existing: ServicePlan[]): string {
  const base = (dir === '' ? rootName : posix.basename(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'app';
  if (!existing.some((s) => s.name === base)) return base;
  return dir.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** The name a project's manifest gives it (package.json, pyproject.toml, Cargo.toml, pom.xml's artifactId), if any. */
async function projectName(files: RepoFiles, manifest: string | undefined): Promise<string | undefined> {
  const text = manifest ? ((await files.read(manifest)) ?? '') : '';
  const base = manifest?.split('/').pop();
  const named = base === 'package.json' ? /^\s*"name"\s*:\s*"(?:@[^/"]+\/)?([^"]+)"/m.exec(text)?.[1]
    : base === 'pyproject.toml' ? /^\[(?:project|tool\.poetry)\][^[]*?^\s*name\s*=\s*["']([^"']+)["']/m.exec(text)?.[1]
      : base === 'Cargo.toml' ? /^\[package\][^[]*?^\s*name\s*=\s*["']([^"']+)["']/m.exec(text)?.[1]
        : base === 'pom.xml' ? /<artifactId>([^<]+)<\/artifactId>/.exec(text.replace(/<parent>[\s\S]*?<\/parent>/, ''))?.[1] : undefined;
  const clean = named?.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return clean || undefined;
}

function insideService(dir: string, services: ServicePlan[]): boolean {
  return services.some((s) => s.dir === '' || dir.startsWith(`${s.dir}/`));
}

/** Whether the folder holds any provider's manifest (such a folder is not a static site). */
async function hasManifest(files: RepoFiles, dir: string): Promise<boolean> {
  const names = (await files.list(dir)).filter((e) => e.isFile).map((e) => e.name);
  for (const manifest of PROJECT_MANIFESTS) {
    if (manifest.startsWith('*.') ? names.some((n) => n.endsWith(manifest.slice(1))) : await files.has(joinRel(dir, manifest))) return true;
  }
  return false;
}
