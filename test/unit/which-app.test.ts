// Which thing is the app, in layouts real repositories have: a server framework of another stack
// wins over the package.json that builds its assets; a script-less package is a service only when
// its entry serves (a CLI tool or a library is not); a root whose dev script runs its own scripts
// side by side stays the app; Bun's `module` entry; Python entries where real apps keep them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from '../helpers/fixtures.js';

const plan = (name: string) => detectPlan(join(FIXTURES, name), nodeFileSystem);
const summary = async (name: string) => (await plan(name)).services.map((s) => [s.name, s.framework, s.dir, [s.start.command, ...s.start.args].join(' ')]);

test('Laravel and Django beside a package.json: the server framework is the app', async () => {
  assert.deepEqual((await summary('laravel-vite-app')).map((s) => s[1]), ['laravel']);
  assert.deepEqual((await summary('django-assets')).map((s) => s[1]), ['django']);
});

test('Go beside a package.json: the Go web server is the app only when the package builds assets with no page of its own', async () => {
  assert.deepEqual((await summary('go-assets-beside')).map((s) => s[1]), ['go-nethttp'], 'a bundler with no page, and Go code that serves');
  const { tempRepo } = await import('../helpers/temp-repo.js');
  const { rmSync } = await import('node:fs');
  const goMod = 'module example.com/shop\n\ngo 1.22\n';
  const seed = 'package main\n\nimport "net/http"\n\nfunc main() { _, _ = http.Post("http://127.0.0.1:3000/api/seed", "application/json", nil) }\n';
  const server = 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n';
  const cases: [string, Record<string, string>, string][] = [
    ['a Next.js app with a Go seeding tool', { 'package.json': JSON.stringify({ name: 'shop', scripts: { dev: 'next dev', build: 'next build' }, dependencies: { next: '15.0.0' } }), 'go.mod': goMod, 'cmd/seed/main.go': seed }, 'nextjs'],
    ['a Vite app with its own index.html beside a Go API', { 'package.json': JSON.stringify({ name: 'shop', scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '6.0.0' } }), 'index.html': '<div id="app"></div>', 'go.mod': goMod, 'main.go': server }, 'vite'],
  ];
  for (const [what, files, framework] of cases) {
    const root = tempRepo(files);
    try {
      const plan = await detectPlan(root, nodeFileSystem);
      assert.ok(plan.services.some((s) => s.framework === framework && s.dir === ''), `${what}: the Node app stays (${plan.services.map((s) => s.framework).join(', ')})`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('a root whose dev script runs its own scripts together stays the app; a CLI tool in a sub-folder is not a service', async () => {
  assert.deepEqual(await summary('node-root-and-tool'), [['node-root-and-tool', 'node', '', 'npm run dev']]);
});

test('a Bun package with no script starts its module entry with bun', async () => {
  assert.deepEqual(await summary('bun-module-app'), [['bun-module-app', 'bun', '', 'bun run src/index.ts']]);
});

test('Python entries where real apps keep them', async () => {
  assert.deepEqual((await summary('flask-factory'))[0][3], '.venv/bin/python -m flask --app autoapp:app run --host {host} --port {port}');
  assert.deepEqual((await plan('flask-factory')).services[0].manifests, ['requirements.txt', 'requirements/base.txt']);
  assert.equal((await summary('flask-factory')).length, 1, 'shop/manage.py runs Flask\'s CLI: it is no Django app');
  assert.match((await summary('flask-flaskenv'))[0][3], /^sh -c gunicorn blog:app/);
  assert.equal((await plan('flask-flaskenv')).services[0].framework, 'flask', 'FLASK_APP in .flaskenv names blog.py');
  assert.match((await summary('streamlit-named'))[0][3], /streamlit run Chatbot\.py/);
  assert.match((await summary('fastapi-package'))[0][3], /uvicorn shop_api\.main:app/);
  assert.equal((await summary('fastapi-package'))[0][0], 'shop-api', 'the root service is named by its manifest, not its folder');
  assert.equal((await summary('django-assets'))[0][0], 'django-assets', 'the asset package.json does not name a Django app');
  assert.equal((await summary('fastapi-factory'))[0][3], '.venv/bin/python -m uvicorn main:create_app --factory --host {host} --port {port}', 'an app made by a factory');
  // The same factory, with a command the project declares: that command starts it, given PORT.
  const { tempRepo } = await import('../helpers/temp-repo.js');
  const { rmSync, readFileSync } = await import('node:fs');
  const root = tempRepo({
    'pyproject.toml': '[project]\nname = "inventory"\ndependencies = ["fastapi", "uvicorn"]\n\n[project.scripts]\ninventory = "inventory.server:main"\n',
    'inventory/app.py': readFileSync(join(FIXTURES, 'fastapi-factory/main.py'), 'utf8'),
    'inventory/__init__.py': '',
  });
  try {
    const service = (await detectPlan(root, nodeFileSystem)).services[0];
    assert.deepEqual([service.start.command, service.start.args, service.port.env], ['.venv/bin/inventory', [], 'PORT']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Prisma: the client is generated after the install, from the schema package.json names; the database gets it too', async () => {
  const service = (await plan('prisma-app')).services[0];
  assert.deepEqual(service.install.map((s) => [s.command.command, ...s.command.args].join(' ')), ['npm install --no-audit --no-fund', 'npx --no-install prisma generate --schema db/schema.prisma']);
  assert.deepEqual(service.migrate?.map((c) => [c.command, ...c.args].join(' ')), ['npx --no-install prisma db push --skip-generate --schema db/schema.prisma']);
});
