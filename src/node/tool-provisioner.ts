// The ToolProvisioner port: a tool at the version a repo pins, from a version manager's install
// (node, python), else the cache (<userCacheDir>/tools/<tool>/<version>/, checked with fs only,
// no process), else its registry: npm for node, pnpm, yarn, bun and deno, PyPI for uv, poetry,
// pdm and pipenv (src/node/tools/). Nothing is installed globally. Python has no registry here:
// when no installed version fits, the answer says what to run.
// Concurrent requests (in this process) for the same tool and range share one fetch; a caller
// that cancels leaves it, and the fetch stops (its child processes killed, its temporary folder
// removed) when no caller is left.
import { delimiter, join } from 'node:path';
import semver from 'semver';
import type { ProvidedTool, ProvisionableTool, ToolProvisioner, ToolRequest } from '../core/host.js';
import { userCacheDir } from './cache-dir.js';
import { unavailable, type Env, type ProvideOptions } from './tools/common.js';
import { completeCopy, fromNpm, isNewest, npmAccepts, npmRange, runsOnNode, type NpmTool } from './tools/npm-tools.js';
import { fromPypi, newestFirst, pep440Spec, pypiAccepts, type PypiTool } from './tools/pypi-tools.js';
import { ToolCache, type CachedCopy } from './tools/tool-cache.js';
import { fromInstalledJdks } from './tools/jdks.js';
import { placeForMavenFrontend } from './tools/maven-frontend.js';
import { fromVersionManager, missingPython } from './tools/version-managers.js';

export { ToolUnavailableError } from './tools/common.js';

const NPM_TOOLS = new Set<ProvisionableTool>(['node', 'pnpm', 'yarn', 'bun', 'deno']);
const PYPI_TOOLS = new Set<ProvisionableTool>(['uv', 'poetry', 'pdm', 'pipenv']);

export function toolsCacheDir(env: Env): string {
  return join(userCacheDir(env), 'tools');
}

export function createToolProvisioner(env: Env = process.env): ToolProvisioner {
  const cache = new ToolCache(toolsCacheDir(env));
  return {
    provide: (request, options = {}) => {
      // Shared by every provisioner of this process with the same cache (and home, for the version managers).
      const dirs = request.runtimeDirs ?? [];
      const key = JSON.stringify([cache.root, env.HOME ?? '', request.tool, request.range ?? '', ...dirs]);
      const runEnv = dirs.length ? { ...env, PATH: [...dirs, env.PATH].filter(Boolean).join(delimiter) } : env;
      return shared.join(key, request, options, (own) => provide(request, cache, runEnv, own));
    },
    placeForMavenFrontend: (node, npm, options) => placeForMavenFrontend(node, npm, env, options),
    cached: () => cache.list(),
    clear: () => cache.clear(),
  };
}

async function provide(request: ToolRequest, cache: ToolCache, env: Env, options: ProvideOptions): Promise<ProvidedTool> {
  const { tool, range } = request;
  if (tool === 'python' || tool === 'node') {
    const spec = tool === 'python' ? pythonSpec(range) : isNewest(range) ? undefined : range;
    const found = await fromVersionManager(tool, spec, env, join(cache.root, '.links'));
    if (found.provided) return found.provided;
    if (tool === 'python') throw unavailable(tool, range, ...splitReason(missingPython(spec, found.installs)));
  }
  if (tool === 'java') {
    const found = await fromInstalledJdks(range, env);
    if (found.provided) return found.provided;
    const have = found.jdks.map((j) => j.version).join(', ') || 'none';
    throw unavailable(tool, range, `no installed JDK is ${range ?? 'there'} (JDKs found: ${have}), and no registry here serves JDKs`, { hint: 'install one (a Temurin or Debian package), or point JAVA_HOME at it' });
  }
  if (NPM_TOOLS.has(tool)) {
    const wanted = npmRange(tool as NpmTool, range);
    // A copy fetched for another service's Node (pnpm 11 for a Node 22 app) may not run on this one.
    const cached = await cache.find(tool, (v) => npmAccepts(wanted, v), (a, b) => semver.valid(a) && semver.valid(b) ? semver.rcompare(a, b) : newestFirst(a, b), tool === 'node' ? undefined : (copy) => runsOnNode(copy, env));
    if (cached && completeCopy(tool, cached)) return answer(tool, cached, 'cache');
    const got = await fromNpm(tool as NpmTool, range, cache, env, options);
    return answer(tool, got, got.fetched ? 'registry' : 'cache');
  }
  if (PYPI_TOOLS.has(tool)) {
    const spec = pep440Spec(tool as PypiTool, range);
    const cached = await cache.find(tool, (v) => pypiAccepts(spec, v), newestFirst);
    if (cached) return answer(tool, cached, 'cache');
    const got = await fromPypi(tool as PypiTool, range, spec, cache, env, options);
    return answer(tool, got, got.raced ? 'cache' : 'registry');
  }
  throw unavailable(tool, range, `Repo Runner cannot provide "${String(tool)}"`);
}

