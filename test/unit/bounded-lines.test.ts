import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedLines } from '../../src/core/bounded-lines.js';

test('keeps only the last lines, in order, each cut to a maximum length', () => {
  const lines = new BoundedLines(3, 5);
  for (const line of ['a', 'b', 'c', 'd', 'toolongline']) lines.push(line);
  assert.deepEqual(lines.tail(), ['c', 'd', 'toolo…']);
  assert.deepEqual(lines.tail(2), ['d', 'toolo…']);
  assert.equal(lines.dropped, 2);
});
