// Config outside .env, detection side: env examples under other names are read, and config
// files the repo ships only as examples are planned as copies when the app reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configCopies, realName, referencePattern } from '../../src/core/detect/config-examples.js';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { RepoFiles } from '../../src/core/detect/repo-files.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { tempRepo } from '../helpers/temp-repo.js';

const node = JSON.stringify({ name: 'app', scripts: { start: 'node server.js' } });

test('the real name of an example: suffixed and infixed markers; other files are not examples', () => {
  assert.equal(realName('config.ts.example'), 'config.ts');
  assert.equal(realName('ormconfig.json.example'), 'ormconfig.json');
  assert.equal(realName('settings_local.py.example'), 'settings_local.py');
  assert.equal(realName('config.example.yml'), 'config.yml');
  assert.equal(realName('config.yml.dist'), 'config.yml');
  assert.equal(realName('app.sample.json'), 'app.json');
  assert.equal(realName('config.yml'), undefined);
  assert.equal(realName('server.js'), undefined);
});

test('how code names a file: quoted paths, module imports without extension, Python imports', () => {
  assert.ok(referencePattern('config.ts').test("import config from './config';"));
  assert.ok(referencePattern('config.json').test("const c = require('../src/config.json')"));
  assert.ok(referencePattern('config.yml').test("yaml.safe_load(open('config.yml'))"));
  assert.ok(referencePattern('settings_local.py').test('    from .settings_local import *'));
  assert.ok(referencePattern('settings_local.py').test('import settings_local'));
  assert.ok(referencePattern('config.yml').test('\tviper.SetConfigName("config")'), 'viper names the file without its extension');
  assert.ok(!referencePattern('config.ts').test("import { config } from 'dotenv';"), 'a package name is not the file');
  assert.ok(!referencePattern('config.yml').test('# see config.yml.example'), 'a comment naming the example is not a read');
});

test('examples next to their real name become copies only when the app reads the real file', async () => {
  const root = tempRepo({
    'package.json': node,
    'server.js': "const config = require('./config.json');\nconst orm = 'typeorm';\n",
    'config.json.example': '{"port": 1}\n',
    'src/config.ts.example': 'export default {};\n',
    'ormconfig.json.example': '{"type": "postgres"}\n',
    'notes.yml.example': 'unused: true\n',
    'README.example.md': '# not a config\n',
    'settings.json.dist': '{}\n',
    'settings.json': '{"mine": true}\n',
  });
  const copies = await configCopies(new RepoFiles(root, nodeFileSystem), '');
  assert.deepEqual(copies.map((c) => [c.from, c.to]).sort(), [['config.json.example', 'config.json'], ['ormconfig.json.example', 'ormconfig.json']]);
  const config = copies.find((c) => c.to === 'config.json')!;
  assert.equal(config.evidence.file, 'server.js');
  assert.equal(config.evidence.line, 1);
  assert.match(config.evidence.reason, /server\.js reads config\.json, which the repo ships only as config\.json\.example/);
  assert.match(copies.find((c) => c.to === 'ormconfig.json')!.evidence.reason, /its framework reads it by name/);
});

test('a Django settings_local.py.example imported by settings.py is planned as a copy in the plan', async () => {
  const plan = await detectPlan(tempRepo({
    'manage.py': 'import os\n',
    'requirements.txt': 'django\n',
    'site/settings.py': 'try:\n    from .settings_local import *\nexcept ImportError:\n    pass\n',
    'site/settings_local.py.example': 'DEBUG = True\n',
  }), nodeFileSystem);
  assert.deepEqual(plan.services[0].configCopies?.map((c) => [c.from, c.to, c.evidence.file]), [['site/settings_local.py.example', 'site/settings_local.py', 'site/settings.py']]);
});

test('env examples under other names are read: env-example, env.example, example.env, .env.dist, .env.local.example', async () => {
  for (const name of ['env-example', 'env.example', 'example.env', '.env.dist', '.env.local.example']) {
    const plan = await detectPlan(tempRepo({ 'package.json': node, 'server.js': '', [name]: 'API_TOKEN=\nGREETING=hi\n' }), nodeFileSystem);
    const greeting = plan.env.find((v) => v.name === 'GREETING');
    assert.equal(greeting?.example, 'hi', name);
    assert.equal(greeting?.evidence.file, name);
    assert.equal(plan.services[0].configCopies, undefined, `${name} is an env example, not a config copy`);
  }
});

test('a sample under its real name in docs/ or examples/: data config the code opens is copied to the service folder; code files and unread samples are not', async () => {
  const root = tempRepo({
    'main.go': 'package main\nfunc main() { flags.String("config", "glance.yml", "Set config path") }\n',
    'go.mod': 'module example.com/app\n',
    'docs/glance.yml': 'pages: []\n',
    'docs/mkdocs.yml': 'site_name: docs\n',
    'docs/index.js': 'console.log("docs")\n',
    'examples/server.example.toml': 'port = 1\n',
    'examples/README.md': '# examples\n',
  });
  const copies = await configCopies(new RepoFiles(root, nodeFileSystem), '');
  assert.deepEqual(copies.map((c) => [c.from, c.to]), [['docs/glance.yml', 'glance.yml']]);
  assert.match(copies[0].evidence.reason, /main\.go reads glance\.yml, which the repo ships only as docs\/glance\.yml/);
  const owned = tempRepo({ 'main.go': 'package main\nvar path = "glance.yml"\n', 'go.mod': 'module example.com/app\n', 'glance.yml': 'pages: []\n', 'docs/glance.yml': 'pages: [sample]\n' });
  assert.deepEqual(await configCopies(new RepoFiles(owned, nodeFileSystem), ''), [], 'the repo has its own file: nothing is copied');
  const inPlace = tempRepo({
    'requirements.txt': 'flask\n',
    'app.py': "spec = os.path.join(here, 'docs', 'spec.yaml')\nother = os.path.join(base_dir, 'spec.yaml')\nthird = open('../docs/spec.yaml')\n",
    'docs/spec.yaml': 'openapi: 3\n',
  });
  assert.deepEqual(await configCopies(new RepoFiles(inPlace, nodeFileSystem), ''), [], 'code that reads the sample where it is (or joins the name to a folder) needs no copy');
});
