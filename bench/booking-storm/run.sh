#!/usr/bin/env bash
# Booking storm: many concurrent clients book through the HTTP API on a throwaway PostgreSQL,
# against the same seat claim done as bare SQL on the same server in the same run.
# Usage: bench/booking-storm/run.sh [--clients 32] [--attempts 2000] [--slots 200] [--seats 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/throwaway-postgres.sh"
pg_start
dotnet build "$root/src/Web/Web.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build "$root/bench/booking-storm/BookingStorm.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/booking-storm/bin/Release/net10.0/booking-storm.dll" \
  --web "$root/src/Web/bin/Release/net10.0/Allo.Web.dll" --postgres "$ALLO_PG" "$@"
