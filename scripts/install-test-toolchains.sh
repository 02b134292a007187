#!/usr/bin/env bash
# Toolchains the end-to-end tests need that this kind of machine lacks but the npm registry
# ships inside its packages: Bun and Deno. Installed once into .tools/ (git-ignored); the
# tests put .tools/node_modules/.bin on the PATH of the runs that need them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.tools"
if [ -x "$DIR/node_modules/.bin/bun" ] && [ -x "$DIR/node_modules/.bin/deno" ]; then
  exit 0
fi
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"repo-runner-test-toolchains","private":true}' > package.json
echo "[install-test-toolchains] installing bun and deno from the npm registry into .tools/" >&2
npm install --no-audit --no-fund --silent bun@1 deno@2 >&2
