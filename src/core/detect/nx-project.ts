// Nx workspaces whose apps have only a project.json: the app is served with
// `npx nx <target> <project>` from the workspace root, where the one install happens.
import type { CommandSpec, ServicePlan } from '../model.js';
import { parseJsonWithLine } from './json.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

interface ProjectJson {
  name?: string;
  projectType?: string;
  targets?: Record<string, { executor?: string }>;
}

const TARGETS = ['serve', 'dev', 'start'];
/** Executors whose options take --port; the others are told through PORT. */
const PORT_FLAG_EXECUTORS = /vite|webpack|next|angular|dev-server|remix|rspack/;

export async function detectNxProject(files: RepoFiles, dir: string, install: CommandSpec | undefined): Promise<ServicePlan | undefined> {
  if (dir === '' || !(await files.has('nx.json'))) return undefined;
  const file = joinRel(dir, 'project.json');
  const text = await files.read(file);
  if (text === undefined || (await files.has(joinRel(dir, 'package.json')))) return undefined;
  const parsed = parseJsonWithLine<ProjectJson>(text);
  if (!parsed.ok || parsed.value.projectType === 'library') return undefined;
  const project = parsed.value;
  const target = TARGETS.find((t) => project.targets?.[t]);
  if (!target) return undefined;
  const name = project.name ?? dir.split('/').pop()!;
  const executor = project.targets![target].executor ?? '';
  const portFlag = PORT_FLAG_EXECUTORS.test(executor);
  return {
    name, kind: 'node', framework: 'nx', dir, packageManager: 'npm',
    install: install ? [{ command: install }] : [],
    start: { command: 'npx', args: ['nx', target, name, ...(portFlag ? ['--port', '{port}'] : [])], cwd: '' },
    port: { env: 'PORT', preferred: /vite/.test(executor) ? 4200 : 3000 }, health: { kind: 'http', path: '/' }, links: [],
    docs: 'https://nx.dev/nx-api/nx/documents/run',
    manifests: ['package.json', 'nx.json', file], installedMarker: 'node_modules',
    evidence: [{ file, line: lineOf(text, `"${target}"`), reason: `Nx project "${name}" has a "${target}" target (${executor || 'no executor named'})` }],
  };
}
