// `export`: the plan, written for Docker Compose, Kubernetes (plain manifests with a
// kustomization, and a Helm chart on request) or Dev Containers. Pure: it returns the files;
// the faces write them, never over a file without the user's yes.
import type { Plan } from '../model.js';
import { builderFiles } from './builders.js';
import { COMPOSE_FILE, composeText } from './compose.js';
import { deploymentOf, type Deployment } from './deployment.js';
import { devcontainerFiles } from './devcontainer.js';
import { dockerfile, dockerignores } from './dockerfile.js';
import { helmFiles } from './helm.js';
import { kubernetesFiles } from './kubernetes.js';
import { joinPath, secretFiles, secretsIgnore } from './secret-files.js';
import type { ExportedFile, ExportFacts, ExportOptions } from './types.js';

export interface ExportResult {
  files: ExportedFile[];
  /** One sentence per thing the user should know (a dev start in an image, a key they must set). */
  notes: string[];
}

export function exportPlan(plan: Plan, facts: ExportFacts, options: ExportOptions): ExportResult {
  if (plan.services.length === 0) return { files: [], notes: [plan.nothingToRun?.reason ?? 'The plan has no service to export.'] };
  const deployment = deploymentOf(plan, facts, options.newSecret);
  const outDir = options.outDir.replace(/^(\.\/)+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
  const files: ExportedFile[] = [];
  if (options.target !== 'devcontainer') files.push(...imageFiles(deployment, options));
  if (options.target === 'compose') {
    files.push({ path: joinPath(outDir, COMPOSE_FILE), mode: 'file', content: composeText(deployment, outDir, (options.builder ?? 'dockerfile') !== 'dockerfile') });
    for (const x of [...deployment.services, ...deployment.databases]) files.push(...secretFiles(outDir, x.id, x.env));
    if (files.some((f) => f.secret)) files.push(secretsIgnore(outDir));
  } else if (options.target === 'kubernetes') {
    files.push(...kubernetesFiles(deployment, outDir));
    if (options.helm) files.push(...helmFiles(deployment, outDir, baseName(plan.root)));
  } else {
    files.push(...devcontainerFiles(deployment, outDir, baseName(plan.root)));
  }
  return { files, notes: notesOf(deployment, options) };
}

function imageFiles(deployment: Deployment, options: ExportOptions): ExportedFile[] {
  const builder = options.builder ?? 'dockerfile';
  if (builder !== 'dockerfile') return deployment.services.flatMap((s) => builderFiles(s, builder));
  return [...deployment.services.map(dockerfile), ...dockerignores(deployment.services)];
}

function notesOf(deployment: Deployment, options: ExportOptions): string[] {
  const notes: string[] = [];
  if (options.target !== 'devcontainer') {
    for (const s of deployment.services) if (!s.recipe.production) notes.push(`${s.plan.name}: ${s.recipe.startNote}`);
  }
  for (const x of [...deployment.services, ...deployment.databases]) {
    for (const e of x.env) if (e.secret && e.value === '') notes.push(`${x.id}: set ${e.name} in its secrets env file (${e.note ?? 'no value is known'}).`);
  }
  if (options.builder && options.builder !== 'dockerfile' && options.target === 'compose') {
    notes.push(`Build the images with ${options.builder === 'railpack' ? 'Railpack' : 'Cloud Native Buildpacks'} before \`docker compose up\`; the compose file names them <service>:latest.`);
  }
  return notes;
}

function baseName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? 'app';
}
