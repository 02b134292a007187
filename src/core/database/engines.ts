// How each database server is initialised and started, as argument arrays: PostgreSQL
// (initdb + postgres), MariaDB/MySQL (mariadb-install-db + mariadbd), Redis and MongoDB.
// Servers listen on 127.0.0.1 only, on the port they are given, with their data in `dataDir`.
import type { CommandSpec, DatabaseEngine } from '../model.js';
import type { ServerBinaries } from '../host.js';
import { LOOPBACK } from '../bind-address.js';

export interface ServerLayout {
  binaries: ServerBinaries;
  /** The folder Repo Runner keeps for this database (data, socket, admin credentials). */
  dir: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  /** Whether Repo Runner runs as root (MariaDB must then be told so). */
  root: boolean;
  /** When we run as root, the unprivileged user a server that refuses root runs as (PostgreSQL). */
  runAs?: string;
}

export interface EngineRecipe {
  label: string;
  /** The Debian package that provides a local server, for the finding when none is found. */
  aptPackage: string;
  /** Where the server's own files live inside the database folder. */
  dataDir(dir: string): string;
  /** A file that exists once the data folder was initialised. */
  initialisedMarker?(dir: string): string;
  /** Commands that create an empty data folder; absent when the server creates it itself. */
  init?(layout: ServerLayout): CommandSpec[];
  start(layout: ServerLayout): CommandSpec;
}

const bin = (layout: ServerLayout, name: string) => (name.startsWith('/') ? name : `${layout.binaries.binDir}/${name}`);

/** Runs `command` as `runAs` when given (setpriv execs, so the PID is the server's own). */
function asUser(layout: ServerLayout, command: string, args: string[], cwd: string): CommandSpec {
  if (!layout.runAs) return { command, args, cwd };
  return { command: 'setpriv', args: [`--reuid=${layout.runAs}`, `--regid=${layout.runAs}`, '--init-groups', '--', command, ...args], cwd };
}

export const RECIPES: Partial<Record<DatabaseEngine, EngineRecipe>> = {
  postgres: {
    label: 'PostgreSQL',
    aptPackage: 'postgresql',
    dataDir: (dir) => `${dir}/data`,
    initialisedMarker: (dir) => `${dir}/data/PG_VERSION`,
    init: (l) => [asUser(l, bin(l, 'initdb'), ['-D', `${l.dir}/data`, '-U', l.adminUser, `--pwfile=${l.dir}/admin-password`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-locale'], l.dir)],
    start: (l) => asUser(l, bin(l, 'postgres'), ['-D', `${l.dir}/data`, '-p', String(l.port), '-c', `listen_addresses=${LOOPBACK}`, '-c', 'unix_socket_directories='], l.dir),
  },
  mariadb: {
    label: 'MariaDB',
    aptPackage: 'mariadb-server',
    dataDir: (dir) => `${dir}/data`,
    initialisedMarker: (dir) => `${dir}/data/mysql`,
    init: (l) => [{
      command: bin(l, l.binaries.names?.install ?? 'mariadb-install-db'),
      args: ['--no-defaults', `--datadir=${l.dir}/data`, ...(l.root ? ['--user=root'] : []), '--auth-root-authentication-method=normal', '--skip-test-db'],
      cwd: l.dir,
    }],
    start: (l) => ({
      command: bin(l, l.binaries.names?.server ?? 'mariadbd'),
      args: ['--no-defaults', `--datadir=${l.dir}/data`, `--port=${l.port}`, `--bind-address=${LOOPBACK}`, `--socket=${l.dir}/mysqld.sock`, `--pid-file=${l.dir}/mysqld.pid`, '--skip-log-bin', ...(l.root ? ['--user=root'] : [])],
      cwd: l.dir,
    }),
  },
  redis: {
    label: 'Redis',
    aptPackage: 'redis-server',
    dataDir: (dir) => `${dir}/data`,
    start: (l) => ({
      command: bin(l, 'redis-server'),
      args: ['--port', String(l.port), '--bind', LOOPBACK, '--dir', `${l.dir}/data`, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', ...(l.adminPassword ? ['--requirepass', l.adminPassword] : [])],
      cwd: l.dir,
    }),
  },
  mongodb: {
    label: 'MongoDB',
    aptPackage: 'mongodb-org (from MongoDB\'s own repository)',
    dataDir: (dir) => `${dir}/data`,
    start: (l) => ({ command: bin(l, 'mongod'), args: ['--dbpath', `${l.dir}/data`, '--port', String(l.port), '--bind_ip', LOOPBACK], cwd: l.dir }),
  },
};
RECIPES.mysql = RECIPES.mariadb;

export function recipeFor(engine: DatabaseEngine): EngineRecipe | undefined {
  return RECIPES[engine];
}
