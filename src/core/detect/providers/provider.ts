// The contract every provider keeps (after Railpack's providers and the buildpacks' detect /
// build): `recognise` looks at one folder and says whether it is one of its projects, then the
// hooks say how that project installs, starts, takes its port, which toolchains it needs and how
// its readiness is checked. `planService` puts the answers together into a service of the plan.
import type { CommandSpec, Evidence, Finding, HealthCheck, InstallStep, PackageManager, PortBinding, Requirement, ServicePlan } from '../../model.js';
import type { FrameworkEntry } from '../catalogue/index.js';
import type { RepoFiles } from '../repo-files.js';

/** What a provider recognised in a folder: the framework and the facts its hooks need. */
export interface Project {
  dir: string;
  /** The name the project gives itself, when it is the service's (else the folder's). */
  name?: string;
  framework: FrameworkEntry;
  /** Why it is this framework (the dependency or manifest line), first in the service's evidence. */
  evidence: Evidence[];
  /** Files whose content decides whether dependencies must be reinstalled. */
  manifests: string[];
  packageManager?: PackageManager;
  /** A folder whose presence shows dependencies were installed. */
  installedMarker?: string;
}

export interface Start {
  command: CommandSpec;
  evidence: Evidence[];
  /** The folder's package only starts the apps of other folders (a workspace root, `concurrently`). */
  coordinates?: boolean;
  /** It runs the program itself, not its framework's command: port, readiness and docs are this entry's. */
  framework?: FrameworkEntry;
}

export interface ProviderHelp {
  /** Its phrase in "nothing to run here: no folder has …"; absent for fallbacks not worth naming. */
  phrase?: string;
  /** What it looks for, one line each, listed when nothing was found. */
  lookedFor: readonly string[];
}

export interface Provider<P extends Project = Project> {
  readonly id: string;
  readonly help: ProviderHelp;
  /** Files that make a folder one of its projects: a folder with one is never served as a static site. */
  readonly manifests: readonly string[];
  /**
   * A fallback is asked only about folders that no service found so far covers (a Makefile);
   * a `bare` one only where no provider's manifest is either (a static site).
   */
  readonly fallback?: 'uncovered' | 'bare';
  /** The project in `dir`, findings when its manifest is unusable (the folder is then left alone), or undefined. */
  recognise(files: RepoFiles, dir: string): Promise<P | Finding[] | undefined>;
  /** How it starts; undefined when the project is not a service (a library). */
  start(files: RepoFiles, project: P): Promise<Start | undefined>;
  install(files: RepoFiles, project: P): Promise<InstallStep[]>;
  port(project: P): PortBinding;
  /** The toolchains and package managers it needs, with the versions the repo asks for. */
  versions(files: RepoFiles, project: P, start: CommandSpec, service: string): Promise<Requirement[]>;
  /** How readiness is checked, when it depends on more than the framework. */
  readiness?(files: RepoFiles, project: P, start: CommandSpec): Promise<HealthCheck>;
}

export interface Detection {
  service?: ServicePlan;
  requirements: Requirement[];
  findings: Finding[];
  /** A provider claimed the folder (a project, or an unusable manifest): later providers are not asked. */
  claimed: boolean;
  coordinates?: boolean;
}

/** Asks one provider about one folder and, when it has a service there, plans it. */
export async function planService(provider: Provider, files: RepoFiles, dir: string, name: string): Promise<Detection> {
  const project = await provider.recognise(files, dir);
  if (project === undefined) return { requirements: [], findings: [], claimed: false };
  if (Array.isArray(project)) return { requirements: [], findings: project, claimed: true };
  const found = await provider.start(files, project);
  if (!found) return { requirements: [], findings: [], claimed: false };
  return planStarted(provider, files, found.framework ? { ...project, framework: found.framework } : project, found, name);
}

async function planStarted(provider: Provider, files: RepoFiles, project: Project, start: Start, name: string): Promise<Detection> {
  const { dir, framework } = project;
  const service: ServicePlan = {
    name: project.name ?? name,
    kind: framework.kind,
    framework: framework.id as ServicePlan['framework'],
    dir,
    packageManager: project.packageManager,
    install: await provider.install(files, project),
    start: start.command,
    port: provider.port(project),
    health: (await provider.readiness?.(files, project, start.command)) ?? framework.health,
    links: [],
    docs: framework.docs,
    manifests: project.manifests,
    installedMarker: project.installedMarker,
    evidence: [...project.evidence, ...start.evidence],
  };
  const requirements = await provider.versions(files, project, start.command, service.name);
  return { service, requirements, findings: [], claimed: true, coordinates: start.coordinates };
}

/** Fills a template: `{name}` placeholders from `values`, the others left for the run. */
export function fillTemplate(template: readonly string[], values: Record<string, string>): string[] {
  return template.map((arg) => arg.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole));
}

/** A command from an argument template, run in `dir`. */
export function commandOf(argv: readonly string[], dir: string): CommandSpec {
  return { command: argv[0], args: argv.slice(1), cwd: dir };
}
