// Messages that are true: "no migrations declared" never when the repo has a migrations folder;
// the hosts an install needs are read from its manifests (git+ssh, git@host:, https git URLs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { diagnose } from '../../src/core/fixer/diagnose.js';
import type { Failure, FixerContext } from '../../src/core/fixer/failure.js';
import { dependencyHosts } from '../../src/core/phases/install-watch.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from '../helpers/fixtures.js';

test('a missing table in a repo with a migrations folder Repo Runner cannot run: the folder is named, not "none are declared"', async () => {
  const root = join(FIXTURES, 'failures', 'sqlite-no-such-table');
  const plan = await detectPlan(root, nodeFileSystem);
  const service = plan.services[0];
  const tail = readFileSync('test/logs/sqlite-no-such-table.log', 'utf8').split('\n');
  const failure: Failure = { phase: 'run', service, tail, generic: { code: 'service-exited', severity: 'error', phase: 'run', message: 'generic', excerpt: [], fixes: [] } };
  const read = (rel: string) => nodeFileSystem.readText(join(root, rel));
  const withList: FixerContext = { plan, read, list: async (rel) => (await nodeFileSystem.list(join(root, rel)).catch(() => [])).map((e) => e.name) };
  const [finding] = await diagnose(failure, withList);
  assert.equal(finding.code, 'database-schema-missing');
  assert.doesNotMatch(finding.message, /none are declared/);
  assert.match(finding.message, /\(migrations has them, but no command to apply them was found\)/);
  const empty: FixerContext = { plan, read, list: async () => [] };
  assert.match((await diagnose(failure, empty))[0].message, /none are declared/, 'with no folder it is still said');
});

test('the hosts an install needs, from the manifests: ssh, scp-like git@, https git sources, Python package indexes; a homepage link is not one', () => {
  const manifest = JSON.stringify({
    homepage: 'https://example.org/shop',
    dependencies: { a: 'git+ssh://git@git.internal.example:2222/team/a.git', b: 'git+https://code.example.net/team/b.git#v1', c: 'git@gitlab.example.com:team/c.git' },
  }, null, 2);
  assert.deepEqual(dependencyHosts(manifest).map(({ host, port }) => [host, port]), [['git.internal.example', 2222], ['code.example.net', 443], ['gitlab.example.com', 22]]);
  assert.deepEqual(dependencyHosts('flask\nmylib @ git+https://git.corp.example/team/mylib.git@main\n').map((h) => h.host), ['git.corp.example']);
  assert.deepEqual(dependencyHosts('[dependencies]\nserde = "1"\nmine = { git = "ssh://git@10.0.0.9/x.git" }\n').map((h) => [h.host, h.port]), [['10.0.0.9', 22]]);
  // Python package indexes: requirements' -i / --extra-index-url, a Pipfile [[source]], a uv index; a project URL is not one.
  assert.deepEqual(dependencyHosts('-i https://pypi.python.org/simple\n--extra-index-url=https://pkgs.corp.example:8443/simple\nflask==3.0\n').map((h) => [h.host, h.port, h.protocol]), [['pypi.python.org', 443, 'tls'], ['pkgs.corp.example', 8443, 'tls']]);
  assert.deepEqual(dependencyHosts('[[source]]\nverify_ssl = true\nurl = "https://pypi.python.org/simple"\nname = "pypi"\n\n[packages]\nflask = "*"\n').map((h) => h.host), ['pypi.python.org']);
  assert.deepEqual(dependencyHosts('[project.urls]\nurl = "https://docs.example.org"\n\n[[tool.uv.index]]\nname = "corp"\nurl = "http://10.1.2.3/simple"\n').map((h) => [h.host, h.port]), [['10.1.2.3', 80]]);
});
