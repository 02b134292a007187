// Where a service says it is working: a health route, when it has one, is a better judge than
// `/` (an API with no root page, a front page that renders while the database is down). Found,
// in rising rank: the framework's own (Spring Boot Actuator's /actuator/health when the actuator
// is a dependency), then a health route declared in the code (`app.get('/healthz')`,
// `@app.route("/health")`, `HandleFunc("/api/healthcheck")`, `@GetMapping("/health")`).
// Compose healthchecks and repo-runner.json are applied after this and win over it.
import type { ServicePlan } from '../model.js';
import { frameworkEntry } from './catalogue/index.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const CODE_FILE = /\.(m?[jt]sx?|cjs|py|go|rs|rb|php|java|kt)$/;
const MAX_FILES = 200;
const MAX_BYTES = 256 * 1024;

/** The path part of a health route: /health, /healthz, /healthcheck, /api/health, /_health, /api/v1/health-check, /livez, /readyz. */
const HEALTH_PATH = String.raw`/(?:[A-Za-z0-9_-]+/){0,2}(?:_?health(?:z|check|-check|_check)?|livez|readyz)/?`;

/** A route declaration whose first argument is a health path, in the usual web frameworks. */
const ROUTE = new RegExp([
  // Express, Koa, Fastify, Hono, NestJS-less routers, Flask, FastAPI, Sinatra, Laravel, Gin, Echo, Fiber, Axum, Actix
  String.raw`(?<!\b(?:axios|requests|httpx|client|http|https|session|supertest|fetcher|\$http))\.(?:get|all|route|api_route|head|GET|Get|HEAD|Any|Handle|HandleFunc|add_url_rule)\(\s*['"\`](${HEALTH_PATH})['"\`]`,
  // Go net/http and chi: http.HandleFunc("/healthz", ...), mux.HandleFunc("GET /healthz", ...)
  String.raw`HandleFunc\(\s*"(?:GET\s+)?(${HEALTH_PATH})"`,
  // Spring: @GetMapping("/health"), @RequestMapping(value = "/health")
  String.raw`@(?:Get|Request)Mapping\(\s*(?:value\s*=\s*|path\s*=\s*)?\{?\s*"(${HEALTH_PATH})"`,
  // Actix and Rocket attributes: #[get("/health")]
  String.raw`#\[get\(\s*"(${HEALTH_PATH})"`,
  // A plain Node server: if (req.url === '/health')
  String.raw`\.url\s*===?\s*['"\`](${HEALTH_PATH})['"\`]`,
].join('|'));

export async function applyHealthPath(files: RepoFiles, service: ServicePlan): Promise<void> {
  const check = service.health;
  // A worker (no port) and a readiness line stay as they are; only a guess of `/` or a bare port is improved.
  if (!(check.kind === 'http' && check.path === '/') && check.kind !== 'tcp') return;
  // A front end's code calls its API's health route; it does not serve it.
  if (frameworkEntry(service.framework).role === 'frontend') return;
  const route = await healthRoute(files, service);
  if (route) {
    service.health = { kind: 'http', path: route.path };
    service.evidence.push({ file: route.file, line: route.line, reason: `health path ${route.path}: a health route in the code` });
    return;
  }
  const actuator = await actuatorManifest(files, service);
  if (actuator && check.kind === 'http') {
    service.health = { kind: 'http', path: '/actuator/health' };
    service.evidence.push({ file: actuator.file, line: actuator.line, reason: 'health path /actuator/health: Spring Boot Actuator is a dependency' });
  }
}

async function actuatorManifest(files: RepoFiles, service: ServicePlan): Promise<{ file: string; line?: number } | undefined> {
  if (service.kind !== 'java') return undefined;
  for (const name of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    const file = joinRel(service.dir, name);
    const text = await files.read(file);
    if (text && /spring-boot-starter-actuator/.test(text)) return { file, line: lineOf(text, 'spring-boot-starter-actuator') };
  }
  return undefined;
}

async function healthRoute(files: RepoFiles, service: ServicePlan): Promise<{ path: string; file: string; line?: number } | undefined> {
  for (const file of await codeFiles(files, service)) {
    const text = await files.read(file);
    if (text === undefined || text.length > MAX_BYTES) continue;
    const match = ROUTE.exec(text);
    if (!match) continue;
    const path = match.slice(1).find((g) => g !== undefined)!;
    return { path, file, line: lineOf(text, match[0]) };
  }
  return undefined;
}

/** The service's own code: its folder and two levels below, and for Java and Kotlin the source tree. */
async function codeFiles(files: RepoFiles, service: ServicePlan): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    for (const entry of await files.list(rel)) {
      if (out.length >= MAX_FILES) return;
      const child = joinRel(rel, entry.name);
      if (entry.isFile && CODE_FILE.test(entry.name) && !/\.(test|spec)\.|\.d\.ts$/.test(entry.name)) out.push(child);
      else if (entry.isDirectory && depth > 0 && !/^(test|tests|__tests__|spec|e2e)$/.test(entry.name) && !(await files.skipDir(child))) await walk(child, depth - 1);
    }
  };
  await walk(service.dir, 2);
  if (service.kind === 'java') await walk(joinRel(service.dir, 'src/main'), 7);
  return out;
}
