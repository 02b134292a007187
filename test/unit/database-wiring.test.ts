// The pure parts of database provisioning: URLs, which variables carry a connection, and the
// dotenv writer that never touches the user's lines.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { formatUrl, parseUrl, safeIdentifier } from '../../src/core/database/connection.js';
import { maskUrl } from '../../src/core/secrets/index.js';
import { connectionValue, readConnection, settingOf } from '../../src/core/database/wiring.js';
import { classifyEnv } from '../../src/core/detect/env-file.js';
import { updateEnvFile } from '../../src/core/env/dotenv-writer.js';

const hash = (v: string) => createHash('sha256').update(v).digest('hex');

test('database URLs parse, format with the app\'s scheme, and mask their password', () => {
  assert.deepEqual(parseUrl('postgres://u%40x:p%3Aw@localhost:5433/db'), { engine: 'postgres', host: 'localhost', port: 5433, user: 'u@x', password: 'p:w', database: 'db' });
  assert.deepEqual(parseUrl('redis://:secret@127.0.0.1:6380/0'), { engine: 'redis', host: '127.0.0.1', port: 6380, user: undefined, password: 'secret', database: '0' });
  assert.equal(parseUrl('mysql://shop@db/shop')?.port, 3306);
  assert.equal(parseUrl('postgresql+psycopg2://a:b@h/x')?.engine, 'postgres');
  assert.equal(parseUrl('https://example.com'), undefined);
  assert.equal(parseUrl('sqlite:///file.db'), undefined);
  const c = { engine: 'postgres' as const, host: '127.0.0.1', port: 5432, user: 'app', password: 'a b/c', database: 'app' };
  assert.equal(formatUrl(c), 'postgresql://app:a%20b%2Fc@127.0.0.1:5432/app');
  assert.equal(formatUrl(c, { scheme: 'postgres' }), 'postgres://app:a%20b%2Fc@127.0.0.1:5432/app');
  assert.equal(formatUrl(c, { mask: true }), 'postgresql://app:••••@127.0.0.1:5432/app');
  assert.equal(maskUrl('connecting to postgres://app:hunter2@h:1/x failed'), 'connecting to postgres://app:••••@h:1/x failed');
  assert.equal(safeIdentifier('my-app.db', 'x'), 'my_app_db');
  assert.equal(safeIdentifier("x'; DROP TABLE y; --", 'x'), 'x___DROP_TABLE_y____');
  assert.equal(safeIdentifier('123', 'fallback'), 'fallback');
});

