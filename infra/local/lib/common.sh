# shellcheck shell=bash
# Shared helpers for infra/local/infra.sh: messages, prerequisite checks, port probes, and
# process lifecycle by pid file. Sourced, never executed. Every component script relies on
# the variables set in infra.sh (SAGA_DATA_DIR, SAGA_CACHE_DIR, REPO_ROOT, ...).

RUN_DIR="$SAGA_DATA_DIR/run"   # pid files of the processes that `up` started
LOG_DIR="$SAGA_DATA_DIR/logs"  # one log per component; `infra.sh logs <component>` shows them

info() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[infra] ERROR: %s\n' "$*" >&2
  exit 1
}

ensure_dirs() {
  # The marker lets `reset` prove the directory is ours before deleting it, so it is only ever
  # written into a new or empty directory (SAGA_DATA_DIR=$HOME must not become deletable).
  if [[ ! -f "$SAGA_DATA_DIR/.saga-data" ]]; then
    [[ ! -d "$SAGA_DATA_DIR" || -z "$(ls -A "$SAGA_DATA_DIR")" ]] ||
      die "SAGA_DATA_DIR=$SAGA_DATA_DIR is not empty and was not created by infra.sh; use a new or empty directory"
    mkdir -p "$SAGA_DATA_DIR"
    echo "saga-shop local infra data; deleted by 'infra/local/infra.sh reset'" >"$SAGA_DATA_DIR/.saga-data"
  fi
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$SAGA_CACHE_DIR"
}

# require_cmd <command> <debian package>: fail early and name the package to install, instead
# of letting a later step die with "command not found" halfway through starting things.
require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found. Install it: apt-get install -y $2"
}

# port_open <host> <port>: true when something accepts TCP connections there. Uses bash's
# /dev/tcp so no netcat is needed; `timeout` bounds a connect to a filtered address.
port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# proc_field <pid> <n>: field n (1-based, counted after the command name) of /proc/<pid>/stat;
# 1 is the state letter, 20 the start time. Parsed after the last ')' as names may hold spaces.
proc_field() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  cut -d' ' -f"$2" <<<"$stat"
}

# pid_alive <pid>: the process exists and is not a zombie waiting to be reaped.
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && [[ "$(proc_field "$1" 1)" != Z ]]
}

# read_pid <name>: the pid recorded by `up` for a component, or empty.
read_pid() {
  local f="$RUN_DIR/$1.pid"
  if [[ -f "$f" ]]; then cut -d' ' -f1 "$f"; fi
}

# managed_pid <name>: the recorded pid if that very process is still alive. The pid file also
# holds the process start time, so after a reboot a recycled pid is never mistaken for ours
# (and never signalled by `down`). A stale file is removed; the next `up` starts afresh.
managed_pid() {
  local f="$RUN_DIR/$1.pid" pid started
  [[ -f "$f" ]] || return 0
  read -r pid started <"$f" || true
  if pid_alive "$pid" && [[ "$(proc_field "$pid" 20)" == "${started:-}" ]]; then
    echo "$pid"
  else
    rm -f "$f"
  fi
}

# start_bg <name> <log> <cmd...>: start a long-running server detached in its own session and
# process group (setsid), so `down` can signal the whole group and a Ctrl-C in the calling
# shell does not kill it. stdin is closed; stdout+stderr go to the log.
start_bg() {
  local name="$1" log="$2"
  shift 2
  : >"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null &
  # setsid execs in place (we are not a group leader here), so $! is the server itself and
  # also its process-group id.
  echo "$! $(proc_field $! 20)" >"$RUN_DIR/$name.pid"
}

# wait_for <seconds> <description> <log> <pid-or-empty> <check command...>: poll until the check
# succeeds. Fails fast when the process died, and on failure prints the log tail so the cause
# is visible without hunting for files.
wait_for() {
  local secs="$1" what="$2" log="$3" pid="$4"
  shift 4
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      show_tail "$log"
      die "$what exited during startup (log: $log)"
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$log"
      die "$what not ready after ${secs}s (log: $log)"
    fi
    sleep 1
  done
}

show_tail() {
  [[ -f "$1" ]] || return 0
  printf -- '----- last lines of %s -----\n' "$1" >&2
  tail -n 30 "$1" >&2
  printf -- '-----\n' >&2
}

# stop_group <name> <description> <timeout>: SIGTERM the process group that start_bg created,
# wait for a clean shutdown (Kafka flushes its logs, so restarts keep topics and offsets), and
# SIGKILL only when the bound is exceeded. Only pid files are used, never process names.
stop_group() {
  local name="$1" what="$2" secs="$3" pid
  pid="$(managed_pid "$name")"
  if [[ -z "$pid" ]]; then
    info "$what: not running (nothing started by infra.sh)"
    return 0
  fi
  info "$what: stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + secs))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$what did not stop within ${secs}s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$RUN_DIR/$name.pid"
  info "$what: stopped"
}

# print_status <component> <state> [detail]: one aligned line per component for `status`.
print_status() { printf '  %-10s %-9s %s\n' "$1" "$2" "${3:-}"; }
