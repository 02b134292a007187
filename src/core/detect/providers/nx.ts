// Nx workspaces whose apps have only a project.json: the app is served with
// `npx nx <target> <project>` from the workspace root, where the one install happens.
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
  target: string;
  executor: string;
  /** The root package's lockfile decides `npm ci` or `npm install`. */
  rootLocked: boolean;
  hasRootPackage: boolean;
}

const TARGETS = ['serve', 'dev', 'start'];
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
    if (text === undefined || (await files.has(joinRel(dir, 'package.json')))) return undefined;
    const parsed = parseJsonWithLine<ProjectJson>(text);
    if (!parsed.ok || parsed.value.projectType === 'library') return undefined;
    const target = TARGETS.find((t) => parsed.value.targets?.[t]);
    if (!target) return undefined;
    const name = parsed.value.name ?? dir.split('/').pop()!;
    const executor = parsed.value.targets![target].executor ?? '';
    return {
      dir, framework: NX_PROJECT, name, target, executor,
      evidence: [{ file, line: lineOf(text, `"${target}"`), reason: `Nx project "${name}" has a "${target}" target (${executor || 'no executor named'})` }],
      rootLocked: await files.has('package-lock.json'), hasRootPackage: await files.has('package.json'),
      packageManager: 'npm', manifests: ['package.json', 'nx.json', file], installedMarker: 'node_modules',
    };
  },

  start: async (_files, { name, target, executor }) => ({
    command: { command: 'npx', args: ['nx', target, name, ...(PORT_FLAG_EXECUTORS.test(executor) ? ['--port', '{port}'] : [])], cwd: '' },
    evidence: [],
  }),

  install: async (_files, { rootLocked, hasRootPackage }) =>
    hasRootPackage ? [{ command: { command: 'npm', args: [rootLocked ? 'ci' : 'install', '--no-audit', '--no-fund'], cwd: '' } }] : [],

  port: ({ executor }) => ({ env: 'PORT', preferred: /vite/.test(executor) ? 4200 : NX_PROJECT.port.preferred }),

  // The workspace root's node and npm.
  versions: async (_files, { evidence }, _start, service) => [{ tool: 'node', service, evidence: evidence[0] }, { tool: 'npm', service, evidence: evidence[0] }],
};
