# shellcheck shell=bash
# PostgreSQL: reuse a server that already answers (PG_ADMIN_URL or the local `postgres`
# superuser), otherwise run our own cluster from $PG_DATA. Then provision one database and two
# login roles per service: the owner (`saga_order`), which runs migrations, and the runtime role
# (`saga_order_app`), which the migrations grant DML on their tables and nothing else. Each role
# can connect only to its own database.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATA="$SAGA_DATA_DIR/postgres"
PG_LOG="$LOG_DIR/postgres.log"
# saga_test is a scratch database for library integration tests, so none of them writes into a
# service's own database.
# The deployables' databases come from their manifests (services/*/service.json).
# shellcheck source=scripts/lib/service-list.sh
source "$REPO_ROOT/scripts/lib/service-list.sh"
PG_SERVICES=("${SERVICE_DATABASES[@]}" saga_test)
# Databases whose service runs as a separate runtime role (<database>_app).
PG_RUNTIME_ROLES=("${SERVICE_DATABASES[@]}")
# Unix sockets are limited to ~107 bytes; a deep checkout would break "socket in the data dir".
PG_SOCKET_DIR="$PG_DATA"
((${#PG_SOCKET_DIR} < 90)) || PG_SOCKET_DIR="/tmp/saga-shop-pg.$PGPORT"

pg_prereqs() {
  local wanted="$PG_BIN"
  # Debian keeps initdb/pg_ctl off PATH; other systems put them on it.
  [[ -x "$PG_BIN/initdb" ]] || PG_BIN="$(dirname "$(command -v initdb 2>/dev/null || echo /x/x)")"
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] ||
    die "PostgreSQL server binaries (initdb, pg_ctl) not found in $wanted nor on PATH (set PG_BIN). Install: apt-get install -y postgresql-15 (or postgresql)"
  require_cmd psql "postgresql-client-15 (or postgresql-client)"
}

# PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, otherwise as
# the invoking user (a developer without root).
pg_as() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

# Ours = our data dir has a live postmaster (pg_ctl also rejects a stale pid file).
pg_running_ours() {
  [[ -f "$PG_DATA/postmaster.pid" ]] && pid_alive "$(head -n1 "$PG_DATA/postmaster.pid")" &&
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

# The postgres user must traverse every parent of $PG_DATA (e.g. /work/<repo>/.data/local).
# Only the search bit (o+x) is added where missing: it allows reaching a known path, not
# listing directories. Printed so the change is never silent.
pg_make_reachable() {
  ((EUID == 0)) || return 0
  local d="$PG_DATA"
  while d="$(dirname "$d")" && [[ "$d" != "/" ]]; do
    if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
      info "postgres: chmod o+x $d (the postgres OS user must traverse it to reach its data)"
      chmod o+x "$d"
    fi
  done
}

pg_init_cluster() {
  if ((EUID == 0)) && ! id postgres >/dev/null 2>&1; then
    info "postgres: creating the 'postgres' OS user (PostgreSQL will not run as root)"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  mkdir -p "$PG_DATA"
  ((EUID == 0)) && chown postgres: "$PG_DATA"
  chmod 700 "$PG_DATA"
  pg_make_reachable
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    info "postgres: initdb $PG_DATA"
    # Superuser `postgres` by local socket only (trust); everything over TCP needs a password.
    pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$LOG_DIR/postgres-initdb.log" 2>&1 ||
      {
        show_tail "$LOG_DIR/postgres-initdb.log"
        die "initdb failed"
      }
    cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# Written by infra/local (saga-shop). Superuser only via the local socket; roles by password.
local   all   postgres                 trust
local   all   all                      scram-sha-256
host    all   all        127.0.0.1/32  scram-sha-256
EOF
    echo "include_if_exists = 'saga-local.conf'" >>"$PG_DATA/postgresql.conf"
  fi
  # Rewritten on every start so PGHOST/PGPORT changes take effect.
  cat >"$PG_DATA/saga-local.conf" <<EOF
listen_addresses = '$PGHOST'
port = $PGPORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
password_encryption = 'scram-sha-256'
# Commit times let the outbox relay measure commit -> Kafka acknowledgement (outbox_relay_lag_seconds).
track_commit_timestamp = on
EOF
  ((EUID == 0)) && chown -R postgres: "$PG_DATA"
  return 0
}

pg_start() {
  mkdir -p "$PG_SOCKET_DIR"
  chmod 700 "$PG_SOCKET_DIR" # the socket trusts `postgres`: only its owner may reach it
  ((EUID == 0)) && chown postgres: "$PG_SOCKET_DIR" "$LOG_DIR" && touch "$PG_LOG" && chown postgres: "$PG_LOG"
  info "postgres: starting on $PGHOST:$PGPORT (data $PG_DATA)"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null ||
    {
      show_tail "$PG_LOG"
      die "PostgreSQL failed to start (log: $PG_LOG)"
    }
  wait_for 30 "PostgreSQL" "$PG_LOG" "" port_open "$PGHOST" "$PGPORT"
}

# pg_admin_psql <psql args...>: a superuser session on whichever server we provision.
PG_ADMIN_MODE=""
pg_admin_psql() {
  case "$PG_ADMIN_MODE" in
    url) psql "$PG_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 "$@" ;;
    ours) pg_as psql -h "$PG_SOCKET_DIR" -p "$PGPORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@" ;;
    peer) runuser -u postgres -- psql -p "$PGPORT" -d postgres -X -q -v ON_ERROR_STOP=1 "$@" ;;
  esac
}

