// The engine's data: what a repository is (the plan), what went wrong (findings),
// what can be done about it (fixes), and what is happening now (events).
// Everything here is plain JSON-serialisable data.
import type { FrameworkId } from './detect/catalogue/index.js';
import type { FindingCode } from './finding-codes.js';

export type { FindingCode } from './finding-codes.js';

export type PhaseName = 'detect' | 'requirements' | 'setup' | 'database' | 'ports' | 'run' | 'health';

export const PHASES: readonly PhaseName[] = ['detect', 'requirements', 'setup', 'database', 'ports', 'run', 'health'];

export type PhaseStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** `completed`: a program with no port that ran to its end with exit code 0 (a job, a one-off script). */
export type ServiceStatus = 'pending' | 'starting' | 'healthy' | 'unhealthy' | 'crashed' | 'completed' | 'stopped';

/** Why the engine believes something: a file (relative to the repo root) and, where known, a line. */
export interface Evidence {
  file: string;
  line?: number;
  reason: string;
}

/** A command as an argument array. `command` is looked up on PATH or is a path relative to cwd. */
export interface CommandSpec {
  command: string;
  args: string[];
  /** Working directory relative to the repo root ('' is the root). */
  cwd: string;
  env?: Record<string, string>;
}

/** One install command, and what to run instead when it fails (e.g. `npm ci` → `npm install`). */
export interface InstallStep {
  command: CommandSpec;
  fallback?: CommandSpec;
  /** A build of the app's own code (its start runs what this makes): run every time, even when the dependencies are unchanged. */
  always?: boolean;
}

/**
 * How a service is told which port to listen on. `{port}` in args is replaced by the number,
 * `{host}` by the address to bind (127.0.0.1 unless the user chose another).
 */
export interface PortBinding {
  env?: string;
  /** A variable that takes the whole listen address, `host:port` (BIND_ADDRESS=127.0.0.1:8088). */
  addressEnv?: string;
  /** Extra arguments appended to the start command, e.g. ['--port', '{port}']. */
  args?: string[];
  /** The port the framework uses when told nothing; preferred when free. */
  preferred: number;
  /** The user pinned `preferred` (repo-runner.json): it beats the port the service had last time. */
  pinned?: boolean;
  /** The code listens on `preferred` whatever it is told (a literal in its listen call): that port or none. */
  hardCoded?: boolean;
}

/**
 * `log`: healthy once a line of its output matches `pattern` (a regular expression);
 * `none`: the service has no port (a worker); it is healthy while it keeps running.
 */
export type HealthCheck = { kind: 'http'; path: string } | { kind: 'tcp' } | { kind: 'log'; pattern: string } | { kind: 'none' };

/** A service depends on another and learns its URL through an environment variable. */
export interface ServiceLink {
  service: string;
  env: string;
  evidence: Evidence;
}

export type ServiceKind = 'node' | 'python' | 'static' | 'go' | 'rust' | 'java' | 'ruby' | 'php' | 'dotnet' | 'deno' | 'elixir' | 'gleam' | 'native' | 'custom';

export type PackageManager = 'npm' | 'yarn' | 'pnpm' | 'bun' | 'pip' | 'poetry' | 'uv' | 'pdm' | 'pipenv' | 'go' | 'cargo' | 'maven' | 'gradle' | 'bundler' | 'composer' | 'dotnet' | 'deno' | 'mix' | 'gleam' | 'cmake' | 'meson';

