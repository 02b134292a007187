// The plan as a deployment, whatever runs it: each service with its image recipe, port, health
// check, environment (plain and secret, split by src/core/secrets) and what it waits for; each
// database as an official image with its volume, health check and login. Compose, Kubernetes
// and Dev Containers are three renderings of this one model.
import type { DatabaseEngine, DatabaseNeed, EnvVarPlan, HealthCheck, Plan, ServicePlan } from '../model.js';
import { frameworkEntry } from '../detect/catalogue/index.js';
import type { Connection } from '../database/connection.js';
import { canonicalVariable, connectionValue, readConnection, primaryEngine, settingOf } from '../database/wiring.js';
import { isSecretName } from '../secrets/index.js';
import { databaseImage, type DatabaseImage } from './images.js';
import { fill, imageRecipe, type ImageRecipe } from './recipe.js';
import type { ExportFacts } from './types.js';

export interface EnvEntry {
  name: string;
  value: string;
  secret: boolean;
  /** Said beside it in an env file: where the value came from or what to put there. */
  note?: string;
}

export interface DeployedService {
  /** A DNS-safe name: the compose service, the Kubernetes objects and the host other services reach it by. */
  id: string;
  plan: ServicePlan;
  recipe: ImageRecipe;
  /** The port it listens on inside its container; undefined for a worker with no port. */
  port?: number;
  health: HealthCheck;
  /** Published on the host: a service a user opens in a browser. */
  opened: boolean;
  env: EnvEntry[];
  dependsOn: { id: string; healthy: boolean }[];
}

export interface DeployedDatabase {
  id: string;
  need: DatabaseNeed;
  engine: Exclude<DatabaseEngine, 'sqlite'>;
  image: DatabaseImage;
  env: EnvEntry[];
  /** The command that says the server is ready (compose healthcheck, Kubernetes exec probe). */
  ready: string[];
  connection: Connection;
}

export interface Deployment {
  services: DeployedService[];
  databases: DeployedDatabase[];
}

export function deploymentOf(plan: Plan, facts: ExportFacts, newSecret: (name: string) => string): Deployment {
  const taken = new Set<string>();
  const databases = plan.databases.filter((d): d is DatabaseNeed & { engine: Exclude<DatabaseEngine, 'sqlite'> } => d.engine !== 'sqlite')
    .map((need) => deployDatabase(plan, need, uniqueId(need.name, taken), newSecret));
  const ids = new Map(plan.services.map((s) => [s.name, uniqueId(s.name, taken)]));
  const anyFrontend = plan.services.some((s) => frameworkEntry(s.framework).role === 'frontend' && s.health.kind !== 'none');
  const services = plan.services.map((service): DeployedService => {
    const hasPort = service.health.kind !== 'none';
    const role = frameworkEntry(service.framework).role;
    const used = databases.filter((d) => d.need.usedBy.includes(service.name) || (d.need.usedBy.length === 0 && plan.services.length === 1));
    const links = service.links.map((l) => ids.get(l.service)).filter((id): id is string => id !== undefined);
    return {
      id: ids.get(service.name)!, plan: service, recipe: imageRecipe(plan, service, facts[service.name] ?? {}),
      port: hasPort ? service.port.preferred : undefined, health: service.health,
      // A user opens the front end; with no front end, every service with a port (an API is what they call).
      opened: hasPort && (anyFrontend ? role === 'frontend' : true),
      env: serviceEnv(plan, service, used, ids, newSecret),
      dependsOn: [
        ...used.map((d) => ({ id: d.id, healthy: true })),
        ...links.map((id) => ({ id, healthy: plan.services.find((s) => ids.get(s.name) === id)?.health.kind !== 'none' })),
      ],
    };
  });
  return { services, databases };
}

