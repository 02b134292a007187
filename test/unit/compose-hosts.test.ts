// Compose hostnames and URL schemes: values written for docker compose (`@db:5432`, `REDIS_HOST=redis`,
// `cache:6379`) are pointed at the database Repo Runner provided, keeping the app's scheme;
// compose's `${VAR:-default}` is filled in when the file is read; a database URL the code falls
// back to tells the scheme it expects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate } from '../../src/core/detect/compose-interpolate.js';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { connectionValue } from '../../src/core/database/wiring.js';
import { composeOnlyHost, relocate, type Provided } from '../../src/core/env/relocate.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const pg: Provided = { name: 'db', connection: { engine: 'postgres', host: '127.0.0.1', port: 5499, user: 'app', password: 'pw', database: 'app' } };
const redis: Provided = { name: 'cache', connection: { engine: 'redis', host: '127.0.0.1', port: 6390 } };
const mysql: Provided = { name: 'mysql', connection: { engine: 'mariadb', host: '127.0.0.1', port: 3390, user: 'shop', password: 'pw', database: 'shop' } };
const both = [pg, redis];

test('URLs at a compose host move to loopback and the real port; the scheme and query stay', () => {
  assert.equal(relocate('DATABASE_URL', 'postgres://user:secret@db:5432/app', both), 'postgres://app:pw@127.0.0.1:5499/app');
  assert.equal(relocate('SQLALCHEMY_DATABASE_URI', 'postgresql+psycopg://u:p@postgres/x?sslmode=disable', both), 'postgresql+psycopg://app:pw@127.0.0.1:5499/app?sslmode=disable');
  assert.equal(relocate('ASYNC_DB', 'postgresql+asyncpg://u:p@db:5432/x', both), 'postgresql+asyncpg://app:pw@127.0.0.1:5499/app');
  assert.equal(relocate('DB_URL', 'mysql+pymysql://u:p@mysql:3306/x', [mysql]), 'mysql+pymysql://shop:pw@127.0.0.1:3390/shop');
  assert.equal(relocate('CELERY_BROKER_URL', 'redis://cache:6379/1', both), 'redis://127.0.0.1:6390/1', 'a Redis URL keeps its database index');
  assert.equal(relocate('BROKER', 'redis://redis:6379', both), 'redis://127.0.0.1:6390', 'a well-known host name finds its engine');
  assert.equal(relocate('CELERY_RESULT_BACKEND', 'redis://localhost:6379/0', both), 'redis://127.0.0.1:6390/0', 'localhost at the default port is where the app expects its database');
  assert.equal(relocate('API_URL', 'http://api:8000', both), undefined, 'not a database');
  assert.equal(relocate('DATABASE_URL', 'postgres://u:p@prod.example.com/app', both), undefined, 'a real host is left alone');
  assert.equal(relocate('DATABASE_URL', 'mysql://u:p@db/app', both), undefined, 'the engine must match');
  assert.equal(relocate('DATABASE_URL', 'postgres://app:pw@127.0.0.1:5499/app', both), undefined, 'already right');
});

test('host:port and bare host names at a compose host', () => {
  assert.equal(relocate('REDIS_ADDR', 'cache:6379', both), '127.0.0.1:6390');
  assert.equal(relocate('CACHE_HOST', 'cache', both), '127.0.0.1');
  assert.equal(relocate('PG_SERVER', 'postgres', both), '127.0.0.1');
  assert.equal(relocate('GREETING', 'db', both), undefined, 'only host settings are host names');
  assert.equal(relocate('CACHE_HOST', 'memcached', both), undefined);
  assert.ok(composeOnlyHost('db', []));
  assert.ok(composeOnlyHost('warehouse', ['warehouse']));
  assert.ok(!composeOnlyHost('localhost', ['localhost']));
  assert.ok(!composeOnlyHost('prod.example.com', []));
});

