// docker-compose.yml / compose.yaml: services built from the repo are the repo's own apps (their
// folder, published port and environment become evidence and settings for the service detected
// there); services from a database image are database needs, with the environment they are
// given. Compose itself is not run: the engine runs the apps directly.
import type { DatabaseEngine, DatabaseNeed, EnvVarPlan, Finding, ServicePlan } from '../model.js';
import { interpolateCompose } from './compose-interpolate.js';
import { credentialParts, placePrefix } from './connection-names.js';
import { classifyEnv, parseEnvFile } from './env-file.js';
import { lineOf, type RepoFiles } from './repo-files.js';

export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

const DATABASE_IMAGES: [RegExp, DatabaseEngine][] = [
  [/^(?:.*\/)?(postgres|postgis\/postgis|bitnami\/postgresql|timescale\/timescaledb)(?::|$)/, 'postgres'],
  [/^(?:.*\/)?(mysql|bitnami\/mysql)(?::|$)/, 'mysql'],
  [/^(?:.*\/)?(mariadb|bitnami\/mariadb)(?::|$)/, 'mariadb'],
  [/^(?:.*\/)?(redis|valkey\/valkey|bitnami\/redis)(?::|$)/, 'redis'],
  [/^(?:.*\/)?(mongo|bitnami\/mongodb)(?::|$)/, 'mongodb'],
];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: (string | number | { target?: number; published?: number | string })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, unknown>;
  healthcheck?: { test?: string | string[] };
  profiles?: string[];
  volumes?: (string | { target?: string })[];
}

export interface ComposeResult {
  databases: DatabaseNeed[];
  findings: Finding[];
  /**
   * Settings a built service is given that point at another compose service (`db:5432`,
   * `redis://cache`): declared like an example's, so the run points them at the real database.
   */
  env: EnvVarPlan[];
}