test('variables that carry a connection: URLs and fields, by engine prefix', () => {
  assert.deepEqual(settingOf('DATABASE_URL'), { target: 'primary', field: 'url' });
  assert.deepEqual(settingOf('PGHOST'), { target: ['postgres'], field: 'host' });
  assert.deepEqual(settingOf('POSTGRES_DB'), { target: ['postgres'], field: 'database' });
  assert.deepEqual(settingOf('MYSQL_PASSWORD'), { target: ['mysql', 'mariadb'], field: 'password' });
  assert.deepEqual(settingOf('REDIS_URL'), { target: ['redis'], field: 'url' });
  assert.equal(settingOf('MYSQL_ROOT_PASSWORD'), undefined);
  assert.equal(settingOf('PORT'), undefined);
  assert.equal(classifyEnv('POSTGRES_PORT'), 'database', 'a database port is not the service port');
  assert.equal(classifyEnv('DB_PASSWORD'), 'database');

  const pg = { engine: 'postgres' as const, host: '127.0.0.1', port: 5499, user: 'app', password: 'pw', database: 'shop' };
  const redis = { engine: 'redis' as const, host: '127.0.0.1', port: 6390 };
  assert.equal(connectionValue('DATABASE_URL', [redis, pg]), 'postgresql://app:pw@127.0.0.1:5499/shop');
  assert.equal(connectionValue('DATABASE_URL', [pg], 'postgres://x:y@localhost/z'), 'postgres://app:pw@127.0.0.1:5499/shop', 'the example\'s scheme is kept');
  assert.equal(connectionValue('REDIS_URL', [redis, pg]), 'redis://127.0.0.1:6390');
  assert.equal(connectionValue('DATABASE_URL', [redis]), undefined, 'DATABASE_URL never points at a cache');
  assert.equal(connectionValue('POSTGRES_PORT', [pg]), '5499');
  assert.equal(connectionValue('DB_HOST', [pg]), '127.0.0.1');
  assert.equal(connectionValue('PGUSER', [pg]), 'app');

  const read = readConnection(new Map([['POSTGRES_USER', 'django'], ['POSTGRES_PASSWORD', 'pw'], ['POSTGRES_DB', 'd'], ['REDIS_URL', 'redis://r:1']]), 'postgres', 'postgres');
  assert.deepEqual({ ...read }, { user: 'django', password: 'pw', database: 'd', names: ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'] });
  const url = readConnection(new Map([['DATABASE_URL', 'mysql://a:b@localhost:3307/c']]), 'mysql', 'mysql');
  assert.equal(url.port, 3307);
  assert.equal(readConnection(new Map([['DATABASE_URL', 'mysql://a:b@localhost:3307/c']]), 'postgres', 'postgres').host, undefined, 'a URL of another engine says nothing');
});

test('dotenv writer: a new file starts from the example with our values in place', () => {
  const example = { name: '.env.example', text: 'DATABASE_URL=postgres://u:p@localhost/db\nGREETING=hi\n' };
  const result = updateEnvFile(undefined, example, new Map([['DATABASE_URL', 'postgres://app:x@127.0.0.1:5500/db'], ['SECRET_KEY', 'abc']]), {}, hash);
  assert.equal(result.text, '# Written by Repo Runner from .env.example. Lines you change are kept as they are.\nDATABASE_URL=postgres://app:x@127.0.0.1:5500/db\nGREETING=hi\nSECRET_KEY=abc\n');
  assert.equal(result.changed, true);
  assert.deepEqual(Object.keys(result.ours).sort(), ['DATABASE_URL', 'GREETING', 'SECRET_KEY']);

  const again = updateEnvFile(result.text, example, new Map([['DATABASE_URL', 'postgres://app:x@127.0.0.1:5500/db'], ['SECRET_KEY', 'abc']]), result.ours, hash);
  assert.equal(again.changed, false, 'the same values again change nothing');
  assert.equal(again.text, result.text);

  const moved = updateEnvFile(result.text, example, new Map([['DATABASE_URL', 'postgres://app:x@127.0.0.1:5501/db']]), result.ours, hash);
  assert.match(moved.text, /^DATABASE_URL=postgres:\/\/app:x@127\.0\.0\.1:5501\/db$/m, 'a value Repo Runner wrote follows the database');
});

test('dotenv writer: the user\'s lines are never changed, missing values are appended', () => {
  const mine = '# my settings\nexport DATABASE_URL="postgres://me@db.internal/x"\nSECRET_KEY=mine # keep\n';
  const result = updateEnvFile(mine, undefined, new Map([['DATABASE_URL', 'postgres://app@127.0.0.1/x'], ['SECRET_KEY', 'generated'], ['REDIS_URL', 'redis://127.0.0.1:6379']]), {}, hash);
  assert.ok(result.text.startsWith(mine), result.text);
  assert.equal(result.text, `${mine}\n# Added by Repo Runner for this machine. Lines you change are kept as they are.\nREDIS_URL=redis://127.0.0.1:6379\n`);
  assert.deepEqual(result.kept.sort(), ['DATABASE_URL', 'SECRET_KEY']);
  // A value Repo Runner wrote and the user then edited is the user's from then on.
  const edited = result.text.replace('REDIS_URL=redis://127.0.0.1:6379', 'REDIS_URL=redis://elsewhere:6379');
  const later = updateEnvFile(edited, undefined, new Map([['REDIS_URL', 'redis://127.0.0.1:6400']]), result.ours, hash);
  assert.equal(later.text, edited);
  assert.deepEqual(later.kept, ['REDIS_URL']);
  assert.equal(updateEnvFile('A=1', undefined, new Map([['B', 'two words']]), {}, hash).text, 'A=1\n\n# Added by Repo Runner for this machine. Lines you change are kept as they are.\nB="two words"\n');
});
