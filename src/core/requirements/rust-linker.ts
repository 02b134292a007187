// A faster linker the repo's .cargo/config.toml names (clang as the linker driver, lld or mold
// through -fuse-ld) is a choice for speed, not something the program needs: when this machine
// lacks it, the build links with the system's cc and the other flags of that config are kept.
import { parse as parseToml } from 'smol-toml';
import { joinRel } from '../detect/repo-files.js';
import type { Finding } from '../model.js';
import type { RunContext, ServiceRuntime } from '../run-context.js';

const TARGET = 'x86_64-unknown-linux-gnu';
const TARGET_ENV = TARGET.toUpperCase().replace(/-/g, '_');

/** The linker choices of one config file for this machine's target. */
export interface LinkerChoice {
  file: string;
  line?: number;
  /** Commands the choice runs: `clang`, `ld.lld`, `mold`. */
  commands: string[];
  /** The rustflags with the linker choice taken out (what RUSTFLAGS becomes). */
  otherFlags: string[];
  /** A `linker = "…"` key (else the linker came from rustflags). */
  linkerKey: boolean;
}

/** Reads `text` (a .cargo/config.toml) for a linker choice on Linux x86-64; undefined when it makes none. */
export function linkerChoice(file: string, text: string): LinkerChoice | undefined {
  let config: Record<string, unknown>;
  try {
    config = parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const target = ((config.target as Record<string, unknown> | undefined)?.[TARGET] ?? {}) as Record<string, unknown>;
  const build = (config.build ?? {}) as Record<string, unknown>;
  const flags = strings(target.rustflags ?? build.rustflags);
  const commands: string[] = [];
  const otherFlags: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] === '-C' && i + 1 < flags.length ? flags[++i] : flags[i].replace(/^-C/, '');
    const linker = /^linker=(.+)$/.exec(flag)?.[1];
    const fuse = /^link-arg=-fuse-ld=(.+)$/.exec(flag)?.[1];
    if (linker) commands.push(linker);
    else if (fuse) commands.push(fuse.includes('/') ? fuse : fuse === 'lld' ? 'ld.lld' : fuse);
    else otherFlags.push(...(flags[i] === '-C' ? ['-C', flag] : [flags[i]]));
  }
  const linkerKey = typeof target.linker === 'string';
  if (linkerKey) commands.unshift(target.linker as string);
  if (!commands.length) return undefined;
  const line = text.split('\n').findIndex((l) => /linker|fuse-ld/.test(l)) + 1 || undefined;
  return { file, line, commands: [...new Set(commands)], otherFlags, linkerKey };
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * For a Rust service whose .cargo/config.toml (its folder or one above it, as cargo looks) names
 * a linker this machine lacks: links with cc instead (RUSTFLAGS without the choice, the target's
 * linker set to cc) and says so in a warning that offers the missing packages. Undefined otherwise.
 */
export async function substituteMissingLinker(ctx: RunContext, service: ServiceRuntime): Promise<Finding | undefined> {
  if (service.plan.packageManager !== 'cargo' || ctx.host.env.RUSTFLAGS !== undefined || ctx.host.env.CARGO_ENCODED_RUSTFLAGS !== undefined) return undefined;
  const choice = await nearestChoice(ctx, service.plan.dir);
  if (!choice) return undefined;
  const missing: string[] = [];
  for (const command of choice.commands) {
    if ((await ctx.host.toolchains.version(command, ['--version'])) === undefined) missing.push(command);
  }
  if (!missing.length) return undefined;
  service.toolEnv.RUSTFLAGS = choice.otherFlags.join(' ');
  if (choice.linkerKey) service.toolEnv[`CARGO_TARGET_${TARGET_ENV}_LINKER`] = 'cc';
  const packages = [...new Set(missing.map((c) => (c === 'ld.lld' ? 'lld' : c.split('/').pop()!)))];
  const script = `apt-get update -qq && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  return {
    code: 'linker-substituted', severity: 'warning', phase: 'requirements', service: service.name, file: choice.file, range: choice.line ? { startLine: choice.line } : undefined,
    message: `${service.name}: ${choice.file} links with ${choice.commands.join(' and ')}, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed; building with the system linker (cc) instead, which is slower to link but makes the same program.`,
    excerpt: [`${choice.file}: ${choice.commands.join(', ')}`, `not found: ${missing.join(', ')}`],
    fixes: [{ kind: 'command', title: `Install ${packages.join(', ')} with apt-get (Debian)`, auto: false, command: { command: 'sh', args: ['-c', script], cwd: '' }, rerunFrom: 'requirements' }],
  };
}

/** The first .cargo/config.toml (or .cargo/config) from the service's folder up to the repo's root. */
async function nearestChoice(ctx: RunContext, dir: string): Promise<LinkerChoice | undefined> {
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  for (let n = parts.length; n >= 0; n--) {
    const base = parts.slice(0, n).join('/') || '.';
    for (const name of ['.cargo/config.toml', '.cargo/config']) {
      const file = base === '.' ? name : joinRel(base, name);
      const text = await ctx.host.fs.readText(`${ctx.root}/${file}`);
      if (text !== undefined) return linkerChoice(file, text);
    }
  }
  return undefined;
}
