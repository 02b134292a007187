// The failure catalogue, case by case: each case feeds a real output captured from a failure
// fixture of ours (test/logs/<log>.log, produced by running test/fixtures/failures/<fixture>;
// test/logs/CAPTURED.md says how) and checks the finding: its code, the file and line that
// justify it, the message, and the fixes (kind, and whether it may be applied automatically).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectPlan } from '../../src/core/detect/detect-plan.js';
import { diagnose } from '../../src/core/fixer/diagnose.js';
import { stripAnsi, type Failure, type FixerContext, type KnownDatabase } from '../../src/core/fixer/failure.js';
import { SIGNATURES } from '../../src/core/fixer/signatures/index.js';
import { announcedOtherPort } from '../../src/core/fixer/signatures/runtime.js';
import type { Finding, FindingCode, Fix, PhaseName, ToolName } from '../../src/core/model.js';
import { nodeFileSystem } from '../../src/node/node-fs.js';
import { FIXTURES } from '../helpers/fixtures.js';

interface Case {
  log: string;
  /** Relative to test/fixtures; failure fixtures live in failures/. */
  fixture?: string;
  phase: PhaseName;
  code: FindingCode;
  message: RegExp;
  file?: string;
  line?: number;
  /** [kind, auto] of each fix, in order. */
  fixes: [Fix['kind'], boolean][];
  /** A further check of the first fix. */
  fix?: (fix: Fix) => void;
  exitCode?: number;
  port?: number;
  probe?: string;
  generic?: FindingCode;
  env?: Record<string, string>;
  databases?: KnownDatabase[];
  installed?: Partial<Record<ToolName, string>>;
}

const edits = (fix: Fix) => (fix.kind === 'edit' ? fix.edits : assert.fail(`expected an edit, got ${fix.kind}`));
const argv = (fix: Fix) => (fix.kind === 'command' ? [fix.command.command, ...fix.command.args] : assert.fail(`expected a command, got ${fix.kind}`));
const setting = (fix: Fix) => (fix.kind === 'setting' ? { path: fix.path, value: fix.value } : assert.fail(`expected a setting, got ${fix.kind}`));
const PG = { name: 'postgres', engine: 'postgres', port: 55432, healthy: true, url: 'postgresql://app:s3cret@127.0.0.1:55432/app', variable: 'DATABASE_URL' } as const;

