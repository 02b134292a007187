// `repo-runner detect`: the plan as a person reads it.
import { describe, maskValue, type Evidence, type Finding, type HealthCheck, type Plan } from '../core/detection.js';
import { style } from './style.js';

export function renderPlan(plan: Plan): string {
  const out: string[] = [];
  if (plan.nothingToRun) {
    out.push(`${style.yellow('Nothing to run here')}, because ${plan.nothingToRun.reason}.`);
    out.push('Looked for:', ...plan.nothingToRun.lookedFor.map((l) => `  - ${l}`));
    out.push(`To fix: ${plan.nothingToRun.suggestion}.`);
  } else {
    out.push(style.bold(`${plan.services.length} service${plan.services.length === 1 ? '' : 's'} in ${plan.root}`));
  }
  for (const s of plan.services) {
    out.push('', `${style.cyan(s.name)}  ${s.framework} (${s.kind})  ${s.dir === '' ? './' : `${s.dir}/`}`);
    for (const step of s.install) out.push(`  install  ${describe(step.command)}${step.fallback ? style.dim(`  (else ${describe(step.fallback)})`) : ''}`);
    const how = [s.port.env ? `env ${s.port.env}` : '', s.port.addressEnv ? `env ${s.port.addressEnv} (host:port)` : '', s.start.args.some((a) => a.includes('{port}')) ? 'argument' : ''].filter(Boolean).join(' and ');
    out.push(`  start    ${describe(s.start)}`);
    out.push(s.port.hardCoded ? `  port     ${s.port.preferred}, hard-coded in the code (it listens there whatever it is told)` : `  port     prefers ${s.port.preferred}${how ? `, passed by ${how}` : ''}`);
    out.push(`  health   ${describeHealth(s.health)}`);
    if (s.docs) out.push(`  docs     ${s.docs}`);
    for (const [name, value] of Object.entries(s.start.env ?? {})) out.push(`  env      ${name}=${maskValue(name, value)}`);
    for (const copy of s.configCopies ?? []) out.push(`  config   ${copy.to} from ${copy.from}  ${style.dim(`(${copy.evidence.reason}, ${where(copy.evidence)})`)}`);
    for (const link of s.links) out.push(`  link     ${link.env} = URL of ${link.service}  ${style.dim(`(${where(link.evidence)})`)}`);
    for (const e of s.evidence) out.push(`  ${style.dim(`why      ${e.reason} (${where(e)})`)}`);
  }
  if (plan.databases.length > 0) {
    out.push('', style.bold('Databases'));
    for (const d of plan.databases) {
      out.push(`  ${d.name}  ${d.engine}${d.version ? ` ${d.version}` : ''}${d.usedBy.length ? ` (used by ${d.usedBy.join(', ')})` : ''}  ${style.dim(where(d.evidence))}`);
      if (d.optional) out.push(`    ${style.dim(`may not be needed: ${d.optional}`)}`);
    }
  }
  if (plan.env.length > 0) {
    out.push('', style.bold('Environment'));
    for (const v of plan.env) out.push(`  ${v.name}${v.example !== undefined ? `=${maskValue(v.name, v.example)}` : style.dim(' (no example value)')}  ${style.dim(`${v.kind}, ${where(v.evidence)}`)}`);
  }
  if (plan.requirements.length > 0) {
    out.push('', style.bold('Requirements'));
    for (const r of plan.requirements) out.push(`  ${r.tool}${r.range ? ` ${r.range}` : ''}  ${style.dim(`${r.service}: ${where(r.evidence)}`)}`);
  }
  if (plan.findings.length > 0) out.push('', ...plan.findings.map(renderFinding));
  return out.join('\n');
}

export function renderFinding(f: Finding): string {
  const mark = f.severity === 'error' ? style.red('✗') : f.severity === 'warning' ? style.yellow('!') : style.dim('i');
  const lines = [`${mark} ${f.message} ${style.dim(`[${f.code}]`)}`];
  if (f.file) lines.push(style.dim(`    at ${f.file}${f.range ? `:${f.range.startLine}` : ''}`));
  for (const e of f.excerpt.slice(-6)) lines.push(style.dim(`    │ ${e}`));
  for (const fix of f.fixes) lines.push(`    fix: ${fix.title}${fix.auto ? style.dim(' (applied automatically)') : ''}`);
  return lines.join('\n');
}

function describeHealth(health: HealthCheck): string {
  switch (health.kind) {
    case 'http': return `HTTP GET ${health.path}`;
    case 'tcp': return 'TCP connect';
    case 'log': return `a line of its output matches /${health.pattern}/`;
    case 'none': return 'no port: up while it keeps running';
  }
}

function where(e: Evidence): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}`;
}
