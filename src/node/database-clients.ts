// Logging in to database servers: a real login and query as the health check (PostgreSQL with
// the pg driver, MySQL/MariaDB with its own client or its greeting, Redis with PING, MongoDB by
// TCP), and creating the app's user and database as the server's administrator.
import { connect } from 'node:net';
import { execa } from 'execa';
import type { ManagedServer, ProbeResult } from '../core/host.js';
import { LOOPBACK } from '../core/bind-address.js';
import type { Connection } from '../core/database/connection.js';

export async function pingDatabase(c: Connection, timeoutMs: number, client?: string): Promise<ProbeResult> {
  try {
    switch (c.engine) {
      case 'postgres':
        await withPostgres(c, timeoutMs, async (pg) => { await pg.query('SELECT 1'); });
        return { ok: true };
      case 'mysql':
      case 'mariadb':
        if (client && c.user && c.user !== 'root') {
          const result = await execa(client, ['--no-defaults', '--protocol=TCP', '-h', c.host, '-P', String(c.port), '-u', c.user, ...(c.database ? ['-D', c.database] : []), '-e', 'SELECT 1'],
            { reject: false, timeout: timeoutMs, env: { MYSQL_PWD: c.password ?? '' }, all: true });
          return result.exitCode === 0 ? { ok: true } : { ok: false, error: (result.all ?? '').trim().split('\n').pop() || `exit ${result.exitCode}` };
        }
        return await greeting(c, timeoutMs, (data) => data.length > 4 && (data[4] === 10 || data[4] === 0xff));
      case 'redis': {
        const auth = c.password ? `AUTH ${JSON.stringify(c.password)}\r\n` : '';
        return await exchange(c, timeoutMs, `${auth}PING\r\n`, (text) => (text.includes('+PONG') ? true : /^-/m.test(text) ? text.trim() : undefined));
      }
      default:
        return await greeting(c, timeoutMs, () => true, true);
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function ensureDatabase(server: ManagedServer, app: Connection): Promise<void> {
  if (server.engine === 'postgres') {
    await withPostgres(server.admin, 10_000, async (pg) => {
      const role = pg.escapeIdentifier(app.user!);
      const password = pg.escapeLiteral(app.password ?? '');
      if (app.user !== server.admin.user) {
        const exists = (await pg.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.user])).rowCount;
        await pg.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} WITH LOGIN PASSWORD ${password}`);
      }
      if (!(await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [app.database])).rowCount) {
        await pg.query(`CREATE DATABASE ${pg.escapeIdentifier(app.database!)} OWNER ${role}`);
      }
    });
    return;
  }
  if (server.engine === 'mysql' || server.engine === 'mariadb') {
    const client = server.binaries.names?.client;
    if (!client) throw new Error('no mariadb or mysql client program was found next to the server');
    const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const db = `\`${app.database}\``;
    const statements = [`CREATE DATABASE IF NOT EXISTS ${db}`];
    for (const host of [LOOPBACK, 'localhost', '::1']) {
      const who = `${literal(app.user!)}@${literal(host)}`;
      statements.push(`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ${literal(app.password ?? '')}`, `ALTER USER ${who} IDENTIFIED BY ${literal(app.password ?? '')}`, `GRANT ALL PRIVILEGES ON ${db}.* TO ${who}`);
    }
    const args = ['--no-defaults', '-S', `${server.dir}/mysqld.sock`, '-u', 'root', '-e', `${statements.join('; ')}; FLUSH PRIVILEGES;`];
    let result = await execa(client, args, { reject: false, all: true, timeout: 15_000 });
    // An app that connects as root (its config says so) gave root its password in an earlier run: the admin login needs it now.
    if (result.exitCode !== 0 && app.user === 'root' && app.password && /Access denied/.test(result.all ?? '')) {
      result = await execa(client, args, { reject: false, all: true, timeout: 15_000, env: { MYSQL_PWD: app.password } });
    }
    if (result.exitCode !== 0) throw new Error((result.all ?? '').trim() || `exit ${result.exitCode}`);
  }
}

async function withPostgres<T>(c: Connection, timeoutMs: number, use: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.database, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects and waits for the server's first bytes (or, with `connectOnly`, just the connection). */
function greeting(c: Connection, timeoutMs: number, accept: (data: Buffer) => boolean, connectOnly = false): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: c.host, port: c.port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: `no answer within ${timeoutMs} ms` }));
    socket.on('error', (error) => done({ ok: false, error: error.message }));
    socket.on('connect', () => { if (connectOnly) done({ ok: true }); });
    socket.on('data', (data) => done(accept(data) ? { ok: true } : { ok: false, error: 'unexpected greeting' }));
  });
}

/** Sends `request` and reads until `verdict` returns true (ok) or an error text. */
function exchange(c: Connection, timeoutMs: number, request: string, verdict: (text: string) => true | string | undefined): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: c.host, port: c.port });
    let text = '';
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: `no answer within ${timeoutMs} ms` }));
    socket.on('error', (error) => done({ ok: false, error: error.message }));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (data) => {
      text += data.toString('latin1');
      const result = verdict(text);
      if (result === true) done({ ok: true });
      else if (typeof result === 'string') done({ ok: false, error: result });
    });
    socket.on('end', () => done({ ok: false, error: text.trim() || 'connection closed' }));
  });
}
