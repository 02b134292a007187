// Fixtures of the stacks whose toolchain this machine has run end to end to healthy (Go, Rust,
// FastAPI, Django, Spring Boot with Maven, Bun and Deno from npm, a static site, an npm workspace,
// Procfile, compose, Makefile, devcontainer, repo-runner.json); the stacks whose toolchain it lacks are
// detected and reported as "toolchain missing" with the install hint, and nothing is started.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createNodeHost } from '../../src/node/node-host.js';
import { copyFixture, getJson, survivors } from '../helpers/fixtures.js';
import { type RecordedRun, run, stopAndCheck, urlOf } from '../helpers/run.js';
import { tempRepo } from '../helpers/temp-repo.js';

const started: RecordedRun[] = [];
// Bun, Deno, pnpm and uv are not installed on these machines: the engine brings them into its
// tool cache itself (toolchains.e2e.test.ts tests that on its own, with a cache of its own).
after(async () => {
  await Promise.all(started.map((r) => r.session.stop()));
});

async function runToHealthy(fixture: string, env?: Record<string, string | undefined>): Promise<{ recorded: RecordedRun; root: string }> {
  const root = copyFixture(fixture);
  const recorded = run(root, { engine: { healthTimeoutMs: 180_000 }, host: env ? createNodeHost(env) : undefined });
  started.push(recorded);
  const outcome = await recorded.session.ready;
  assert.equal(outcome, 'healthy', `${fixture}: ${recorded.session.findings.map((f) => `${f.code}: ${f.message}\n${f.excerpt.join('\n')}`).join('\n')}`);
  return { recorded, root };
}

for (const [fixture, service, expected] of [
  ['go-nethttp', 'go-nethttp', { app: 'go-nethttp' }],
  // Its programs are cmd/import-notes and cmd/notes (the module's name); notes takes its port as --port.
  ['go-cmd-flag', 'go-cmd-flag', { app: 'go-cmd-flag' }],
  // Its Procfile runs `notes -listen=:$PORT`, a binary a buildpack would have built: go run builds it.
  ['go-procfile-binary', 'go-procfile-binary', { app: 'go-procfile-binary' }],
  ['rust-std-server', 'rust-std-server', { app: 'rust-std-server' }],
  // Its port is fixed in lib/http.js and never printed: found from the sockets its process opened.
  ['hidden-port-server', 'hidden-port-server', { app: 'hidden-port-server' }],
  // It stops when its stdin ends (as Create React App 3 does): services get a stdin that stays open.
  ['stdin-dev-server', 'stdin-dev-server', { app: 'stdin-dev-server' }],
  // `start` is `node dist/server.js`, which only `npm run build` (tsc) makes.
  ['node-built-start', 'node-built-start', { app: 'node-built-start' }],
  ['fastapi-app', 'fastapi-app', { app: 'fastapi-app' }],
  // No module-level app: create_app() makes it, and uvicorn --factory calls it.
  ['fastapi-factory', 'fastapi-factory', { app: 'fastapi-factory', made_by: 'create_app' }],
  // Flask 2.1 has no --app option: FLASK_APP names the app.
  ['flask-old', 'flask-old', { app: 'flask-old' }],
  ['django-app', 'django-app', { app: 'django-app' }],
  // Its SQLite file is in data/, which the repo lacks: made before manage.py migrate (which makes the users table).
  ['django-sqlite-folder', 'django-sqlite-folder', { app: 'django-sqlite-folder', users: 0 }],
  // manage.py names production settings that read everything from the environment; settings/local_dev.py is the developer's
  // (migrated too), its SQLite file in db/ beside the app's package (BASE_DIR.parent / "db"), a folder the repo lacks.
  ['django-dev-settings', 'django-dev-settings', { app: 'django-dev-settings', settings: 'local_dev', users: 0 }],
  ['spring-boot-maven', 'spring-boot-maven', { app: 'spring-boot-maven' }],
  // H2 in its default profile, a PostgreSQL driver for another: no SPRING_DATASOURCE_URL overrides H2.
  ['spring-h2-default', 'spring-h2-default', { app: 'spring-h2-default', database: 'H2' }],
] as const) {
  test(`${fixture}: installed, built, started, healthy and serving`, async () => {
    const { recorded, root } = await runToHealthy(fixture);
    const port = recorded.session.services.find((s) => s.name === service)!.port;
    assert.deepEqual(await getJson(`http://127.0.0.1:${port}`), expected);
    await stopAndCheck(recorded, root);
  });
}

