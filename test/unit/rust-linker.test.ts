import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkerChoice } from '../../src/core/requirements/rust-linker.js';

test('linkerChoice: clang and lld in the target rustflags, other flags kept in order', () => {
  const choice = linkerChoice('.cargo/config.toml', '[target.x86_64-unknown-linux-gnu]\nrustflags = ["-C", "linker=clang", "-C", "link-arg=-fuse-ld=lld", "--cfg", "tokio_unstable", "-Ctarget-cpu=native"]\n');
  assert.deepEqual(choice, { file: '.cargo/config.toml', line: 2, commands: ['clang', 'ld.lld'], otherFlags: ['--cfg', 'tokio_unstable', '-Ctarget-cpu=native'], linkerKey: false });
});

test('linkerChoice: a linker key and mold from build.rustflags', () => {
  const choice = linkerChoice('.cargo/config.toml', '[build]\nrustflags = "-C link-arg=-fuse-ld=mold"\n[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\n');
  // The target has no rustflags of its own, so cargo uses build.rustflags with the target's linker.
  assert.deepEqual(choice, { file: '.cargo/config.toml', line: 2, commands: ['clang', 'mold'], otherFlags: [], linkerKey: true });
});

test('linkerChoice: build.rustflags with mold, no target table', () => {
  const choice = linkerChoice('.cargo/config.toml', '[build]\nrustflags = "-C link-arg=-fuse-ld=mold"\n');
  assert.deepEqual(choice?.commands, ['mold']);
  assert.deepEqual(choice?.otherFlags, []);
});

test('linkerChoice: other targets only (macOS, Windows), or no linker at all: no choice', () => {
  assert.equal(linkerChoice('.cargo/config.toml', '[target.aarch64-apple-darwin]\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n'), undefined);
  assert.equal(linkerChoice('.cargo/config.toml', '[alias]\nxtask = "run -p xtask --"\n'), undefined);
  assert.equal(linkerChoice('.cargo/config.toml', 'not toml ['), undefined);
});
