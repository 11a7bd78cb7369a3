#!/usr/bin/env bash
# Reminder fan-out: N due reminders dispatched through Hangfire on a throwaway PostgreSQL to the
# fake Twilio (pacing off), against Hangfire's own throughput for no-op jobs on the same storage.
# Usage: bench/reminder-fanout/run.sh [--count 20000] [--workers 20]
#        bench/reminder-fanout/run.sh --smoke   (a small run in the Debug build, so ./test.sh keeps it from rotting)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=Release
if [ "${1:-}" = "--smoke" ]; then
  shift
  config=Debug
  set -- --count 200 --workers 5 "$@"
fi
. "$root/scripts/throwaway-postgres.sh"
pg_start
dotnet build "$root/bench/reminder-fanout/ReminderFanout.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/reminder-fanout/bin/$config/net10.0/reminder-fanout.dll" --postgres "$ALLO_PG" "$@"
