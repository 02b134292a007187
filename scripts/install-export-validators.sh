#!/usr/bin/env bash
# Installs the validators the export tests run, all offline once installed:
#   docker-compose (Debian's package): `docker-compose -f F config` checks a compose file without an engine;
#   kubernetes-validate (PyPI, with the Kubernetes OpenAPI JSON schemas inside the package) and
#     jsonschema (its dependency, for the devcontainer.json schema), in a virtual environment;
#   kustomize: `kubectl kustomize` when kubectl is there, else kustomize built from the Go module proxy;
#   helm, built from the Go module proxy (about ten minutes on two cores, once; REPO_RUNNER_NO_HELM=1 skips it
#     and the Helm test says it was skipped).
# Each is skipped at once when already present. Prints the validators' folder on stdout.
set -euo pipefail
log() { echo "[install-export-validators] $*" >&2; }

DIR="${REPO_RUNNER_VALIDATORS:-${XDG_CACHE_HOME:-$HOME/.cache}/repo-runner/export-validators}"
mkdir -p "$DIR/bin"

if ! command -v docker-compose >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "docker-compose is needed for the export tests: apt-get install docker-compose"
    exit 1
  fi
  log "installing docker-compose with apt-get"
  apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >&2
fi

KV_VERSION=1.37.0
if ! "$DIR/venv/bin/kubernetes-validate" --version 2>/dev/null | grep -qx "$KV_VERSION"; then
  log "installing kubernetes-validate $KV_VERSION (PyPI) in $DIR/venv"
  rm -rf "$DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q --disable-pip-version-check "kubernetes-validate==$KV_VERSION" >&2
fi

if ! kubectl kustomize --help >/dev/null 2>&1 && [ ! -x "$DIR/bin/kustomize" ]; then
  log "building kustomize from the Go module proxy (a few minutes)"
  GOBIN="$DIR/bin" GOFLAGS=-mod=mod go install sigs.k8s.io/kustomize/kustomize/v5@v5.5.0 >&2
fi

if [ "${REPO_RUNNER_NO_HELM:-}" != 1 ] && ! command -v helm >/dev/null && [ ! -x "$DIR/bin/helm" ]; then
  log "building helm from the Go module proxy (about ten minutes, once)"
  GOBIN="$DIR/bin" GOFLAGS=-mod=mod go install helm.sh/helm/v3/cmd/helm@v3.17.3 >&2
fi

echo "$DIR"