const CASES: Case[] = [
  // Ports and processes
  { log: 'port-in-use-express', fixture: 'express-app', phase: 'health', code: 'port-in-use', message: /port 3998 because another process/, fixes: [['rerun', true]], fix: (f) => assert.equal(f.kind === 'rerun' && f.avoidPort, 3998) },
  { log: 'port-in-use-flask', fixture: 'flask-app', phase: 'health', code: 'port-in-use', message: /port 5999/, fixes: [['rerun', true]], port: 5999 },
  { log: 'port-in-use-spring', phase: 'run', port: 41003, code: 'port-in-use', message: /port 41003 because another process/, fixes: [['rerun', true]], fix: (f) => assert.equal(f.kind === 'rerun' && f.avoidPort, 41003) },
  { log: 'start-permission-denied', phase: 'run', code: 'start-permission-denied', message: /start\.sh is not executable/, file: 'start.sh', line: 1, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['chmod', '+x', 'start.sh']) },
  { log: 'node-command-not-found', phase: 'run', code: 'command-not-found', message: /runs "nodemon", which is not installed/, file: 'package.json', line: 7, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['npm', 'install', '--save-dev', 'nodemon']) },
  { log: 'node-heap-oom', phase: 'run', code: 'out-of-memory', message: /ran out of memory \(package\.json limits the heap: --max-old-space-size=32\)/, file: 'package.json', line: 7, fixes: [['edit', false]], fix: (f) => assert.match(edits(f)[0].insert[0], /--max-old-space-size=4096/) },
  { log: 'python-memory-error', phase: 'run', code: 'out-of-memory', message: /ran out of memory/, fixes: [['rerun', false]] },
  { log: 'service-exits-immediately', phase: 'health', generic: 'service-exited', exitCode: 0, code: 'service-exits-at-once', message: /exited with success right after it started.*built 3 pages/, file: 'package.json', fixes: [['setting', false]], fix: (f) => assert.deepEqual(setting(f), { path: ['services', 'service-exits-immediately', 'start'], value: ['npm', 'run', 'serve'] }) },
  { log: 'wrong-port', phase: 'health', generic: 'health-timeout', port: 41001, code: 'wrong-port', message: /listens on port 41234, not on the port 41001/, file: 'server.js', line: 5, fixes: [['edit', false], ['setting', false]], fix: (f) => assert.match(edits(f)[0].insert[0], /server\.listen\(Number\(process\.env\.PORT\) \|\| 41234, /) },
  { log: 'http-500-on-health', phase: 'health', generic: 'health-http-error', probe: 'HTTP 500', code: 'health-http-error', message: /answers HTTP 500 on \/: TypeError: Cannot read properties of undefined \(reading 'user'\) \(at routes\/home\.js:3\)/, file: 'routes/home.js', line: 3, fixes: [['rerun', false]] },
  // npm installs
  { log: 'npm-lockfile-out-of-sync', phase: 'setup', code: 'npm-lockfile-out-of-sync', message: /package-lock\.json is out of date.*"left-pad"/, file: 'package.json', line: 10, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['npm', 'install']) },
  { log: 'npm-peer-conflict', phase: 'setup', code: 'npm-peer-conflict', message: /react-dom@17\.0\.2 needs react@17\.0\.2 but the project has react@18\.3\.1/, file: 'package.json', line: 11, fixes: [['setting', false], ['command', false]] },
  { log: 'npm-package-not-found', phase: 'setup', code: 'npm-package-not-found', message: /no package named "repo-runner-no-such-package-zz"/, file: 'package.json', line: 11, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 10, remove: 2, insert: ['    "express": "^4.21.2"'] }]) },
  { log: 'npm-no-matching-version', phase: 'setup', code: 'npm-no-matching-version', message: /No published version of left-pad matches "\^99\.0\.0"/, file: 'package.json', line: 10, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['npm', 'install', 'left-pad@latest']) },
  { log: 'npm-git-dependency', phase: 'setup', code: 'dependency-host-unreachable', message: /needs github\.com \(for someone\/tiny-lib\), which cannot be reached/, file: 'package.json', line: 10, fixes: [['rerun', false]] },
  { log: 'node-native-addon-old', phase: 'setup', code: 'node-native-addon-incompatible', message: /bcrypt does not compile with this Node\.js \(v20\.\d+\.\d+\): its C\+\+ code uses V8 interfaces newer Node\.js versions removed \(.*IsNearDeath/, file: 'package.json', line: 6, fixes: [['rerun', false]] },
  { log: 'python-no-stdlib', phase: 'run', code: 'python-missing-module', message: /Python cannot start: it finds no standard library \(No module named 'encodings'\)/, file: 'requirements.txt', fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['python3', '-m', 'venv', '--clear', '.venv']) },
  { log: 'npm-engine-unsupported', phase: 'setup', code: 'npm-engine-unsupported', message: /requires \{"node":">=99"\} but this machine has \{"node":"v20/, file: 'package.json', line: 9, fixes: [['setting', false], ['rerun', false]] },
  // Node at run time
  { log: 'node-missing-module', fixture: 'missing-dependency', phase: 'health', code: 'node-missing-module', message: /imports "left-pad", which is not installed because package\.json does not list it/, file: 'package.json', line: 9, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['npm', 'install', 'left-pad']) },
  { log: 'npm-missing-script', fixture: 'express-app', phase: 'health', code: 'npm-missing-script', message: /no "nope" script/, file: 'package.json', line: 7, fixes: [['setting', false]] },
  { log: 'env-missing-node', fixture: 'needs-env', phase: 'health', code: 'env-missing', message: /API_TOKEN is not set \(it is listed in \.env\.example\)/, file: '.env.example', line: 2, fixes: [['env', false]] },
  { log: 'node-syntax-error', phase: 'run', code: 'node-syntax-error', message: /server\.js line 4 does not parse: missing \) after argument list/, file: 'server.js', line: 4, fixes: [['rerun', false]] },
  { log: 'node-module-type-mismatch', phase: 'run', code: 'node-module-type', message: /server\.js uses require\(\) \(CommonJS\), but package\.json declares "type": "module"/, file: 'server.js', line: 2, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 6, remove: 1, insert: [] }]) },
  { log: 'node-esm-syntax', phase: 'run', code: 'node-module-type', message: /server\.js uses import \(ES modules\), but package\.json declares "type": "commonjs"/, file: 'server.js', line: 2, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 6, remove: 1, insert: ['  "type": "module",'] }]) },
  { log: 'node-unknown-builtin', phase: 'run', code: 'node-too-old', message: /uses the built-in module node:sqlite, which v20\.\d+\.\d+ does not have/, file: 'server.js', line: 3, fixes: [['rerun', false]] },
  { log: 'node-uncaught-exception', phase: 'run', code: 'node-uncaught-exception', message: /crashed with Error: FEATURE_FLAGS must be a JSON object, got "on" \(thrown at lib\/config\.js:4\)/, file: 'lib/config.js', line: 4, fixes: [['rerun', false]] },
  // Python installs
  { log: 'python-old-sdist', phase: 'setup', code: 'python-package-too-old-to-build', message: /^MarkupSafe 1\.0 cannot be built: its setup\.py uses setuptools' Feature, which setuptools no longer has \(the release is older than this Python's build tools\); a later release of MarkupSafe builds\.$/, file: 'requirements.txt', line: 3, fixes: [['rerun', false]] },
  { log: 'pip-no-matching-distribution', phase: 'setup', code: 'pip-no-matching-distribution', message: /PyPI has no version of requests matching ==99\.0\.0/, file: 'requirements.txt', line: 2, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 2, remove: 1, insert: ['requests'] }]) },
  { log: 'pip-resolution-impossible', phase: 'setup', code: 'pip-resolution-impossible', message: /pins werkzeug==2\.0\.0 but flask 3\.1\.0 needs Werkzeug>=3\.1/, file: 'requirements.txt', line: 2, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 2, remove: 1, insert: ['Werkzeug>=3.1'] }]) },
  { log: 'pip-requires-python', phase: 'setup', code: 'python-version-unsupported', message: /requires Python >=3\.99 but this machine has Python 3\.11/, file: 'pyproject.toml', line: 4, fixes: [['rerun', false]] },
  { log: 'pip-requires-python-pypi', phase: 'setup', code: 'pip-no-matching-distribution', message: /Django==6\.0 needs Python >=3\.12, which this Python is not/, file: 'requirements.txt', line: 1, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 1, remove: 1, insert: ['Django==5.2.19'] }]) },
  { log: 'poetry-no-candidates', phase: 'setup', code: 'poetry-no-candidates', message: /Poetry found no files for smmap 5\.0\.0, which poetry\.lock pins: the package index this machine uses does not serve that release/, file: 'poetry.lock', line: 4, fixes: [['rerun', false]] },
  { log: 'rust-toolchain-missing', phase: 'setup', code: 'rust-toolchain-missing', message: /rust-toolchain\.toml pins Rust 1\.97\.1, which rustup has not installed/, file: 'rust-toolchain.toml', line: 2, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['rustup', 'toolchain', 'install', '1.97.1', '--profile', 'minimal']) },
  { log: 'rust-linker-missing', phase: 'health', code: 'linker-not-found', message: /links with clang \(.cargo\/config\.toml says so\), which is not installed; Debian packages: clang, lld/, file: '.cargo/config.toml', line: 2, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['apt-get', 'install', '-y', 'clang', 'lld']) },
  { log: 'pip-ldap-headers', phase: 'setup', code: 'native-build-failed', message: /^python-ldap must be compiled here and the OpenLDAP and SASL headers are not installed; Debian packages: libldap2-dev, libsasl2-dev\.$/, file: 'requirements.txt', line: 2, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['apt-get', 'install', '-y', 'libldap2-dev', 'libsasl2-dev']) },
  { log: 'pip-native-build', phase: 'setup', code: 'native-build-failed', message: /mysqlclient must be compiled here and the MySQL client library headers are not installed; Debian packages: pkg-config, default-libmysqlclient-dev, build-essential/, file: 'requirements.txt', line: 2, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['apt-get', 'install', '-y', 'pkg-config', 'default-libmysqlclient-dev', 'build-essential']) },
  { log: 'pip-externally-managed', phase: 'setup', code: 'pip-externally-managed', message: /system Python, which Debian manages/, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['python3', '-m', 'venv', '.venv']) },
  // Python at run time
  { log: 'python-missing-module', fixture: 'flask-app', phase: 'health', code: 'python-missing-module', message: /imports "yaml", which is not installed because requirements\.txt does not list PyYAML/, file: 'requirements.txt', line: 1, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 2, remove: 0, insert: ['PyYAML'] }]) },
  { log: 'python-missing-module', fixture: 'failures/python-missing-module', phase: 'run', exitCode: 2, code: 'python-missing-module', message: /imports "yaml", which is not installed because requirements\.txt does not list PyYAML/, file: 'requirements.txt', line: 1, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 2, remove: 0, insert: ['PyYAML'] }]) },
  { log: 'env-missing-python', phase: 'run', code: 'env-missing', message: /API_KEY is not set \(it is listed in \.env\.example\)/, file: '.env.example', line: 2, fixes: [['env', false]] },
  { log: 'django-pending-migrations-admin-login', fixture: 'failures/django-pending-migrations', phase: 'health', generic: 'health-http-error', probe: 'HTTP 500', code: 'database-schema-missing', message: /queries the table "auth_user", which does not exist yet/, fixes: [['rerun', false]] },
  { log: 'python-syntax-error', phase: 'run', code: 'python-syntax-error', message: /app\.py line 8 does not parse: expected ':'/, file: 'app.py', line: 8, fixes: [['rerun', false]] },
  { log: 'python-uncaught-exception', phase: 'run', code: 'python-uncaught-exception', message: /crashed with ValueError: invalid literal for int\(\) with base 10: 'twenty' \(raised at settings\.py:4\)/, file: 'settings.py', line: 4, fixes: [['rerun', false]] },
  { log: 'flask-app-not-found', phase: 'run', code: 'flask-app-not-found', message: /looks for an application named "app" in app\.py, but it is called "application"/, file: 'app.py', line: 4, fixes: [['setting', false]], fix: (f) => assert.deepEqual((setting(f).value as string[]).slice(1, 5), ['-m', 'flask', '--app', 'app:application']) },
  { log: 'uvicorn-import-error', phase: 'run', code: 'asgi-app-not-found', message: /module "main", which does not exist; the app is server:app/, file: 'server.py', line: 4, fixes: [['setting', false]], fix: (f) => assert.ok((setting(f).value as string[]).includes('server:app')) },
  // Databases
  { log: 'db-refused-node-pg', phase: 'run', code: 'database-refused', message: /cannot reach PostgreSQL on port 42010: nothing is listening there \(DATABASE_URL\)/, file: '.env.example', line: 1, env: { DATABASE_URL: 'postgresql://app:app@127.0.0.1:42010/app' }, fixes: [['rerun', true]], fix: (f) => assert.equal(f.kind === 'rerun' && f.from, 'database') },
  { log: 'db-refused-node-pg', phase: 'run', code: 'database-refused', message: /cannot reach PostgreSQL on port 42010/, env: { DATABASE_URL: 'postgresql://app:app@127.0.0.1:42010/app' }, databases: [PG], file: '.env.example', line: 1, fixes: [['env', false], ['rerun', true]], fix: (f) => assert.equal(f.kind === 'env' && f.value, PG.url) },
  { log: 'db-refused-psycopg', phase: 'run', code: 'database-refused', message: /cannot reach PostgreSQL on port 42010/, env: { DATABASE_URL: 'postgresql://app:app@127.0.0.1:42010/app' }, file: '.env.example', line: 1, fixes: [['rerun', true]] },
  { log: 'redis-refused', phase: 'run', code: 'database-refused', message: /cannot reach Redis on port 42013: .*\(REDIS_URL\)/, env: { REDIS_URL: 'redis://127.0.0.1:42013' }, file: '.env.example', line: 1, fixes: [['rerun', true]] },
  { log: 'mongo-refused', phase: 'run', code: 'database-refused', message: /cannot reach MongoDB on port 42014: .*\(MONGODB_URL\)/, env: { MONGODB_URL: 'mongodb://127.0.0.1:42014/app' }, file: '.env.example', line: 1, fixes: [['rerun', true]] },
  { log: 'db-auth-failed-pg', phase: 'run', code: 'database-auth-failed', message: /PostgreSQL refused the credentials of user "app".*\(DATABASE_URL\)/, env: { DATABASE_URL: 'postgresql://app:wrong-password@127.0.0.1:42011/app' }, databases: [PG], file: '.env.example', line: 1, fixes: [['env', false]], fix: (f) => assert.equal(f.kind === 'env' && f.value, PG.url) },
  { log: 'db-auth-failed-mysql', phase: 'run', code: 'database-auth-failed', message: /MySQL refused the credentials of user "app"/, env: { DATABASE_URL: 'mysql://app:wrong-password@127.0.0.1:42012/app' }, file: '.env.example', line: 1, fixes: [['env', false]] },
  { log: 'db-does-not-exist-pg', phase: 'run', code: 'database-missing', message: /database "shop" .* does not exist on PostgreSQL at port 42011/, env: { DATABASE_URL: 'postgresql://app:app@127.0.0.1:42011/shop' }, file: '.env.example', line: 1, fixes: [['rerun', true]] },
  { log: 'db-pending-migration-pg', phase: 'run', code: 'database-schema-missing', message: /queries the table "notes", which does not exist yet/, file: 'server.js', line: 8, fixes: [['rerun', false]], fix: (f) => assert.equal(f.kind === 'rerun' && f.from, 'database') },
  { log: 'sqlite-no-such-table', phase: 'run', code: 'database-schema-missing', message: /queries the table "items", which does not exist yet/, file: 'app.py', line: 8, fixes: [['rerun', false]] },
  // Go, Rust, Java
  { log: 'go-version-too-new', phase: 'setup', code: 'go-version-too-new', message: /go\.mod asks for Go 1\.99 but Go 1\.\d+\.\d+ is installed/, file: 'go.mod', line: 3, fixes: [['edit', false]], fix: (f) => assert.match(edits(f)[0].insert[0], /^go 1\.\d+$/) },
  { log: 'go-generated-package', phase: 'setup', code: 'go-missing-module', message: /main\.go imports example\.com\/api\/docs, a package of this module that is not in the repo: it is generated \(swag init/, file: 'main.go', line: 6, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['go', 'generate', './...']) },
  { log: 'python-fstring-312', phase: 'run', code: 'python-syntax-error', installed: { python: '3.11.7' }, message: /^report\.py line 3 does not parse with Python 3\.11\.7 \(f-string: unmatched '\['\): f-strings that reuse their quotes inside need Python 3\.12 or later \(PEP 701\)\.$/, file: 'report.py', line: 3, fixes: [['rerun', false]] },
  { log: 'go-module-unavailable', phase: 'setup', code: 'go-module-unavailable', message: /^go\.mod requires github\.com\/blevesearch\/zapx\/v17 v17\.2\.1, which the Go module proxy refuses \(403 Forbidden: This module version is not available\.\); a later patch release of it may be served: go get github\.com\/blevesearch\/zapx\/v17@patch\.$/, file: 'go.mod', line: 5, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['go', 'get', 'github.com/blevesearch/zapx/v17@patch']) },
  { log: 'go-missing-module', phase: 'setup', code: 'go-missing-module', message: /main\.go imports github\.com\/someone\/missing\/pkg, which go\.mod does not require/, file: 'main.go', line: 7, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['go', 'get', 'github.com/someone/missing/pkg']) },
  { log: 'go-embed-app-unbuilt', fixture: 'go-embed-app', phase: 'setup', code: 'go-embed-missing', message: /^ui\/serve\.go embeds ui\/build \(build\/\*\), which is not in the repo: ui\/package\.json's build script makes it \(`npm run build` in ui\), before the Go build\.$/, file: 'ui/serve.go', line: 9, fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['sh', '-c', 'npm install && npm run build']) },
  { log: 'go-compile-error', phase: 'setup', code: 'go-compile-error', message: /main\.go line 7 does not compile: undefined: greeting/, file: 'main.go', line: 7, fixes: [['rerun', false]] },
  { log: 'rust-version-too-new', phase: 'setup', code: 'rust-version-too-new', message: /requires Rust 1\.99 but rustc 1\.\d+\.\d+ is installed/, file: 'Cargo.toml', line: 5, fixes: [['edit', false]], fix: (f) => assert.match(edits(f)[0].insert[0], /^rust-version = "1\.\d+"$/) },
  { log: 'rust-compile-error', phase: 'setup', code: 'rust-compile-error', message: /src\/main\.rs line 3 does not compile: cannot find value `greeting` in this scope/, file: 'src/main.rs', line: 3, fixes: [['rerun', false]] },
  { log: 'rust-old-dependency', phase: 'setup', code: 'rust-dependency-does-not-compile', message: /^socket2 0\.3\.9, which Cargo\.lock pins, does not compile with this Rust \(cannot transmute between types of different sizes, or dependently-sized types\); a later release in the range Cargo\.toml allows may: cargo update -p socket2\.$/, file: 'Cargo.lock', fixes: [['command', false]], fix: (f) => assert.deepEqual(argv(f), ['cargo', 'update', '-p', 'socket2']) },
  { log: 'cargo-no-matching-version', phase: 'setup', code: 'cargo-no-matching-version', message: /No version of the crate serde matches "\^99" \(the newest is 1\.0\.\d+\)/, file: 'Cargo.toml', line: 7, fixes: [['edit', false]], fix: (f) => assert.match(edits(f)[0].insert[0], /^serde = "1\.0\.\d+"$/) },
  { log: 'java-release-not-supported', phase: 'setup', code: 'java-release-unsupported', message: /compiles for Java 21 but the installed JDK is Java 17/, file: 'pom.xml', line: 15, installed: { java: '17.0.13' }, fixes: [['edit', false]], fix: (f) => assert.deepEqual(edits(f), [{ line: 15, remove: 1, insert: ['    <java.version>17</java.version>'] }]) },
  { log: 'maven-enforcer-java', phase: 'health', code: 'maven-enforcer-failed', message: /^Maven's enforcer stops maven-enforcer-java before it builds \(RequireJavaVersion\): "This app supports JDK 99 and newer\."; the installed JDK is Java 17\.$/, file: 'pom.xml', line: 8, installed: { java: '17.0.15' }, fixes: [] },
  { log: 'maven-dependency-not-found', phase: 'setup', code: 'maven-dependency-missing', message: /Maven cannot find com\.google\.guava:guava:999\.0/, file: 'pom.xml', line: 24, fixes: [['rerun', false]] },
  // The line that says the cause (issue 18): a compile error under ts-node, Java's last Caused by, a host that does not resolve, another stack's program
  { log: 'ts-node-compile-error', phase: 'run', code: 'typescript-compile-error', message: /^ts-node-compile-error does not compile: TS2307 Cannot find module '\.\/greetings' or its corresponding type declarations \(src\/index\.ts:2\)\.$/, file: 'src/index.ts', line: 2, fixes: [['rerun', false]] },
  { log: 'java-caused-by', phase: 'run', code: 'java-root-cause', message: /^shop failed because of IllegalStateException: Cannot map property 'price' of Product: unknown column type 'money' \(at src\/main\/java\/com\/example\/shop\/ShopApplication\.java:12\)\.$/, file: 'src/main/java/com/example/shop/ShopApplication.java', line: 12, fixes: [['rerun', false]] },
  { log: 'maven-frontend-npm-fails', phase: 'health', code: 'maven-frontend-step-failed', message: /^The front-end step `npm install` that frontend-maven-plugin runs in the Maven build of maven-frontend-npm-fails failed: npm error notarget No matching version found for left-pad@99\.0\.0\.$/, file: 'pom.xml', line: 22, fixes: [] },
  { log: 'maven-frontend-node', phase: 'health', code: 'host-unreachable', message: /^maven-frontend-node cannot reach nodejs\.org: the name does not resolve from this machine\.$/, fixes: [['rerun', false]] },
  { log: 'host-unreachable-node', phase: 'run', code: 'host-unreachable', message: /cannot reach pricing\.unreachable\.invalid: the name does not resolve from this machine \(it comes from PRICING_API_URL\)/, file: '.env.example', line: 2, env: { PRICING_API_URL: 'http://pricing.unreachable.invalid/v1' }, fixes: [['env', false], ['rerun', false]] },
  { log: 'python-program-not-installed', phase: 'run', code: 'command-not-found', message: /runs "gunicorn", which requirements\.txt lists and this run installed, but its program is not in the environment/, file: 'requirements.txt', line: 2, fixes: [['rerun', false]] },
  { log: 'node-runs-php', phase: 'run', code: 'command-not-found', message: /runs "php", which is not installed on this machine or not on PATH/, fixes: [['rerun', false]] },
];

const logLines = (name: string) => readFileSync(join('test/logs', `${name}.log`), 'utf8').split('\n').map(stripAnsi);

async function diagnoseCase(c: Case): Promise<Finding> {
  const root = join(FIXTURES, c.fixture ?? join('failures', c.log));
  const plan = await detectPlan(root, nodeFileSystem);
  const service = plan.services[0];
  assert.ok(service, `${c.fixture ?? c.log}: detection found no service`);
  const generic: Finding = { code: c.generic ?? 'service-exited', severity: 'error', phase: c.phase, message: 'generic', excerpt: [], fixes: [] };
  const failure: Failure = { phase: c.phase, service, exitCode: c.exitCode ?? 1, tail: logLines(c.log), port: c.port, probe: c.probe, env: c.env, generic };
  const ctx: FixerContext = { plan, read: (rel) => nodeFileSystem.readText(join(root, rel)), databases: c.databases, installed: c.installed };
  const findings = await diagnose(failure, ctx);
  assert.equal(findings.length, 1);
  return findings[0];
}

for (const c of CASES) {
  test(`${c.code} from ${c.log}.log`, async () => {
    const finding = await diagnoseCase(c);
    assert.equal(finding.code, c.code, `diagnosed as ${finding.code}: ${finding.message}`);
    assert.match(finding.message, c.message);
    assert.equal(finding.file, c.file, 'the justifying file');
    if (c.line !== undefined) assert.equal(finding.range?.startLine, c.line, 'the justifying line');
    assert.deepEqual(finding.fixes.map((f) => [f.kind, f.auto]), c.fixes);
    c.fix?.(finding.fixes[0]);
    assert.ok(finding.excerpt.length > 0 && finding.excerpt.every((e) => e.length > 0), 'output is quoted');
    assert.doesNotMatch(finding.message, /\[object|NaN|\(unknown\)/);
  });
}

test('a warning that a variable is unset (the app carries on with a random value) is not named as the cause', async () => {
  const finding = await diagnoseCase({ log: 'env-warning-not-cause', phase: 'health', code: 'service-exited', message: /generic/, fixes: [] });
  assert.equal(finding.code, 'service-exited', `diagnosed as ${finding.code}: ${finding.message}`);
  assert.doesNotMatch(finding.message, /APP_SECRET_KEY/);
});

test('the catalogue: at least 40 signatures with unique codes, each exercised by a captured log above', () => {
  const codes = SIGNATURES.map((s) => s.code);
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  const covered = new Set(CASES.map((c) => c.code));
  assert.deepEqual(codes.filter((code) => !covered.has(code)), [], 'every signature has a captured case');
  assert.ok(CASES.length >= 40, `${CASES.length} captured cases`);
  assert.ok(codes.length >= 40, `${codes.length} signatures`);
});

test('output no signature knows keeps the phase\'s own finding', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'health', message: 'express-app exited', excerpt: ['boom'], fixes: [] };
  const findings = await diagnose({ phase: 'health', service: plan.services[0], tail: ['boom'], generic }, { plan, read: async () => undefined });
  assert.deepEqual(findings, [generic]);
});

