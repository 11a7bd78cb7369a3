#!/usr/bin/env bash
# Runs every Allo test on a fresh machine: installs what is missing (PostgreSQL server, Chromium,
# npm packages, the API contract's checkers in tests/Contract), starts a throwaway PostgreSQL cluster on a free loopback port, runs all test
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

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium for the browser tests"
  apt_install chromium
fi

# The API contract's independent checkers (swagger-parser, ajv), pinned in tests/Contract/package-lock.json.
if ! (cd "$root/tests/Contract" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  say "could not install the npm packages in tests/Contract"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

# --- throwaway PostgreSQL ---------------------------------------------------------------------
# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"
pg_start || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
export ALLO_TEST_PG="$ALLO_PG"

# --- build and test ---------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$work/results"
rm -rf "$results"
status=0
# One build, in Debug, the configuration `dotnet test` runs; the solution leaves the benchmarks out
# of Debug (they build themselves in Release), and --no-build below rebuilds nothing.
build_start=$(date +%s)
if ! dotnet build Allo.slnx -c Debug -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
say "build took $(( $(date +%s) - build_start )) s"
tests_start=$(date +%s)
# A test still running after 10 minutes is stopped and the run fails (a mini dump of the test host,
# made by the runtime's createdump, lands beside the results) instead of holding CI until it gives up.
dotnet test Allo.slnx -c Debug --no-build -nologo --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type mini "$@" || status=$?
tests_took=$(( $(date +%s) - tests_start ))

# --- benchmarks, small --------------------------------------------------------------------------
# Each benchmark's --smoke run must still build, run and keep its promises (0 overbooked, 0
# duplicates), so none can rot; each counts as one test. Their numbers mean nothing at this size.
bench_passed=0; bench_failed=0
for bench in bench/*/run.sh; do
  name=$(basename "$(dirname "$bench")")
  if bash "$bench" --smoke >"$work/$name.smoke.log" 2>&1; then
    bench_passed=$((bench_passed + 1))
    say "bench $name --smoke passed: $(grep -m1 '^ratio' "$work/$name.smoke.log" || true)"
  else
    bench_failed=$((bench_failed + 1))
    say "bench $name --smoke FAILED; the end of its log ($work/$name.smoke.log):"
    tail -n 30 "$work/$name.smoke.log" >&2
  fi
done

# --- summary ----------------------------------------------------------------------------------
passed=$bench_passed; failed=$bench_failed; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  all=$(get total); ran=$(get executed)
  # xunit's skipped tests count as neither executed nor notExecuted: they are what total leaves over.
  [ "${n:-0}" = 0 ] && n=$(( ${all:-0} - ${ran:-0} ))
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  project=$(grep -o 'Discovering: [A-Za-z0-9_.]*' "$trx" | head -n 1 | sed 's/^Discovering: //')
  times=$(grep -o '<Times [^>]*>' "$trx" | head -n 1)
  from=$(echo "$times" | grep -o ' start="[^"]*"' | cut -d'"' -f2)
  to=$(echo "$times" | grep -o ' finish="[^"]*"' | cut -d'"' -f2)
  if [ -n "$from" ] && [ -n "$to" ]; then
    echo "test.sh: ${project:-$(basename "$trx")} took $(( $(date -d "$to" +%s) - $(date -d "$from" +%s) )) s"
  fi
done
say "the tests took $tests_took s"
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  # The runner failed without a failing test (a crashed test host, say): that is a failure too.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ]