test('maven-frontend-app: frontend-maven-plugin\'s Node comes from the npm registry into Maven\'s local repository (nodejs.org is not reachable here), npm with it; the web build runs with it', async () => {
  // The archive the plugin would otherwise download; removed first, so this run is the one that makes it.
  const archive = join(homedir(), '.m2/repository/com/github/eirslett/node/20.11.0/node-20.11.0-linux-x64.tar.gz');
  rmSync(archive, { force: true });
  const { recorded, root } = await runToHealthy('maven-frontend-app');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'maven-frontend-app')), { app: 'maven-frontend-app', web: 'node v20.11.0' });
  assert.ok(existsSync(archive), `the Node archive is in Maven's local repository: ${archive}`);
  assert.ok(existsSync(join(root, 'node/node_modules/npm/package.json')), 'npm came with that Node (the pom names no npmVersion)');
  await stopAndCheck(recorded, root);
});

test('rust-fast-linker: its .cargo/config.toml links with clang and lld, which are missing: cc links it, its other flags kept, a warning says so', async () => {
  const { recorded, root } = await runToHealthy('rust-fast-linker');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'rust-fast-linker')), { app: 'rust-fast-linker', flag: true });
  const warning = recorded.session.findings.find((f) => f.code === 'linker-substituted');
  assert.ok(warning, recorded.session.findings.map((f) => f.code).join(', '));
  assert.equal(warning.severity, 'warning');
  assert.equal(warning.file, '.cargo/config.toml');
  assert.match(warning.message, /links with clang and ld\.lld, and clang, ld\.lld are not installed; building with the system linker \(cc\)/);
  await stopAndCheck(recorded, root);
});

test('bind-address-server: BIND_ADDRESS=127.0.0.1:8088 in its example is its listen address: given host:port, on another port when 8088 is taken', async () => {
  const { createServer } = await import('node:net');
  const squatter = createServer();
  await new Promise<void>((done) => squatter.listen(8088, '127.0.0.1', done).once('error', () => done()));
  try {
    const { recorded, root } = await runToHealthy('bind-address-server');
    const port = recorded.session.services[0].port!;
    assert.deepEqual(await getJson(`http://127.0.0.1:${port}`), { app: 'bind-address-server', address: `127.0.0.1:${port}` });
    if (squatter.listening) assert.notEqual(port, 8088, 'its example port was taken: another one was passed');
    await stopAndCheck(recorded, root);
  } finally {
    squatter.close();
  }
});

test('go-embed-app: the Go server embeds ui/build, which only ui\'s build script makes: built in setup, then served', async () => {
  const { recorded, root } = await runToHealthy('go-embed-app');
  assert.match(await (await fetch(urlOf(recorded.session, 'go-embed-app'))).text(), /<h1>go-embed-app<\/h1>/);
  assert.ok(existsSync(join(root, 'ui', 'build', 'index.html')));
  await stopAndCheck(recorded, root);
});

test('go-assets-beside: a Go server beside an asset-only package.json is the app; the assets are built in setup; it is followed to its HTTP port, not its SSH one', async () => {
  const { recorded, root } = await runToHealthy('go-assets-beside');
  const service = recorded.session.services.find((s) => s.name === 'go-assets-beside');
  assert.equal(recorded.session.services.length, 1, 'the package.json is its asset build, not a second service');
  assert.equal(service?.port, 16157, 'the port its config names, the one of its two that answers HTTP');
  assert.match(await (await fetch(urlOf(recorded.session, 'go-assets-beside'))).text(), /<h1>go-assets-beside<\/h1>/);
  assert.match(await (await fetch(`${urlOf(recorded.session, 'go-assets-beside')}/assets/app.css`)).text(), /built by build\.mjs/);
  assert.ok(existsSync(join(root, 'public', 'assets', 'app.css')));
  await stopAndCheck(recorded, root);
});

