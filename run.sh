#!/usr/bin/env bash
# Builds McpFunctions and serves it behind the local Functions host (tools/LocalFunctionsHost), the way Azure runs the
# isolated worker, at http://127.0.0.1:${PORT:-7071}. Needs only the .NET SDK. Embedded defaults, each overridable
# from the environment: the Development environment, state in memory, and this app as the OAuth authorization server
# with the development sign-in page. Examples: `Auth__Mode=Disabled ./run.sh` (no auth), `PORT=7072 ./run.sh`,
# `AzureWebJobsStorage=UseDevelopmentStorage=true ./run.sh` (Azurite).
set -euo pipefail
cd "$(dirname "$0")"

port="${PORT:-7071}"
export AZURE_FUNCTIONS_ENVIRONMENT="${AZURE_FUNCTIONS_ENVIRONMENT:-Development}"
export Auth__Mode="${Auth__Mode:-Facade}"
if [[ "$Auth__Mode" == "Facade" && -z "${Facade__Upstream__Authority:-}" ]]; then
  export Facade__Upstream__Kind="${Facade__Upstream__Kind:-Development}"
fi
# As Core Tools does (WEBSITE_HOSTNAME=localhost:7071): the address clients use, published in the OAuth metadata.
export WEBSITE_HOSTNAME="${WEBSITE_HOSTNAME:-127.0.0.1:${port}}"

dotnet build McpFunctions/McpFunctions.csproj -c Debug -nologo -v quiet
# An absolute --app: the host resolves a relative one against its working directory, which can be its project folder.
exec dotnet run --project tools/LocalFunctionsHost -c Debug -- --app "$PWD/McpFunctions/bin/Debug/net10.0" --port "$port" "$@"
