// Detection on small repos written by the test: package managers, Python frameworks,
// static sites, workspaces, broken manifests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const detect = (files: Record<string, string>) => detectPlan(tempRepo(files), nodeFileSystem);
const pkg = (extra: object) => JSON.stringify({ name: 'app', scripts: { dev: 'node server.js' }, ...extra }, null, 2);

test('the package manager follows the lockfile, then packageManager', async () => {
  const yarn = await detect({ 'package.json': pkg({}), 'yarn.lock': '' });
  assert.equal(yarn.services[0].packageManager, 'yarn');
  assert.deepEqual(yarn.services[0].install[0].command.args, ['install', '--frozen-lockfile']);
  const pnpm = await detect({ 'package.json': pkg({}), 'pnpm-lock.yaml': '' });
  assert.equal(pnpm.services[0].packageManager, 'pnpm');
  assert.deepEqual(pnpm.services[0].start.args, ['run', 'dev']);
  const declared = await detect({ 'package.json': pkg({ packageManager: 'pnpm@9.12.0' }) });
  assert.equal(declared.services[0].packageManager, 'pnpm');
  assert.deepEqual(declared.services[0].install[0].command.args, ['install']);
  const plain = await detect({ 'package.json': pkg({}) });
  assert.deepEqual(plain.services[0].install[0].command.args, ['install', '--no-audit', '--no-fund']);
  assert.equal(plain.services[0].install[0].fallback, undefined);
});

test('Next.js and Fastify get their port flags and env', async () => {
  const next = await detect({ 'package.json': pkg({ scripts: { dev: 'next dev' }, dependencies: { next: '15.0.0', react: '19.0.0' } }) });
  assert.equal(next.services[0].framework, 'nextjs');
  assert.deepEqual(next.services[0].start.args, ['run', 'dev', '--', '-p', '{port}', '-H', '{host}']);
  const fastify = await detect({ 'package.json': pkg({ scripts: { start: 'node app.js' }, dependencies: { fastify: '5.0.0' } }) });
  assert.equal(fastify.services[0].framework, 'fastify');
  assert.equal(fastify.services[0].port.env, 'PORT');
});

test('a package with no start script and no entry file is a library, not a service', async () => {
  const plan = await detect({ 'package.json': JSON.stringify({ name: 'lib', scripts: { test: 'node --test' } }) });
  assert.equal(plan.services.length, 0);
  assert.ok(plan.nothingToRun);
});

test('a Node app with no script but a server.js that serves runs it with node; one that does not serve is a library', async () => {
  const plan = await detect({ 'package.json': JSON.stringify({ name: 'x' }), 'server.js': "require('node:http').createServer(() => {}).listen(3000);\n" });
  assert.deepEqual([plan.services[0].start.command, plan.services[0].start.args], ['node', ['server.js']]);
  const library = await detect({ 'package.json': JSON.stringify({ name: 'x' }), 'index.js': 'module.exports = (a, b) => a + b;\n' });
  assert.deepEqual(library.services, []);
});

