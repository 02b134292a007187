import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyEnv, parseEnvFile } from '../../src/core/detect/env-file.js';
import { maskValue } from '../../src/core/secrets/index.js';

test('parses assignments, export prefixes, quotes and comments; reports odd lines', () => {
  const parsed = parseEnvFile('# comment\nA=1\nexport B="two words" # note\nC=\'x#y\'\nD= plain # trailing\nnot a line\n\nE=\n');
  assert.deepEqual(parsed.entries.map((e) => [e.name, e.value, e.line]), [
    ['A', '1', 2], ['B', 'two words', 3], ['C', 'x#y', 4], ['D', 'plain', 5], ['E', '', 8],
  ]);
  assert.deepEqual(parsed.badLines, [6]);
});

test('classifies variables and masks secrets', () => {
  assert.equal(classifyEnv('PORT'), 'port');
  assert.equal(classifyEnv('DATABASE_URL'), 'database');
  assert.equal(classifyEnv('REDIS_URL'), 'database');
  assert.equal(classifyEnv('API_URL'), 'url');
  assert.equal(classifyEnv('JWT_SECRET'), 'secret');
  assert.equal(classifyEnv('SECRET_KEY'), 'secret');
  assert.equal(classifyEnv('STRIPE_API_KEY'), 'external');
  assert.equal(classifyEnv('GITHUB_TOKEN'), 'external');
  assert.equal(classifyEnv('GREETING'), 'plain');
  // Where a secret is kept is not the secret: no random value is made for it (the app would open that path).
  assert.equal(classifyEnv('ADMIN_TOKEN_FILE'), 'plain');
  assert.equal(classifyEnv('JWT_SECRET_PATH'), 'plain');
  // A setting about a secret is not one: an example's 525600 must not become a random string.
  assert.equal(classifyEnv('AUTH_TOKEN_EXPIRE_MINUTES'), 'plain');
  assert.equal(classifyEnv('PASSWORD_MIN_LENGTH'), 'plain');
  assert.equal(classifyEnv('JWT_ALGORITHM'), 'plain');
  assert.equal(classifyEnv('SESSION_SECRET_ROTATE'), 'secret');
  assert.equal(classifyEnv('SOPS_AGE_KEY'), 'secret', 'a key after the word is still a key');
  assert.equal(classifyEnv('JWT_MAX_AGE_SECRET'), 'secret');
  assert.equal(classifyEnv('JWT_EXPIRES_IN'), 'plain');
  assert.equal(maskValue('JWT_SECRET', 'supersecretvalue'), 'su••••');
  assert.equal(maskValue('GREETING', 'hello'), 'hello');
});