export async function applyCompose(files: RepoFiles, services: ServicePlan[]): Promise<ComposeResult> {
  const result: ComposeResult = { databases: [], findings: [], env: [] };
  for (const file of COMPOSE_FILES) {
    const text = await files.read(file);
    if (text === undefined) continue;
    let doc: { services?: Record<string, ComposeService> };
    // The YAML parser loads only for repos that have a compose file.
    const { parse } = await import('yaml');
    try {
      // `${VAR:-default}` is filled in as compose does, from the .env beside the file, else the default.
      const dotenv = new Map(parseEnvFile((await files.read('.env')) ?? '').entries.map((e) => [e.name, e.value]));
      doc = interpolateCompose(parse(text) ?? {}, dotenv) as typeof doc;
    } catch (error) {
      const line = /line (\d+)/.exec(String(error))?.[1];
      result.findings.push({ code: 'compose-invalid', severity: 'warning', phase: 'detect', file, range: { startLine: line ? Number(line) : 1 }, excerpt: [],
        fixes: [], message: `${file} is not valid YAML (${String(error).split('\n')[0]}); its services are ignored.` });
      return result;
    }
    if (typeof doc !== 'object' || doc === null || doc.services === undefined) return result;
    if (typeof doc.services !== 'object' || doc.services === null || Array.isArray(doc.services)) {
      result.findings.push({ code: 'compose-invalid', severity: 'warning', phase: 'detect', file, range: { startLine: lineOf(text, /^services\s*:/) ?? 1 }, excerpt: [],
        fixes: [], message: `${file}: "services" must be a mapping of service names; its services are ignored.` });
      return result;
    }
    const entries = Object.entries(doc.services).filter((e): e is [string, ComposeService] => typeof e[1] === 'object' && e[1] !== null && !Array.isArray(e[1]));
    const cycle = dependencyCycle(entries);
    if (cycle) {
      result.findings.push({ code: 'compose-cycle', severity: 'warning', phase: 'detect', file, range: { startLine: lineOf(text, new RegExp(`^\\s+${escape(cycle[0])}:`)) ?? 1 }, excerpt: [],
        fixes: [], message: `${file}: depends_on goes round in a circle (${cycle.join(' → ')}); the services start in plan order instead.` });
    }
    const databaseNames = new Set<string>();
    const dependedOn = new Set(entries.flatMap(([, spec]) => (spec.build !== undefined ? dependsOn(spec.depends_on) : [])));
    for (const [name, spec] of entries) {
      const engine = spec.image ? DATABASE_IMAGES.find(([pattern]) => pattern.test(spec.image!))?.[1] : undefined;
      if (!engine) continue;
      // A database behind a profile starts only when asked for (`--profile`), unless an app depends on it.
      if (Array.isArray(spec.profiles) && spec.profiles.length > 0 && !dependedOn.has(name)) continue;
      databaseNames.add(name);
      result.databases.push({
        name, engine, version: /:([^@]+)/.exec(spec.image!)?.[1], env: environment(spec.environment), usedBy: [],
        evidence: { file, line: lineOf(text, new RegExp(`^\\s+${escape(name)}:`)), reason: `${file} runs ${spec.image}` },
      });
    }
    for (const [name, spec] of entries) {
      if (spec.build === undefined) continue;
      const context = typeof spec.build === 'string' ? spec.build : typeof spec.build === 'object' && spec.build !== null && typeof spec.build.context === 'string' ? spec.build.context : '.';
      const dir = context.replace(/^\.\/?/, '').replace(/\/$/, '');
      // A workspace's service is built from the workspace root with its own Dockerfile: the Dockerfile's folder names it.
      const dockerfile = typeof spec.build === 'object' && spec.build !== null && typeof spec.build.dockerfile === 'string' ? spec.build.dockerfile : undefined;
      const dockerfileDir = dockerfile?.includes('/') ? [dir, dockerfile.replace(/^\.\//, '').replace(/\/[^/]*$/, '')].filter(Boolean).join('/') : undefined;
      const service = services.find((s) => s.dir === dir) ?? services.find((s) => s.dir === dockerfileDir);
      if (!service) continue;
      const line = lineOf(text, new RegExp(`^\\s+${escape(name)}:`));
      service.evidence.push({ file, line, reason: `${file} builds service "${name}" from ${context}` });
      // A container's privileged port (80, 443) is the image's web server, not where the app listens when run directly.
      const port = containerPort(spec.ports?.[0]);
      if (port && port >= 1024) service.port = { ...service.port, preferred: port };
      // A healthcheck that fetches a URL names the health path: `curl -f http://localhost:3000/health`.
      const probe = [spec.healthcheck?.test ?? []].flat().join(' ');
      const path = /https?:\/\/[^/\s"']+(\/[^\s"']*)/.exec(probe)?.[1];
      if (path) {
        service.health = { kind: 'http', path };
        service.evidence.push({ file, line: lineOf(text, /healthcheck\s*:/), reason: `health path ${path} from the compose healthcheck of "${name}"` });
      }
      const env = environment(spec.environment);
      // Values that point at other compose services (db:5432, redis://cache) are rewired by the engine later.
      const names = entries.map(([n]) => n);
      // The user and password beside a setting that points at a compose database are that container's:
      // the engine fills them for the database it provides, as it rewires the URL.
      const credentials = credentialsBeside(env, [...databaseNames]);
      // A path inside one of the container's volumes (`/var/lib/app/data.sqlite`) or its secrets
      // (`/run/secrets/db_password`) exists only in the container: the app's own default serves on this machine.
      const mounts = [...volumeTargets(spec.volumes), SECRETS_MOUNT];
      const plain = Object.fromEntries(Object.entries(env).filter(([n, v]) => !/\$\{/.test(v) && !pointsAtService(v, names) && !credentials.has(n) && !insideMount(v, mounts)));
      if (Object.keys(plain).length > 0) service.start.env = { ...plain, ...service.start.env };
      for (const [variable, value] of Object.entries(env)) {
        if (/\$\{/.test(value) || (!pointsAtService(value, names) && !credentials.has(variable))) continue;
        result.env.push({ name: variable, example: value, kind: classifyEnv(variable), dir: service.dir, source: 'example',
          evidence: { file, line: lineOf(text, new RegExp(`^\\s+-?\\s*${escape(variable)}\\s*[:=]`)) ?? line, reason: `${file} gives it to "${name}"` } });
      }
      for (const used of dependsOn(spec.depends_on)) {
        const need = result.databases.find((d) => d.name === used);
        if (need && databaseNames.has(used)) need.usedBy.push(service.name);
      }
    }
    return result;
  }
  return result;
}

/** `redis://cache:6379`, `postgres://u:p@db/x`, `jdbc:mysql://db:3306/x`, `db:5432` or `db` when `db` is a compose service. */
function pointsAtService(value: string, names: string[]): boolean {
  const host = /^(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(value)?.[1] ?? /^([A-Za-z0-9_.-]+)(?::\d+)?$/.exec(value)?.[1];
  return host !== undefined && names.includes(host);
}

/** SPRING_DATASOURCE_USERNAME/PASSWORD beside SPRING_DATASOURCE_URL, DB_USER/DB_PASSWORD/DB_NAME/DB_PORT beside DB_HOST, when that setting names one of `databases`. */
export function credentialsBeside(env: Record<string, string>, databases: string[]): Set<string> {
  const prefixes = new Set(Object.entries(env).filter(([, v]) => pointsAtService(v, databases)).map(([n]) => placePrefix(n)).filter((p) => p !== undefined));
  return new Set(Object.keys(env).filter((n) => prefixes.has(credentialParts(n)?.prefix ?? /^(.*)_PORT$/.exec(n)?.[1] ?? '')));
}

function environment(value: ComposeService['environment']): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((item) => String(item).split(/=(.*)/s)).filter(([k]) => k).map(([k, v]) => [k, v ?? '']));
  }
  return Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Where compose mounts a service's secrets in its container (`*_FILE` settings point there). */
const SECRETS_MOUNT = '/run/secrets';

/** Where a service's volumes are mounted in its container: `data:/var/lib/app` and `{ target: /var/lib/app }`. */
function volumeTargets(value: ComposeService['volumes']): string[] {
  return (value ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v?.target)).filter((t): t is string => typeof t === 'string' && t.startsWith('/') && t !== '/');
}

function insideMount(value: string, mounts: string[]): boolean {
  return mounts.some((m) => value === m || value.startsWith(`${m.replace(/\/$/, '')}/`));
}

function containerPort(entry: NonNullable<ComposeService['ports']>[number] | undefined): number | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry === 'number') return entry;
  if (typeof entry === 'object') return entry.target;
  const target = entry.split('/')[0].split(':').pop();
  return target && /^\d+$/.test(target) ? Number(target) : undefined;
}

function dependsOn(value: ComposeService['depends_on']): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

/** The first circle of depends_on, as names ending where they began; undefined when there is none. */
function dependencyCycle(entries: [string, ComposeService][]): string[] | undefined {
  const edges = new Map(entries.map(([name, spec]) => [name, dependsOn(spec.depends_on)]));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(name);
    if (at >= 0) return [...path.slice(at), name];
    if (done.has(name)) return undefined;
    for (const next of edges.get(name) ?? []) {
      const found = visit(next, [...path, name]);
      if (found) return found;
    }
    done.add(name);
    return undefined;
  };
  for (const [name] of entries) {
    const found = visit(name, []);
    if (found) return found;
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
