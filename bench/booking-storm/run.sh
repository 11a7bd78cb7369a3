#!/usr/bin/env bash
# Booking storm: many concurrent clients book through the HTTP API on a throwaway PostgreSQL,
# against the same seat claim done as bare SQL on the same server in the same run.
# Usage: bench/booking-storm/run.sh [--clients 64] [--attempts 2000] [--slots 200] [--storm-slots 10] [--storm-seats 2] [--warm-up 500]
#        bench/booking-storm/run.sh --smoke   (a small run in the Debug build, so ./test.sh keeps it from rotting)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=Release
if [ "${1:-}" = "--smoke" ]; then
  shift
  config=Debug
  set -- --clients 8 --attempts 120 --slots 20 --storm-slots 4 --warm-up 50 "$@"
fi
. "$root/scripts/throwaway-postgres.sh"
pg_start
dotnet build "$root/src/Web/Web.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet build "$root/bench/booking-storm/BookingStorm.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/booking-storm/bin/$config/net10.0/booking-storm.dll" \
  --web "$root/src/Web/bin/$config/net10.0/Allo.Web.dll" --postgres "$ALLO_PG" "$@"
