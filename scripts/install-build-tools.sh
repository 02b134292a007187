#!/usr/bin/env bash
# Installs the toolchains the breadth end-to-end tests build and run real programs with, from
# Debian: CMake, Meson, Ninja and g++ (C and C++), and Elixir (with the Erlang it pulls in).
# Does nothing when all are installed.
set -euo pipefail
log() { echo "[install-build-tools] $*" >&2; }

if command -v cmake >/dev/null && command -v meson >/dev/null && command -v ninja >/dev/null && command -v g++ >/dev/null && command -v elixir >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  log "CMake, Meson, Ninja, g++ and Elixir are needed for the breadth tests: apt-get install cmake meson ninja-build g++ elixir"
  exit 1
fi
log "installing cmake, meson, ninja-build, g++ and elixir with apt-get"
apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cmake meson ninja-build g++ elixir >&2