test('go-procfile-chain: the Procfile migrates and serves with a program the platform builds (bin/board): built there first, heroku-postbuild run', async () => {
  const { recorded, root } = await runToHealthy('go-procfile-chain');
  const page = await (await fetch(urlOf(recorded.session, 'go-procfile-chain'))).text();
  assert.match(page, /<h1>go-procfile-chain<\/h1>/);
  assert.match(page, /board built by heroku-postbuild/, 'the assets were built before it started');
  assert.equal(readFileSync(join(root, 'migrated.txt'), 'utf8'), 'schema v1\n', 'the first command of the chain ran');
  assert.ok(existsSync(join(root, 'bin', 'board')), 'the program is where the Procfile runs it');
  await stopAndCheck(recorded, root);
});

test('bun-app: bun install, bun run, healthy (Bun from the npm registry)', async () => {
  const { recorded, root } = await runToHealthy('bun-app');
  assert.equal(await (await fetch(urlOf(recorded.session, 'bun-app'))).text(), 'bun-app');
  await stopAndCheck(recorded, root);
});

test('deno-app: deno task dev, healthy (Deno from the npm registry)', async () => {
  const { recorded, root } = await runToHealthy('deno-app');
  assert.equal(await (await fetch(urlOf(recorded.session, 'deno-app'))).text(), 'deno-app');
  await stopAndCheck(recorded, root);
});

// Front-end frameworks: the page their dev server renders at / names the fixture.
for (const [fixture, marker] of [
  ['vite-react-app', /<div id="root">/],
  ['next-app', /next-app/],
  ['astro-site', /<title>astro-site<\/title>/],
  ['sveltekit-app', /sveltekit-app/],
  ['nuxt-app', /<div id="__nuxt">/],
  ['react-router-app', /<h1>react-router-app<\/h1>/],
  ['angular-app', /<app-root><\/app-root>/],
  ['cra-app', /<div id="root"><\/div>/],
] as const) {
  test(`${fixture}: npm ci, the framework's dev server on the assigned port, healthy`, async () => {
    const { recorded, root } = await runToHealthy(fixture);
    assert.match(await (await fetch(urlOf(recorded.session, fixture))).text(), marker);
    await stopAndCheck(recorded, root);
  });
}

test('koa-api, go-gin, rust-workspace (one binary of several, in a Cargo workspace with a library)', async () => {
  for (const [fixture, service, expected] of [
    ['koa-api', 'koa-api', { app: 'koa-api' }],
    ['go-gin', 'go-gin', { app: 'go-gin' }],
    ['rust-workspace', 'api', { app: 'api', sum: 5 }],
    ['nestjs-api', 'nestjs-api', { app: 'nestjs-api' }],
    ['rust-axum', 'rust-axum', { app: 'rust-axum' }],
  ] as const) {
    const { recorded, root } = await runToHealthy(fixture);
    const port = recorded.session.services.find((s) => s.name === service)!.port;
    assert.deepEqual(await getJson(`http://127.0.0.1:${port}`), expected, fixture);
    await stopAndCheck(recorded, root);
  }
});

test('go-generate: the code imports a package of its module that only go generate makes; the install runs the generator first', async () => {
  const { recorded, root } = await runToHealthy('go-generate');
  assert.equal(await (await fetch(urlOf(recorded.session, 'go-generate'))).text(), 'generated: API docs\n');
  assert.ok(existsSync(join(root, 'docs', 'docs.go')), 'the generator wrote docs/docs.go');
  await stopAndCheck(recorded, root);
});

test('pnpm + Turborepo: one pnpm install at the root; the Next.js docs app and the Fastify server both healthy', async () => {
  const { recorded, root } = await runToHealthy('pnpm-turbo');
  assert.deepEqual(recorded.session.services.map((s) => s.name).sort(), ['docs', 'server']);
  const installs = recorded.events.filter((e) => e.type === 'log' && /: pnpm install/.test(e.message));
  assert.equal(installs.length, 1);
  assert.deepEqual(await getJson(urlOf(recorded.session, 'server')), { app: 'server' });
  assert.match(await (await fetch(urlOf(recorded.session, 'docs'))).text(), /<h1>docs<\/h1>/);
  await stopAndCheck(recorded, root);
});

test('streamlit-app: pip install, streamlit run (headless) on the assigned port, healthy', async () => {
  const { recorded, root } = await runToHealthy('streamlit-app');
  assert.match(await (await fetch(urlOf(recorded.session, 'streamlit-app'))).text(), /Streamlit/);
  await stopAndCheck(recorded, root);
});

