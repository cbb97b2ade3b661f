#!/usr/bin/env bash
# Cold start (McpFunctions vs an empty ASP.NET Core app) and tools/call throughput, with the machine they
# ran on. Output also goes to bench/results/<UTC timestamp>.txt (gitignored).
#   bench/run.sh                  publish from this working tree
#   bench/run.sh --source <dir>   publish from another checkout (e.g. `git archive HEAD | tar -x -C <dir>`)
# Defaults: 7 alternating cold-start runs of each app; 32 requests in flight for 5 s, 3 runs. Run the
# scripts directly to change them (see their headers).
set -euo pipefail
source_args=()
if [[ $# -gt 0 ]]; then
  if [[ $# -ne 2 || $1 != --source ]]; then
    echo "usage: bench/run.sh [--source <checkout>]" >&2
    exit 64
  fi
  source_args=(--source "$2")
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# machine"
  echo "nproc: $(nproc)"
  lscpu | head -n 15
  echo "dotnet: $(dotnet --version); node: $(node --version)"
  echo
  echo "# cold start"
  node "$here/coldstart.mjs" "${source_args[@]}"
  echo
  echo "# throughput"
  node "$here/throughput.mjs" "${source_args[@]}"
} 2>&1 | tee "$out"
echo "saved $out"
