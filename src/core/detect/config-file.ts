// repo-runner.json at the repo root: what the user pins wins over everything detected.
// A service named like a detected one overrides its fields; a new name with a `start` command
// adds a service; `"disabled": true` removes one. Commands are argument arrays, never shell
// strings. A file that is not valid is reported (file and line) and ignored, never fatal.
import type { CommandSpec, DatabaseEngine, DatabaseNeed, Evidence, Finding, HealthCheck, Requirement, ServicePlan, ToolName } from '../model.js';
import { parseJsonWithLine } from './json.js';
import { lineOf, type RepoFiles } from './repo-files.js';

export const CONFIG_FILE = 'repo-runner.json';

export interface ServiceConfig {
  dir?: string;
  install?: string[][];
  start?: string[];
  port?: number | { preferred?: number; env?: string };
  health?: string | { http: string } | { tcp: true } | { log: string };
  env?: Record<string, string>;
  links?: Record<string, string>;
  disabled?: boolean;
}

export interface DatabaseConfig {
  engine: DatabaseEngine;
  version?: string;
  env?: Record<string, string>;
  usedBy?: string[];
}

export interface RepoConfig {
  services: Record<string, ServiceConfig>;
  env: Record<string, string>;
  databases: Record<string, DatabaseConfig>;
  /** Tool versions the user pins (e.g. `"pnpm": "9.15.9"`): they replace what detection read. */
  tools: Partial<Record<ToolName, string>>;
}

const PINNABLE_TOOLS: readonly string[] = ['node', 'npm', 'yarn', 'pnpm', 'bun', 'deno', 'python', 'poetry', 'uv', 'pdm', 'pipenv', 'go', 'java', 'ruby', 'php'];
const ENGINES: readonly DatabaseEngine[] = ['postgres', 'mysql', 'mariadb', 'redis', 'mongodb', 'sqlite'];

export async function readConfig(files: RepoFiles): Promise<{ config?: RepoConfig; text?: string; findings: Finding[] }> {
  const text = await files.read(CONFIG_FILE);
  if (text === undefined) return { findings: [] };
  const parsed = parseJsonWithLine<unknown>(text);
  if (!parsed.ok) return { findings: [invalid(`${CONFIG_FILE} is not valid JSON: ${parsed.error}`, parsed.line)] };
  const problems = validate(parsed.value);
  if (problems.length > 0) {
    return { findings: problems.map((p) => invalid(`${CONFIG_FILE}: ${p.message}; the file is ignored until this is fixed`, lineOf(text, `"${p.key}"`) ?? 1)) };
  }
  const value = parsed.value as Partial<RepoConfig>;
  return { config: { services: value.services ?? {}, env: value.env ?? {}, databases: value.databases ?? {}, tools: value.tools ?? {} }, text, findings: [] };
}

/** Applies the user's pins to the detected services, in place; returns the final list. */
export function applyConfig(detected: ServicePlan[], config: RepoConfig, text: string): ServicePlan[] {
  const services = [...detected];
  for (const [name, pinned] of Object.entries(config.services)) {
    const evidence: Evidence = { file: CONFIG_FILE, line: lineOf(text, `"${name}"`), reason: `pinned in ${CONFIG_FILE}` };
    const index = services.findIndex((s) => s.name === name);
    if (pinned.disabled) {
      if (index >= 0) services.splice(index, 1);
      continue;
    }
    let service = index >= 0 ? services[index] : undefined;
    if (!service) {
      if (!pinned.start) continue;
      service = {
        name, kind: 'custom', framework: 'custom', dir: pinned.dir ?? '', install: [], start: command(pinned.start, pinned.dir ?? ''),
        port: { env: 'PORT', preferred: 3000 }, health: { kind: 'tcp' }, links: [], manifests: [CONFIG_FILE], evidence: [],
      };
      services.push(service);
    }
    const dir = pinned.dir ?? service.dir;
    service.dir = dir;
    service.evidence.unshift(evidence);
    if (pinned.install) service.install = pinned.install.map((argv) => ({ command: command(argv, dir) }));
    if (pinned.start) service.start = command(pinned.start, dir);
    if (typeof pinned.port === 'number') service.port = { ...service.port, preferred: pinned.port, pinned: true };
    else if (pinned.port) service.port = { preferred: pinned.port.preferred ?? service.port.preferred, env: pinned.port.env ?? service.port.env, ...(pinned.port.preferred ? { pinned: true } : {}) };
    if (pinned.health !== undefined) service.health = health(pinned.health);
    if (pinned.env || Object.keys(config.env).length > 0) service.start.env = { ...config.env, ...service.start.env, ...pinned.env };
    for (const [variable, target] of Object.entries(pinned.links ?? {})) {
      service.links = service.links.filter((l) => l.env !== variable);
      service.links.push({ service: target, env: variable, evidence: { ...evidence, reason: `${variable} linked to ${target} in ${CONFIG_FILE}` } });
    }
    if (!service.manifests.includes(CONFIG_FILE)) service.manifests.push(CONFIG_FILE);
  }
  return services;
}

/** Pinned databases replace detected needs of the same name and add the others. */
export function applyDatabasePins(detected: DatabaseNeed[], config: RepoConfig, text: string): DatabaseNeed[] {
  const needs = [...detected];
  for (const [name, pin] of Object.entries(config.databases)) {
    const need: DatabaseNeed = { name, engine: pin.engine, version: pin.version, env: pin.env ?? {}, usedBy: pin.usedBy ?? [],
      evidence: { file: CONFIG_FILE, line: lineOf(text, `"${name}"`), reason: `pinned in ${CONFIG_FILE}` } };
    const index = needs.findIndex((n) => n.name === name);
    if (index >= 0) needs[index] = need;
    else needs.push(need);
  }
  return needs;
}

