// Database settings outside .env, the pure parts: found in JSON, YAML, TOML and properties files,
// rewritten to a connection keeping the rest of the file, Spring's JDBC form; and the switches
// in example files that turn seeding off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from '../../src/core/database/connection.js';
import { jdbcUrl, readSettings, readsEnvironment, wantedValues, withValues } from '../../src/core/env/config-database.js';
import { expectedByConfig, springEnv } from '../../src/core/env/config-wiring.js';
import { secretValue } from '../../src/core/env/secret-value.js';
import { seedingOff } from '../../src/core/env/seed-switch.js';

const pg: Connection = { engine: 'postgres', host: '127.0.0.1', port: 5499, user: 'app', password: 'pw', database: 'shop' };

test('a config.yml database section: found with its lines, rewritten in place keeping comments and other keys', async () => {
  const text = '# settings\nserver:\n  host: 0.0.0.0\n  port: 8080\ndatabase:\n  host: db # compose\n  port: 5432\n  user: shop\n  password: secret\n  name: shop\n';
  const settings = (await readSettings(text, 'yaml'))!;
  assert.equal(settings.fields.host?.value, 'db', 'the database section, not the server one');
  assert.deepEqual(settings.fields.host?.path, ['database', 'host']);
  assert.equal(settings.fields.host?.line, 6);
  assert.equal(settings.fields.database?.value, 'shop');
  const out = await withValues(text, 'yaml', settings, wantedValues(settings, pg));
  assert.match(out, /^# settings$/m);
  assert.match(out, /^ {2}host: 127\.0\.0\.1 # compose$/m);
  assert.match(out, /^ {2}port: 5499$/m);
  assert.match(out, /^ {2}password: pw$/m);
  assert.match(out, /^server:\n {2}host: 0\.0\.0\.0\n {2}port: 8080$/m, 'the server section is untouched');
});

test('a config.toml [db] table: found with its lines, rewritten in place; numbers stay numbers, strings stay quoted, the [app] address is not a database', async () => {
  const text = '[app]\n# where the web server listens\naddress = "localhost:9000"\n\n[db]\nhost = "localhost" # local\nport = 5432\nuser = "listy"\npassword = \'listy\'\ndatabase = "listy"\nssl_mode = "disable"\n';
  const settings = (await readSettings(text, 'toml'))!;
  assert.equal(settings.engine, 'postgres', 'told by its port');
  assert.deepEqual(settings.fields.host, { path: ['db', 'host'], value: 'localhost', line: 6 });
  assert.deepEqual([settings.fields.port?.value, settings.fields.password?.line, settings.fields.database?.line], ['5432', 9, 10]);
  const out = await withValues(text, 'toml', settings, wantedValues(settings, { ...pg, password: 'p"w' }));
  assert.match(out, /^host = "127\.0\.0\.1" # local$/m);
  assert.match(out, /^port = 5499$/m);
  assert.match(out, /^password = "p\\"w"$/m);
  assert.match(out, /^database = "shop"$/m);
  assert.match(out, /^\[app\]\n# where the web server listens\naddress = "localhost:9000"$/m, 'the app table is untouched');
  // An array of tables after it is not read into it; a header may carry spaces.
  const hooks = '[ database ]\nhost = "localhost"\nport = 5432\nuser = "app"\n\n[[webhooks]]\nhost = "hooks.example.com"\nport = 443\n';
  const read = (await readSettings(hooks, 'toml'))!;
  assert.deepEqual([read.fields.host?.value, read.fields.host?.line, read.fields.port?.value, read.engine], ['localhost', 2, '5432', 'postgres']);
});

test('a JSON config: TypeORM ormconfig at the root, Sequelize environments, node-config db sections; numbers stay numbers', async () => {
  const orm = '{\n    "type": "postgres",\n    "host": "postgres",\n    "port": 5432,\n    "username": "u",\n    "password": "p",\n    "database": "d",\n    "synchronize": true\n}\n';
  const settings = (await readSettings(orm, 'json'))!;
  assert.equal(settings.engine, 'postgres');
  const out = await withValues(orm, 'json', settings, wantedValues(settings, pg));
  assert.deepEqual(JSON.parse(out), { type: 'postgres', host: '127.0.0.1', port: 5499, username: 'app', password: 'pw', database: 'shop', synchronize: true });
  assert.match(out, /^ {4}"host"/m, 'the indentation is kept');
  const sequelize = await readSettings(JSON.stringify({ production: { host: 'prod', username: 'x', dialect: 'mysql' }, development: { username: 'dev', password: null, database: 'app_dev', host: '127.0.0.1', dialect: 'postgres' } }), 'json');
  assert.deepEqual(sequelize?.fields.database?.path, ['development', 'database'], 'development is preferred');
  assert.equal(sequelize?.engine, 'postgres');
  const nodeConfig = await readSettings(JSON.stringify({ port: 3000, host: 'localhost', name: 'my-app', db: { host: 'db', port: 5432 } }), 'json');
  assert.deepEqual(nodeConfig?.fields.host?.path, ['db', 'host'], 'the root\'s host and name are the app\'s, not a database\'s');
  assert.equal(await readSettings(JSON.stringify({ server: { host: 'localhost', port: 80 } }), 'json'), undefined);
  assert.equal((await readSettings(JSON.stringify({ mongo: { host: 'localhost', port: 27017 } }), 'json'))?.engine, 'mongodb', 'no driver named: the port tells');
  assert.equal(nodeConfig?.engine, 'postgres');
  assert.equal(await readSettings('{ not json', 'json'), undefined);
});

test('Spring application.properties: the datasource, and the JDBC URL keeping its driver', async () => {
  const settings = (await readSettings('server.port=8080\nspring.datasource.url=jdbc:mariadb://db:3306/shop\nspring.datasource.username=shop\nspring.datasource.password=${DB_PASSWORD:secret}\n', 'properties'))!;
  assert.equal(settings.engine, 'mariadb');
  assert.equal(settings.fields.url?.line, 2);
  const maria: Connection = { engine: 'mariadb', host: '127.0.0.1', port: 3390, user: 'shop', password: 'pw', database: 'shop' };
  assert.equal(wantedValues(settings, maria).url, 'jdbc:mariadb://127.0.0.1:3390/shop');
  assert.equal(jdbcUrl(pg), 'jdbc:postgresql://127.0.0.1:5499/shop');
  assert.equal(jdbcUrl({ ...maria, engine: 'mysql' }, 'mysql'), 'jdbc:mysql://127.0.0.1:3390/shop');
  assert.ok(readsEnvironment(settings.fields.password!.value), 'a placeholder reads the environment');
  assert.ok(readsEnvironment("<%= ENV['DB_HOST'] %>"));
  assert.ok(!readsEnvironment('localhost'));
});

test('what a config file expects of the server: its credentials, and its port only on localhost', async () => {
  const local = (await readSettings('database:\n  host: localhost\n  port: 5433\n  user: blog\n  password: blogpw\n  name: blog\n', 'yaml'))!;
  const expected = expectedByConfig([{ file: 'config.yml', format: 'yaml', text: '', settings: local }], 'postgres')!;
  assert.deepEqual(expected.connection, { user: 'blog', password: 'blogpw', database: 'blog', host: 'localhost', port: 5433 });
  assert.equal(expected.local, true);
  assert.equal(expected.from, 'database.host, database.port in config.yml');
  const compose = (await readSettings('database:\n  host: db\n  user: ${DB_USER}\n  name: blog\n', 'yaml'))!;
  const remote = expectedByConfig([{ file: 'config.yml', format: 'yaml', text: '', settings: compose }], 'postgres')!;
  assert.deepEqual(remote.connection, { user: undefined, password: undefined, database: 'blog' }, 'no host (db is compose\'s), no placeholder');
  assert.equal(remote.local, false);
  const spring = (await readSettings('spring.datasource.url=jdbc:postgresql://localhost:5433/shop\nspring.datasource.username=shop\n', 'properties'))!;
  const fromUrl = expectedByConfig([{ file: 'application.properties', format: 'properties', text: '', settings: spring }], 'postgres')!;
  assert.deepEqual(fromUrl.connection, { user: 'shop', password: undefined, database: 'shop', host: 'localhost', port: 5433 }, 'a JDBC URL names the host, port and database');
  assert.equal(fromUrl.from, 'spring.datasource.url in application.properties');
  assert.equal(expectedByConfig([{ file: 'c.yml', format: 'yaml', text: '', settings: { engine: 'mysql', fields: {} } }], 'postgres'), undefined, 'another engine says nothing');
});

test('seeding switches: off by a false ON switch or a true OFF switch; anything else leaves seeding on', () => {
  assert.deepEqual(seedingOff({ SEED_DB: 'false' }), { name: 'SEED_DB', value: 'false' });
  assert.deepEqual(seedingOff({ RUN_SEEDS: '0' }), { name: 'RUN_SEEDS', value: '0' });
  assert.deepEqual(seedingOff({ DB_SEED: 'no' }), { name: 'DB_SEED', value: 'no' });
  assert.deepEqual(seedingOff({ SKIP_SEED: 'true' }), { name: 'SKIP_SEED', value: 'true' });
  assert.deepEqual(seedingOff({ SEED_ON_STARTUP: 'off' }), { name: 'SEED_ON_STARTUP', value: 'off' });
  assert.equal(seedingOff({ SEED_DB: 'true', SKIP_SEED: 'false', RUN_SEEDS: '1' }), undefined);
  assert.equal(seedingOff({ SEED: 'abc123' }), undefined, 'a random seed value is not a switch');
  assert.equal(seedingOff({ RANDOM_SEED: '0', SEEDLING: 'false' }), undefined, 'other names are not switches');
});

test('Spring Boot: SPRING_DATASOURCE_* as a JDBC URL with the driver application.properties names, and Redis for Boot 2 and 3', async () => {
  const properties = (await readSettings('spring.datasource.url=jdbc:mariadb://localhost:3306/shop\n', 'properties'))!;
  const maria: Connection = { engine: 'mariadb', host: '127.0.0.1', port: 3390, user: 'shop', password: 'pw', database: 'shop' };
  const redis: Connection = { engine: 'redis', host: '127.0.0.1', port: 6390 };
  const env = new Map<string, { value: string; from: string }>();
  springEnv(env, [{ file: 'src/main/resources/application.properties', format: 'properties', text: '', settings: properties }], [{ name: 'cache', connection: redis }, { name: 'mysql', connection: maria }]);
  assert.deepEqual(Object.fromEntries([...env].map(([k, v]) => [k, v.value])), {
    SPRING_DATASOURCE_URL: 'jdbc:mariadb://127.0.0.1:3390/shop', SPRING_DATASOURCE_USERNAME: 'shop', SPRING_DATASOURCE_PASSWORD: 'pw',
    SPRING_DATA_REDIS_HOST: '127.0.0.1', SPRING_DATA_REDIS_PORT: '6390', SPRING_REDIS_HOST: '127.0.0.1', SPRING_REDIS_PORT: '6390',
  });
  assert.equal(env.get('SPRING_DATASOURCE_URL')?.from, 'mysql');
  const plain = new Map<string, { value: string; from: string }>();
  springEnv(plain, [], [{ name: 'postgres', connection: pg }]);
  assert.equal(plain.get('SPRING_DATASOURCE_URL')?.value, 'jdbc:postgresql://127.0.0.1:5499/shop', 'no properties: the engine\'s own driver');
});

test('Django DATABASES: literal values found and rewritten on their lines; values read from the environment are left to it', async () => {
  const text = [
    'import os',
    'DATABASES = {',
    "    'default': {",
    "        'ENGINE': 'django.db.backends.postgresql',",
    "        'NAME': 'blog',",
    "        'USER': os.environ.get('DB_USER', 'blog'),",
    "        'PASSWORD': 'blog',",
    "        'HOST': 'db',  # the compose service",
    "        'PORT': 5432,",
    '    }',
    '}',
    "CACHES = {'default': {'HOST': 'redis'}}",
  ].join('\n');
  const settings = (await readSettings(text, 'python'))!;
  assert.equal(settings.engine, 'postgres');
  assert.equal(settings.fields.host?.value, 'db');
  assert.equal(settings.fields.host?.line, 8);
  assert.ok(readsEnvironment(settings.fields.user!.value));
  const wanted = wantedValues(settings, pg);
  delete wanted.user;
  const out = await withValues(text, 'python', settings, wanted);
  assert.match(out, /^ {8}'HOST': '127\.0\.0\.1', {2}# the compose service$/m);
  assert.match(out, /^ {8}'PORT': 5499,$/m, 'a number stays a number');
  assert.match(out, /^ {8}'NAME': 'shop',$/m);
  assert.match(out, /^ {8}'USER': os\.environ\.get\('DB_USER', 'blog'\),$/m);
  assert.match(out, /^CACHES = \{'default': \{'HOST': 'redis'\}\}$/m, 'only the DATABASES block');
  assert.equal(await readSettings("DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\nCACHES = {'default': {'HOST': 'redis'}}\n", 'python').then((s) => s?.fields.host), undefined);
});

test('generated secrets: 64 hex characters, except a Laravel APP_KEY (base64: and 32 bytes)', () => {
  const hex = 'ab'.repeat(32);
  assert.equal(secretValue('SESSION_SECRET', 'change-me', 'node', hex), hex);
  assert.equal(secretValue('APP_KEY', undefined, 'node', hex), hex, 'APP_KEY of another stack is any secret');
  const key = secretValue('APP_KEY', undefined, 'php', hex);
  assert.match(key, /^base64:[A-Za-z0-9+/]{43}=$/);
  assert.equal(atob(key.slice(7)).length, 32, 'a 32-byte key, as AES-256-CBC needs');
  assert.match(secretValue('ENCRYPTION_KEY', 'base64:xxxx', 'node', hex), /^base64:/, 'an example in base64: form is kept in that form');
});

test('a JavaScript or TypeScript config module: the database block\'s literals found and rewritten; environment reads left alone', async () => {
  const text = [
    'export default {',
    "  port: 3000,",
    '  db: {',
    "    host: 'db', // compose",
    '    port: 5432,',
    "    user: process.env.DB_USER || 'shop',",
    '    password: "secret",',
    "    database: 'shop',",
    '    pool: { min: 1, max: 5 },',
    '  },',
    '};',
  ].join('\n');
  const settings = (await readSettings(text, 'script'))!;
  assert.deepEqual(Object.fromEntries(Object.entries(settings.fields).map(([k, v]) => [k, [v.value, v.line]])), {
    host: ['db', 4], port: ['5432', 5], user: ["env(process.env.DB_USER || 'shop')", 6], password: ['secret', 7], database: ['shop', 8],
  });
  const wanted = wantedValues(settings, pg);
  delete wanted.user;
  const out = (await withValues(text, 'script', settings, wanted)).split('\n');
  assert.deepEqual(out.slice(3, 8), ["    host: '127.0.0.1', // compose", '    port: 5499,', "    user: process.env.DB_USER || 'shop',", '    password: "pw",', "    database: 'shop',"]);
  assert.equal(out[1], '  port: 3000,', 'the app\'s own port is not the database\'s');
  const orm = await readSettings("module.exports = {\n  type: 'mysql',\n  host: 'localhost',\n  port: 3306,\n};\n", 'script');
  assert.equal(orm?.engine, 'mysql');
  assert.equal(orm?.fields.host?.value, 'localhost');
  assert.equal(await readSettings("module.exports = {\n  host: '0.0.0.0',\n  port: 8080,\n};\n", 'script'), undefined, 'an exported object without a driver is not database settings');
});