export interface ServicePlan {
  name: string;
  kind: ServiceKind;
  framework: FrameworkId;
  /** Folder relative to the repo root ('' is the root). */
  dir: string;
  packageManager?: PackageManager;
  /** Install steps in order; empty when there is nothing to install. */
  install: InstallStep[];
  start: CommandSpec;
  port: PortBinding;
  health: HealthCheck;
  links: ServiceLink[];
  /** The framework's documentation on how it starts and takes a port, shown to users. */
  docs?: string;
  /** Files whose content decides whether dependencies must be reinstalled. */
  manifests: string[];
  /** A folder whose presence shows dependencies were installed (relative to the root). */
  installedMarker?: string;
  /** Commands that bring its database schema up to date, run before it starts. */
  migrate?: CommandSpec[];
  /** One-off steps (a Procfile's `release`) run once a run, in order, before any of its folder's processes start. */
  release?: CommandSpec[];
  /** Commands that fill a freshly created database with seed data. */
  seed?: CommandSpec[];
  /** The dotenv file its framework reads (relative to the service folder): `.env` or `.env.local`. */
  envFile?: string;
  /** Config files it reads that the repo ships only as examples: copied to their real name before the install. */
  configCopies?: ConfigCopy[];
  /** The URL scheme its database driver needs when no example gives one (`postgresql+asyncpg`), by engine. */
  urlSchemes?: Partial<Record<DatabaseEngine, string>>;
  /** Query parameters its database URLs need (`sslmode=disable` for Go's lib/pq), by engine. */
  urlQuery?: Partial<Record<DatabaseEngine, string>>;
  evidence: Evidence[];
}

/** A config file the app reads (`config.json`) made from the example the repo ships (`config.json.example`). */
export interface ConfigCopy {
  /** The example, relative to the repo root. */
  from: string;
  /** The file the app reads, relative to the repo root. */
  to: string;
  evidence: Evidence;
}

/**
 * port: the service's port; database: where a database or cache is; url: another service or
 * endpoint; secret: a local secret that can be generated; external: a key only its owner can
 * supply (an API key); plain: anything else.
 */
export type EnvKind = 'port' | 'database' | 'url' | 'secret' | 'external' | 'plain';

export interface EnvVarPlan {
  name: string;
  /** The example value, if the example file gives one. */
  example?: string;
  kind: EnvKind;
  /** The service whose folder declares it ('' for the root). */
  dir: string;
  /** Declared in an example file, or only read in code. */
  source: 'example' | 'code';
  evidence: Evidence;
}

export type ToolName = 'node' | 'npm' | 'yarn' | 'pnpm' | 'bun' | 'deno' | 'python' | 'poetry' | 'uv' | 'pdm' | 'pipenv' | 'go' | 'cargo' | 'java' | 'mvn' | 'gradle' | 'ruby' | 'bundle' | 'php' | 'composer' | 'dotnet' | 'elixir' | 'gleam' | 'erlang' | 'cmake' | 'meson' | 'ninja' | 'cc' | 'cxx';

export interface Requirement {
  tool: ToolName;
  /** A version range in the tool's own notation (semver for node, PEP 440 for python); absent: any. */
  range?: string;
  service: string;
  evidence: Evidence;
  /**
   * A Node the build's frontend-maven-plugin installs for itself: it is also put where that plugin
   * looks before downloading from nodejs.org, with npm unless the pom names its own (`provided`: no npmVersion).
   */
  frontendMavenPlugin?: { npm: string };
}

export type DatabaseEngine = 'postgres' | 'mysql' | 'mariadb' | 'redis' | 'mongodb' | 'sqlite';

/** A database or cache a service needs, and why the engine believes so. */
export interface DatabaseNeed {
  /** More reasons, when several pieces of evidence point at the same database. */
  also?: Evidence[];
  /** The name the repo uses for it (a compose service name, or the engine). */
  name: string;
  engine: DatabaseEngine;
  version?: string;
  /** Settings the repo gives it (compose `environment`, e.g. POSTGRES_DB). */
  env: Record<string, string>;
  /** Services that use it. */
  usedBy: string[];
  evidence: Evidence;
  /**
   * Set when the repo lists a driver its code never uses (a dependency nobody imports, an
   * engine the app's own default replaces): why the app may run without it. Such a database
   * is still started when it can be; when it cannot, its services start anyway, with a warning.
   */
  optional?: string;
}

