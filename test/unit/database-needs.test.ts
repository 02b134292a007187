// Which databases a repo needs, read from what it declares, and how its schema is brought up
// to date: drivers in every stack's manifest, Prisma, Django, Rails, Laravel, env examples,
// compose images; migrate and seed commands per tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const detect = (files: Record<string, string>) => detectPlan(tempRepo(files), nodeFileSystem);
const pkg = (deps: Record<string, string>, scripts: Record<string, string> = {}) =>
  JSON.stringify({ name: 'app', scripts: { start: 'node server.js', ...scripts }, dependencies: deps }, null, 2);
const needs = async (files: Record<string, string>) => (await detect(files)).databases.map((d) => [d.engine, d.evidence.reason]);

test('drivers and clients in every stack\'s manifest name their database', async () => {
  assert.deepEqual(await needs({ 'package.json': pkg({ pg: '^8', ioredis: '^5' }), 'server.js': '' }),
    [['postgres', 'package.json depends on pg'], ['redis', 'package.json depends on ioredis']]);
  assert.deepEqual(await needs({ 'package.json': pkg({ mysql2: '^3', mongoose: '^8' }), 'server.js': '' }),
    [['mysql', 'package.json depends on mysql2'], ['mongodb', 'package.json depends on mongoose']]);
  assert.deepEqual(await needs({ 'requirements.txt': 'flask==3.0\npsycopg2-binary==2.9.10\n# redis is not used\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }),
    [['postgres', 'requirements.txt depends on psycopg2-binary']], 'a commented line is not a dependency; psycopg2 alone does not match psycopg2-binary twice');
  assert.deepEqual(await needs({ 'go.mod': 'module x\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/redis/go-redis/v9 v9.7.0\n)\n', 'main.go': 'package main\nfunc main() {}\n' }),
    [['postgres', 'go.mod depends on github.com/jackc/pgx'], ['redis', 'go.mod depends on github.com/redis/go-redis/v9']]);
  assert.deepEqual(await needs({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\ntokio-postgres = "0.7"\n', 'src/main.rs': 'fn main() {}\n' }),
    [['postgres', 'Cargo.toml depends on tokio-postgres']]);
  // Redis through a crate's feature: actix-session's Redis store.
  assert.deepEqual(await needs({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nactix-web = "4"\nactix-session = { version = "0.10", features = ["redis-session-rustls"] }\n', 'src/main.rs': 'fn main() {}\n' }),
    [['redis', 'Cargo.toml uses redis']]);
  assert.deepEqual(await needs({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nactix-session = { version = "0.10", features = ["cookie-session"] }\n', 'src/main.rs': 'fn main() {}\n' }), []);
});

test('settings files name the engine: Prisma, Django, Rails, Laravel, and example URLs', async () => {
  const prisma = await detect({ 'package.json': pkg({ '@prisma/client': '^6' }, {}), 'server.js': '', 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' });
  assert.deepEqual(prisma.databases.map((d) => [d.engine, d.evidence.file, d.evidence.line]), [['postgres', 'prisma/schema.prisma', 2]]);
  assert.deepEqual(prisma.services[0].migrate?.map((c) => [c.command, ...c.args].join(' ')), ['npx --no-install prisma db push --skip-generate']);

  const django = await detect({ 'manage.py': '', 'requirements.txt': 'Django==5.1\n', 'site/settings.py': "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql'}}\n" });
  assert.deepEqual(django.databases.map((d) => [d.engine, d.evidence.reason]), [['mysql', 'Django DATABASES uses mysql']]);
  assert.deepEqual(django.services[0].migrate?.map((c) => c.args.join(' ')), ['manage.py migrate --noinput']);

  const rails = await detect({ Gemfile: "source 'https://rubygems.org'\ngem 'rails'\n", 'config/database.yml': 'development:\n  adapter: postgresql\n', 'config.ru': '' });
  assert.deepEqual(rails.databases.map((d) => d.engine), ['postgres']);

  const laravel = await detect({ 'composer.json': JSON.stringify({ require: { 'laravel/framework': '^11' } }), artisan: '', '.env.example': 'DB_CONNECTION=pgsql\n' });
  assert.deepEqual(laravel.databases.map((d) => [d.engine, d.evidence.file]), [['postgres', '.env.example']]);
  assert.deepEqual(laravel.services[0].migrate?.map((c) => [c.command, ...c.args].join(' ')), ['php artisan migrate --force']);

  const byUrl = await detect({ 'package.json': pkg({}), 'server.js': '', '.env.example': 'DATABASE_URL=mysql://u:p@localhost/db\nREDIS_URL=\n' });
  assert.deepEqual(byUrl.databases.map((d) => d.engine), ['mysql', 'redis']);
});

test('one need per engine, shared by the services that use it; compose images keep their names', async () => {
  const plan = await detect({
    'docker-compose.yml': 'services:\n  api:\n    build: ./api\n  pg:\n    image: postgres:17\n',
    'api/package.json': pkg({ pg: '^8' }), 'api/server.js': '',
    'worker/package.json': pkg({ 'pg-promise': '^11', bullmq: '^5' }), 'worker/server.js': '',
  });
  assert.deepEqual(plan.databases.map((d) => [d.name, d.engine, d.usedBy]), [['pg', 'postgres', ['api', 'worker']], ['redis', 'redis', ['worker']]]);
});

test('migrate and seed commands: the repo\'s own scripts first, then its tool', async () => {
  const scripts = await detect({ 'package.json': pkg({ pg: '^8', knex: '^3' }, { 'db:migrate': 'knex migrate:latest', seed: 'node seed.js' }), 'server.js': '', 'knexfile.js': '' });
  assert.deepEqual(scripts.services[0].migrate?.map((c) => [c.command, ...c.args].join(' ')), ['npm run db:migrate']);
  assert.deepEqual(scripts.services[0].seed?.map((c) => [c.command, ...c.args].join(' ')), ['npm run seed']);
  const knex = await detect({ 'package.json': pkg({ pg: '^8', knex: '^3' }), 'pnpm-lock.yaml': '', 'server.js': '', 'knexfile.js': '', 'seeds/01.js': '' });
  assert.deepEqual(knex.services[0].migrate?.map((c) => [c.command, ...c.args].join(' ')), ['pnpm exec knex migrate:latest']);
  assert.deepEqual(knex.services[0].seed?.map((c) => [c.command, ...c.args].join(' ')), ['pnpm exec knex seed:run']);
  const alembic = await detect({ 'requirements.txt': 'fastapi\nasyncpg\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', 'alembic.ini': '' });
  assert.deepEqual(alembic.services[0].migrate?.map((c) => [c.command, ...c.args].join(' ')), ['.venv/bin/python -m alembic upgrade head']);
  const none = await detect({ 'package.json': pkg({ express: '^4' }), 'server.js': '' });
  assert.equal(none.services[0].migrate, undefined);
  assert.deepEqual(none.databases, []);
});

test('databases only when needed: indirect Go drivers, drivers no code uses, profiles, the H2 default', async () => {
  const optional = async (files: Record<string, string>) => (await detect(files)).databases.map((d) => [d.engine, d.optional !== undefined]);
  // A driver another module pulls in (`// indirect`) is not the app's.
  assert.deepEqual(await optional({ 'go.mod': 'module x\n\nrequire (\n\tgithub.com/lib/pq v1.10.9 // indirect\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n)\n', 'main.go': 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n' }),
    [['sqlite', false]]);
  // Listed, never imported: optional, with the reason; imported (or loaded by a query builder): needed.
  const unused = await detect({ 'package.json': pkg({ express: '^4', mongoose: '^8', pg: '^8' }), 'server.js': "const express = require('express');\nconst { Pool } = require('pg');\n" });
  assert.deepEqual(unused.databases.map((d) => [d.engine, d.optional]), [['postgres', undefined], ['mongodb', 'mongoose is listed in package.json, but no code of app uses it']]);
  assert.deepEqual(await optional({ 'package.json': pkg({ knex: '^3', mysql2: '^3' }), 'server.js': "require('./db');\n" }), [['mysql', false]], 'knex loads the driver by name');
  assert.deepEqual(await optional({ 'requirements.txt': 'flask\npsycopg2-binary\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' }), [['postgres', true]]);
  assert.deepEqual(await optional({ 'requirements.txt': 'flask\nsqlalchemy\npsycopg2-binary\n', 'app.py': "import os\nfrom flask import Flask\napp = Flask(__name__)\nURL = os.environ.get('DATABASE_URL', 'postgresql://localhost/app')\n" }), [['postgres', false]]);
  // One service that uses it makes the database needed for all.
  const shared = await detect({ 'a/package.json': pkg({ redis: '^4' }), 'a/server.js': "import { createClient } from 'redis';\n", 'b/package.json': pkg({ redis: '^4' }), 'b/server.js': '' });
  assert.deepEqual(shared.databases.map((d) => [d.engine, d.usedBy, d.optional]), [['redis', ['a', 'b'], undefined]]);
  // A compose database behind a profile starts only when asked for, unless an app depends on it.
  const profiles = await detect({ 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["80:80"]\n  mongo:\n    image: mongo:7\n    profiles: [debug]\n  cache:\n    image: redis:7\n', 'package.json': pkg({ express: '^4' }), 'server.js': '' });
  assert.deepEqual(profiles.databases.map((d) => d.name), ['cache']);
  assert.notEqual(profiles.services[0].port.preferred, 80, 'a container port below 1024 is not where the app listens when run directly');
  // Spring with H2 beside a server driver runs on H2 unless its default settings name the server.
  const pom = '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency><dependency><groupId>com.h2database</groupId><artifactId>h2</artifactId></dependency><dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency></dependencies></project>';
  assert.deepEqual(await optional({ 'pom.xml': pom, 'src/main/resources/application.properties': 'spring.jpa.hibernate.ddl-auto=update\n' }), [['postgres', true]]);
  assert.deepEqual(await optional({ 'pom.xml': pom, 'src/main/resources/application.properties': 'spring.datasource.url=jdbc:postgresql://localhost/app\n' }), [['postgres', false]]);
});

test('migrations before the build or the start: SQLx (checked at compile time), Diesel, Flask-Migrate', async () => {
  const commands = async (files: Record<string, string>) => (await detect(files)).services[0].migrate?.map((c) => [c.command, ...c.args].join(' '));
  const rust = (deps: string) => ({ 'Cargo.toml': `[package]\nname = "api"\nversion = "0.1.0"\n\n[dependencies]\n${deps}\n`, 'src/main.rs': 'fn main() {}\n', 'migrations/20240101000000_users.sql': 'create table users (id bigint);\n' });
  assert.deepEqual(await commands(rust('sqlx = { version = "0.7", features = ["runtime-tokio", "mysql"] }')),
    ['cargo install sqlx-cli --locked --no-default-features --features rustls,mysql', 'cargo sqlx migrate run']);
  assert.deepEqual(await commands(rust('diesel = { version = "2", features = ["postgres"] }')),
    ['cargo install diesel_cli --locked --no-default-features --features postgres', 'diesel migration run']);
  const { 'migrations/20240101000000_users.sql': _migration, ...noMigrations } = rust('sqlx = "0.7"');
  assert.equal(await commands(noMigrations), undefined, 'no migrations folder, nothing to run');
  assert.deepEqual(await commands({ 'requirements.txt': 'flask\nflask-migrate\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'migrations/alembic.ini': '[alembic]\n' }),
    ['.venv/bin/python -m flask --app app:app db upgrade']);
  assert.deepEqual(await commands({ 'requirements.txt': 'flask\nflask-migrate\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'manage.py': 'from flask_script import Manager\n', 'migrations/alembic.ini': '[alembic]\n' }),
    ['.venv/bin/python -m flask --app app:app db upgrade'], 'a Flask app\'s manage.py is not Django\'s');
});

test('a Go program built for several SQL databases, SQLite among them, runs on SQLite unless its configuration names a server', async () => {
  const goMod = 'module x\n\ngo 1.22\n\nrequire (\n\tgorm.io/driver/mysql v1.5.7\n\tgorm.io/driver/postgres v1.5.9\n\tgorm.io/driver/sqlite v1.5.6\n\tgorm.io/gorm v1.25.12\n)\n';
  const main = 'package main\nimport (\n_ "gorm.io/driver/mysql"\n_ "gorm.io/driver/postgres"\n_ "gorm.io/driver/sqlite"\n)\nfunc main() {}\n';
  const plain = await detectPlan(tempRepo({ 'go.mod': goMod, 'main.go': main }), nodeFileSystem);
  assert.deepEqual(plain.databases.map((d) => d.engine), ['sqlite']);
  assert.match(plain.databases[0].evidence.reason, /also built for postgres, mysql, which the repo.s configuration does not ask for: SQLite, with no server/);
  const configured = await detectPlan(tempRepo({ 'go.mod': goMod, 'main.go': main, '.env.example': 'DATABASE_URL=postgres://app:app@localhost:5432/app\n' }), nodeFileSystem);
  assert.deepEqual(configured.databases.map((d) => d.engine).sort(), ['mysql', 'postgres', 'sqlite'], 'the example names a PostgreSQL: the servers stay');
});

test('a compose database no service depends on serves the back ends that have none of its kind: not a front end, not a program on SQLite', async () => {
  const compose = 'services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: pw\n';
  const goMod = 'module x\n\ngo 1.22\n\nrequire (\n\tgorm.io/driver/postgres v1.5.9\n\tgorm.io/driver/sqlite v1.5.6\n)\n';
  const main = 'package main\nimport (\n_ "gorm.io/driver/postgres"\n_ "gorm.io/driver/sqlite"\n"net/http"\n)\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
  const web = JSON.stringify({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '^6.0.0' } });
  const sqlite = await detectPlan(tempRepo({ 'docker-compose.yml': compose, 'go.mod': goMod, 'main.go': main, 'web/package.json': web }), nodeFileSystem);
  assert.deepEqual(sqlite.databases.map((d) => [d.engine, d.usedBy]), [['sqlite', [sqlite.services.find((s) => s.kind === 'go')!.name]]]);
  const express = JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4.21.0' } });
  const plain = await detectPlan(tempRepo({ 'docker-compose.yml': compose, 'package.json': express, 'server.js': 'require("express")', 'web/package.json': web }), nodeFileSystem);
  assert.deepEqual(plain.databases.map((d) => [d.name, d.usedBy]), [['db', [plain.services.find((s) => s.framework === 'express')!.name]]], 'the back end takes it; the front end does not');
});

test('the example\'s own choice wins over the list of drivers: DB_CLIENT picks one SQL database, REDIS_ENABLED=false turns Redis off', async () => {
  const knexApp = {
    'package.json': pkg({ knex: '3.1.0', pg: '8.13.1', mysql2: '3.11.0', 'better-sqlite3': '11.5.0', ioredis: '5.4.1' }),
    'server.js': "const knex = require('knex')({ client: process.env.DB_CLIENT, connection: { filename: process.env.DB_FILENAME } });\nconst Redis = require('ioredis');\n",
  };
  const example = (client: string) => `DB_CLIENT=${client}\nDB_FILENAME=db/data\nDB_HOST=localhost\nREDIS_ENABLED=false\nREDIS_HOST=127.0.0.1\n`;
  assert.deepEqual((await detect({ ...knexApp, '.example.env': example('better-sqlite3') })).databases.map((d) => d.engine), ['sqlite']);
  assert.deepEqual((await detect({ ...knexApp, '.example.env': example('pg') })).databases.map((d) => d.engine), ['postgres']);
  const open = (await detect({ ...knexApp, '.example.env': example('mysql2').replace('REDIS_ENABLED=false', 'REDIS_ENABLED=true') })).databases.map((d) => d.engine).sort();
  assert.deepEqual(open, ['mysql', 'redis']);
  assert.deepEqual((await detect(knexApp)).databases.map((d) => d.engine).sort(), ['mysql', 'postgres', 'redis', 'sqlite'], 'nothing chooses: every driver stays');
  const useRedis = await detect({ ...knexApp, '.env.example': 'DB_CLIENT=pg\nUSE_REDIS=0\n' });
  assert.deepEqual(useRedis.databases.map((d) => d.engine), ['postgres'], 'USE_REDIS=0 switches Redis off too');
});

test('Django: the settings the service runs with name the engine: development settings beside production ones, DATABASES\' default among several dicts, a wrapper\'s backend', async () => {
  const manage = (module: string) => `import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '${module}')\n`;
  const split = {
    'requirements.txt': 'django\npsycopg2-binary\n',
    'manage.py': manage('settings.main'),
    'settings/__init__.py': '',
    'settings/shared.py': 'INSTALLED_APPS = []\n',
    'settings/main.py': "import os\nfrom .shared import *\nDATABASES = {'default': {'ENGINE': os.environ['DB_ENGINE']}}\n",
    'settings/local_dev.py': "from .shared import *\nPG = {\n    'ENGINE': 'django_prometheus.db.backends.postgresql',\n}\nLITE = {\n    'ENGINE': 'django_prometheus.db.backends.sqlite3',\n    'NAME': 'dev.sqlite3',\n}\nDATABASES = {\n    # 'default': PG,\n    'default': LITE,\n}\n",
  };
  const plan = await detect(split);
  assert.deepEqual(plan.services[0].start.env, { DJANGO_SETTINGS_MODULE: 'settings.local_dev' });
  assert.match(plan.services[0].evidence.map((e) => e.reason).join('\n'), /development settings beside settings\.main, which manage\.py names: DJANGO_SETTINGS_MODULE=settings\.local_dev/);
  const sqlite = plan.databases.find((d) => d.engine === 'sqlite');
  assert.deepEqual([sqlite?.evidence.file, sqlite?.evidence.line], ['settings/local_dev.py', 6]);
  const named = await detect({ ...split, 'manage.py': manage('settings.local_dev') });
  assert.equal(named.services[0].start.env?.DJANGO_SETTINGS_MODULE, undefined, 'manage.py names the development settings already');
  const standalone = await detect({ ...split, 'settings/local_dev.py': "DEBUG = True\n" });
  assert.equal(standalone.services[0].start.env?.DJANGO_SETTINGS_MODULE, undefined, 'a module that does not build on the shared settings is an override file, not settings');
});

test('a SQLite folder the settings reach through a pathlib BASE_DIR (BASE_DIR.parent / "db") is made before migrate; one above the repo is not', async () => {
  const files = (base: string) => ({
    'requirements.txt': 'django\n',
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf.settings')\n",
    'conf/settings.py': `from pathlib import Path\nBASE_DIR = ${base}\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR.parent / 'db' / 'app.sqlite'}}\n`,
  });
  const plan = await detect(files("Path(__file__).resolve().parent.parent / 'web'"));
  const mkdir = plan.services[0].migrate?.find((c) => c.command === 'mkdir');
  assert.deepEqual(mkdir?.args, ['-p', 'db']);
  const above = await detect(files('Path(__file__).resolve().parent.parent'));
  assert.equal(above.services[0].migrate?.find((c) => c.command === 'mkdir'), undefined, 'BASE_DIR.parent is above the repo: nothing to make there');
});