test('a pin is edited only in a requirements file, and only its specifier: markers and comments stay', async () => {
  const plan = await detectPlan(join(FIXTURES, 'failures', 'pip-no-matching-distribution'), nodeFileSystem);
  const generic: Finding = { code: 'install-failed', severity: 'error', phase: 'setup', message: 'generic', excerpt: [], fixes: [] };
  const tail = ['ERROR: No matching distribution found for requests==99.0.0'];
  const files: Record<string, string> = { 'requirements.txt': 'flask\nrequests == 99.0.0 ; python_version > "3.8"  # pinned by ops\n' };
  const [finding] = await diagnose({ phase: 'setup', service: plan.services[0], tail, generic }, { plan, read: async (rel) => files[rel] });
  assert.deepEqual(edits(finding.fixes[0]), [{ line: 2, remove: 1, insert: ['requests ; python_version > "3.8"  # pinned by ops'] }]);
  // A pyproject line is TOML: no edit, a rerun once the user fixed it.
  const service = { ...plan.services[0], manifests: ['pyproject.toml'] };
  const toml: Record<string, string> = { 'pyproject.toml': '[project]\ndependencies = [\n  "requests==99.0.0",\n]\n' };
  const [inToml] = await diagnose({ phase: 'setup', service, tail, generic }, { plan, read: async (rel) => toml[rel] });
  assert.deepEqual(inToml.fixes.map((f) => f.kind), ['rerun']);
});