/** A bare Python version means that release line: '3.12' → '==3.12.*', '3.12.1' → '==3.12.1'. */
function pythonSpec(range: string | undefined): string | undefined {
  const text = range?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+){2,}$/.test(text)) return `==${text}`;
  if (/^\d+(\.\d+)?$/.test(text)) return `==${text}.*`;
  return text;
}

function splitReason(missing: { reason: string; hint: string; nearest?: string }): [string, { hint: string; nearest?: string }] {
  const { reason, ...rest } = missing;
  return [reason, rest];
}

function answer(tool: ProvisionableTool, copy: CachedCopy, source: 'cache' | 'registry'): ProvidedTool {
  return {
    tool,
    version: copy.manifest.version,
    binDir: join(copy.dir, copy.manifest.binDir),
    source,
    detail: `${copy.manifest.from}${source === 'cache' ? ', cached' : ''} in ${copy.dir}`,
  };
}

interface SharedRequest {
  promise: Promise<ProvidedTool>;
  controller: AbortController;
  callers: number;
  listeners: Set<(line: string) => void>;
}

/** One fetch per tool and range at a time, whoever asks; it is cancelled when every caller has. */
class SharedRequests {
  private readonly pending = new Map<string, SharedRequest>();

  join(key: string, request: ToolRequest, options: ProvideOptions, start: (own: ProvideOptions) => Promise<ProvidedTool>): Promise<ProvidedTool> {
    if (options.signal?.aborted) return Promise.reject(unavailable(request.tool, request.range, 'cancelled'));
    let existing = this.pending.get(key);
    if (!existing) {
      const controller = new AbortController();
      const listeners = new Set<(line: string) => void>();
      const promise = start({ signal: controller.signal, onLine: (line) => listeners.forEach((listen) => listen(line)) });
      const entry: SharedRequest = { promise, controller, callers: 0, listeners };
      promise.then(() => this.forget(key, entry), () => this.forget(key, entry));
      this.pending.set(key, entry);
      existing = entry;
    }
    const entry = existing;
    entry.callers++;
    if (options.onLine) entry.listeners.add(options.onLine);
    return new Promise<ProvidedTool>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        entry.callers--;
        if (options.onLine) entry.listeners.delete(options.onLine);
        options.signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        const cancelled = unavailable(request.tool, request.range, 'cancelled');
        if (entry.callers > 0) return reject(cancelled);
        // The last caller: stop the fetch, and answer once its processes and temporary folder are gone.
        this.forget(key, entry);
        entry.controller.abort();
        entry.promise.then(() => reject(cancelled), () => reject(cancelled));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then((value) => { if (leave()) resolve(value); }, (error: unknown) => { if (leave()) reject(error); });
    });
  }

  private forget(key: string, entry: SharedRequest): void {
    if (this.pending.get(key) === entry) this.pending.delete(key);
  }
}

const shared = new SharedRequests();

