// Where a service is judged: a health route found in its code, Spring Boot Actuator's
// /actuator/health, a compose healthcheck or repo-runner.json, else `/`; and the healthy event
// says which path answered with which status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { startRun } from '../../src/core/orchestrator.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FakeHost, fakeRepo, turns } from '../helpers/fake-host.js';

async function healthOf(files: Record<string, string>): Promise<unknown> {
  const repo = fakeRepo('svc', files);
  try {
    const plan = await detectPlan(repo.root, nodeFileSystem);
    return plan.services[0]?.health;
  } finally {
    repo.cleanup();
  }
}

const express = (code: string) => ({
  'package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^4' } }),
  'server.js': code,
});

test('a health route in the code is the health path (Express, Flask, FastAPI, Go net/http, a plain Node server)', async () => {
  assert.deepEqual(await healthOf(express("const app = require('express')();\napp.get('/healthz', (q, s) => s.send('ok'));\n")), { kind: 'http', path: '/healthz' });
  assert.deepEqual(await healthOf(express("router.get(\"/api/healthcheck\", h);\n")), { kind: 'http', path: '/api/healthcheck' });
  assert.deepEqual(await healthOf({ 'requirements.txt': 'flask\n', 'app.py': "from flask import Flask\napp = Flask(__name__)\n@app.route('/health')\ndef h():\n    return 'ok'\n" }), { kind: 'http', path: '/health' });
  assert.deepEqual(await healthOf({ 'requirements.txt': 'fastapi\nuvicorn\n', 'main.py': "from fastapi import FastAPI\napp = FastAPI()\n@app.get(\"/api/v1/health\")\ndef h():\n    return {}\n" }), { kind: 'http', path: '/api/v1/health' });
  assert.deepEqual(await healthOf({ 'go.mod': 'module x\n\ngo 1.21\n', 'main.go': 'package main\nimport "net/http"\nfunc main() {\n\thttp.HandleFunc("/healthz", nil)\n\thttp.ListenAndServe(":8080", nil)\n}\n' }), { kind: 'http', path: '/healthz' });
  assert.deepEqual(await healthOf({ 'package.json': JSON.stringify({ name: 'plain', scripts: { start: 'node server.js' } }), 'server.js': "require('http').createServer((req, res) => { if (req.url === '/health') return res.end('ok'); res.end('hi'); }).listen(process.env.PORT);\n" }), { kind: 'http', path: '/health' });
});

test('no health route: `/`; a client call to another service\'s health route is not one', async () => {
  assert.deepEqual(await healthOf(express("app.get('/', (q, s) => s.send('hi'));\n")), { kind: 'http', path: '/' });
  assert.deepEqual(await healthOf(express("app.get('/', async (q, s) => s.send(await axios.get('/health')));\n")), { kind: 'http', path: '/' });
});

test('Spring Boot with the actuator is judged on /actuator/health; without it on /', async () => {
  const pom = (deps: string) => `<project><artifactId>svc</artifactId><parent><groupId>org.springframework.boot</groupId></parent><dependencies>${deps}</dependencies></project>`;
  const web = '<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>';
  assert.deepEqual(await healthOf({ 'pom.xml': pom(web + '<dependency><artifactId>spring-boot-starter-actuator</artifactId></dependency>') }), { kind: 'http', path: '/actuator/health' });
  assert.deepEqual(await healthOf({ 'pom.xml': pom(web) }), { kind: 'http', path: '/' });
});

test('repo-runner.json and a compose healthcheck win over a route found in the code', async () => {
  const code = express("app.get('/healthz', h);\n");
  assert.deepEqual(await healthOf({ ...code, 'repo-runner.json': JSON.stringify({ services: { svc: { health: '/ready' } } }) }), { kind: 'http', path: '/ready' });
  const compose = 'services:\n  api:\n    build: .\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:3000/status/ok"]\n';
  assert.deepEqual(await healthOf({ ...code, 'docker-compose.yml': compose }), { kind: 'http', path: '/status/ok' });
});

test('the healthy event names the path that answered and its status', async (t) => {
  const repo = fakeRepo('api', express("app.get('/healthz', h);\n"));
  const host = new FakeHost();
  const details: string[] = [];
  const session = startRun({ root: repo.root, host, options: { healthTimeoutMs: 60_000, healthIntervalMs: 3_600_000, stopGraceMs: 0 }, onEvent: (e) => { if (e.type === 'service' && e.status === 'healthy') details.push(e.detail ?? ''); } });
  t.after(async () => { await session.stop(0); await turns(5); repo.cleanup(); });
  assert.equal(await session.ready, 'healthy');
  assert.ok(host.probes.some((p) => p.kind === 'http' && p.path === '/healthz'), 'probed on /healthz');
  assert.equal(details[0], 'up; /healthz answers 200');
});
