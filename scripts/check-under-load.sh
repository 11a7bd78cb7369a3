#!/usr/bin/env bash
# Shows that the suite does not depend on timing: clones the committed tree into a fresh folder and
# runs ./test.sh there RUNS times in a row (default 3) while stress-ng keeps every core busy. It
# starts the load itself and stops it when it ends, however it ends. Exit 0 only if every run passed.
# Usage: scripts/check-under-load.sh [RUNS]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
say() { echo "check-under-load: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v stress-ng >/dev/null; then
  say "installing stress-ng"
  as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq stress-ng >/dev/null \
    || { say "could not install stress-ng"; exit 1; }
fi

clone=$(mktemp -d /tmp/allo-load.XXXXXX)
load_pid=""
stop() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  rm -rf "$clone"
}
trap stop EXIT

# A clean clone of what is committed: what CI gets, with no build output or installed packages.
git clone -q "$root" "$clone/allo" || exit 1
cores=$(nproc)
# The time limit only guards against this script being killed before its trap runs.
stress-ng --cpu "$cores" --timeout "$(( runs * 40 ))m" --quiet &
load_pid=$!
say "stress-ng keeps $cores cores busy (pid $load_pid); $runs runs of ./test.sh in $clone/allo"

failed=0
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  (cd "$clone/allo" && ./test.sh) >"$clone/run-$run.log" 2>&1
  result=$?
  last=$(tail -n 1 "$clone/run-$run.log")
  say "run $run: $last in $(( $(date +%s) - start )) s"
  if [ "$result" != 0 ]; then
    failed=$((failed + 1))
    grep -E "^\s+Failed |\[FAIL\]|error" "$clone/run-$run.log" | head -n 20 >&2
    mkdir -p "$root/.test" && cp "$clone/run-$run.log" "$root/.test/load-run-$run.log"
  fi
done
say "$(( runs - failed )) of $runs runs passed under load"
[ "$failed" = 0 ]
