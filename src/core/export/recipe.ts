// How one service is built into an image and started in it, from its plan: the install steps
// (with the lockfile), a build step where the stack has one, and the production start where
// one exists; otherwise the plan's development start, said so in a comment.
import type { CommandSpec, Plan, ServicePlan } from '../model.js';
import { baseImage, type BaseImage } from './images.js';
import type { ServiceFacts } from './types.js';

/** Where every container listens: all of its interfaces (the network is the container's own). */
export const CONTAINER_HOST = '0.0.0.0';

export interface ImageRecipe {
  base: BaseImage;
  /** The build context, relative to the repo root: the service folder, or the workspace root its install runs in. */
  context: string;
  /** The service folder relative to the context ('' when they are the same). */
  dirInContext: string;
  /** Commands run as root before the unprivileged user takes over (package managers the image lacks). */
  prepare: string[][];
  install: Step[];
  build: Step[];
  start: Step;
  /** Whether `start` is a production start; false: the plan's development start. */
  production: boolean;
  /** Why this start, one sentence for the Dockerfile. */
  startNote: string;
}

/** A command and the folder (relative to the context) it runs in. */
export interface Step {
  args: string[];
  cwd: string;
}

export function imageRecipe(plan: Plan, service: ServicePlan, facts: ServiceFacts): ImageRecipe {
  const base = baseImage(plan, service);
  const installRoot = service.install.map((s) => s.command.cwd).find((cwd) => cwd !== service.dir && isInside(service.dir, cwd));
  const context = installRoot ?? service.dir;
  const rel = (cwd: string) => relativeTo(context, cwd);
  const step = (command: CommandSpec): Step => ({ args: fill([command.command, ...command.args], service), cwd: rel(command.cwd) });
  const install = service.install.map((s) => step(s.command));
  const dev = step(service.start);
  const recipe: ImageRecipe = {
    base, context, dirInContext: rel(service.dir), prepare: prepareSteps(service), install, build: [], start: dev,
    production: false, startNote: `No production start was found: this is the development start Repo Runner runs (\`${dev.args.join(' ')}\`).`,
  };
  const at = rel(service.dir);
  switch (service.kind) {
    case 'node': case 'static': nodeStart(recipe, service, facts, at); break;
    case 'python': pythonStart(recipe, dev); break;
    case 'go': goStart(recipe, dev, at); break;
    case 'java': javaStart(recipe, service, dev, at); break;
    case 'rust':
      recipe.build.push({ args: ['cargo', 'build', '--release'], cwd: at });
      recipe.start = { args: ['cargo', 'run', '--release'], cwd: at };
      recipe.production = true;
      recipe.startNote = 'The release build, started with cargo (already compiled by the build step).';
      break;
    default: break;
  }
  return recipe;
}

function nodeStart(recipe: ImageRecipe, service: ServicePlan, facts: ServiceFacts, at: string): void {
  const scripts = facts.scripts ?? {};
  const pm = service.packageManager === 'yarn' || service.packageManager === 'pnpm' || service.packageManager === 'bun' ? service.packageManager : 'npm';
  const run = (script: string, extra: string[] = []) => ({ args: [pm, 'run', script, ...(extra.length > 0 ? (pm === 'npm' ? ['--', ...extra] : extra) : [])], cwd: at });
  if (scripts.build) recipe.build.push(run('build'));
  const startScript = scripts.start;
  const startsDev = recipe.start.args.includes('dev') || /\b(dev|develop|watch|nodemon)\b/.test(startScript ?? '');
  if (startScript && !/\b(dev|develop|watch|nodemon)\b|--watch/.test(startScript)) {
    recipe.start = run('start');
    recipe.production = true;
    recipe.startNote = `The production start: the "start" script (${startScript}).`;
  } else if (scripts.preview && service.framework === 'vite') {
    recipe.start = run('preview', ['--host', CONTAINER_HOST, '--port', String(service.port.preferred)]);
    recipe.production = true;
    recipe.startNote = `Serves the production build with Vite's preview server (${scripts.preview}); a static file server is the usual choice in production.`;
  } else if (!startsDev) {
    recipe.production = true;
    recipe.startNote = 'The start Repo Runner runs; it is not a development server.';
  }
}

function pythonStart(recipe: ImageRecipe, dev: Step): void {
  const joined = dev.args.join(' ');
  const isDev = /\bflask\b.*\brun\b|\brunserver\b|--reload|\bstreamlit\b.*\brun\b/.test(joined);
  if (!isDev) {
    recipe.production = true;
    recipe.startNote = `The start Repo Runner runs (\`${joined}\`); it serves without a reloader.`;
  } else {
    recipe.startNote = `No production server was found: this is the development server Repo Runner runs (\`${joined}\`); put a WSGI/ASGI server such as gunicorn or uvicorn here for production.`;
  }
}

function goStart(recipe: ImageRecipe, dev: Step, at: string): void {
  const target = dev.args[0] === 'go' && dev.args[1] === 'run' ? dev.args.slice(2).find((a) => !a.startsWith('-')) : undefined;
  if (!target) return;
  recipe.build.push({ args: ['go', 'build', '-o', '/home/app/server', target], cwd: at });
  recipe.start = { args: ['/home/app/server'], cwd: at };
  recipe.production = true;
  recipe.startNote = `The compiled program (go build ${target}).`;
}

function javaStart(recipe: ImageRecipe, service: ServicePlan, dev: Step, at: string): void {
  const tool = dev.args[0];
  if (service.packageManager === 'maven') {
    recipe.build.push({ args: [tool, '-B', '-q', '-DskipTests', 'package'], cwd: at });
    recipe.build.push({ args: ['sh', '-c', 'cp "$(ls target/*.jar | grep -v -e "-plain.jar" -e "-sources.jar" | head -n 1)" /home/app/app.jar'], cwd: at });
  } else if (service.packageManager === 'gradle') {
    recipe.build.push({ args: [tool, '-q', 'build', '-x', 'test'], cwd: at });
    recipe.build.push({ args: ['sh', '-c', 'cp "$(ls build/libs/*.jar | grep -v -e "-plain.jar" | head -n 1)" /home/app/app.jar'], cwd: at });
  } else {
    return;
  }
  recipe.start = { args: ['java', '-jar', '/home/app/app.jar'], cwd: at };
  recipe.production = true;
  recipe.startNote = 'The packaged jar, run with java.';
}

/** Package managers the base image does not bring, installed as root before the user switch. */
function prepareSteps(service: ServicePlan): string[][] {
  switch (service.packageManager) {
    case 'poetry': case 'uv': case 'pdm': case 'pipenv': return [['pip', 'install', '--no-cache-dir', service.packageManager]];
    case 'pnpm': return [['npm', 'install', '-g', 'pnpm']];
    case 'yarn': return [['corepack', 'enable']];
    default: return [];
  }
}

/** The plan's `{port}` and `{host}` placeholders, for a container. */
export function fill(args: string[], service: ServicePlan): string[] {
  return args.map((a) => a.replaceAll('{port}', String(service.port.preferred)).replaceAll('{host}', CONTAINER_HOST));
}

function isInside(dir: string, ancestor: string): boolean {
  return ancestor === '' || dir === ancestor || dir.startsWith(`${ancestor}/`);
}

/** `to` relative to `from`, both relative to the repo root, when `to` is inside `from`; '' when equal. */
export function relativeTo(from: string, to: string): string {
  if (from === to) return '';
  if (from === '') return to;
  if (to.startsWith(`${from}/`)) return to.slice(from.length + 1);
  return to;
}
