#!/usr/bin/env bash
# Native local infrastructure for saga-shop, without Docker: PostgreSQL, Kafka (KRaft) and
# Jaeger v2 as plain processes on 127.0.0.1. See infra/local/README.md.
#
# Usage: infra/local/infra.sh up|down [postgres|kafka|jaeger ...]   (default: all)
#        infra/local/infra.sh status | reset | logs <component> [-f] | is-running <component>
#
# Configuration (environment, with defaults):
#   SAGA_DATA_DIR   <repo>/.data/local  data, logs (logs/) and pid files (run/); `reset` deletes it
#   SAGA_CACHE_DIR  <repo>/.cache       downloaded Kafka jars, the built Jaeger binary (kept by reset)
#   PGHOST=127.0.0.1 PGPORT=5432        where PostgreSQL listens (or is reused)
#   PG_ADMIN_URL    (unset)             superuser URL of an existing server to reuse instead
#   PG_BIN          /usr/lib/postgresql/15/bin   PostgreSQL server binaries
#   KAFKA_HOST=127.0.0.1 KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 KAFKA_PARTITIONS=6
#   KAFKA_HEAP_OPTS "-Xms256m -Xmx512m" KAFKA_VERSION 4.4.0 (the tested pin; change with care)
#   JAEGER_UI_PORT=16686 OTLP_GRPC_PORT=4317 OTLP_HTTP_PORT=4318
#   KAFKA_START_TIMEOUT=120 JAEGER_START_TIMEOUT=60   readiness bounds in seconds
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"

export SAGA_DATA_DIR="${SAGA_DATA_DIR:-$REPO_ROOT/.data/local}"
export SAGA_CACHE_DIR="${SAGA_CACHE_DIR:-$REPO_ROOT/.cache}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
export KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}" KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}" KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-6}"
export JAEGER_UI_PORT="${JAEGER_UI_PORT:-16686}"
export OTLP_GRPC_PORT="${OTLP_GRPC_PORT:-4317}" OTLP_HTTP_PORT="${OTLP_HTTP_PORT:-4318}"
# Relative paths would break once a component changes directory (pg_ctl, the Go build).
[[ "$SAGA_DATA_DIR" == /* && "$SAGA_CACHE_DIR" == /* ]] || {
  echo "[infra] ERROR: SAGA_DATA_DIR and SAGA_CACHE_DIR must be absolute paths" >&2
  exit 1
}

# shellcheck source=lib/common.sh
source "$INFRA_DIR/lib/common.sh"
# shellcheck source=lib/postgres.sh
source "$INFRA_DIR/lib/postgres.sh"
# shellcheck source=lib/kafka.sh
source "$INFRA_DIR/lib/kafka.sh"
# shellcheck source=lib/jaeger.sh
source "$INFRA_DIR/lib/jaeger.sh"
# shellcheck source=lib/issuer.sh
source "$INFRA_DIR/lib/issuer.sh"

ALL=(postgres kafka jaeger) # start order; `down` goes in reverse

usage() {
  sed -n '5,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

# components <args...>: validated component list in start order (all when none given).
components() {
  local c wanted=("$@") out=()
  ((${#wanted[@]})) || wanted=("${ALL[@]}")
  for c in "${wanted[@]}"; do
    [[ " ${ALL[*]} " == *" $c "* ]] || die "unknown component '$c' (expected: ${ALL[*]})"
  done
  for c in "${ALL[@]}"; do [[ " ${wanted[*]} " == *" $c "* ]] && out+=("$c"); done
  echo "${out[@]}"
}

cmd_up() {
  local list c start=$SECONDS
  list="$(components "$@")" # separate assignment: a bad name must stop the script
  ensure_dirs
  issuer_keys # before the services can start: they read its public keys
  for c in $list; do "${c}_up"; done
  info "up done in $((SECONDS - start))s"
}

cmd_down() {
  local names list c i
  names="$(components "$@")"
  read -r -a list <<<"$names"
  for ((i = ${#list[@]} - 1; i >= 0; i--)); do
    c="${list[i]}"
    "${c}_down"
  done
}

cmd_status() {
  echo "saga-shop local infra (data: $SAGA_DATA_DIR)"
  postgres_status
  kafka_status
  jaeger_status
}

# reset: stop everything we started and delete the data dir (not the download cache). Refuses
# to delete a directory that infra.sh did not create, so a mistyped SAGA_DATA_DIR is harmless.
cmd_reset() {
  cmd_down
  if [[ -d "$SAGA_DATA_DIR" ]]; then
    [[ -f "$SAGA_DATA_DIR/.saga-data" ]] || die "refusing to delete $SAGA_DATA_DIR: no .saga-data marker (not created by infra.sh)"
    rm -rf "$SAGA_DATA_DIR"
    [[ ! -d "/tmp/saga-shop-pg.$PGPORT" ]] || rm -rf "/tmp/saga-shop-pg.$PGPORT"
    info "deleted $SAGA_DATA_DIR"
  fi
}

# is-running <component>: silent; exit 0 when it answers (started by us or external), else 1.
# scripts/test.sh uses it to stop afterwards only what it had to start.
cmd_is_running() {
  local c="${1:-}" pid
  [[ -n "$c" ]] || usage
  components "$c" >/dev/null
  case "$c" in
    postgres) pg_running_ours || port_open "$PGHOST" "$PGPORT" ;;
    kafka)
      pid="$(managed_pid kafka)"
      [[ -n "$pid" ]] || port_open "$KAFKA_HOST" "$KAFKA_PORT"
      ;;
    jaeger) jaeger_ready ;;
  esac
}

cmd_logs() {
  local c="${1:-}" f
  [[ -n "$c" ]] || usage
  components "$c" >/dev/null
  case "$c" in
    postgres) f="$PG_LOG" ;;
    kafka) f="$LOG_DIR/kafka.log" ;;
    jaeger) f="$JAEGER_LOG" ;;
  esac
  [[ -f "$f" ]] || die "no log yet: $f"
  if [[ "${2:-}" == "-f" ]]; then exec tail -n 100 -F "$f"; else tail -n 100 "$f"; fi
}

sub="${1:-}"
[[ $# -gt 0 ]] && shift
case "$sub" in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) cmd_logs "$@" ;;
  is-running) cmd_is_running "$@" ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
