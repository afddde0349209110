# shellcheck shell=bash
# Jaeger v2 (an OpenTelemetry Collector distribution): OTLP in, in-memory trace storage, query
# API/UI out. Optional: without Go it is skipped with a warning; services then just fail to
# export spans, which the OpenTelemetry SDK tolerates.

# Jaeger v2 has no Debian/npm package and its v2.x tags are not on the Go module proxy, but the
# v1.76.0 module is the very release commit of Jaeger v2.13.0, so we build ./cmd/jaeger from it.
JAEGER_VERSION="v2.13.0"
JAEGER_MODULE="github.com/jaegertracing/jaeger@v1.76.0"
JAEGER_BIN="$SAGA_CACHE_DIR/jaeger/jaeger-$JAEGER_VERSION"
JAEGER_LOG="$LOG_DIR/jaeger.log"

# Build once into the cache. Returns non-zero (after a warning) when Go is missing.
jaeger_build() {
  [[ -x "$JAEGER_BIN" ]] && return 0
  local go
  # The official Go tarball location is often not on PATH in non-login shells (CI).
  go="$(command -v go || { [[ -x /usr/local/go/bin/go ]] && echo /usr/local/go/bin/go; } || true)"
  if [[ -z "$go" ]]; then
    warn "jaeger: skipped: 'go' not found and $JAEGER_BIN is not built. Tracing is optional; to enable it install Go >= 1.24 (https://go.dev/dl tarball or golang-1.24+; Debian 12's 'golang' package is 1.19, too old), then '$0 up jaeger'"
    return 1
  fi
  # Go < 1.21 cannot switch to the toolchain the module asks for (1.24+): fail with a clear warning.
  local minor
  minor="$("$go" env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
  if [[ -z "$minor" ]] || ((minor < 21)); then
    warn "jaeger: skipped: $("$go" env GOVERSION) is too old to build Jaeger (needs Go >= 1.24; >= 1.21 fetches it itself)"
    return 1
  fi
  info "jaeger: building Jaeger $JAEGER_VERSION from $JAEGER_MODULE (first time only; takes several minutes)"
  local dir build_log="$LOG_DIR/jaeger-build.log"
  # GOWORK/GOFLAGS: build the module exactly as released, never a surrounding workspace.
  dir="$(GOWORK=off "$go" mod download -json "$JAEGER_MODULE" 2>"$build_log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || {
    show_tail "$build_log"
    die "jaeger: 'go mod download $JAEGER_MODULE' failed (log: $build_log)"
  }
  mkdir -p "$(dirname "$JAEGER_BIN")"
  # The module cache is read-only; -mod=readonly builds from it in place without writing.
  (cd "$dir" && GOWORK=off GOFLAGS=-mod=readonly "$go" build -trimpath \
    -ldflags "-X github.com/jaegertracing/jaeger/internal/version.latestVersion=$JAEGER_VERSION" \
    -o "$JAEGER_BIN.tmp" ./cmd/jaeger) >>"$build_log" 2>&1 || {
    show_tail "$build_log"
    die "jaeger: build failed (log: $build_log)"
  }
  mv "$JAEGER_BIN.tmp" "$JAEGER_BIN"
}

jaeger_ready() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$JAEGER_UI_PORT/api/services")" == 200 ]]
}

jaeger_up() {
  require_cmd curl curl
  local pid
  pid="$(managed_pid jaeger)"
  if [[ -n "$pid" ]]; then
    info "jaeger: already running (pid $pid), waiting until ready"
  elif port_open 127.0.0.1 "$JAEGER_UI_PORT" || port_open 127.0.0.1 "$OTLP_HTTP_PORT"; then
    warn "jaeger: something not started by infra.sh listens on :$JAEGER_UI_PORT or :$OTLP_HTTP_PORT; reusing it as external"
  else
    jaeger_build || return 0
    info "jaeger: starting Jaeger $JAEGER_VERSION (UI/API :$JAEGER_UI_PORT, OTLP grpc :$OTLP_GRPC_PORT http :$OTLP_HTTP_PORT)"
    # Ports reach the config through ${env:...} placeholders in infra/local/jaeger/config.yaml.
    JAEGER_UI_PORT="$JAEGER_UI_PORT" OTLP_GRPC_PORT="$OTLP_GRPC_PORT" OTLP_HTTP_PORT="$OTLP_HTTP_PORT" \
      start_bg jaeger "$JAEGER_LOG" "$JAEGER_BIN" --config "file:$INFRA_DIR/jaeger/config.yaml"
    pid="$(read_pid jaeger)"
  fi
  wait_for "${JAEGER_START_TIMEOUT:-60}" "Jaeger" "$JAEGER_LOG" "$pid" jaeger_ready
  info "jaeger: ready; UI/API http://127.0.0.1:$JAEGER_UI_PORT, OTLP http://127.0.0.1:$OTLP_HTTP_PORT"
}

jaeger_down() { stop_group jaeger "jaeger" 20; }

jaeger_status() {
  local pid
  pid="$(managed_pid jaeger)"
  if [[ -n "$pid" ]]; then
    print_status jaeger running "pid $pid, UI/API 127.0.0.1:$JAEGER_UI_PORT, OTLP 127.0.0.1:$OTLP_GRPC_PORT (grpc) 127.0.0.1:$OTLP_HTTP_PORT (http)"
  elif port_open 127.0.0.1 "$JAEGER_UI_PORT"; then
    print_status jaeger external "127.0.0.1:$JAEGER_UI_PORT (not managed by infra.sh)"
  else
    print_status jaeger stopped
  fi
}
