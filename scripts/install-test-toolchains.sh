#!/usr/bin/env bash
# Toolchains the end-to-end tests need that this kind of machine lacks but a registry ships:
# Bun, Deno and pnpm (inside npm packages), uv and Poetry (from PyPI). Installed once into .tools/
# (git-ignored); the tests put .tools/node_modules/.bin and .tools/py/bin on the PATH of the
# runs that need them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.tools"
mkdir -p "$DIR"
cd "$DIR"
if [ ! -x node_modules/.bin/bun ] || [ ! -x node_modules/.bin/deno ] || [ ! -x node_modules/.bin/pnpm ]; then
  [ -f package.json ] || echo '{"name":"repo-runner-test-toolchains","private":true}' > package.json
  echo "[install-test-toolchains] installing bun and deno from the npm registry into .tools/" >&2
  npm install --no-audit --no-fund --silent bun@1 deno@2 pnpm@9 >&2
fi
if [ ! -x py/bin/uv ] || [ ! -x py/bin/poetry ]; then
  echo "[install-test-toolchains] installing uv and poetry from PyPI into .tools/py" >&2
  python3 -m venv py
  py/bin/python -m pip install --quiet --disable-pip-version-check uv poetry >&2
fi
