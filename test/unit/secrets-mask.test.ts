// Masking secrets before text leaves the machine: known values (raw, URL-encoded, JSON-escaped)
// and secret-looking text; ordinary text (dependency versions, `"private": true`) stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecrets, secretsOfEnv, secretsOfRun } from '../../src/core/secrets/index.js';

test('known secrets are removed wherever and however they appear', () => {
  const secret = 'p@ss/w:rd-42';
  const text = `raw ${secret} encoded ${encodeURIComponent(secret)} json ${JSON.stringify('a"' + 'Zq9"x')} tiny abc`;
  const masked = maskSecrets(text, [secret, 'Zq9"x', 'abc']);
  assert.equal(masked.includes(secret), false);
  assert.equal(masked.includes(encodeURIComponent(secret)), false);
  assert.equal(masked.includes('Zq9\\"x'), false);
  assert.match(masked, /tiny abc$/, 'a known secret of 3 characters or fewer is not masked');
});

test('secret-looking text is masked by its shape or its name', () => {
  const cases: [string, string, string][] = [
    ['url password', 'postgresql://app:S3cretPassw0rd@localhost:5432/app', 'S3cretPassw0rd'],
    ['dotenv', 'SECRET_KEY=django-insecure-abc123', 'django-insecure-abc123'],
    ['yaml', 'password: hunter2222', 'hunter2222'],
    ['json', '"apiKey": "live_123456789"', 'live_123456789'],
    ['camel in code', "const authToken = 'tok_998877'", 'tok_998877'],
    ['flag', 'psql --password=pw998877', 'pw998877'],
    ['inside a script', '"start": "SECRET_KEY=abc123def node server.js"', 'abc123def'],
    ['query', 'GET /cb?access_token=qq11ww22&x=1', 'qq11ww22'],
    ['bearer', 'Authorization: Bearer abcdefghijklmnop', 'abcdefghijklmnop'],
    ['token scheme', 'Authorization: Token zzzz99998888', 'zzzz99998888'],
    ['openai key', 'using sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234', 'AbCdEfGhIjKlMnOpQrStUvWx1234'],
    ['aws', 'key AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['github', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA'],
  ];
  for (const [name, text, secret] of cases) {
    const masked = maskSecrets(text, []);
    assert.equal(masked.includes(secret), false, `${name}: ${masked}`);
    assert.match(masked, /••••/, name);
  }
});

test('ordinary text stays readable', () => {
  const keep = [
    '"private": true,',
    '"author": "Jane Doe",',
    '"next-auth": "^4.24.0",',
    '"jsonwebtoken": "9.0.2",',
    '"keywords": ["auth", "api"],',
    'PASSWORD: ${DB_PASSWORD}',
    'password = os.environ["DB_PASSWORD"]',
    "SyntaxError: Unexpected token '<'",
    "KeyError: 'DJANGO_DB_ENGINE'",
    'TokenExpiredError: jwt expired',
    'Error: Cannot find module \'express\'',
    'listening on http://127.0.0.1:3000',
  ];
  for (const line of keep) assert.equal(maskSecrets(line, []), line);
});

test('a private key block keeps its line count (line numbers around it stay right)', () => {
  const text = 'a\n-----BEGIN PRIVATE KEY-----\nxxx\nyyy\n-----END PRIVATE KEY-----\nb';
  assert.equal(maskSecrets(text, []).split('\n').length, text.split('\n').length);
});

test('the secrets of an environment: secret-named values and URL passwords, not ordinary values or dev defaults', () => {
  const found = secretsOfEnv({
    PORT: '3000', PATH: '/usr/bin', NODE_ENV: 'development',
    DATABASE_URL: 'postgres://app:realpw123@127.0.0.1:5432/app',
    JWT_SECRET: 'abcd1234efgh', STRIPE_API_KEY: 'sk_test_1234567890',
    POSTGRES_PASSWORD: 'postgres', REDIS_URL: 'redis://127.0.0.1:6379/0',
    SESSION_SECRET: '${OTHER}',
  });
  assert.deepEqual(found.sort(), ['abcd1234efgh', 'realpw123', 'sk_test_1234567890']);
});

test('the secrets of a run: every service environment and every database password, once each', () => {
  const found = secretsOfRun(
    [{ JWT_SECRET: 'abcd1234efgh', PORT: '3000' }, { API_TOKEN: 'tok-5678-wxyz', JWT_SECRET: 'abcd1234efgh' }],
    [{ password: 'db-pass-1' }, undefined, {}, { password: 'postgres' }],
  );
  assert.deepEqual(found, ['abcd1234efgh', 'tok-5678-wxyz', 'db-pass-1', 'postgres'], 'database passwords count even when they are dev defaults');
  // A password that is also a name of the run (compose's MYSQL_PASSWORD: ctfd for the app ctfd) would blank out the name everywhere.
  assert.deepEqual(secretsOfRun([{ DB_PASSWORD: 'ctfd', API_TOKEN: 'tok-5678-wxyz' }], [{ password: 'ctfd' }], ['ctfd__ctfd', 'db']), ['tok-5678-wxyz']);
});

test('quoted values: escaped quotes inside JSON strings, unterminated quotes on a cut line', () => {
  const cases: [string, string][] = [
    [String.raw`"password": "ab\"cd-secret", "x": 1`, 'cd-secret'],
    [JSON.stringify({ start: 'SECRET_KEY="abc def-secret" node x' }), 'def-secret'],
    ['token: "cut-off-secret-value', 'cut-off-secret-value'],
  ];
  for (const [text, secret] of cases) {
    const masked = maskSecrets(text, []);
    assert.equal(masked.includes(secret), false, masked);
  }
  assert.match(maskSecrets(String.raw`"password": "ab\"cd", "x": 1`, []), /, "x": 1$/, 'the text after the value stays');
});

test('masking stays fast on text crafted to make patterns backtrack', () => {
  for (const text of ['a.'.repeat(100_000), 'a=b='.repeat(50_000), '"a": "'.repeat(30_000), `${'x'.repeat(100_000)}://`]) {
    const started = performance.now();
    maskSecrets(text, ['some-known-secret']);
    assert.ok(performance.now() - started < 2000, `${text.slice(0, 8)}… took ${Math.round(performance.now() - started)} ms`);
  }
});
