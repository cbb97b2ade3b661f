#!/usr/bin/env bash
# Runs every test: installs the pinned npm test tools (Azurite, the MCP TypeScript SDK, MCP Inspector,
# the conformance suite, oidc-provider) and then the .NET test suite, which starts them itself on loopback.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
# One line per finished test (name, outcome, time), so a run of several minutes shows where it is.
dotnet test McpFunctions.slnx --nologo --logger "console;verbosity=normal" "$@"
