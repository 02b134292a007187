// Detection reads; it never executes anything from the repository: a repo full of traps that
// would leave a mark if any of its code, scripts or hooks ran is detected, and no mark appears.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempRepo } from '../helpers/temp-repo.js';

test('repo-runner detect runs none of the repo\'s code', () => {
  const root = tempRepo({
    'package.json': JSON.stringify({ name: 'trap', scripts: { preinstall: 'touch MARK-npm', dev: 'touch MARK-dev', prepare: 'touch MARK-prepare' } }),
    'setup.py': 'open("MARK-setup", "w").close()\n',
    'requirements.txt': 'flask\n',
    'app.py': 'open("MARK-app", "w").close()\nfrom flask import Flask\napp = Flask(__name__)\n',
    'Makefile': 'run:\n\ttouch MARK-make\n',
    'vite.config.js': 'require("fs").writeFileSync("MARK-vite", "")\n',
    'Procfile': 'web: touch MARK-procfile\n',
    'api/go.mod': 'module x\n\ngo 1.22\n',
    'api/main.go': 'package main\n\nfunc init() { panic("ran") }\nfunc main() {}\n',
  });
  const result = spawnSync(process.execPath, [resolve('dist/cli.cjs'), 'detect', root, '--json'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(JSON.parse(result.stdout).services.length >= 2, 'the traps were detected as services');
  for (const mark of ['MARK-npm', 'MARK-dev', 'MARK-prepare', 'MARK-setup', 'MARK-app', 'MARK-make', 'MARK-vite', 'MARK-procfile']) {
    assert.equal(existsSync(join(root, mark)), false, `${mark} was created: something ran`);
  }
});
