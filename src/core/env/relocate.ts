// Values written for docker-compose point at hosts that exist only inside compose's network
// (`postgres://u:p@db:5432/app`, `REDIS_HOST=redis`, `cache:6379`) or at a database's default
// port on localhost. When Repo Runner started that database itself, such a value is rewritten to
// where the database really is: loopback and the port it got, with the app's URL scheme kept
// (`postgres://`, `postgresql+asyncpg://`, `mysql+pymysql://`) and its query string.
import { DEFAULT_PORTS, engineOfUrl, formatUrl, isLocalHost, schemeOf, type Connection } from '../database/connection.js';
import type { DatabaseEngine } from '../model.js';

/** Host names compose files give their database services, and the engine each usually is. */
export const COMPOSE_HOSTNAMES: Record<string, DatabaseEngine | 'primary'> = {
  db: 'primary', database: 'primary', postgres: 'postgres', postgresql: 'postgres', pg: 'postgres', postgres_db: 'postgres', 'postgres-db': 'postgres', pgsql: 'postgres',
  mysql: 'mysql', mariadb: 'mariadb', 'mysql-db': 'mysql', redis: 'redis', cache: 'redis', 'redis-cache': 'redis', valkey: 'redis', mongo: 'mongodb', mongodb: 'mongodb',
};

/** A database Repo Runner provided: its connection and the names it goes by (the compose service name). */
export interface Provided {
  name: string;
  connection: Connection;
}

const family = (engine: DatabaseEngine | undefined) => (engine === 'mariadb' ? 'mysql' : engine);

/** The provided database a host name stands for: a compose service of that name, else a well-known name's engine. */
export function databaseForHost(host: string, provided: Provided[]): Provided | undefined {
  const lower = host.toLowerCase();
  const byName = provided.find((p) => p.name.toLowerCase() === lower);
  if (byName) return byName;
  const engine = COMPOSE_HOSTNAMES[lower];
  if (engine === 'primary') return provided.find((p) => p.connection.engine !== 'redis' && p.connection.engine !== 'mongodb');
  return engine ? provided.find((p) => family(p.connection.engine) === family(engine)) : undefined;
}

/** A host in the user's settings that exists only inside compose: a well-known database host name or a compose service's. */
export function composeOnlyHost(host: string | undefined, composeNames: string[]): boolean {
  if (host === undefined || isLocalHost(host)) return false;
  const lower = host.toLowerCase();
  return lower in COMPOSE_HOSTNAMES || composeNames.some((n) => n.toLowerCase() === lower);
}

/** Whether a host only resolves inside compose: one of its service names or a well-known one. */
export function isComposeHost(host: string, provided: Provided[]): boolean {
  return databaseForHost(host, provided) !== undefined && !isLocalHost(host);
}

/**
 * `value` pointed at the provided database it names, or undefined when it names none (or is
 * already right). `name` helps with bare host names: only a *_HOST / *_SERVER / *_ADDR variable
 * holding a compose host name is rewritten to loopback.
 */
export function relocate(name: string, value: string, provided: Provided[]): string | undefined {
  const out = relocateValue(name, value.trim(), provided);
  return out !== undefined && out !== value ? out : undefined;
}

function relocateValue(name: string, value: string, provided: Provided[]): string | undefined {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/]*)@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?(\/[^?#]*)?([?#].*)?$/i.exec(value);
  if (url) {
    const [, , , host, port, path, query] = url;
    const engine = engineOfUrl(value);
    if (!engine || engine === 'sqlite') return undefined;
    const target = pick(host, port, engine, provided);
    if (!target) return undefined;
    const c = target.connection;
    // A Redis URL's path is its database index: the app's own choice, kept.
    const database = c.engine === 'redis' ? (path && path !== '/' ? path.slice(1) : undefined) : c.database;
    return formatUrl({ ...c, database }, { scheme: schemeOf(value) }) + (query ?? '');
  }
  const hostPort = /^([A-Za-z0-9_.-]+):(\d+)$/.exec(value);
  if (hostPort) {
    const target = isLocalHost(hostPort[1]) ? provided.find((p) => DEFAULT_PORTS[p.connection.engine] === Number(hostPort[2])) : pick(hostPort[1], hostPort[2], undefined, provided);
    return target ? `${target.connection.host}:${target.connection.port}` : undefined;
  }
  if (/(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/.test(name) && /^[A-Za-z0-9_.-]+$/.test(value)) {
    return isComposeHost(value, provided) ? databaseForHost(value, provided)!.connection.host : undefined;
  }
  return undefined;
}

/** The provided database a URL's host and port stand for, if it is one Repo Runner provided. */
function pick(host: string, port: string | undefined, engine: DatabaseEngine | undefined, provided: Provided[]): Provided | undefined {
  const sameEngine = (p: Provided) => engine === undefined || family(p.connection.engine) === family(engine);
  if (isLocalHost(host.replace(/^\[|\]$/g, ''))) {
    // localhost at the engine's default port: the app expects its database there; it is where we put it.
    const wanted = port ? Number(port) : engine ? DEFAULT_PORTS[engine] : undefined;
    return provided.find((p) => sameEngine(p) && DEFAULT_PORTS[p.connection.engine] === wanted);
  }
  const named = databaseForHost(host, provided);
  if (named && sameEngine(named)) return named;
  return undefined;
}
