// The address services bind to: the setting's parsing, the {host}/{port} placeholders, the
// NODE_OPTIONS entry, and the Node preload itself, run in real node processes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseBindAddress, resolveBindAddress } from '../../src/core/bind-address.js';
import { withBinding, withRequire } from '../../src/core/phases/service-env.js';
import { LOOPBACK_PRELOAD, loopbackPreloadPath } from '../../src/node/loopback-preload.js';

const cache = mkdtempSync(join(tmpdir(), 'repo runner cache '));
after(() => rmSync(cache, { recursive: true, force: true }));

test('the bind address setting takes loopback or every interface, nothing else', () => {
  assert.equal(parseBindAddress('127.0.0.1'), '127.0.0.1');
  assert.equal(parseBindAddress(' localhost '), '127.0.0.1');
  assert.equal(parseBindAddress('0.0.0.0'), '0.0.0.0');
  for (const bad of ['', '10.0.0.1', '::', '127.0.0.1; rm -rf /', 'any']) assert.equal(parseBindAddress(bad), undefined, bad);
});

test('a run binds to the address its option names, loopback otherwise, and warns when it is not loopback', () => {
  assert.deepEqual(resolveBindAddress('127.0.0.1'), { address: '127.0.0.1', warnings: [] });
  assert.deepEqual(resolveBindAddress('localhost'), { address: '127.0.0.1', warnings: [] });
  assert.deepEqual(resolveBindAddress('10.0.0.1'), { address: '127.0.0.1', warnings: ['bind address "10.0.0.1" is not one of 127.0.0.1, 0.0.0.0: services listen on 127.0.0.1'] });
  assert.deepEqual(resolveBindAddress('0.0.0.0'), {
    address: '0.0.0.0',
    warnings: ['services are told to listen on 0.0.0.0 (every network interface), as the settings ask: other machines on the network can reach them'],
  });
});

test('start arguments get the port and the address in place of their placeholders', () => {
  assert.deepEqual(withBinding(['manage.py', 'runserver', '{host}:{port}'], 8123, '127.0.0.1'), ['manage.py', 'runserver', '127.0.0.1:8123']);
  assert.deepEqual(withBinding(['--host', '{host}', '--port', '{port}'], 9000, '0.0.0.0'), ['--host', '0.0.0.0', '--port', '9000']);
  assert.deepEqual(withBinding(['app.js'], 9000, '0.0.0.0'), ['app.js']);
});

test("NODE_OPTIONS gets the preload quoted as Node reads it, the user's options kept, never twice", () => {
  assert.equal(withRequire(undefined, '/c/p.cjs'), '--require "/c/p.cjs"');
  assert.equal(withRequire('  ', '/c/p.cjs'), '--require "/c/p.cjs"');
  assert.equal(withRequire('--max-old-space-size=512', '/c d/p.cjs'), '--max-old-space-size=512 --require "/c d/p.cjs"');
  const once = withRequire('--inspect', '/c/p.cjs');
  assert.equal(withRequire(once, '/c/p.cjs'), once);
  assert.equal(withRequire(undefined, 'C:\\Users\\a "b"\\p.cjs'), '--require "C:\\\\Users\\\\a \\"b\\"\\\\p.cjs"');
});

test('the preload is written once into the cache, under a name that follows its text', () => {
  const file = loopbackPreloadPath({ REPO_RUNNER_CACHE_DIR: cache });
  assert.ok(file !== undefined && file.startsWith(cache));
  assert.equal(readFileSync(file, 'utf8'), LOOPBACK_PRELOAD);
  assert.equal(loopbackPreloadPath({ REPO_RUNNER_CACHE_DIR: cache }), file);
  assert.equal(loopbackPreloadPath({ REPO_RUNNER_CACHE_DIR: join(file, 'not-a-folder') }), undefined, 'an unwritable cache gives no preload, not an error');
});

/** The address a server listening with `call` (JS text using `server`) ends on, in real node. */
function listenedAddress(call: string, withPreload: boolean): string {
  const preload = loopbackPreloadPath({ REPO_RUNNER_CACHE_DIR: cache });
  assert.ok(preload);
  const script = `const server = require('node:net').createServer();\n${call};\nserver.on('listening', () => { console.log(server.address().address ?? server.address()); server.close(); });`;
  const env = { ...process.env, NODE_OPTIONS: withPreload ? withRequire(undefined, preload) : '' };
  return execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 20_000 }).trim();
}

test('with the preload, a server that names no address listens on 127.0.0.1', () => {
  for (const call of ['server.listen(0)', "server.listen('0')", 'server.listen(0, () => {})', 'server.listen(0, 5)', 'server.listen(0, undefined, 5)', 'server.listen({ port: 0 })', 'server.listen({ port: 0, exclusive: true }, () => {})']) {
    assert.equal(listenedAddress(call, true), '127.0.0.1', call);
  }
});

test('with the preload, a server that names its address keeps it; without it, Node listens everywhere', () => {
  assert.equal(listenedAddress("server.listen(0, '0.0.0.0')", true), '0.0.0.0');
  assert.equal(listenedAddress("server.listen({ port: 0, host: '0.0.0.0' })", true), '0.0.0.0');
  const socket = join(cache, 'sock');
  assert.equal(listenedAddress(`server.listen(${JSON.stringify(socket)})`, true), socket, 'a socket path is untouched');
  assert.match(listenedAddress('server.listen(0)', false), /^(::|0\.0\.0\.0)$/, 'the control: without the preload the address is every interface');
});