test('a permission-denied line naming a path outside the repo offers no chmod', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'run', message: 'express-app exited', excerpt: ['x'], fixes: [] };
  for (const line of ['sh: 1: ../../outside/start.sh: Permission denied', 'sh: 1: /etc/passwd: Permission denied']) {
    const findings = await diagnose({ phase: 'run', service: plan.services[0], tail: [line], generic }, { plan, read: async () => '#!/bin/sh\n' });
    assert.deepEqual(findings, [generic], line);
  }
});

test('ports a service announces: the debugger\'s ws:// address and clock times are not its port', () => {
  assert.equal(announcedOtherPort(['Debugger listening on ws://127.0.0.1:9229/3c1f-22', 'For help, see: https://nodejs.org/en/docs/inspector'], 3000), undefined);
  assert.equal(announcedOtherPort(['[10:23:45] server started', 'server ready at 09:05'], 3000), undefined);
  assert.equal(announcedOtherPort(['[10:23:45] server listening on http://127.0.0.1:8080'], 3000), 8080);
  assert.equal(announcedOtherPort(['Server running at http://127.0.0.1:80/'], 3000), 80);
  assert.equal(announcedOtherPort(['listening on port 3000'], 3000), undefined, 'its own port is fine');
});

test('a taken inspector port (node --inspect) is not the app\'s port in use', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'run', message: 'express-app exited', excerpt: ['x'], fixes: [] };
  const tail = ['Starting inspector on 127.0.0.1:9229 failed: address already in use', 'boom'];
  assert.deepEqual(await diagnose({ phase: 'run', service: plan.services[0], tail, generic }, { plan, read: async () => undefined }), [generic]);
  const taken = await diagnose({ phase: 'run', service: plan.services[0], tail: [...tail, 'Error: listen EADDRINUSE: address already in use :::3000'], generic }, { plan, read: async () => undefined });
  assert.equal(taken[0].code, 'port-in-use');
  assert.match(taken[0].message, /port 3000/);
});

