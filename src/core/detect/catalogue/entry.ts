// What the catalogue knows about one framework, with a named field for every fact: how it is
// recognised, how it installs and starts, its port and how the port is passed, how readiness
// is checked, its docs, its role, the env file it reads and the markers of its entry point.
import type { HealthCheck, PackageManager, ServiceKind, ToolName } from '../../model.js';

export interface FrameworkEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: ServiceKind;
  /**
   * `backend`: an API other services call (a front end's `API_URL` is linked to it);
   * `frontend`: an app for the browser; `tool`: a way of starting that says nothing of either.
   */
  readonly role: 'backend' | 'frontend' | 'tool';
  /** How a folder is recognised as this framework; an entry with none is chosen by its provider. */
  readonly recognise?: Recognition;
  /** Install commands as argument templates, run in the service folder (Node and Python use their package manager's). */
  readonly install?: readonly (readonly string[])[];
  /**
   * The start command as an argument template: `{port}`, `{host}`, `{entry}` (the entry file
   * found), `{module}` and `{app}` (a Python app object), `{python}` (the service's virtual
   * environment), `{wrapper}` (the build tool's wrapper script, or the tool itself). Absent for
   * Node, which starts with the package's own script.
   */
  readonly start?: readonly string[];
  readonly port: {
    /** The port it uses when told nothing; preferred when free. */
    readonly preferred: number;
    /** The variable it reads its port from. */
    readonly env?: string;
    /** Arguments appended to the start command to pass the port (and address). */
    readonly args?: readonly string[];
  };
  /** How readiness is checked. */
  readonly health: HealthCheck;
  /** Where the docs say how it starts and takes a port, shown to users. */
  readonly docs?: string;
  /** Set for the service: prompts and telemetry off, so a run never waits or phones home. */
  readonly env?: Readonly<Record<string, string>>;
  /** The dotenv file it reads local settings from (`.env` when absent). */
  readonly envFile?: '.env.local';
  /** Entry files to look for, in order, for `{entry}` (Go: package folders). */
  readonly entries?: readonly string[];
  /** In code, the line that creates the app object; the variable it is assigned to is `{app}`. */
  readonly appObject?: RegExp;
  /** In code, an import that makes the file the entry point. */
  readonly entryImport?: RegExp;
  /** Where the entry's code matches this, readiness is an HTTP check (the entry is a web server). */
  readonly httpWhen?: RegExp;
  /** The build tool's wrapper script and the tool used when it is absent, for `{wrapper}`. */
  readonly wrapper?: { readonly script: string; readonly fallback: 'mvn' | 'gradle' };
  /** The toolchain it needs, for stacks whose provider does not say. */
  readonly tool?: ToolName;
  /** Other toolchains it cannot run without (Gleam's Erlang). */
  readonly alsoNeeds?: readonly ToolName[];
  readonly packageManager?: PackageManager;
}

export interface Recognition {
  /** Present in the dependencies (package.json) or requirements (Python). */
  readonly dependency?: string;
  /** A file name, `*.ext` for any file with that extension, or a path, in the service's folder. */
  readonly manifest?: string;
  /** Text in the manifest that recognises the framework; absent: any project with the manifest. */
  readonly match?: RegExp;
  /** Another file the folder must have (config.ru for Rack). */
  readonly requires?: string;
}

/** Keeps the literal ids of a list of entries, so `FrameworkId` can be derived from it. */
export function entries<const T extends readonly FrameworkEntry[]>(list: T): T {
  return list;
}

export const HTTP_ROOT: HealthCheck = { kind: 'http', path: '/' };
