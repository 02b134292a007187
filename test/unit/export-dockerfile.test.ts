// The Dockerfile export: the base image at the detected toolchain version, the install with the
// lockfile, the build step, the production start (or the dev start, said so), a non-root user,
// exec-form commands, and a .dockerignore that keeps env files out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFixture, fileOf } from '../helpers/export.js';

const lines = (text: string) => text.split('\n');

test('Node: engines.node is the tag, npm ci with the lockfile, the start script in production, user node', async () => {
  const text = fileOf(await exportFixture('express-postgres', 'compose'), 'Dockerfile');
  assert.ok(lines(text).includes('FROM node:18-bookworm-slim'), text);
  assert.ok(lines(text).includes('RUN ["npm","ci","--no-audit","--no-fund"]'));
  assert.ok(lines(text).includes('CMD ["npm","run","start"]'));
  assert.ok(lines(text).includes('USER node'));
  assert.ok(lines(text).indexOf('USER node') < lines(text).indexOf('RUN ["npm","ci","--no-audit","--no-fund"]'), 'the install runs as the unprivileged user');
  assert.match(text, /# The production start: the "start" script/);
});

test('Vite without a start script: the dev start, said so in a comment and in the notes', async () => {
  const result = await exportFixture('two-service', 'compose');
  const text = fileOf(result, 'frontend/Dockerfile');
  assert.match(text, /# No production start was found: this is the development start/);
  assert.ok(lines(text).includes('CMD ["npm","run","dev","--","--port","5173","--strictPort","--host","0.0.0.0"]'));
  assert.ok(result.notes.some((n) => n.startsWith('frontend: No production start')));
});

test('Python: .python-version is the tag, a user of our own, the development server said so', async () => {
  const text = fileOf(await exportFixture('flask-redis', 'compose'), 'Dockerfile');
  assert.ok(lines(text).includes('FROM python:3.11-slim-bookworm'));
  assert.ok(lines(text).includes('RUN useradd --create-home --uid 10001 app'));
  assert.ok(lines(text).includes('USER app'));
  assert.ok(lines(text).includes('RUN [".venv/bin/python","-m","pip","install","--disable-pip-version-check","-r","requirements.txt"]'));
  assert.match(text, /No production server was found/);
});

test('Go: go.mod\'s version is the tag, the program is compiled and run, curl for the HTTP health check', async () => {
  const text = fileOf(await exportFixture('go-gin', 'compose'), 'Dockerfile');
  assert.ok(lines(text).includes('FROM golang:1.23-bookworm'));
  assert.ok(lines(text).includes('RUN ["go","build","-o","/home/app/server","./cmd/server"]'));
  assert.ok(lines(text).includes('CMD ["/home/app/server"]'));
  assert.match(text, /apt-get install -y --no-install-recommends curl/);
});

test('Java/Maven: the Java release is the tag, the jar is packaged and run with java', async () => {
  const text = fileOf(await exportFixture('spring-boot-maven', 'compose'), 'Dockerfile');
  assert.ok(lines(text).includes('FROM maven:3.9-eclipse-temurin-17'));
  assert.ok(lines(text).includes('RUN ["mvn","-B","-q","-DskipTests","package"]'));
  assert.ok(lines(text).includes('CMD ["java","-jar","/home/app/app.jar"]'));
});

test('a workspace service: built from the workspace root, started in its own folder', async () => {
  const result = await exportFixture('npm-workspaces', 'compose');
  const text = fileOf(result, 'apps/api/Dockerfile');
  assert.match(text, /docker build -f apps\/api\/Dockerfile \.$/m);
  assert.ok(lines(text).includes('WORKDIR /app/apps/api'));
  assert.deepEqual(result.files.filter((f) => f.path.endsWith('.dockerignore')).map((f) => f.path), ['.dockerignore'], 'one .dockerignore for the one context');
});

test('.dockerignore keeps env files (secrets/*.env among them) and installed dependencies out of the image', async () => {
  const text = fileOf(await exportFixture('express-postgres', 'compose'), '.dockerignore');
  for (const pattern of ['**/.env', '**/.env.*', '**/*.env', '**/node_modules', '.git']) assert.ok(lines(text).includes(pattern), pattern);
});
