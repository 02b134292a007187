#!/usr/bin/env bash
# Installs what the code-server end-to-end test needs, once: Debian's Chromium and ripgrep,
# and code-server 4.100.3 (VS Code 1.100, the last line that runs on Node 20) into
# .vscode-test/code-server-4.100.3. Its postinstall is done by hand, with scripts off: the
# packaged one refuses to run as root and downloads ripgrep from GitHub, which is unreachable.
# A marker file makes a second run instant. Prints the code-server binary's path last.
set -euo pipefail
VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.vscode-test/code-server-$VERSION"
BIN="$DIR/node_modules/.bin/code-server"
log() { echo "[install-code-server] $*" >&2; }

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing chromium, ripgrep, libkrb5-dev with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ripgrep libkrb5-dev >&2
  else
    log "chromium, ripgrep and libkrb5-dev are needed: apt-get install chromium ripgrep libkrb5-dev"
    exit 1
  fi
fi

if [ -f "$DIR/.installed" ]; then
  echo "$BIN"
  exit 0
fi

log "installing code-server $VERSION into $DIR (about 90 s)"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{"name":"code-server-tools","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild kerberos @vscode/spdlog native-watchdog node-pty @vscode/deviceid >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >&2)
cd "$DIR"
npm rebuild argon2 >&2
touch "$DIR/.installed"
log "done"
echo "$BIN"
