#!/usr/bin/env bash
# Managers' figures at scale: a year of a national roll-out (about 1 million bookings, 10 million
# messages) seeded into a throwaway PostgreSQL with set-based SQL, then Dashboard.FiguresAsync for
# the year by day and by week against bare SQL GROUP BYs over the same rows in the same run.
# Usage: bench/dashboard-figures/run.sh [--bookings 1000000]
#        bench/dashboard-figures/run.sh --smoke   (a small run in the Debug build: correctness only, no time limit)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=Release
if [ "${1:-}" = "--smoke" ]; then
  shift
  config=Debug
  set -- --bookings 2000 --smoke "$@"
fi
. "$root/scripts/throwaway-postgres.sh"
pg_start
dotnet build "$root/bench/dashboard-figures/DashboardFigures.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/dashboard-figures/bin/$config/net10.0/dashboard-figures.dll" --postgres "$ALLO_PG" "$@"