test('a KeyError is a missing variable only when the traceback reads the environment; Prisma\'s wording is known', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'run', message: 'exited', excerpt: ['x'], fixes: [] };
  const ask = (tail: string[]) => diagnose({ phase: 'run', service: plan.services[0], tail, generic }, { plan, read: async () => undefined });
  assert.deepEqual(await ask(['  File "/app/app.py", line 3, in <module>', '    CONFIG["DEBUG"]', "KeyError: 'DEBUG'"]), [generic]);
  assert.equal((await ask(['    value = os.environ["DEBUG"]', "KeyError: 'DEBUG'"]))[0].code, 'env-missing');
  const prisma = await ask(['error: Environment variable not found: DATABASE_URL.', '  -->  schema.prisma:10']);
  assert.equal(prisma[0].code, 'env-missing');
  assert.match(prisma[0].message, /DATABASE_URL is not set/);
});

test('npm 404s: npm 8/9 wording too; a scoped package suggests logging in to its registry from .npmrc', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'install-failed', severity: 'error', phase: 'setup', message: 'install failed', excerpt: ['x'], fixes: [] };
  const files: Record<string, string> = {
    'package.json': '{\n  "name": "x",\n  "dependencies": {\n    "@acme/ui": "^2.0.0",\n    "express": "^4.21.2"\n  }\n}\n',
    '.npmrc': '@acme:registry=https://npm.acme.example/\n',
  };
  const ask = (tail: string[]) => diagnose({ phase: 'setup', service: plan.services[0], tail, generic }, { plan, read: async (rel) => files[rel] });
  const [scoped] = await ask(['npm ERR! code E404', 'npm ERR! 404 Not Found - GET https://npm.acme.example/@acme%2fui - Not found']);
  assert.equal(scoped.code, 'npm-package-not-found');
  assert.match(scoped.message, /registry for @acme \(https:\/\/npm\.acme\.example\/, from \.npmrc\) does not show "@acme\/ui".*not logged in/);
  assert.deepEqual([scoped.file, scoped.range?.startLine], ['package.json', 4]);
  assert.deepEqual(argv(scoped.fixes[0]), ['npm', 'login', '--scope=@acme', '--registry=https://npm.acme.example/']);
  assert.deepEqual(scoped.fixes.map((f) => [f.kind, f.auto]), [['command', false], ['edit', false]]);
  const [plain] = await ask(['npm ERR! 404 Not Found - GET https://registry.npmjs.org/expresss - Not found']);
  assert.match(plain.message, /no package named "expresss"/);
});

