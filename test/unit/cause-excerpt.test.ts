// What a finding quotes when no signature knows the failure: the error, not the stack trace
// printed after it (test/logs/rust-error-backtrace.log, from test/fixtures/failures/rust-error-backtrace).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { causeExcerpt } from '../../src/core/fixer/cause-excerpt.js';

const log = readFileSync('test/logs/rust-error-backtrace.log', 'utf8').trimEnd().split('\n');

test('a backtrace after the error: its frames are left out and the quote keeps the error, its hint and the panic', () => {
  const tail = [...log, 'exit code 101'];
  assert.ok(!tail.slice(-12).some((l) => l.includes('Refusing to start')), 'the last 12 lines alone lose the error (the case this is for)');
  const excerpt = causeExcerpt(tail);
  assert.ok(excerpt.length <= 12);
  assert.ok(excerpt.includes('Error: Refusing to start as no folder to serve was given'), excerpt.join('\n'));
  assert.ok(excerpt.includes('Please name one like: `rust-error-backtrace /my/path`'));
  assert.ok(excerpt.some((l) => /panicked at src\/main\.rs:20:5/.test(l)));
  assert.ok(!excerpt.some((l) => /^\s+(\d+: |at )/.test(l)), 'no frame is quoted');
});

test('output with no stack trace is quoted as before: its last lines', () => {
  const tail = Array.from({ length: 20 }, (_, i) => `line ${i}`);
  assert.deepEqual(causeExcerpt(tail), tail.slice(-12));
  const jvm = ['Starting', 'Exception in thread "main" java.lang.IllegalStateException: no config', '\tat app.Main.load(Main.java:9)', '\tat app.Main.main(Main.java:4)'];
  assert.deepEqual(causeExcerpt(jvm), ['Starting', 'Exception in thread "main" java.lang.IllegalStateException: no config']);
});
