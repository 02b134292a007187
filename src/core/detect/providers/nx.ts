// Nx workspaces whose apps have a project.json and no start script of their own (no package.json,
// or one without scripts): the app is served with `npx nx <target> <project>` from the workspace
// root, where the one install happens.
import { NX_PROJECT } from '../catalogue/index.js';
import { parseJsonWithLine } from '../json.js';
import { joinRel, lineOf } from '../repo-files.js';
import type { Project, Provider } from './provider.js';

interface ProjectJson {
  name?: string;
  projectType?: string;
  targets?: Record<string, { executor?: string }>;
}

interface NxProject extends Project {
  /** The project's own name: the service's. */
  name: string;
  /** The name Nx knows it by (project.json's, else its package's), for the command. */
  nxName: string;
  target: string;
  executor: string;
  /** The root package's lockfile decides `npm ci` or `npm install`. */
  rootLocked: boolean;
  hasRootPackage: boolean;
}

const TARGETS = ['serve', 'dev', 'start'];
/** Scripts that start a package by themselves: a package.json with one is the Node provider's. */
const OWN_START_SCRIPTS = ['dev', 'start:dev', 'start', 'serve', 'develop'];
/** Executors whose options take --port; the others are told through PORT. */
const PORT_FLAG_EXECUTORS = /vite|webpack|next|angular|dev-server|remix|rspack/;

export const nxProvider: Provider<NxProject> = {
  id: 'nx',
  help: { lookedFor: [] },
  manifests: ['project.json'],

  async recognise(files, dir) {
    if (dir === '' || !(await files.has('nx.json'))) return undefined;
    const file = joinRel(dir, 'project.json');
    const text = await files.read(file);
    if (text === undefined) return undefined;
    const pkgText = await files.read(joinRel(dir, 'package.json'));
    const pkg = pkgText === undefined ? undefined : parseJsonWithLine<{ name?: string; scripts?: Record<string, unknown> }>(pkgText);
    if (pkg && (!pkg.ok || OWN_START_SCRIPTS.some((s) => typeof pkg.value.scripts?.[s] === 'string'))) return undefined;
    const parsed = parseJsonWithLine<ProjectJson>(text);
    if (!parsed.ok || parsed.value.projectType === 'library') return undefined;
    const target = TARGETS.find((t) => parsed.value.targets?.[t]);
    if (!target) return undefined;
    const nxName = parsed.value.name ?? (pkg?.ok ? pkg.value.name : undefined) ?? dir.split('/').pop()!;
    const name = nxName.replace(/^@[^/]+\//, '');
    const executor = parsed.value.targets![target].executor ?? '';
    return {
      dir, framework: NX_PROJECT, name, nxName, target, executor,
      evidence: [{ file, line: lineOf(text, `"${target}"`), reason: `Nx project "${nxName}" has a "${target}" target (${executor || 'no executor named'})${pkg ? '; its package.json has no start script' : ''}` }],
      rootLocked: await files.has('package-lock.json'), hasRootPackage: await files.has('package.json'),
      packageManager: 'npm', manifests: ['package.json', 'nx.json', file, ...(pkg ? [joinRel(dir, 'package.json')] : [])], installedMarker: 'node_modules',
    };
  },

  start: async (_files, { nxName, target, executor }) => ({
    command: { command: 'npx', args: ['nx', target, nxName, ...(PORT_FLAG_EXECUTORS.test(executor) ? ['--port', '{port}'] : [])], cwd: '' },
    evidence: [],
  }),

  install: async (_files, { rootLocked, hasRootPackage }) =>
    hasRootPackage ? [{ command: { command: 'npm', args: [rootLocked ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: '' } }] : [],

  port: ({ executor }) => ({ env: 'PORT', preferred: /vite/.test(executor) ? 4200 : NX_PROJECT.port.preferred }),

  // The workspace root's node and npm.
  versions: async (_files, { evidence }, _start, service) => [{ tool: 'node', service, evidence: evidence[0] }, { tool: 'npm', service, evidence: evidence[0] }],
};
