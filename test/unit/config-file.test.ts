// repo-runner.json: pins win over detection; a bad file is a finding with its line, not a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

// The app lives in web/, so detection names its service "web".
const app = { 'web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' }, dependencies: { express: '4' } }) };
const detect = (config: unknown, extra: Record<string, string> = {}) =>
  detectPlan(tempRepo({ ...app, ...extra, 'repo-runner.json': typeof config === 'string' ? config : JSON.stringify(config, null, 2) }), nodeFileSystem);

test('pins override a detected service and add a new one', async () => {
  const plan = await detect({ services: { web: { start: ['node', 'server.js', '--port', '{port}'], port: 4000, health: '/health' }, jobs: { start: ['python3', 'jobs.py'], dir: 'jobs' } } }, { 'jobs/jobs.py': '' });
  const web = plan.services.find((s) => s.name === 'web')!;
  assert.deepEqual([web.framework, web.dir, web.start.cwd], ['express', 'web', 'web'], 'the detected service, overridden');
  assert.deepEqual([web.start.command, ...web.start.args], ['node', 'server.js', '--port', '{port}']);
  assert.equal(web.port.preferred, 4000);
  assert.deepEqual(web.health, { kind: 'http', path: '/health' });
  assert.equal(web.evidence[0].file, 'repo-runner.json');
  const jobs = plan.services.find((s) => s.name === 'jobs')!;
  assert.deepEqual([jobs.kind, jobs.dir, jobs.start.command], ['custom', 'jobs', 'python3']);
});

test('"disabled" removes a detected service and its requirements', async () => {
  const plan = await detect({ services: { web: { disabled: true } } });
  assert.deepEqual(plan.services, []);
  assert.deepEqual(plan.requirements, []);
  assert.ok(plan.nothingToRun);
});

test('a shell string instead of an argument array is refused with the line that says it', async () => {
  const plan = await detect('{\n  "services": {\n    "web": {\n      "start": "npm run dev && rm -rf /"\n    }\n  }\n}\n');
  const finding = plan.findings.find((f) => f.code === 'config-invalid');
  assert.ok(finding);
  assert.match(finding.message, /services\.web\.start must be an array of strings/);
  assert.equal(finding.range?.startLine, 4);
  assert.deepEqual(plan.services.map((s) => [s.name, s.start.args]), [['web', ['run', 'start']]], 'the detected plan stands');
});

test('invalid JSON, unknown keys, bad ports, escaping dirs: each a finding', async () => {
  const broken = await detect('{ "services": { ');
  assert.match(broken.findings[0].message, /not valid JSON/);
  const unknown = await detect({ servics: {} });
  assert.match(unknown.findings[0].message, /unknown key "servics"/);
  const port = await detect({ services: { web: { port: 70000 } } });
  assert.match(port.findings[0].message, /services\.web\.port must be a port number/);
  const escape = await detect({ services: { web: { dir: '../outside' } } });
  assert.match(escape.findings[0].message, /services\.web\.dir must be a folder inside the repo/);
});

test('databases can be pinned, and a log line can be the readiness signal', async () => {
  const plan = await detect({
    databases: { db: { engine: 'postgres', version: '16', env: { POSTGRES_DB: 'app' }, usedBy: ['web'] } },
    services: { web: { health: { log: 'listening on \\d+' } } },
  });
  assert.deepEqual(plan.databases.map((d) => [d.name, d.engine, d.version, d.usedBy, d.evidence.file]), [['db', 'postgres', '16', ['web'], 'repo-runner.json']]);
  assert.deepEqual(plan.services[0].health, { kind: 'log', pattern: 'listening on \\d+' });
  const bad = await detect({ databases: { db: { engine: 'oracle' } } });
  assert.match(bad.findings[0].message, /databases\.db\.engine must be one of postgres/);
});
