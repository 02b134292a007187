import assert from 'node:assert/strict';
import { test } from 'node:test';
import { satisfies } from '../../src/core/requirements/versions.js';

test('node ranges use semver: engines and .nvmrc', () => {
  assert.equal(satisfies('node', '20.20.2', '>=18'), 'ok');
  assert.equal(satisfies('node', '20.20.2', '>=22'), 'mismatch');
  assert.equal(satisfies('node', '20.20.2', '20'), 'ok');
  assert.equal(satisfies('node', '20.20.2', '18.17.0'), 'mismatch');
  assert.equal(satisfies('node', '20.20.2', '^20.11 || ^22'), 'ok');
  assert.equal(satisfies('node', '20.20.2', 'lts/*'), 'unknown');
  assert.equal(satisfies('node', '20.20.2', undefined), 'ok');
});

test('python ranges use PEP 440 specifiers', () => {
  assert.equal(satisfies('python', '3.11.7', '>=3.9'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '>=3.12'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '>=3.9,<3.12'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '>=3.9, <3.11'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '==3.11.*'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '==3.12.*'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '~=3.10'), 'ok');
  assert.equal(satisfies('python', '3.11.7', '~=3.11.8'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', '!=3.11.7'), 'mismatch');
  assert.equal(satisfies('python', '3.11.7', 'banana'), 'unknown');
});