test('django-allowed-hosts: a site that allows only localhost (400 to 127.0.0.1) is healthy at http://localhost:PORT, the page a person gets', async () => {
  const { recorded, root } = await runToHealthy('django-allowed-hosts');
  const service = recorded.session.services[0];
  assert.equal(service.url, `http://localhost:${service.port}`);
  assert.equal((await fetch(`http://127.0.0.1:${service.port}/`)).status, 400, 'the address itself is refused');
  assert.equal(await (await fetch(service.url!)).text(), `served to localhost:${service.port}\n`);
  await stopAndCheck(recorded, root);
});

test('uv-starlette: uv sync into .venv, uvicorn, healthy (uv from PyPI)', async () => {
  const { recorded, root } = await runToHealthy('uv-starlette');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'uv-starlette')), { app: 'uv-starlette' });
  await stopAndCheck(recorded, root);
});

test('static-site: served as it is, nothing installed', async () => {
  const { recorded, root } = await runToHealthy('static-site');
  assert.match(await (await fetch(urlOf(recorded.session, 'static-site'))).text(), /<h1>static-site<\/h1>/);
  await stopAndCheck(recorded, root);
});

test('npm workspaces: one install at the root for both apps; the library is not run', async () => {
  const root = copyFixture('npm-workspaces');
  const recorded = run(root, { engine: { healthTimeoutMs: 180_000 } });
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy');
  assert.deepEqual(recorded.session.services.map((s) => s.name).sort(), ['api', 'web']);
  const installs = recorded.events.filter((e) => e.type === 'log' && /: npm (ci|install)/.test(e.message));
  assert.equal(installs.length, 1, installs.map((e) => (e.type === 'log' ? e.message : '')).join('\n'));
  await stopAndCheck(recorded, root);
});

test('repo-runner.json: the pinned health path, port preference and an added, linked service are used', async () => {
  const { recorded, root } = await runToHealthy('pinned-config');
  const app = recorded.session.services.find((s) => s.name === 'pinned-config')!;
  const admin = recorded.session.services.find((s) => s.name === 'admin')!;
  assert.equal(app.plan.health.kind === 'http' && app.plan.health.path, '/healthz');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'admin')), { admin: true, upstream: { ok: true, mode: 'pinned' } });
  assert.ok(app.port !== undefined && admin.port !== undefined && app.port !== admin.port);
  await stopAndCheck(recorded, root);
});

test('Procfile: the web process replaces the start script; the worker runs without a port; release runs first', async () => {
  const { recorded, root } = await runToHealthy('procfile-app');
  assert.deepEqual(await getJson(urlOf(recorded.session, 'procfile-app')), { web: true, fromProcfile: true });
  const worker = recorded.session.services.find((s) => s.name === 'procfile-app-worker')!;
  assert.equal(worker.status, 'healthy');
  assert.equal(worker.url, undefined, 'a worker has no URL');
  const released = recorded.events.findIndex((e) => e.type === 'output' && e.line.includes('migrations would run here'));
  const started = recorded.events.findIndex((e) => e.type === 'service' && e.status === 'starting');
  assert.ok(released >= 0 && released < started, 'the release step ran before any process started');
  await stopAndCheck(recorded, root);
});

test('docker-compose.yml: the built service runs with its compose environment; its database images become real servers', async () => {
  const { recorded, root } = await runToHealthy('compose-app');
  assert.deepEqual(await getJson(`http://127.0.0.1:${recorded.session.services[0].port}`), { greeting: 'hello from compose' });
  assert.deepEqual(recorded.session.databases.map((d) => [d.name, d.need.engine, d.status]), [['db', 'postgres', 'healthy'], ['cache', 'redis', 'healthy']]);
  const env = readFileSync(join(root, 'api', '.env'), 'utf8');
  assert.match(env, /^DATABASE_URL=postgres:\/\/app:secret@127\.0\.0\.1:\d+\/app$/m, 'the compose credentials and the scheme the app\'s compose file gives (postgres://) are used, the host is this machine');
  assert.match(env, /^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+$/m);
  await stopAndCheck(recorded, root);
  assert.ok(recorded.session.databases.every((d) => d.status === 'stopped'), 'the servers stop with the run');
});