test('compose interpolation: defaults, the .env beside the file, escapes; nothing from the machine', () => {
  const vars = new Map([['PGUSER', 'alice'], ['EMPTY', '']]);
  assert.equal(interpolate('${PGUSER:-postgres}', vars), 'alice');
  assert.equal(interpolate('${MISSING:-postgres}', vars), 'postgres');
  assert.equal(interpolate('${EMPTY:-fallback}', vars), 'fallback');
  assert.equal(interpolate('${EMPTY-fallback}', vars), '', 'set but empty: `-` keeps it');
  assert.equal(interpolate('${MISSING-fallback}', vars), 'fallback');
  assert.equal(interpolate('postgres://${PGUSER}:${PGPASS:-pw}@db:${PGPORT:-5432}/app', vars), 'postgres://alice:pw@db:5432/app');
  assert.equal(interpolate('$PGUSER and $$HOME', vars), 'alice and $HOME');
  assert.equal(interpolate('${HOME}', vars), '${HOME}', 'a variable with no value and no default is left as written');
  assert.equal(interpolate('${PGUSER:?set it}', vars), 'alice');
});

test('a compose file: interpolated images, ports and settings; settings that point at its databases join the plan', async () => {
  const plan = await detectPlan(tempRepo({
    'package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' }, dependencies: { pg: '8' } }),
    'server.js': 'console.log(process.env.DATABASE_URL);\n',
    '.env': 'APP_PORT=4100\n',
    'docker-compose.yml': [
      'services:',
      '  web:',
      '    build: .',
      '    ports: ["${APP_PORT:-3000}:${APP_PORT:-3000}"]',
      '    environment:',
      '      DATABASE_URL: postgres://${POSTGRES_USER:-shop}:${POSTGRES_PASSWORD:-pw}@db:5432/${POSTGRES_DB:-shop}',
      '      REDIS_HOST: cache',
      '      MODE: ${MODE:-dev}',
      '  db:',
      '    image: postgres:${PG_VERSION:-16}',
      '    environment:',
      '      POSTGRES_USER: ${POSTGRES_USER:-shop}',
      '  cache:',
      '    image: redis:7',
    ].join('\n'),
  }), nodeFileSystem);
  const web = plan.services[0];
  assert.equal(web.port.preferred, 4100, 'the port from the .env beside the compose file');
  assert.deepEqual(web.start.env, { MODE: 'dev' });
  assert.deepEqual(plan.databases.map((d) => [d.name, d.engine, d.version, d.env]), [['db', 'postgres', '16', { POSTGRES_USER: 'shop' }], ['cache', 'redis', '7', {}]]);
  const url = plan.env.find((v) => v.name === 'DATABASE_URL')!;
  assert.equal(url.example, 'postgres://shop:pw@db:5432/shop');
  assert.equal(url.source, 'example');
  assert.equal(url.evidence.file, 'docker-compose.yml');
  assert.equal(url.evidence.line, 6);
  assert.equal(plan.env.find((v) => v.name === 'REDIS_HOST')?.example, 'cache');
});

test('a database URL the code falls back to is read as the example: its scheme is the one the app expects', async () => {
  const plan = await detectPlan(tempRepo({
    'requirements.txt': 'fastapi\nuvicorn\nasyncpg\nsqlalchemy\n',
    'main.py': 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nURL = os.getenv("DATABASE_URL", "postgresql+asyncpg://app:app@localhost:5432/app")\nTOKEN = os.getenv("SOME_FLAG", "on")\n',
  }), nodeFileSystem);
  assert.equal(plan.env.find((v) => v.name === 'DATABASE_URL')?.example, 'postgresql+asyncpg://app:app@localhost:5432/app');
  assert.equal(plan.env.find((v) => v.name === 'SOME_FLAG')?.example, undefined, 'only database URLs are taken from code');
});

