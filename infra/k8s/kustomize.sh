#!/usr/bin/env bash
# Renders Kubernetes manifests: `bash infra/k8s/kustomize.sh <dir> [kustomize build flags]`.
# kustomize is built once from the Go module proxy into the cache (like infra/local's Jaeger) and
# reused, so a fresh clone and CI need only Go >= 1.24, no download site and no stdin.
set -euo pipefail

# v5.8.1 is the newest release whose go.mod accepts Go 1.24 (v5.8.2 asks 1.26, v5.8.3 1.27), the
# same floor infra/local sets for Jaeger.
KUSTOMIZE_VERSION="v5.8.1"
KUSTOMIZE_MODULE="sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SAGA_CACHE_DIR="${SAGA_CACHE_DIR:-$REPO_ROOT/.cache}"
[[ "$SAGA_CACHE_DIR" == /* ]] || SAGA_CACHE_DIR="$PWD/$SAGA_CACHE_DIR"
KUSTOMIZE_DIR="$SAGA_CACHE_DIR/kustomize-$KUSTOMIZE_VERSION"
KUSTOMIZE_BIN="$KUSTOMIZE_DIR/kustomize"

fail() {
  printf '[kustomize] ERROR: %s\n' "$*" >&2
  exit 1
}

build_kustomize() {
  local go build_log="$KUSTOMIZE_DIR/build.log" dir
  # The official Go tarball location is often not on PATH in non-login shells (CI).
  go="$(command -v go || { [[ -x /usr/local/go/bin/go ]] && echo /usr/local/go/bin/go; } || true)"
  [[ -n "$go" ]] || fail "'go' not found; install Go >= 1.24 to build kustomize $KUSTOMIZE_VERSION"
  mkdir -p "$KUSTOMIZE_DIR"
  printf '[kustomize] building kustomize %s from the Go module proxy (first time only)\n' \
    "$KUSTOMIZE_VERSION" >&2
  # GOWORK=off: build the module exactly as released, never a surrounding workspace.
  dir="$(GOWORK=off "$go" mod download -json "$KUSTOMIZE_MODULE" 2>"$build_log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || {
    tail -n 20 "$build_log" >&2
    fail "'go mod download $KUSTOMIZE_MODULE' failed (log: $build_log)"
  }
  # The module cache is read-only; -mod=readonly builds from it in place without writing. The
  # temporary name is per process, so two renders racing on a cold cache never share a half file.
  (cd "$dir" && GOWORK=off GOFLAGS=-mod=readonly "$go" build -trimpath \
    -ldflags "-X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION" \
    -o "$KUSTOMIZE_BIN.$$" .) >>"$build_log" 2>&1 || {
    tail -n 20 "$build_log" >&2
    fail "build failed (log: $build_log)"
  }
  mv "$KUSTOMIZE_BIN.$$" "$KUSTOMIZE_BIN"
}

[[ -x "$KUSTOMIZE_BIN" ]] || build_kustomize
exec "$KUSTOMIZE_BIN" build "$@"