export interface Plan {
  root: string;
  services: ServicePlan[];
  databases: DatabaseNeed[];
  env: EnvVarPlan[];
  requirements: Requirement[];
  findings: Finding[];
  /** Set when there is nothing to run: what was looked for and what to add. */
  nothingToRun?: { reason: string; lookedFor: string[]; suggestion: string };
}

export type Severity = 'error' | 'warning' | 'info';

export interface Range {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A change to a text file by lines, like Array.prototype.splice: at 1-based `line`, remove
 * `remove` lines and put `insert` in their place (`remove: 0` inserts before `line`; `line` one
 * past the last line appends).
 */
export interface LineEdit {
  line: number;
  remove: number;
  insert: string[];
}

/**
 * What to do about a finding. `auto: true` means the orchestrator may apply it by itself (take
 * another port, start the database); everything else waits for the user's yes.
 * `rerunFrom` is the phase to run again once the fix is applied.
 */
export type Fix =
  | { kind: 'rerun'; title: string; auto: boolean; from: PhaseName; service?: string; avoidPort?: number }
  | { kind: 'command'; title: string; auto: false; command: CommandSpec; rerunFrom?: PhaseName }
  | { kind: 'edit'; title: string; auto: false; file: string; edits: LineEdit[]; rerunFrom?: PhaseName }
  | { kind: 'env'; title: string; auto: false; name: string; file: string; value?: string; rerunFrom?: PhaseName }
  | { kind: 'setting'; title: string; auto: false; file: string; path: string[]; value: unknown; rerunFrom?: PhaseName };

export interface Finding {
  /** Stable identifier of the kind of problem, e.g. `port-in-use`; every one is listed in finding-codes.ts. */
  code: FindingCode;
  severity: Severity;
  /** One sentence. */
  message: string;
  phase: PhaseName;
  service?: string;
  file?: string;
  range?: Range;
  /** The log lines or exit codes the finding quotes (not `Evidence`, which is a file, line and reason). */
  excerpt: string[];
  fixes: Fix[];
}

export type RunEvent =
  | { type: 'plan'; plan: Plan }
  | { type: 'phase'; phase: PhaseName; status: PhaseStatus; durationMs?: number; detail?: string; finding?: Finding }
  | { type: 'service'; service: string; status: ServiceStatus; port?: number; url?: string; exitCode?: number | null; detail?: string }
  | { type: 'database'; database: DatabaseState }
  | { type: 'env'; service: string; file: string; variables: EnvValue[] }
  | { type: 'finding'; finding: Finding }
  | { type: 'output'; service: string; stream: 'stdout' | 'stderr'; line: string; source: 'setup' | 'service' }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'run'; status: RunOutcome; detail?: string };

export type DatabaseStatus = 'pending' | 'starting' | 'healthy' | 'failed' | 'stopped';

/** Where a database came from. */
export type DatabaseSource = 'configured' | 'local' | 'embedded' | 'file';

/** What a UI shows about one database: no password ever (the URL is masked). */
export interface DatabaseState {
  name: string;
  engine: DatabaseEngine;
  status: DatabaseStatus;
  source?: DatabaseSource;
  /** Why this source was chosen, in one sentence. */
  reason?: string;
  port?: number;
  /** With the password masked. */
  url?: string;
  /** Where its data lives (absent for a server the user runs). */
  dataDir?: string;
  version?: string;
  detail?: string;
}

/** Where a variable's value came from. */
export type EnvOrigin = 'user' | 'environment' | 'database' | 'generated' | 'example' | 'missing';

/** A variable a service starts with, as a UI shows it: secrets masked. */
export interface EnvValue {
  name: string;
  value: string;
  origin: EnvOrigin;
  /** Which database provided it, or which file the user set it in. */
  from?: string;
}

export type RunOutcome = 'healthy' | 'failed' | 'nothing-to-run' | 'cancelled' | 'stopped';