/** Pinned tool versions replace the ranges detection read, for every service that needs the tool. */
export function applyToolPins(requirements: Requirement[], config: RepoConfig, text: string): void {
  for (const requirement of requirements) {
    const pin = config.tools[requirement.tool];
    if (pin === undefined) continue;
    requirement.range = pin;
    requirement.evidence = { file: CONFIG_FILE, line: lineOf(text, `"${requirement.tool}"`), reason: `${requirement.tool} ${pin} pinned in ${CONFIG_FILE}` };
  }
}

function command(argv: string[], dir: string): CommandSpec {
  return { command: argv[0], args: argv.slice(1), cwd: dir };
}

function health(value: NonNullable<ServiceConfig['health']>): HealthCheck {
  if (typeof value === 'string') return { kind: 'http', path: value };
  if ('http' in value) return { kind: 'http', path: value.http };
  return 'log' in value ? { kind: 'log', pattern: value.log } : { kind: 'tcp' };
}

function invalid(message: string, line: number): Finding {
  return { code: 'config-invalid', severity: 'error', phase: 'detect', file: CONFIG_FILE, range: { startLine: line }, message, excerpt: [], fixes: [] };
}

interface Problem { key: string; message: string }

/** Checks the shape the JSON schema (schemas/repo-runner.schema.json) describes, with messages a person can act on. */
function validate(value: unknown): Problem[] {
  const problems: Problem[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isArgv = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string');
  const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
  if (!isObject(value)) return [{ key: '', message: 'the top level must be an object' }];
  for (const key of Object.keys(value)) if (!['$schema', 'services', 'env', 'databases', 'tools'].includes(key)) problems.push({ key, message: `unknown key "${key}" (expected "services", "env", "databases" or "tools")` });
  if (value.tools !== undefined && (!isStringMap(value.tools) || Object.keys(value.tools as object).some((t) => !PINNABLE_TOOLS.includes(t)))) {
    problems.push({ key: 'tools', message: `"tools" must map tool names (${PINNABLE_TOOLS.join(', ')}) to versions, e.g. { "pnpm": "9.15.9" }` });
  }
  if (value.databases !== undefined) {
    if (!isObject(value.databases)) problems.push({ key: 'databases', message: '"databases" must be an object keyed by database name' });
    else {
      for (const [name, db] of Object.entries(value.databases)) {
        if (!isObject(db) || !ENGINES.includes(db.engine as DatabaseEngine)) problems.push({ key: name, message: `databases.${name}.engine must be one of ${ENGINES.join(', ')}` });
        else if ((db.env !== undefined && !isStringMap(db.env)) || (db.usedBy !== undefined && !(Array.isArray(db.usedBy) && db.usedBy.every((u) => typeof u === 'string'))) || (db.version !== undefined && typeof db.version !== 'string')) {
          problems.push({ key: name, message: `databases.${name}: "version" is a string, "env" maps names to strings, "usedBy" lists service names` });
        }
      }
    }
  }
  if (value.env !== undefined && !isStringMap(value.env)) problems.push({ key: 'env', message: '"env" must map names to string values' });
  if (value.services === undefined) return problems;
  if (!isObject(value.services)) return [...problems, { key: 'services', message: '"services" must be an object keyed by service name' }];
  for (const [name, service] of Object.entries(value.services)) {
    const at = (field: string, message: string) => problems.push({ key: field, message: `services.${name}.${field} ${message}` });
    if (!isObject(service)) {
      problems.push({ key: name, message: `services.${name} must be an object` });
      continue;
    }
    for (const key of Object.keys(service)) {
      if (!['dir', 'install', 'start', 'port', 'health', 'env', 'links', 'disabled'].includes(key)) at(key, 'is not a known setting');
    }
    if (service.dir !== undefined && (typeof service.dir !== 'string' || service.dir.startsWith('/') || service.dir.split('/').includes('..'))) at('dir', 'must be a folder inside the repo, relative to its root');
    if (service.start !== undefined && !isArgv(service.start)) at('start', 'must be an array of strings, e.g. ["npm", "run", "dev"] (no shell string)');
    if (service.install !== undefined && !(Array.isArray(service.install) && service.install.every(isArgv))) at('install', 'must be a list of commands, each an array of strings');
    const port = service.port;
    const validPort = (p: unknown) => Number.isInteger(p) && (p as number) > 0 && (p as number) < 65536;
    if (port !== undefined && !validPort(port) && !(isObject(port) && (port.preferred === undefined || validPort(port.preferred)) && (port.env === undefined || typeof port.env === 'string'))) {
      at('port', 'must be a port number (1-65535) or { "preferred": number, "env": "NAME" }');
    }
    const h = service.health;
    if (h !== undefined && !(typeof h === 'string' && h.startsWith('/')) && !(isObject(h) && ((typeof h.http === 'string' && h.http.startsWith('/')) || h.tcp === true || (typeof h.log === 'string' && h.log !== '')))) {
      at('health', 'must be an HTTP path like "/health", { "http": "/health" }, { "tcp": true } or { "log": "ready to accept" }');
    }
    if (service.env !== undefined && !isStringMap(service.env)) at('env', 'must map names to string values');
    if (service.links !== undefined && !isStringMap(service.links)) at('links', 'must map variable names to service names');
    if (service.disabled !== undefined && typeof service.disabled !== 'boolean') at('disabled', 'must be true or false');
  }
  return problems;
}
