// What `export` produces: files for the engines that run software past one machine (Docker
// Compose, Kubernetes, Dev Containers), generated from the plan. Pure data: the faces write them.

export type ExportTarget = 'compose' | 'kubernetes' | 'devcontainer';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['compose', 'kubernetes', 'devcontainer'];

/** How images are built: our Dockerfiles, or a note and config for Railpack or Cloud Native Buildpacks. */
export type ExportBuilder = 'dockerfile' | 'railpack' | 'buildpacks';
export const EXPORT_BUILDERS: readonly ExportBuilder[] = ['dockerfile', 'railpack', 'buildpacks'];

export interface ExportOptions {
  target: ExportTarget;
  /** Where the compose file, manifests or devcontainer go, relative to the repo root ('' is the root). */
  outDir: string;
  /** Kubernetes: a Helm chart with values beside the plain manifests. */
  helm?: boolean;
  builder?: ExportBuilder;
  /** A fresh secret value (a database password, a session key); random in the faces, a named fake in tests. */
  newSecret(name: string): string;
}

/**
 * A file to write, relative to the repo root. `ignore-lines`: lines a .gitignore must contain
 * (added to an existing file, never replacing it). `secret`: holds secret values; it is git-ignored.
 */
export interface ExportedFile {
  path: string;
  content: string;
  mode: 'file' | 'ignore-lines';
  secret?: boolean;
}

/** What the plan does not say but the files of a service do (its package.json scripts). */
export interface ServiceFacts {
  scripts?: Record<string, string>;
}
export type ExportFacts = Record<string, ServiceFacts>;

/** The default output folder of each target. */
export const DEFAULT_OUT_DIR: Record<ExportTarget, string> = { compose: '', kubernetes: 'deploy/kubernetes', devcontainer: '.devcontainer' };