# Idempotent: safe on every `up`; also re-asserts ownership and privileges if someone drifted.
pg_provision() {
  local sql="" r
  for r in "${PG_SERVICES[@]}"; do
    sql+="
SELECT format('CREATE ROLE %I LOGIN', '$r') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$r')\\gexec
ALTER ROLE $r LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$r';
SELECT format('CREATE DATABASE %I OWNER %I', '$r', '$r') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$r')\\gexec
ALTER DATABASE $r OWNER TO $r;
REVOKE ALL ON DATABASE $r FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $r TO $r;"
  done
  for r in "${PG_RUNTIME_ROLES[@]}"; do
    sql+="
SELECT format('CREATE ROLE %I LOGIN', '${r}_app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${r}_app')\\gexec
ALTER ROLE ${r}_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '${r}_app';
GRANT CONNECT ON DATABASE $r TO ${r}_app;"
  done
  pg_admin_psql <<<"$sql" >/dev/null || die "provisioning databases/roles failed"
  info "postgres: databases + roles ready: ${PG_SERVICES[*]}, runtime roles <name>_app (e.g. postgresql://saga_order_app:saga_order_app@$PGHOST:$PGPORT/saga_order)"
}

postgres_up() {
  pg_prereqs
  if pg_running_ours; then
    info "postgres: already running (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
    PG_ADMIN_MODE=ours
  elif port_open "$PGHOST" "$PGPORT"; then
    # Not ours: reuse it, but only with a superuser we can actually use.
    if [[ -n "${PG_ADMIN_URL:-}" ]]; then
      PG_ADMIN_MODE=url
    elif ((EUID == 0)) && id postgres >/dev/null 2>&1 && PG_ADMIN_MODE=peer && pg_admin_psql -c 'select 1' >/dev/null 2>&1; then
      :
    else
      die "something already listens on $PGHOST:$PGPORT and infra.sh did not start it. Set PG_ADMIN_URL=postgresql://<superuser>:<password>@$PGHOST:$PGPORT/postgres to reuse it, or stop it, or pick another PGPORT."
    fi
    info "postgres: reusing the external server at $PGHOST:$PGPORT (it will never be stopped by infra.sh)"
    echo "$PG_ADMIN_MODE" >"$RUN_DIR/postgres.external"
  else
    rm -f "$RUN_DIR/postgres.external"
    pg_init_cluster
    pg_start
    PG_ADMIN_MODE=ours
  fi
  pg_provision
}

postgres_down() {
  if pg_running_ours; then
    info "postgres: stopping"
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
    info "postgres: stopped"
  elif [[ -f "$RUN_DIR/postgres.external" ]]; then
    info "postgres: external server at $PGHOST:$PGPORT left running (not started by infra.sh)"
  else
    info "postgres: not running (nothing started by infra.sh)"
  fi
  rm -f "$RUN_DIR/postgres.external"
}

postgres_status() {
  if pg_running_ours; then
    print_status postgres running "pid $(head -n1 "$PG_DATA/postmaster.pid"), $PGHOST:$PGPORT, data $PG_DATA"
  elif port_open "$PGHOST" "$PGPORT"; then
    print_status postgres external "$PGHOST:$PGPORT (not managed by infra.sh)"
  else
    print_status postgres stopped
  fi
}