function deployDatabase(plan: Plan, need: DatabaseNeed & { engine: Exclude<DatabaseEngine, 'sqlite'> }, id: string, newSecret: (name: string) => string): DeployedDatabase {
  const image = databaseImage(need.engine, need.version);
  // The user and database name the repo expects (its example URL or compose settings); the password is always new.
  const examples = new Map([...plan.env.filter((e) => e.example !== undefined).map((e): [string, string] => [e.name, e.example!]), ...Object.entries(need.env)]);
  const known = readConnection(examples, need.engine, primaryEngine(plan.databases.map((d) => d.engine)));
  const sql = need.engine !== 'redis' && need.engine !== 'mongodb';
  const connection: Connection = {
    engine: need.engine, host: id, port: image.port,
    user: sql ? safeName(known.user) ?? 'app' : undefined,
    password: sql ? newSecret(`${id}-password`) : undefined,
    database: sql ? safeName(known.database) ?? 'app' : need.engine === 'redis' ? '0' : safeName(known.database) ?? 'app',
  };
  const secret = (name: string, value: string): EnvEntry => ({ name, value, secret: true });
  const plain = (name: string, value: string): EnvEntry => ({ name, value, secret: false });
  let env: EnvEntry[] = [];
  let ready: string[] = [];
  switch (need.engine) {
    case 'postgres':
      env = [plain('POSTGRES_USER', connection.user!), plain('POSTGRES_DB', connection.database!), secret('POSTGRES_PASSWORD', connection.password!)];
      ready = ['pg_isready', '-U', connection.user!, '-d', connection.database!];
      break;
    case 'mysql':
      env = [plain('MYSQL_USER', connection.user!), plain('MYSQL_DATABASE', connection.database!), secret('MYSQL_PASSWORD', connection.password!), secret('MYSQL_ROOT_PASSWORD', newSecret(`${id}-root-password`))];
      ready = ['mysqladmin', 'ping', '-h', '127.0.0.1'];
      break;
    case 'mariadb':
      env = [plain('MARIADB_USER', connection.user!), plain('MARIADB_DATABASE', connection.database!), secret('MARIADB_PASSWORD', connection.password!), secret('MARIADB_ROOT_PASSWORD', newSecret(`${id}-root-password`))];
      ready = ['healthcheck.sh', '--connect', '--innodb_initialized'];
      break;
    case 'redis':
      ready = ['redis-cli', 'ping'];
      break;
    case 'mongodb':
      ready = ['mongosh', '--quiet', '--eval', "db.adminCommand('ping')"];
      break;
  }
  return { id, need, engine: need.engine, image, env, ready, connection };
}

/** The service's variables with container values: ports, database URLs to the database services, links to service names. */
function serviceEnv(plan: Plan, service: ServicePlan, used: DeployedDatabase[], ids: Map<string, string>, newSecret: (name: string) => string): EnvEntry[] {
  const out = new Map<string, EnvEntry>();
  const put = (entry: EnvEntry) => out.set(entry.name, entry);
  for (const [name, value] of Object.entries(service.start.env ?? {})) put({ name, value: fill([value], service)[0], secret: isSecretName(name) });
  if (service.port.env && service.health.kind !== 'none') put({ name: service.port.env, value: String(service.port.preferred), secret: false });
  const connections = used.map((d) => d.connection);
  for (const db of used) {
    const variable = canonicalVariable(db.engine);
    if (variable && !declared(plan, service).some((e) => targetsEngine(e.name, db.engine, connections))) {
      put(urlEntry(variable, connectionValue(variable, connections) ?? ''));
    }
  }
  for (const variable of declared(plan, service)) {
    const link = service.links.find((l) => l.env === variable.name);
    const target = link ? plan.services.find((s) => s.name === link.service) : undefined;
    if (target && link) {
      put({ name: variable.name, value: `http://${ids.get(target.name)}:${target.port.preferred}`, secret: false, note: `the URL of ${target.name}` });
      continue;
    }
    const wired = connections.length > 0 ? connectionValue(variable.name, connections, variable.example) : undefined;
    if (wired !== undefined) {
      put(settingOf(variable.name)?.field === 'url' ? urlEntry(variable.name, wired) : { name: variable.name, value: wired, secret: settingOf(variable.name)?.field === 'password' || isSecretName(variable.name) });
      continue;
    }
    if (variable.kind === 'port') {
      put({ name: variable.name, value: String(service.port.preferred), secret: false });
    } else if (variable.kind === 'secret') {
      put({ name: variable.name, value: newSecret(variable.name), secret: true, note: 'generated by repo-runner export' });
    } else if (variable.kind === 'external') {
      put({ name: variable.name, value: '', secret: true, note: 'set this: only its owner can give it' });
    } else if (!out.has(variable.name)) {
      const secret = isSecretName(variable.name);
      put({ name: variable.name, value: secret ? '' : variable.example ?? '', secret, note: secret ? 'set this' : undefined });
    }
  }
  return [...out.values()];
}

/** A URL with a password in it is a secret; one without is plain. */
function urlEntry(name: string, value: string): EnvEntry {
  return { name, value, secret: /^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(value), note: 'the database service' };
}

function targetsEngine(name: string, engine: DatabaseEngine, connections: Connection[]): boolean {
  const setting = settingOf(name);
  if (!setting) return false;
  return connectionValue(name, connections.filter((c) => c.engine === engine)) !== undefined;
}

/** The variables a service reads: its own folder's, and the root's when no service lives at the root. */
function declared(plan: Plan, service: ServicePlan): EnvVarPlan[] {
  const rootShared = !plan.services.some((s) => s.dir === '');
  return plan.env.filter((e) => e.dir === service.dir || (rootShared && e.dir === ''));
}

function uniqueId(name: string, taken: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 50) || 'app';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function safeName(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value) ? value : undefined;
}
