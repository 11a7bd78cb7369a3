#!/usr/bin/env bash
# Reminder fan-out: N due reminders drained from the outbox by the job node's poller on a throwaway
# PostgreSQL to the fake Twilio (pacing off), against Hangfire's no-op jobs on the same storage and a
# bare HttpClient loop (three times, the ratio to the median) and a Twilio SDK loop (no outbox) to fakes
# of their own, in the same run, then both again with the fake answering after --provider-ms; fails
# above --max-memory-mib of the fan-out's peak RSS.
# Usage: bench/reminder-fanout/run.sh [--count 100000] [--noop-jobs 5000] [--max-memory-mib 400] [--lanes 2] [--concurrency 8] [--batch 100] [--provider-ms 20]
#        bench/reminder-fanout/run.sh --smoke   (a small run in the Debug build, so ./test.sh keeps it from rotting)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=Release
if [ "${1:-}" = "--smoke" ]; then
  shift
  config=Debug
  set -- --count 300 --noop-jobs 100 "$@"
elif [ $# -eq 0 ]; then
  set -- --count 100000 --max-memory-mib 400
fi
. "$root/scripts/throwaway-postgres.sh"
pg_start
dotnet build "$root/bench/reminder-fanout/ReminderFanout.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/reminder-fanout/bin/$config/net10.0/reminder-fanout.dll" --postgres "$ALLO_PG" "$@"
