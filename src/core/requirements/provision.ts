// Bringing the tools a service needs instead of only naming them: a package manager or runtime
// that is missing, or at a version the repo does not accept, is provided by the host (a version
// manager's install, Repo Runner's cache, or its registry) and put first on the service's PATH.
// Nothing is installed globally; corepack is not needed and not touched.
import type { ProvisionableTool, ToolUnavailable } from '../host.js';
import type { Finding, Fix, Requirement, ToolName } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

/** The tools a host can bring, by the name requirements use. */
export const PROVISIONABLE: Partial<Record<ToolName, ProvisionableTool>> = {
  node: 'node', pnpm: 'pnpm', yarn: 'yarn', bun: 'bun', deno: 'deno', python: 'python', uv: 'uv', poetry: 'poetry', pdm: 'pdm', pipenv: 'pipenv', java: 'java',
};

/** `note`: provided, but not quite what was asked (the nearest installed Python), said as a warning. */
export type Provision = { ok: true; binDir: string; note?: Finding } | { ok: false; finding: Finding };

/**
 * Provides `requirement`'s tool for its service (once per tool and range in a run: `shared`),
 * or says why it cannot be had. Undefined when this tool is not one the host can bring.
 */
export async function provisionTool(ctx: RunContext, requirement: Requirement, service: ServiceRuntime, shared: Map<string, Promise<Provision>>, installed: string | undefined): Promise<Provision | undefined> {
  const tool = PROVISIONABLE[requirement.tool];
  const tools = ctx.host.tools;
  if (!tool || !tools || !ctx.options.provisionTools) return undefined;
  // A Node package manager is tried on the Node already brought for the service (pnpm 11 needs Node 22).
  const runtimeDirs = tool === 'pnpm' || tool === 'yarn' ? [...service.toolDirs] : [];
  const key = `${tool}@${requirement.range ?? ''}@${runtimeDirs.join(':')}`;
  let work = shared.get(key);
  if (!work) {
    work = (async (): Promise<Provision> => {
      const started = ctx.host.now();
      try {
        const provided = await tools.provide({ tool, range: requirement.range, ...(runtimeDirs.length ? { runtimeDirs } : {}) }, { signal: ctx.signal, onLine: (line) => ctx.emit({ type: 'output', service: service.name, stream: 'stdout', line, source: 'setup' }) });
        const how = provided.source === 'registry' ? `fetched from ${provided.detail} in ${ctx.host.now() - started} ms` : provided.source === 'cache' ? 'from Repo Runner\'s cache' : `installed by ${provided.detail}`;
        ctx.log('info', `${requirement.tool} ${provided.version} for ${requirement.range ? `"${requirement.range}"` : 'the repo'}: ${how}`);
        if (requirement.frontendMavenPlugin && tools.placeForMavenFrontend) {
          const onLine = (line: string) => ctx.emit({ type: 'output', service: service.name, stream: 'stdout', line, source: 'setup' });
          await tools.placeForMavenFrontend(provided, requirement.frontendMavenPlugin.npm, { signal: ctx.signal, onLine });
        }
        return { ok: true, binDir: provided.binDir };
      } catch (error) {
        const why = unavailableOf(error, tool, requirement.range);
        // No registry serves Python: the nearest installed one beats the machine's default.
        if (tool === 'python' && why.nearest) {
          const nearest = await tools.provide({ tool, range: `==${why.nearest}` }, { signal: ctx.signal }).catch(() => undefined);
          if (nearest) {
            const note = unavailableFinding(requirement, why, installed);
            return { ok: true, binDir: nearest.binDir, note: { ...note, severity: 'warning', fixes: [], message: `${note.message.replace(/\.$/, '')}; using Python ${nearest.version} (${nearest.detail}), the nearest installed.` } };
          }
        }
        return { ok: false, finding: unavailableFinding(requirement, why, installed) };
      }
    })();
    shared.set(key, work);
  }
  const result = await work;
  if (!result.ok) return { ok: false, finding: { ...result.finding, service: requirement.service } };
  if (!service.toolDirs.includes(result.binDir)) service.toolDirs.push(result.binDir);
  // Maven's and Gradle's wrappers take the JDK from JAVA_HOME before the PATH.
  if (tool === 'java') service.toolEnv.JAVA_HOME = result.binDir.replace(/[/\\]bin$/, '');
  return result.note ? { ...result, note: { ...result.note, service: requirement.service } } : result;
}

function unavailableOf(error: unknown, tool: ProvisionableTool, range: string | undefined): ToolUnavailable {
  const given = (error as { unavailable?: ToolUnavailable } | undefined)?.unavailable;
  return given ?? { tool, range, reason: error instanceof Error ? error.message : String(error) };
}

/** With another version installed the service may still work: a warning; with none, an error. */
function unavailableFinding(requirement: Requirement, why: ToolUnavailable, installed: string | undefined): Finding {
  const { tool, range, service, evidence } = requirement;
  const wanted = `${tool}${range ? ` ${range}` : ''}`;
  const since = installed === undefined ? '' : ` (${installed} is installed and may still work)`;
  const fixes: Fix[] = why.nearest
    ? [{ kind: 'setting', title: `Use ${tool} ${why.nearest} (pin it in repo-runner.json)`, auto: false, file: 'repo-runner.json', path: ['tools', tool], value: why.nearest, rerunFrom: 'requirements' }]
    : [];
  return {
    code: 'toolchain-unavailable', severity: installed === undefined ? 'error' : 'warning', phase: 'requirements', service, file: evidence.file, range: evidence.line ? { startLine: evidence.line } : undefined,
    message: `${service} needs ${wanted}${since}, which could not be had: ${why.reason}${why.nearest ? `; ${tool} ${why.nearest} can be` : ''}${why.hint ? `; ${why.hint}` : ''}.`,
    excerpt: [evidence.reason, why.reason], fixes,
  };
}
