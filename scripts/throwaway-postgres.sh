# Sourced by ./test.sh and the benchmarks: installs the PostgreSQL server if it is missing and
# starts a throwaway cluster on a free loopback port, owned by the postgres user when run as root
# (PostgreSQL refuses to run as root). Sets ALLO_PG (a connection string for the user "allo")
# and stops and deletes the cluster when the calling script exits.

_pg_say() { echo "throwaway-postgres: $*" >&2; }
_pg_as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_find_or_install() {
  local candidate
  for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then PG_BIN="$candidate"; return 0; fi
  done
  _pg_say "installing the PostgreSQL server"
  _pg_as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive _pg_as_root apt-get install -y -qq postgresql >/dev/null || return 1
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
}

_pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

_pg_free_port() {
  local port
  for port in $(seq 55432 55632); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  _pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=""
}

pg_start() {
  pg_find_or_install || { _pg_say "could not install the PostgreSQL server"; return 1; }
  PG_DIR=$(mktemp -d /tmp/allo-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    chown postgres "$PG_DIR"
  fi
  trap pg_stop EXIT
  local port
  port=$(_pg_free_port) || { _pg_say "no free loopback port"; return 1; }
  _pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U allo -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  _pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  ALLO_PG="Host=127.0.0.1;Port=$port;Username=allo;Database=postgres"
  export ALLO_PG
  _pg_say "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port"
}
