# Starts and stops the four built services and the console as background processes with pid
# files. Sourced by scripts/start.sh and scripts/stop.sh.

# SERVICE_NAMES (the console last: it projects the saga's topics and forwards to the four
# services) and SERVICE_PORTS, generated from services/*/service.json.
# shellcheck source=scripts/lib/service-list.sh
source "$(dirname "${BASH_SOURCE[0]}")/service-list.sh"
SERVICE_LOG_DIR="${SAGA_DATA_DIR:-$PWD/.data/local}/services"

start_services() {
  mkdir -p "$SERVICE_LOG_DIR"
  for name in "${SERVICE_NAMES[@]}"; do
    local pid_file="$SERVICE_LOG_DIR/$name.pid"
    if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "$name: already running (pid $(cat "$pid_file"))"
      continue
    fi
    # setsid: the service gets its own process group, so stop reaches it and nothing else.
    # Tracing is loaded before the service; spans go to the local Jaeger (OTLP :4318).
    SERVICE_NAME="$name" setsid node --import @saga-shop/telemetry/register "services/$name/dist/main.js" \
      >>"$SERVICE_LOG_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$pid_file"
  done
  wait_for_ready
}

wait_for_ready() {
  local name
  for name in "${SERVICE_NAMES[@]}"; do
    local port=${SERVICE_PORTS[$name]} deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
      if ((SECONDS > deadline)); then
        echo "$name did not become ready on :$port; last log lines:" >&2
        tail -n 20 "$SERVICE_LOG_DIR/$name.log" >&2
        return 1
      fi
      sleep 0.5
    done
    echo "$name: ready on :$port"
  done
}

stop_services() {
  local name
  for name in "${SERVICE_NAMES[@]}"; do
    local pid_file="$SERVICE_LOG_DIR/$name.pid"
    [[ -f "$pid_file" ]] || continue
    local pid
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      local deadline=$((SECONDS + 15))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      echo "$name: stopped"
    fi
    rm -f "$pid_file"
  done
}