test('FastAPI, Django and a plain Python script', async () => {
  const fastapi = await detect({ 'requirements.txt': 'fastapi==0.115\nuvicorn\n', 'app/main.py': 'from fastapi import FastAPI\napi = FastAPI()\n' });
  assert.equal(fastapi.services[0].framework, 'fastapi');
  assert.deepEqual(fastapi.services[0].start.args, ['-m', 'uvicorn', 'app.main:api', '--host', '{host}', '--port', '{port}']);
  const django = await detect({ 'requirements.txt': 'Django>=5\n', 'manage.py': '' });
  assert.equal(django.services[0].framework, 'django');
  assert.deepEqual(django.services[0].start.args, ['manage.py', 'runserver', '--noreload', '{host}:{port}']);
  const script = await detect({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.10"\ndependencies = []\n', 'main.py': 'print(1)\n' });
  assert.equal(script.services[0].framework, 'python');
  assert.equal(script.services[0].health.kind, 'tcp');
  assert.equal(script.requirements[0].range, '>=3.10');
  assert.deepEqual(script.services[0].install.map((s) => s.command.args.at(-1)), ['.venv', '.']);
});

test('a static site is served without installing anything', async () => {
  const plan = await detect({ 'index.html': '<h1>hi</h1>' });
  assert.equal(plan.services[0].kind, 'static');
  assert.deepEqual(plan.services[0].install, []);
});

test('a workspace root that only starts its packages is replaced by them', async () => {
  const plan = await detect({
    'package.json': JSON.stringify({ name: 'mono', workspaces: ['apps/*'], scripts: { dev: 'npm run dev --workspaces' } }),
    'apps/api/package.json': pkg({ name: 'api', dependencies: { express: '4' } }),
    'apps/web/package.json': pkg({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }),
  });
  assert.deepEqual(plan.services.map((s) => s.name), ['api', 'web']);
  assert.ok(!plan.requirements.some((r) => r.service === 'mono'));
});

test('a folder the workspace globs do not name, or with its own lockfile, installs on its own; a member installs at the root', async () => {
  const plan = await detect({
    'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: { packages: ['apps/*', 'packages/**'] } }),
    'yarn.lock': '',
    'apps/web/package.json': pkg({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }),
    'docs/package.json': pkg({ name: 'docs', scripts: { start: 'docusaurus start' }, dependencies: { '@docusaurus/core': '3' } }),
    'docs/yarn.lock': '',
    'site/package.json': pkg({ name: 'site', scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }),
  });
  const where = Object.fromEntries(plan.services.map((s) => [s.name, s.install[0]?.command.cwd]));
  assert.deepEqual(where, { web: '', docs: 'docs', site: 'site' });
  assert.equal(plan.services.find((s) => s.name === 'docs')?.installedMarker, 'docs/node_modules');
});

test('pipenv: a lock is installed as it is (sync); an old Python gets the last pipenv that supports it', async () => {
  const files = { 'Pipfile': '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.7"\n', 'Pipfile.lock': '{}', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
  const old = await detect(files);
  assert.deepEqual(old.services[0].install.map((s) => [s.command.command, ...s.command.args].join(' ')), ['pipenv sync']);
  assert.equal(old.requirements.find((r) => r.tool === 'pipenv')?.range, '<=2023.10.3');
  const current = await detect({ ...files, 'Pipfile': files.Pipfile.replace('3.7', '3.12') });
  assert.equal(current.requirements.find((r) => r.tool === 'pipenv')?.range, undefined, 'a current Python takes the newest pipenv');
});

test('workspace globs: one level, any depth, ./ prefixes', async () => {
  const { globMatches } = await import('../../src/core/detect/providers/node-package-manager.js');
  assert.equal(globMatches('apps/*', 'apps/web'), true);
  assert.equal(globMatches('apps/*', 'apps/web/sub'), false);
  assert.equal(globMatches('packages/**', 'packages/a/b'), true);
  assert.equal(globMatches('./site', 'site'), true);
  assert.equal(globMatches('apps/*', 'docs'), false);
});

test('node_modules, .venv and .git are never searched for services', async () => {
  const plan = await detect({
    'node_modules/x/package.json': pkg({}), '.venv/lib/requirements.txt': 'flask', '.git/index.html': '',
    'package.json': pkg({}),
  });
  assert.equal(plan.services.length, 1);
});

test('folders a .gitignore ignores are not searched: the root one and a nested one, negations honoured', async () => {
  const plan = await detect({
    '.gitignore': 'generated/\n/tmp\ntools/*\n!tools/keep\n',
    'generated/package.json': pkg({ name: 'generated' }),
    'tmp/package.json': pkg({ name: 'tmp' }),
    'tools/old/package.json': pkg({ name: 'old' }),
    'tools/keep/package.json': pkg({ name: 'keep' }),
    'apps/web/.gitignore': 'sandbox/\n',
    'apps/web/package.json': pkg({ name: 'web' }),
    'apps/web/sandbox/package.json': pkg({ name: 'sandbox' }),
    'package.json': pkg({ name: 'root' }),
  });
  assert.deepEqual(plan.services.map((s) => s.dir).sort(), ['', 'apps/web', 'tools/keep']);
});

test('a package.json that is not JSON is a finding with its line, not an exception', async () => {
  const plan = await detect({ 'package.json': '{\n  "name": "x",\n  "scripts": { "start": "node ." \n}\n' });
  assert.equal(plan.services.length, 0);
  const finding = plan.findings.find((f) => f.code === 'manifest-invalid');
  assert.ok(finding, 'expected a manifest-invalid finding');
  assert.equal(finding.file, 'package.json');
  assert.ok((finding.range?.startLine ?? 0) >= 3, `line ${finding.range?.startLine}`);
  assert.match(plan.nothingToRun?.reason ?? '', /could not be read/);
});

test('a service learns another\'s URL from the variable it reads in code', async () => {
  const plan = await detect({
    'api/package.json': pkg({ name: 'api', dependencies: { express: '4' } }),
    'web/package.json': pkg({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }),
    'web/src/client.ts': 'export const base = import.meta.env.VITE_API_URL;\n',
  });
  const web = plan.services.find((s) => s.name === 'web')!;
  assert.deepEqual(web.links.map((l) => [l.service, l.env, l.evidence.file, l.evidence.line]), [['api', 'VITE_API_URL', 'web/src/client.ts', 1]]);
});

test('the port a config or the code names is preferred, and the plan says why', async () => {
  const vite = await detect({ 'package.json': pkg({ scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }), 'vite.config.ts': "export default {\n  server: {\n    port: 5280,\n  },\n};\n" });
  assert.equal(vite.services[0].port.preferred, 5280);
  assert.ok(vite.services[0].evidence.some((e) => e.file === 'vite.config.ts' && e.line === 3 && /because vite\.config\.ts sets server\.port/.test(e.reason)));
  const express = await detect({ 'package.json': pkg({ scripts: { start: 'node server.js' }, dependencies: { express: '4' } }), 'server.js': "app.listen(process.env.PORT || 4100);\n" });
  assert.equal(express.services[0].port.preferred, 4100);
});

test('variables read in code join the plan, classified, with where they are read', async () => {
  const plan = await detect({
    'go.mod': 'module x\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("DATABASE_URL")\n\t_ = os.Getenv("STRIPE_API_KEY")\n\t_ = os.Getenv("SESSION_SECRET")\n\t_ = os.Getenv("PORT")\n}\n',
  });
  assert.deepEqual(plan.env.map((e) => [e.name, e.kind, e.source, e.evidence.file, e.evidence.line]), [
    ['DATABASE_URL', 'database', 'code', 'main.go', 6],
    ['STRIPE_API_KEY', 'external', 'code', 'main.go', 7],
    ['SESSION_SECRET', 'secret', 'code', 'main.go', 8],
  ]);
});

test('variables only tests read are not the app\'s: *_test.go, *.test.ts, test_*.py, conftest.py, test folders', async () => {
  const reads = (name: string) => `package main\nimport "os"\nfunc f() { _ = os.Getenv("${name}") }\n`;
  const plan = await detect({
    'go.mod': 'module x\n\ngo 1.22\n',
    'main.go': `package main\n\nimport "os"\n\nfunc main() { _ = os.Getenv("MAILER_API_KEY") }\n`,
    'search/meili_test.go': reads('TEST_MEILI_API_KEY'),
    'web/app.test.ts': 'const key = process.env.E2E_API_KEY;\n',
    'tools/test_sync.py': 'import os\nos.environ["SYNC_TEST_TOKEN"]\n',
    'conftest.py': 'import os\nos.environ["PYTEST_DB_PASSWORD"]\n',
    'tests/helpers.go': reads('FIXTURE_API_KEY'),
  });
  assert.deepEqual(plan.env.map((e) => e.name), ['MAILER_API_KEY']);
});

test('Nx: apps with only a project.json run through nx from the root; libraries are not services', async () => {
  const project = (name: string, type: string, executor: string) => JSON.stringify({ name, projectType: type, targets: { serve: { executor } } });
  const plan = await detect({
    'package.json': JSON.stringify({ name: 'nx-workspace', private: true, devDependencies: { nx: '20' } }), 'package-lock.json': '{}', 'nx.json': '{}',
    'apps/shop/project.json': project('shop', 'application', '@nx/vite:dev-server'),
    'apps/api/project.json': project('api', 'application', '@nx/js:node'),
    'libs/ui/project.json': project('ui', 'library', '@nx/vite:build'),
  });
  assert.deepEqual(plan.services.map((s) => [s.name, [s.start.command, ...s.start.args].join(' '), s.start.cwd, s.install[0].command.args[0]]), [
    ['api', 'npx nx serve api', '', 'ci'], ['shop', 'npx nx serve shop --port {port}', '', 'ci'],
  ]);
});

test('versions and entries real projects write: a commented .python-version, a Gemfile ruby line, deno.jsonc, [project.scripts]', async () => {
  const py = await detect({ 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', '.python-version': '# the team uses\n3.12.4\n' });
  assert.deepEqual(py.requirements.find((r) => r.tool === 'python')?.range, '==3.12.*');
  assert.equal(py.requirements.find((r) => r.tool === 'python')?.evidence.line, 2);
  const ruby = await detect({ Gemfile: "source 'https://rubygems.org'\nruby '3.2.2'\ngem 'sinatra'\n", 'app.rb': "require 'sinatra'\n" });
  assert.equal(ruby.requirements.find((r) => r.tool === 'ruby')?.range, '~3.2.2');
  const deno = await detect({ 'deno.jsonc': '{\n  // tasks\n  "tasks": { "dev": "deno run -A main.ts" }\n}\n', 'main.ts': 'Deno.serve(() => new Response("hi"));\n' });
  assert.deepEqual([deno.services[0]?.framework, deno.services[0]?.start.args], ['deno', ['task', 'dev']]);
  const bot = await detect({ 'pyproject.toml': '[project]\nname = "mybot"\nversion = "1"\ndependencies = []\n\n[project.scripts]\nmybot = "mybot.cli:main"\n', 'mybot/__init__.py': '', 'mybot/cli.py': 'def main():\n    pass\n' });
  assert.deepEqual([bot.services[0]?.start.command, bot.services[0]?.start.args], ['.venv/bin/mybot', []]);
});

test('a Flask program started as a script (no entry creates its app): the root file with a __main__ guard runs with PORT; among several, the one setup.py lists', async () => {
  const flask = { 'requirements.txt': 'flask\n', 'tracker/__init__.py': 'def main():\n    from tracker.web import app\n', 'tracker/web.py': 'from flask import Flask\napp = Flask(__name__)\n' };
  const one = await detect({ ...flask, 'tracker.py': 'import tracker\n\nif __name__ == "__main__":\n    tracker.main()\n', 'setup.py': 'if __name__ == "__main__":\n    pass\n' });
  const service = one.services[0];
  assert.deepEqual([service?.framework, service?.start.command, service?.start.args, service?.port.env], ['python', '.venv/bin/python', ['tracker.py'], 'PORT']);
  assert.deepEqual(service.evidence.at(-1), { file: 'tracker.py', line: 3, reason: 'tracker.py runs the program when started as a script' });
  const two = { ...flask, 'a_tool.py': 'if __name__ == "__main__":\n    pass\n', 'tracker.py': 'if __name__ == "__main__":\n    pass\n' };
  assert.equal((await detect(two)).services.length, 0, 'two scripts and nothing says which: no guess');
  const listed = await detect({ ...two, 'setup.py': 'setup(name="t", scripts=["tracker.py"])\n' });
  assert.deepEqual(listed.services[0]?.start.args, ['tracker.py']);
});

test('a migrate-at-start switch the code reads is turned on (in the form it compares with) unless the repo plans its own migration', async () => {
  const express = { 'package.json': pkg({ dependencies: { express: '4.21.2', pg: '8.13.1' } }) };
  const truthy = await detect({ ...express, 'server.js': "const pg = require('pg');\nif (process.env.AUTO_MIGRATE === 'true') migrate();\n" });
  assert.deepEqual(truthy.env.filter((v) => v.name === 'AUTO_MIGRATE').map((v) => [v.example, v.evidence.file, v.evidence.line]), [['true', 'server.js', 2]]);
  const one = await detect({ ...express, 'server.js': "const pg = require('pg');\nif (process.env.RUN_MIGRATIONS === '1') migrate();\n" });
  assert.equal(one.env.find((v) => v.name === 'RUN_MIGRATIONS')?.example, '1');
  const own = await detect({ ...express, 'package.json': pkg({ scripts: { dev: 'node server.js', migrate: 'knex migrate:latest' }, dependencies: { express: '4.21.2', pg: '8.13.1', knex: '3.1.0' } }), 'knexfile.js': 'module.exports = {};', 'server.js': "const pg = require('pg');\nif (process.env.AUTO_MIGRATE === 'true') migrate();\n" });
  assert.ok(own.services[0].migrate?.length, 'the repo migrates with knex');
  assert.equal(own.env.find((v) => v.name === 'AUTO_MIGRATE')?.example, undefined, 'the switch stays as the user leaves it');
});

test('Go on lib/pq: its PostgreSQL URLs carry sslmode=disable; pgx needs nothing', async () => {
  const main = 'package main\nimport _ "github.com/lib/pq"\nfunc main() {}\n';
  const pq = await detect({ 'go.mod': 'module x\n\ngo 1.21\n\nrequire github.com/lib/pq v1.10.9\n', 'main.go': main });
  assert.deepEqual(pq.services[0].urlQuery, { postgres: 'sslmode=disable' });
  const pgx = await detect({ 'go.mod': 'module x\n\ngo 1.21\n\nrequire github.com/jackc/pgx/v5 v5.7.1\n', 'main.go': main.replace('github.com/lib/pq', 'github.com/jackc/pgx/v5/stdlib') });
  assert.equal(pgx.services[0].urlQuery, undefined);
});

test('Go: a missing package of the module is generated first; swag runs at the go.mod version, and nothing runs when the package is in the repo', async () => {
  const goMod = 'module example.com/api\n\ngo 1.22\n\nrequire (\n\tgithub.com/swaggo/swag v1.16.5\n)\n';
  const main = 'package main\n\n//go:generate swag init -g main.go\n\nimport _ "example.com/api/docs"\n\nfunc main() {}\n';
  const missing = await detect({ 'go.mod': goMod, 'main.go': main });
  assert.deepEqual(missing.services[0].install.map((s) => [s.command.command, ...s.command.args]), [
    ['go', 'mod', 'download'], ['go', 'run', 'github.com/swaggo/swag/cmd/swag@v1.16.5', 'init', '-g', 'main.go'],
  ]);
  const present = await detect({ 'go.mod': goMod, 'main.go': main, 'docs/docs.go': 'package docs\n' });
  assert.deepEqual(present.services[0].install.map((s) => s.command.args), [['mod', 'download']]);
});

test('a framework whose locked package asks for a newer Node makes that the requirement; an old open range says nothing', async () => {
  const lock = (name: string, node: string) => JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, [`node_modules/${name}`]: { version: '9.0.0', engines: { node } } } }, null, 2);
  const astro = await detect({ 'package.json': pkg({ scripts: { dev: 'astro dev' }, dependencies: { astro: '^9.0.0' } }), 'package-lock.json': lock('astro', '>=22.12.0') });
  const node = astro.requirements.find((r) => r.tool === 'node')!;
  assert.equal(node.range, '>=22.12.0');
  assert.deepEqual([node.evidence.file, node.evidence.reason], ['package-lock.json', 'astro (locked) asks for node >=22.12.0']);
  const old = await detect({ 'package.json': pkg({ dependencies: { express: '^4.0.0' } }), 'package-lock.json': lock('express', '>= 0.10.0') });
  assert.equal(old.requirements.find((r) => r.tool === 'node')!.range, undefined);
  const own = await detect({ 'package.json': pkg({ engines: { node: '>=20' }, scripts: { dev: 'astro dev' }, dependencies: { astro: '^9.0.0' } }), 'package-lock.json': lock('astro', '>=22.12.0') });
  assert.equal(own.requirements.find((r) => r.tool === 'node')!.range, '>=20', 'the repo\'s own engines win');
});

test('Django with its SQLite file in a folder the repo lacks: the folder is made before migrate', async () => {
  const repo = {
    'requirements.txt': 'django==5.1\n', 'manage.py': 'import django\n',
    'app/settings.py': 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE_DIR, "data", "db.sqlite3")}}\n',
  };
  const missing = await detect(repo);
  assert.deepEqual(missing.services[0].migrate?.map((c) => [c.command, ...c.args]), [['mkdir', '-p', 'data'], ['.venv/bin/python', 'manage.py', 'migrate', '--noinput']]);
  const slashed = await detect({ ...repo, 'app/settings.py': 'NAME = BASE_DIR / "var" / "db" / "app.sqlite3"\n' });
  assert.deepEqual(slashed.services[0].migrate?.[0].args, ['-p', 'var/db']);
  const present = await detect({ ...repo, 'data/.gitkeep': '' });
  assert.deepEqual(present.services[0].migrate?.map((c) => c.command), ['.venv/bin/python']);
});

test('Spring Cloud servers are Spring Boot apps that serve: config, Eureka discovery, gateway and Admin servers run with spring-boot:run and SERVER_PORT', async () => {
  for (const artifact of ['spring-cloud-config-server', 'spring-cloud-starter-netflix-eureka-server', 'spring-cloud-starter-gateway-server-webflux', 'spring-boot-admin-starter-server']) {
    const pom = `<project><parent><artifactId>spring-boot-starter-parent</artifactId></parent><dependencies><dependency><groupId>org.springframework.cloud</groupId><artifactId>${artifact}</artifactId></dependency></dependencies></project>`;
    const plan = await detect({ 'pom.xml': pom, 'src/main/java/demo/ServerApplication.java': 'package demo;\n@SpringBootApplication\npublic class ServerApplication { public static void main(String[] args) {} }\n' });
    const service = plan.services[0];
    assert.deepEqual([service?.framework, service?.start.args, service?.port.env], ['spring-boot-maven', ['-q', 'spring-boot:run'], 'SERVER_PORT'], artifact);
  }
});

test('frontend-maven-plugin\'s Node is a requirement the run provides: its version through a pom property, npm "provided" unless the pom names one', async () => {
  const pom = (config: string, properties = '') => `<project><properties>${properties}</properties><build><plugins><plugin><artifactId>frontend-maven-plugin</artifactId><configuration>${config}</configuration><executions><execution><goals><goal>install-node-and-npm</goal></goals></execution></executions></plugin></plugins></build></project>`;
  const java = { 'src/main/java/demo/Main.java': 'package demo;\npublic class Main { public static void main(String[] args) {} }\n' };
  const node = async (text: string) => (await detect({ ...java, 'pom.xml': text })).requirements.find((r) => r.tool === 'node');
  const direct = await node(pom('<nodeVersion>v20.11.0</nodeVersion>'));
  assert.deepEqual([direct?.range, direct?.frontendMavenPlugin], ['20.11.0', { npm: 'provided' }]);
  assert.match(direct!.evidence.reason, /frontend-maven-plugin installs Node 20\.11\.0 for the front-end build/);
  const viaProperties = await node(pom('<nodeVersion>${node.version}</nodeVersion><npmVersion>${npm.version}</npmVersion>', '<node.version>v24.18.0</node.version><npm.version>11.18.0</npm.version>'));
  assert.deepEqual([viaProperties?.range, viaProperties?.frontendMavenPlugin], ['24.18.0', { npm: '11.18.0' }]);
  assert.equal(await node(pom('<nodeVersion>v20.11.0</nodeVersion>').replace('install-node-and-npm', 'npm')), undefined, 'no install-node-and-npm goal: the plugin brings no Node');
});
