#!/usr/bin/env bash
# A container runtime for the export test that builds one exported image and checks its health
# (test/e2e/export-container.e2e.test.ts): Podman from Debian and, since no registry reachable
# here serves base images, the base image the exported Dockerfile names
# (python:3.11-slim-bookworm) stood in for by Debian 12's own Python 3.11, built with debootstrap
# from Debian's packages (the apt mirror this machine already uses) and imported into Podman
# under that name, with the certificate authorities this machine trusts. Skipped at once when the
# image is there; the root file system is cached.
set -euo pipefail
log() { echo "[install-container-runtime] $*" >&2; }

IMAGE=docker.io/library/python:3.11-slim-bookworm
DIR="${REPO_RUNNER_VALIDATORS:-${XDG_CACHE_HOME:-$HOME/.cache}/repo-runner/export-validators}/container-base"
mkdir -p "$DIR"

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  log "needs root and apt-get (podman, debootstrap); the container test will say it was skipped"
  exit 0
fi
if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing podman and debootstrap with apt-get"
  apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman debootstrap >&2
fi
if podman image exists "$IMAGE"; then
  exit 0
fi
if [ ! -s "$DIR/python-bookworm.tar" ]; then
  MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
  log "building a Debian 12 root file system with Python 3.11 from $MIRROR (a few minutes)"
  rm -rf "$DIR/rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$DIR/rootfs" "$MIRROR" >&2
  ln -sf python3 "$DIR/rootfs/usr/bin/python"
  # The certificate authorities this machine trusts (its HTTPS egress is re-signed by one of its
  # own), so a build inside the image reaches the registries as the machine does.
  cp /etc/ssl/certs/ca-certificates.crt "$DIR/rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$DIR/rootfs/var/cache/apt/archives/"*.deb "$DIR/rootfs/var/lib/apt/lists/"*
  tar -C "$DIR/rootfs" -cf "$DIR/python-bookworm.tar.part" .
  mv "$DIR/python-bookworm.tar.part" "$DIR/python-bookworm.tar"
  rm -rf "$DIR/rootfs"
fi
log "importing it into podman as $IMAGE"
podman import --change 'CMD ["/bin/bash"]' "$DIR/python-bookworm.tar" "$IMAGE" >&2
