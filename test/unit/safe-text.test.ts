import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLocalUrl, markdownEscape } from '../../src/vscode/safe-text.js';

test('text from a repo cannot become a link, a command or HTML in markdown', () => {
  const hostile = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold**\nnext';
  const escaped = markdownEscape(hostile);
  assert.doesNotMatch(escaped, /(^|[^\\])\[/);
  assert.doesNotMatch(escaped, /(^|[^\\])</);
  assert.doesNotMatch(escaped, /\n/);
  assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile.replace('\n', ' '));
});

test('only loopback URLs the engine built are linked', () => {
  assert.equal(isLocalUrl('http://127.0.0.1:3000'), true);
  assert.equal(isLocalUrl('http://evil.example:3000'), false);
  assert.equal(isLocalUrl('command:repoRunner.stopAll'), false);
  assert.equal(isLocalUrl('http://127.0.0.1:3000/../x'), false);
  assert.equal(isLocalUrl(undefined), false);
});