test('SQLAlchemy\'s driver decides the scheme when nothing writes one: asyncpg with an async engine, psycopg 3, PyMySQL', async () => {
  const plan = async (requirements: string, code = 'from sqlalchemy import create_engine\n') => (await detectPlan(tempRepo({
    'requirements.txt': `fastapi\nuvicorn\nsqlalchemy\n${requirements}`,
    'main.py': `import os\nfrom fastapi import FastAPI\napp = FastAPI()\n${code}engine = create_engine(os.environ["DATABASE_URL"])\n`,
  }), nodeFileSystem)).services[0];
  const asyncpg = await plan('asyncpg\n', 'from sqlalchemy.ext.asyncio import create_async_engine\n');
  assert.deepEqual(asyncpg.urlSchemes, { postgres: 'postgresql+asyncpg' });
  assert.ok(asyncpg.evidence.some((e) => e.file === 'requirements.txt' && e.line === 4 && /SQLAlchemy with asyncpg: database URLs use postgresql\+asyncpg:\/\//.test(e.reason)));
  assert.deepEqual((await plan('psycopg[binary]>=3.1\n')).urlSchemes, { postgres: 'postgresql+psycopg' });
  assert.deepEqual((await plan('PyMySQL==1.1\n')).urlSchemes, { mysql: 'mysql+pymysql' });
  assert.equal((await plan('psycopg2-binary\n')).urlSchemes, undefined, 'psycopg2 is what postgresql:// means');
  assert.equal((await plan('asyncpg\n')).urlSchemes, undefined, 'asyncpg without an async engine is used directly, not through the URL');
  const pgConn = { engine: 'postgres' as const, host: '127.0.0.1', port: 5499, user: 'app', password: 'pw', database: 'app' };
  assert.equal(connectionValue('DATABASE_URL', [pgConn], 'postgresql+asyncpg://'), 'postgresql+asyncpg://app:pw@127.0.0.1:5499/app');
});

test('a JDBC URL at a compose host (Spring\'s SPRING_DATASOURCE_URL) is a setting to rewire, not a value to pass as written', async () => {
  const plan = await detectPlan(tempRepo({
    'pom.xml': '<project><parent><artifactId>spring-boot-starter-parent</artifactId></parent><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency><dependency><groupId>mysql</groupId><artifactId>mysql-connector-java</artifactId></dependency></dependencies></project>',
    'src/main/java/App.java': '@SpringBootApplication public class App {}',
    'docker-compose.yml': [
      'services:',
      '  api:',
      '    build: .',
      '    depends_on: [db]',
      '    environment:',
      '      SPRING_DATASOURCE_URL: jdbc:mysql://db:3306/polls?useSSL=false',
      '      SPRING_DATASOURCE_USERNAME: polls',
      '  db:',
      '    image: mysql:8',
    ].join('\n'),
  }), nodeFileSystem);
  const api = plan.services[0];
  assert.equal(api.start.env?.SPRING_DATASOURCE_URL, undefined, 'not passed as written');
  // The container's user beside that URL is the container's: the engine fills it for the database it provides.
  assert.equal(api.start.env?.SPRING_DATASOURCE_USERNAME, undefined);
  assert.equal(plan.env.find((v) => v.name === 'SPRING_DATASOURCE_URL')?.example, 'jdbc:mysql://db:3306/polls?useSSL=false');
  assert.equal(plan.env.find((v) => v.name === 'SPRING_DATASOURCE_USERNAME')?.example, 'polls');
});

test('a compose setting that is a path inside one of the container\'s volumes is not given to the app on this machine; other settings are', async () => {
  const plan = await detectPlan(tempRepo({
    'package.json': JSON.stringify({ name: 'short', scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2' } }),
    'server.js': "require('express')().listen(process.env.PORT);\n",
    'docker-compose.yml': 'services:\n  server:\n    build: .\n    volumes:\n      - data:/var/lib/short\n      - type: volume\n        source: custom\n        target: /short/custom\n    environment:\n      DB_FILENAME: "/var/lib/short/data.sqlite"\n      THEME_DIR: /short/custom/theme\n      LOG_DIR: /tmp/short\n      SITE_NAME: Short\nvolumes:\n  data:\n  custom:\n',
  }), nodeFileSystem);
  assert.deepEqual(plan.services[0].start.env, { LOG_DIR: '/tmp/short', SITE_NAME: 'Short' });
});
