import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { parseProcfile } from '../../src/core/detect/procfile.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const app = (dir: string) => ({ [`${dir}/package.json`]: JSON.stringify({ name: dir, scripts: { start: 'node index.js' } }) });

test('Procfile lines: process names, commands, comments and blank lines', () => {
  assert.deepEqual(parseProcfile('# processes\nweb: bundle exec puma -p $PORT\n\nworker:   python worker.py --queue=a:b\n'), [
    { process: 'web', command: 'bundle exec puma -p $PORT', line: 2 },
    { process: 'worker', command: 'python worker.py --queue=a:b', line: 4 },
  ]);
});

test('compose: ports in every notation, list-style environment, database images with tags and registries', async () => {
  const plan = await detectPlan(tempRepo({
    ...app('api'), ...app('web'),
    'compose.yaml': [
      'services:',
      '  api:',
      '    build: { context: ./api }',
      '    ports: [{ target: 8000, published: 80 }]',
      '    environment: [ "MODE=dev", "EMPTY" ]',
      '    depends_on: { pg: { condition: service_healthy } }',
      '  web:',
      '    build: web',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:5173/ready"]',
      '    ports: ["127.0.0.1:5000:5173/tcp"]',
      '  pg:',
      '    image: docker.io/library/postgres:17.2',
      '  mongo:',
      '    image: mongo',
      '  mail:',
      '    image: mailhog/mailhog',
    ].join('\n'),
  }), nodeFileSystem);
  const api = plan.services.find((s) => s.name === 'api')!;
  assert.equal(api.port.preferred, 8000);
  assert.deepEqual(api.start.env, { MODE: 'dev', EMPTY: '' });
  const web = plan.services.find((s) => s.name === 'web')!;
  assert.equal(web.port.preferred, 5173);
  assert.deepEqual(web.health, { kind: 'http', path: '/ready' }, 'the compose healthcheck names the health path');
  // A database no app depends on by name is taken to serve every app of the repo.
  assert.deepEqual(plan.databases.map((d) => [d.name, d.engine, d.version, d.usedBy]), [['pg', 'postgres', '17.2', ['api']], ['mongo', 'mongodb', undefined, ['api', 'web']]]);
});

test('compose that is not YAML is a warning with its line; detection goes on', async () => {
  const plan = await detectPlan(tempRepo({ ...app('api'), 'docker-compose.yml': 'services:\n  api:\n    build: ./api\n   ports: [\n' }), nodeFileSystem);
  const finding = plan.findings.find((f) => f.code === 'compose-invalid');
  assert.ok(finding);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(plan.services.map((s) => s.name), ['api']);
});

test('a Procfile that runs the compiled program by name: the stack builds and runs it with the same arguments', async () => {
  const plan = async (files: Record<string, string>) => (await detectPlan(tempRepo(files), nodeFileSystem)).services[0];
  const goMain = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
  const go = await plan({ 'go.mod': 'module example.com/app/v2\n\ngo 1.22\n', 'main.go': goMain, Procfile: 'web: app -listen=:$PORT -v\n' });
  assert.deepEqual([go.start.command, ...go.start.args], ['go', 'run', '.', '-listen=:{port}', '-v']);
  assert.match(go.evidence[0].reason, /runs app, which the go build makes/);
  const bare = await plan({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': goMain, Procfile: 'web: bin/app\n' });
  assert.deepEqual([bare.start.command, ...bare.start.args], ['go', 'run', '.']);
  const rust = await plan({ 'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() {}\n', Procfile: 'web: ./target/release/app --port ${PORT}\n' });
  assert.deepEqual([rust.start.command, ...rust.start.args], ['cargo', 'run', '--', '--port', '{port}']);
  // A script the repo holds, or shell beyond words and $PORT, stays the Procfile's own command.
  const script = await plan({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': goMain, Procfile: 'web: ./run.sh\n', 'run.sh': '#!/bin/sh\nexec go run .\n' });
  assert.deepEqual([script.start.command, ...script.start.args], ['sh', '-c', './run.sh']);
  const shell = await plan({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': goMain, Procfile: 'web: app && echo done\n' });
  assert.deepEqual([shell.start.command, ...shell.start.args], ['sh', '-c', 'app && echo done']);
});

test('a start that runs build output the repo does not hold gets its build first, every run', async () => {
  const plan = async (files: Record<string, string>) => (await detectPlan(tempRepo(files), nodeFileSystem)).services[0];
  const steps = (s: Awaited<ReturnType<typeof plan>>) => s.install.map((i) => `${[i.command.command, ...i.command.args].join(' ')}${i.always ? ' (always)' : ''}`);
  const node = await plan({ 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', start: 'node dist/main.js' } }) });
  assert.deepEqual(steps(node), ['npm install --no-audit --no-fund', 'npm run build (always)']);
  const committed = await plan({ 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', start: 'node dist/main.js' } }), 'dist/main.js': "require('http').createServer().listen(3000);\n" });
  assert.deepEqual(steps(committed), ['npm install --no-audit --no-fund'], 'an output the repo holds is used as it is');
  const pom = '<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId><groupId>org.springframework.boot</groupId></dependency></dependencies></project>';
  const java = await plan({ 'pom.xml': pom, Procfile: 'web: java -Dserver.port=$PORT -jar target/app-0.0.1.jar\n' });
  assert.deepEqual(steps(java), ['mvn -q package -DskipTests (always)']);
  assert.deepEqual([java.start.command, ...java.start.args], ['sh', '-c', 'java -Dserver.port=$PORT -jar target/app-0.0.1.jar']);
});
