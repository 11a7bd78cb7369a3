#!/usr/bin/env bash
# Runs every Allo test on a fresh machine: installs what is missing (PostgreSQL server, Chromium,
# npm packages), starts a throwaway PostgreSQL cluster on a free loopback port, runs all test
# projects, stops the cluster, and prints "N passed, N failed, N skipped" as its last line.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Booking]
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work="$root/.test"
mkdir -p "$work"

say() { echo "test.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# --- tools ------------------------------------------------------------------------------------
command -v dotnet >/dev/null || { say "the .NET 10 SDK is needed (https://dot.net)"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
command -v npm >/dev/null || { say "installing Node.js and npm"; apt_install nodejs npm; }

pg_bin=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then pg_bin="$candidate"; break; fi
done
if [ -z "$pg_bin" ]; then
  say "installing the PostgreSQL server"
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium for the browser tests"
  apt_install chromium
fi

# --- throwaway PostgreSQL ---------------------------------------------------------------------
free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  return 1
}
pg_dir=$(mktemp -d /tmp/allo-pg.XXXXXX)
pg_user=$(id -un)
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  chown postgres "$pg_dir"
  pg_user=postgres
fi
run_pg() { if [ "$pg_user" = postgres ] && [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_port=$(free_port) || { say "no free port for PostgreSQL"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

stop_pg() { run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; }
trap stop_pg EXIT

run_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U allo -E UTF8 --no-locale >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
export ALLO_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=allo;Database=postgres"
say "PostgreSQL $("$pg_bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

# --- build and test ---------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$work/results"
rm -rf "$results"
status=0
if ! dotnet build Allo.slnx -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
dotnet test Allo.slnx --no-build -nologo --logger "trx" --results-directory "$results" "$@" || status=$?

# --- summary ----------------------------------------------------------------------------------
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  # The runner failed without a failing test (a crashed test host, say): that is a failure too.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ]
