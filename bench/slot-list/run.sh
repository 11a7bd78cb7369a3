#!/usr/bin/env bash
# Slot list: GET /api/v1/slots?days=21 on the default host (SQLite), one request at a time, against
# the bare SQL read of the same seat rows on the same file in the same run.
# Usage: bench/slot-list/run.sh [--requests 500] [--full-slots 20] [--warm-up 200]
#        bench/slot-list/run.sh --smoke   (a small run in the Debug build, so ./test.sh keeps it from rotting)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config=Release
if [ "${1:-}" = "--smoke" ]; then
  shift
  config=Debug
  set -- --requests 40 --full-slots 3 --warm-up 10 "$@"
fi
dotnet build "$root/src/Web/Web.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet build "$root/bench/slot-list/SlotList.csproj" -c "$config" -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/bench/slot-list/bin/$config/net10.0/slot-list.dll" --web "$root/src/Web/bin/$config/net10.0/Allo.Web.dll" "$@"
