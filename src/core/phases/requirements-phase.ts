// Requirements: are the toolchains the services need installed, at the versions they ask
// for? Are the environment variables their examples list set somewhere?
import { parseEnvFile } from '../detect/env-file.js';
import { joinRel } from '../detect/repo-files.js';
import { envFix } from '../fixer/signature.js';
import type { Finding, Fix, Requirement, ToolName } from '../model.js';
import { provisionTool, type Provision } from '../requirements/provision.js';
import { substituteMissingLinker } from '../requirements/rust-linker.js';
import { TOOLCHAINS } from '../requirements/toolchains.js';
import { satisfies } from '../requirements/versions.js';
import { activeServices, type RunContext } from '../run-context.js';
import type { Phase } from './phase.js';

export const requirementsPhase: Phase = {
  name: 'requirements',
  async run(ctx) {
    const findings: Finding[] = [];
    const active = new Set(activeServices(ctx).map((s) => s.name));
    const requirements = ctx.plan.requirements.filter((r) => active.has(r.service));
    const versions = new Map<ToolName, Promise<string | undefined>>();
    const versionOf = (tool: ToolName) => {
      if (!versions.has(tool)) versions.set(tool, ctx.host.toolchains.version(TOOLCHAINS[tool].command, TOOLCHAINS[tool].versionArgs));
      return versions.get(tool)!;
    };
    const provisions = new Map<string, Promise<Provision>>();
    // Runtimes first: a package manager is then fetched and tried on the runtime its service runs on.
    const runtime = (r: Requirement) => r.tool === 'node' || r.tool === 'python';
    const check = async (requirement: Requirement) => {
      const service = ctx.services.get(requirement.service)!;
      const installed = await versionOf(requirement.tool);
      if (installed !== undefined && satisfies(requirement.tool, installed, requirement.range) !== 'mismatch') return;
      if (requirement.tool === 'go' && installed !== undefined && satisfies('go', installed, '>=1.21') === 'ok') {
        // Go 1.21 and later fetch the toolchain go.mod names through the module proxy when allowed to.
        service.toolEnv.GOTOOLCHAIN = 'auto';
        ctx.log('info', `${service.name}: go ${installed} is older than go.mod asks (${requirement.range}); Go fetches the toolchain it names (GOTOOLCHAIN=auto)`);
        return;
      }
      const provided = await provisionTool(ctx, requirement, service, provisions, installed);
      if (provided?.ok) {
        if (provided.note) findings.push(provided.note);
        return;
      }
      const finding = provided?.finding ?? versionFinding(requirement, installed);
      if (!finding) return;
      findings.push(finding);
      if (finding.severity === 'error') service.failed = finding;
    };
    await Promise.all(requirements.filter(runtime).map(check));
    await Promise.all(requirements.filter((r) => !runtime(r)).map(check));
    for (const service of activeServices(ctx)) {
      const substituted = await substituteMissingLinker(ctx, service);
      if (substituted) findings.push(substituted);
    }
    findings.push(...(await missingEnv(ctx)));
    const checked = [...versions.keys()].length;
    const failed = findings.some((f) => f.severity === 'error');
    return { status: failed ? 'failed' : 'done', findings, detail: `${checked} toolchain${checked === 1 ? '' : 's'} checked` };
  },
};

function versionFinding(requirement: Requirement, installed: string | undefined): Finding | undefined {
  const { tool, range, service, evidence } = requirement;
  const base = { phase: 'requirements' as const, service, file: evidence.file, range: evidence.line ? { startLine: evidence.line } : undefined };
  if (installed === undefined) {
    return {
      ...base, code: 'toolchain-missing', severity: 'error',
      message: `${service} needs ${tool}${range ? ` ${range}` : ''}, which is not installed: ${TOOLCHAINS[tool].hint}.`,
      excerpt: [evidence.reason, `\`${[TOOLCHAINS[tool].command, ...TOOLCHAINS[tool].versionArgs].join(' ')}\` failed`], fixes: installFixes(tool),
    };
  }
  if (satisfies(tool, installed, range) === 'mismatch') {
    return {
      ...base, code: 'toolchain-version-mismatch', severity: 'warning',
      message: `${service} asks for ${tool} ${range} but ${installed} is installed; it may still work, and if it fails, install a matching ${tool}.`,
      excerpt: [evidence.reason, `${TOOLCHAINS[tool].command}: ${installed}`], fixes: [],
    };
  }
  return undefined;
}

/** A system package that brings the tool (Debian's), as a command the user applies; the requirements run again after it. */
function installFixes(tool: ToolName): Fix[] {
  const packages = TOOLCHAINS[tool].debian;
  if (!packages) return [];
  // The package lists may be missing on a fresh machine: update them first (a fixed command, nothing from the repo).
  const script = `apt-get update -qq && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  return [{ kind: 'command', title: `Install ${packages.join(', ')} with apt-get (Debian)`, auto: false, command: { command: 'sh', args: ['-c', script], cwd: '' }, rerunFrom: 'requirements' }];
}

/** Variables an example file lists with no value, that neither the environment nor a .env sets. */
async function missingEnv(ctx: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const dotenvs = new Map<string, Set<string>>();
  for (const variable of ctx.plan.env) {
    // Only what an example file declares: code often reads variables it has defaults for.
    if (variable.source !== 'example' || variable.example !== undefined || ctx.host.env[variable.name] !== undefined) continue;
    if (variable.kind === 'port' || linkedSomewhere(ctx, variable.name)) continue;
    if (!dotenvs.has(variable.dir)) {
      const text = await ctx.host.fs.readText(`${ctx.root}/${joinRel(variable.dir, '.env')}`);
      dotenvs.set(variable.dir, new Set(text ? parseEnvFile(text).entries.filter((e) => e.value !== '').map((e) => e.name) : []));
    }
    if (dotenvs.get(variable.dir)!.has(variable.name)) continue;
    findings.push({
      code: 'env-missing', severity: 'warning', phase: 'requirements',
      message: `${variable.name} is listed in ${variable.evidence.file} without a value and is not set; the app may fail without it.`,
      file: variable.evidence.file, range: variable.evidence.line ? { startLine: variable.evidence.line } : undefined,
      excerpt: [variable.evidence.reason], fixes: [envFix(variable.name, variable.dir)],
    });
  }
  return findings;
}

function linkedSomewhere(ctx: RunContext, name: string): boolean {
  return ctx.plan.services.some((s) => s.links.some((l) => l.env === name));
}