test('"tsc: not found" asks for the typescript package; a bare import of a repo path is not a package to install', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'run', message: 'exited', excerpt: ['x'], fixes: [] };
  const files: Record<string, string> = { 'package.json': '{\n  "name": "x",\n  "scripts": { "start": "tsc && node dist/server.js" }\n}\n', 'src/db.ts': 'export {}\n', 'server.js': "require('src/db')\n" };
  const ask = (tail: string[]) => diagnose({ phase: 'run', service: plan.services[0], tail, generic }, { plan, read: async (rel) => files[rel] });
  const [tsc] = await ask(['sh: 1: tsc: not found']);
  assert.deepEqual(argv(tsc.fixes[0]), ['npm', 'install', '--save-dev', 'typescript']);
  for (const specifier of ['src/db', '@/lib/db']) {
    const [alias] = await ask([`Error: Cannot find module '${specifier}'`, 'Require stack:', `- ${join(FIXTURES, 'express-app', 'server.js')}`]);
    assert.equal(alias.code, 'node-missing-module');
    assert.match(alias.message, /a path of the repo written as a package name/, specifier);
    assert.deepEqual(alias.fixes.map((f) => f.kind), ['rerun'], 'nothing to install');
  }
});

test('database refused, in the words of libpq over a socket and of pymongo; a refused port of another service is not a database', async () => {
  const plan = await detectPlan(join(FIXTURES, 'express-app'), nodeFileSystem);
  const generic: Finding = { code: 'service-exited', severity: 'error', phase: 'run', message: 'exited', excerpt: ['x'], fixes: [] };
  const ask = (tail: string[], env?: Record<string, string>, p = plan) => diagnose({ phase: 'run', service: p.services[0], tail, generic, env }, { plan: p, read: async () => undefined });
  const [socket] = await ask(['psycopg2.OperationalError: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory']);
  assert.equal(socket.code, 'database-refused');
  assert.match(socket.message, /PostgreSQL on port 5432/);
  const [mongo] = await ask(['pymongo.errors.ServerSelectionTimeoutError: localhost:27017: [Errno 111] Connection refused'], { MONGODB_URL: 'mongodb://localhost:27017/app' });
  assert.equal(mongo.code, 'database-refused');
  assert.match(mongo.message, /MongoDB on port 27017.*\(MONGODB_URL\)/);
  // Port 5432 is also the preferred port of a second service: unless a database URL names it, it is that service.
  const twoServices = { ...plan, services: [plan.services[0], { ...plan.services[0], name: 'other', port: { ...plan.services[0].port, preferred: 5432 } }] };
  const refused = ['Error: connect ECONNREFUSED 127.0.0.1:5432'];
  assert.deepEqual(await ask(refused, { API_URL: 'http://127.0.0.1:5432' }, twoServices), [generic]);
  assert.equal((await ask(refused, { DATABASE_URL: 'postgresql://a:b@127.0.0.1:5432/app' }, twoServices))[0].code, 'database-refused');
});