test('Makefile run target and devcontainer forwardPorts', async () => {
  const made = await runToHealthy('makefile-app');
  assert.match(await (await fetch(`http://127.0.0.1:${made.recorded.session.services[0].port}`)).text(), /makefile-app/);
  await stopAndCheck(made.recorded, made.root);
  const dev = await runToHealthy('devcontainer-app');
  assert.equal(dev.recorded.session.services[0].plan.port.preferred, 4000);
  await stopAndCheck(dev.recorded, dev.root);
});

test('a log line as the readiness signal: a worker with no HTTP is healthy once it prints it', async () => {
  const root = tempRepo({
    'worker.js': "setTimeout(() => console.log('queue consumer ready'), 300);\nsetInterval(() => {}, 1000);\n",
    'repo-runner.json': JSON.stringify({ services: { worker: { start: ['node', 'worker.js'], health: { log: 'consumer ready' } } } }),
  });
  const recorded = run(root);
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'healthy');
  assert.ok(recorded.session.services[0].output.tail().includes('queue consumer ready'));
  await stopAndCheck(recorded, root);
});

const has = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

for (const [fixture, tool, hint] of [
  ['rails-app', 'ruby', /apt-get install ruby-full/],
  ['sinatra-app', 'ruby', /apt-get install ruby-full/],
  ['laravel-app', 'php', /apt-get install php-cli/],
  ['php-site', 'php', /apt-get install php-cli/],
  ['aspnet-api', 'dotnet', /dotnet\.microsoft\.com/],
  ['spring-boot-gradle', 'gradle', /apt-get install gradle/],
] as const) {
  test(`${fixture}: detected, and reported as toolchain missing (${tool}) with the install hint`, { skip: has(tool === 'ruby' ? 'ruby' : tool) ? `${tool} is installed here` : false }, async () => {
    const root = copyFixture(fixture);
    const recorded = run(root);
    started.push(recorded);
    assert.equal(await recorded.session.ready, 'failed');
    const finding = recorded.session.findings.find((f) => f.code === 'toolchain-missing' && f.message.includes(`needs ${tool}`));
    assert.ok(finding, recorded.session.findings.map((f) => f.message).join('\n'));
    assert.match(finding.message, hint);
    assert.deepEqual(survivors({ dir: root }), [], 'nothing was started');
    await recorded.session.stop();
  });
}

test('poetry-flask: Poetry is brought from PyPI (not reported missing); its stale poetry.lock stops the install, quoted', async () => {
  const root = copyFixture('poetry-flask');
  const recorded = run(root);
  started.push(recorded);
  assert.equal(await recorded.session.ready, 'failed');
  const codes = recorded.session.findings.map((f) => f.code);
  assert.ok(!codes.includes('toolchain-missing'), codes.join());
  const install = recorded.session.findings.find((f) => f.phase === 'setup' && f.severity === 'error');
  assert.ok(install, codes.join());
  assert.match(install.excerpt.join('\n'), /poetry\.lock/);
  await recorded.session.stop();
});

// Python apps laid out as real ones are: an app factory behind autoapp.py with requirements
// included from a folder, FLASK_APP in .flaskenv with a Procfile that starts gunicorn (found in the
// service's .venv/bin), an app inside the project's own package, and one made inside main()
// that a root script runs (python tracker.py).
for (const [fixture, expected] of [
  ['flask-factory', { app: 'flask-factory' }],
  ['flask-flaskenv', { app: 'flask-flaskenv', posts: 1 }],
  ['fastapi-package', { app: 'fastapi-package' }],
  ['flask-script-entry', { app: 'flask-script-entry' }],
] as const) {
  test(`${fixture}: found where such apps keep their entry, installed, healthy and serving`, async () => {
    const { recorded, root } = await runToHealthy(fixture);
    assert.deepEqual(await getJson(urlOf(recorded.session, recorded.session.services[0].name)), expected);
    await stopAndCheck(recorded, root);
  });
}

test('bun-module-app (Bun module entry, no script) and node-root-and-tool (root app, CLI tool beside it): healthy and serving', async () => {
  for (const fixture of ['bun-module-app', 'node-root-and-tool'] as const) {
    const { recorded, root } = await runToHealthy(fixture);
    assert.deepEqual(recorded.session.services.map((s) => s.name), [fixture]);
    assert.equal(await (await fetch(urlOf(recorded.session, fixture))).text(), fixture);
    await stopAndCheck(recorded, root);
  }
});
