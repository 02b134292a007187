// The compose export: databases as official images at the detected major with named volumes,
// health checks, depends_on waiting for health, links to service names, ports only for what a
// user opens, and secrets only in the env files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { exportFixture, fileOf } from '../helpers/export.js';

interface Compose {
  services: Record<string, { image?: string; build?: { context: string; dockerfile?: string }; ports?: string[]; expose?: string[]; environment?: Record<string, string>;
    env_file?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: { test: string[] }; volumes?: string[] }>;
  volumes?: Record<string, unknown>;
}

test('two services: only the front end is published, and it is told the back end by its service name', async () => {
  const compose = parse(fileOf(await exportFixture('two-service', 'compose'), 'compose.yaml')) as Compose;
  assert.deepEqual(compose.services.frontend.ports, ['5173:5173']);
  assert.equal(compose.services.backend.ports, undefined);
  assert.deepEqual(compose.services.backend.expose, ['4000']);
  assert.equal(compose.services.frontend.environment?.API_URL, 'http://backend:4000');
  assert.deepEqual(compose.services.frontend.depends_on, { backend: { condition: 'service_healthy' } });
  assert.deepEqual(compose.services.backend.build, { context: './backend' });
});

test('databases: official images at the detected major, named volumes, health checks, and the app waits for them', async () => {
  const result = await exportFixture('compose-postgres-redis', 'compose');
  const compose = parse(fileOf(result, 'compose.yaml')) as Compose;
  assert.equal(compose.services.db.image, 'postgres:16');
  assert.equal(compose.services.cache.image, 'redis:7');
  assert.deepEqual(compose.services.db.volumes, ['db-data:/var/lib/postgresql/data']);
  assert.deepEqual(Object.keys(compose.volumes ?? {}), ['db-data', 'cache-data']);
  assert.deepEqual(compose.services.db.healthcheck?.test, ['CMD', 'pg_isready', '-U', 'app', '-d', 'app']);
  assert.deepEqual(compose.services.cache.healthcheck?.test, ['CMD', 'redis-cli', 'ping']);
  const app = compose.services['compose-postgres-redis'];
  assert.deepEqual(app.depends_on, { db: { condition: 'service_healthy' }, cache: { condition: 'service_healthy' } });
  assert.equal(app.environment?.REDIS_URL, 'redis://cache:6379/0');
  // The URL with the password is secret: in the env file, not in compose.yaml.
  assert.equal(app.environment?.DATABASE_URL, undefined);
  assert.deepEqual(app.env_file, ['./secrets/compose-postgres-redis.env']);
  assert.match(fileOf(result, 'secrets/compose-postgres-redis.env'), /^DATABASE_URL=postgresql:\/\/app:FAKE-SECRET-1-db-password@db:5432\/app$/m);
  assert.match(fileOf(result, 'secrets/db.env'), /^POSTGRES_PASSWORD=FAKE-SECRET-1-db-password$/m);
});

test('no version detected: the default major; the health check of an HTTP service probes its path', async () => {
  const result = await exportFixture('express-postgres', 'compose');
  const compose = parse(fileOf(result, 'compose.yaml')) as Compose;
  assert.equal(compose.services.postgres.image, 'postgres:17');
  assert.deepEqual(compose.services['express-postgres'].ports, ['3000:3000'], 'with no front end, the API is what a user opens');
  assert.match(compose.services['express-postgres'].healthcheck!.test.join(' '), /http:\/\/127\.0\.0\.1:3000\//);
  const flask = parse(fileOf(await exportFixture('flask-redis', 'compose'), 'compose.yaml')) as Compose;
  assert.equal(flask.services['flask-redis'].healthcheck!.test[1], 'python');
});

test('secrets: generated, in git-ignored env files; compose.yaml names none of them', async () => {
  const result = await exportFixture('express-postgres', 'compose');
  const secretFiles = result.files.filter((f) => f.secret).map((f) => f.path).sort();
  assert.deepEqual(secretFiles, ['secrets/express-postgres.env', 'secrets/postgres.env']);
  assert.equal(fileOf(result, 'secrets/.gitignore'), '*.env\n');
  assert.equal(result.files.find((f) => f.path === 'secrets/.gitignore')?.mode, 'ignore-lines');
  const values = result.files.filter((f) => f.secret).flatMap((f) => [...f.content.matchAll(/FAKE-SECRET-\d+-[\w-]+/g)].map((m) => m[0]));
  assert.ok(values.length >= 3);
  for (const file of result.files.filter((f) => !f.secret)) for (const value of values) assert.ok(!file.content.includes(value), `${file.path} holds ${value}`);
  assert.match(fileOf(result, 'secrets/express-postgres.env'), /^SESSION_SECRET=FAKE-SECRET-\d+-SESSION_SECRET$/m);
  assert.match(fileOf(result, 'secrets/express-postgres.env.example'), /^SESSION_SECRET=$/m);
});

test('a monorepo workspace: built from the workspace root with its own Dockerfile', async () => {
  const compose = parse(fileOf(await exportFixture('npm-workspaces', 'compose'), 'compose.yaml')) as Compose;
  assert.deepEqual(compose.services.api.build, { context: '.', dockerfile: 'apps/api/Dockerfile' });
  assert.equal(compose.services.web.environment?.VITE_API_URL, 'http://api:3000');
});

test('--out: the build contexts and env files are relative to the compose file', async () => {
  const result = await exportFixture('two-service', 'compose', { outDir: 'deploy/compose' });
  const compose = parse(fileOf(result, 'deploy/compose/compose.yaml')) as Compose;
  assert.deepEqual(compose.services.backend.build, { context: '../../backend' });
});

test('--builder railpack: no Dockerfile, a railpack.json with the start, and compose names the image', async () => {
  const result = await exportFixture('express-postgres', 'compose', { builder: 'railpack' });
  assert.ok(!result.files.some((f) => f.path.endsWith('Dockerfile')));
  assert.deepEqual(JSON.parse(fileOf(result, 'railpack.json')).deploy, { startCommand: 'npm run start' });
  const compose = parse(fileOf(result, 'compose.yaml')) as Compose;
  assert.equal(compose.services['express-postgres'].image, 'express-postgres:latest');
  const buildpacks = await exportFixture('go-gin', 'compose', { builder: 'buildpacks' });
  assert.match(fileOf(buildpacks, 'project.toml'), /BP_GO_VERSION"\nvalue = "1\.23\.\*"/);
});
