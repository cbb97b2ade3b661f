#!/usr/bin/env bash
# One command for the whole benchmark (see bench/README.md):
#   bench/run.sh                   publish McpFunctions from this working tree and run every scenario
#   bench/run.sh --head            publish from a clean export of HEAD (when the working tree is mid-edit)
#   bench/run.sh --quick ...       a seconds-long smoke run (what the test suite does)
# Any other arguments go to bench/bench.mjs (--scenarios s1,s3 --seconds 10 --warmup 8 --runs 3 --connections 32
# --coldstart-runs 7 --tools mcp_search,mcp_list --source <checkout> --out <dir>).
# Results: bench/results/latest.md and latest.json (and a timestamped copy of each); the log goes to stderr.
#
# Needs .NET 10 SDK, Node 20+ and npm, Linux with taskset (util-linux) and 2+ cores. Installs what is missing:
# wrk (apt-get, as root or with sudo) and the pinned npm tools (npm ci), both only when absent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

args=()
head_export=""
for arg in "$@"; do
  if [[ $arg == --head ]]; then
    head_export=1
  else
    args+=("$arg")
  fi
done

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "bench: need root (or sudo) to run: $*" >&2; exit 69
  fi
}

if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (apt-get)..." >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi
for tool in dotnet node taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 69; }
done
if [[ $(nproc) -lt 2 ]]; then
  echo "bench: needs 2 cores (the servers run on core 1, the load generator on core 0)" >&2
  exit 69
fi
for package in @modelcontextprotocol/sdk oidc-provider azurite jose; do
  if [[ ! -f "$root/node_modules/$package/package.json" ]]; then
    echo "bench: installing the pinned npm tools (npm ci)..." >&2
    (cd "$root" && npm ci --no-audit --no-fund >&2)
    break
  fi
done

if [[ -n $head_export ]]; then
  export_dir="$(mktemp -d -t mcpfunctions-bench-head-XXXXXX)"
  trap 'rm -rf "$export_dir"' EXIT
  git -C "$root" archive HEAD | tar -x -C "$export_dir"
  args=(--source "$export_dir" --commit "$(git -C "$root" rev-parse --short HEAD)" "${args[@]}")
fi

# The harness itself stays off the server core.
taskset -c 0 node "$here/bench.mjs" "${args[@]}"
