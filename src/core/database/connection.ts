// How an app reaches a database: engine, host, port, user, password and database name, and
// the URL forms apps expect (postgresql://, mysql://, redis://, mongodb://). URLs from the
// repo or the user are parsed here; passwords are masked whenever a URL is shown (maskUrl for
// URLs inside text is in secrets/mask.ts).
import type { DatabaseEngine } from '../model.js';
import { ALL_INTERFACES, LOOPBACK } from '../bind-address.js';
import { MASK } from '../secrets/mask.js';

export interface Connection {
  engine: DatabaseEngine;
  host: string;
  port: number;
  user?: string;
  password?: string;
  /** The database name (for redis: the numeric index, usually 0). */
  database?: string;
}

export const DEFAULT_PORTS: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306, mariadb: 3306, redis: 6379, mongodb: 27017, sqlite: 0 };

const SCHEMES: Record<string, DatabaseEngine> = {
  postgres: 'postgres', postgresql: 'postgres', mysql: 'mysql', mysql2: 'mysql', mariadb: 'mariadb', redis: 'redis', rediss: 'redis', mongodb: 'mongodb', sqlite: 'sqlite',
};

/** The engine a URL points at, from its scheme (`postgresql+psycopg2://` counts as postgres). */
export function engineOfUrl(url: string): DatabaseEngine | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1].toLowerCase().split('+')[0];
  return scheme ? SCHEMES[scheme] : undefined;
}

/** The scheme of a URL (`postgresql+psycopg2`), if it has one. */
export function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1];
}

/** Parses a database URL; undefined when it is not one (or names no host). */
export function parseUrl(url: string): Connection | undefined {
  const engine = engineOfUrl(url);
  if (!engine || engine === 'sqlite') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim().replace(/^[a-z0-9+.-]+:/i, 'http:'));
  } catch {
    return undefined;
  }
  if (!parsed.hostname) return undefined;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined;
  return {
    engine, host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[engine],
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
  };
}

/** `scheme` keeps the form the app's example uses (`postgres://`, `postgresql+psycopg2://`). */
export function formatUrl(c: Connection, options: { mask?: boolean; scheme?: string } = {}): string {
  const scheme = options.scheme ?? (c.engine === 'postgres' ? 'postgresql' : c.engine === 'mariadb' ? 'mysql' : c.engine);
  const password = c.password === undefined ? '' : `:${options.mask ? MASK : encodeURIComponent(c.password)}`;
  const auth = c.user !== undefined ? `${encodeURIComponent(c.user)}${password}@` : c.password !== undefined ? `${password}@` : '';
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${scheme}://${auth}${host}:${c.port}${c.database !== undefined ? `/${encodeURIComponent(c.database)}` : ''}`;
}

export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === LOOPBACK || host === '::1' || host === ALL_INTERFACES;
}

/**
 * A name a database server accepts as a user or database name without quoting: letters,
 * digits and underscores, starting with a letter. Anything else from the repo is rewritten.
 */
export function safeIdentifier(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '').replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '').slice(0, 48);
  return cleaned || fallback;
}
