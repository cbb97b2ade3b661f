// Profiles McpFunctions under the S1 load (or S3 with --modern): publishes it (or takes --mcp-dir), starts it
// like bench.mjs does (core 1, JWT via oidc-provider, Warning logs) with perf maps on, warms up, then records
// `perf record -g` for --seconds while wrk drives the load, and prints the hottest symbols.
//
//   node bench/profile.mjs [--mcp-dir <published>] [--source <checkout>] [--seconds 10] [--modern] [--tool mcp_search|mcp_list]
//                          [--no-auth] [--out <dir>]
//
// Needs `perf` (Debian: linux-perf). The raw perf.data and the report stay in --out (default a temp folder).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { benchDir, freePort, headStatus, hostLikeEnv, httpRequest, publish, runWrk, startProcess, stop, tempDir, writeSpec } from "./lib.mjs";
import { startOidcProvider } from "./oidc.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const seconds = Number(option("--seconds", 10));
const modern = args.includes("--modern");
const tool = option("--tool", "mcp_search");
const auth = !args.includes("--no-auth");
const toolArguments = tool === "mcp_search" ? '{"query":"zzzz"}' : "{}";
const out = option("--out", tempDir("mcpfunctions-profile-"));
fs.mkdirSync(out, { recursive: true });

let mcpDir = option("--mcp-dir");
if (!mcpDir) {
  mcpDir = path.join(out, "mcp");
  console.error("publishing McpFunctions...");
  publish("McpFunctions/McpFunctions.csproj", mcpDir, option("--source"));
}

const provider = await startOidcProvider({ resource: "https://mcp.bench.test/mcp", scope: "mcp:read mcp:execute", core: 0 });
const jwt = await provider.clientCredentialsToken();
const port = await freePort();
const app = await startProcess({
  name: "McpFunctions",
  command: "dotnet",
  args: [path.join(mcpDir, "McpFunctions.dll")],
  env: hostLikeEnv({
    ASPNETCORE_URLS: `http://127.0.0.1:${port}`, Logging__LogLevel__Default: "Warning", Mcp__PublicBaseUrl: "https://mcp.bench.test",
    ...(auth
      ? { Auth__Mode: "External", Auth__Authority: provider.issuer, Auth__RequireHttpsMetadata: "false" }
      : { Auth__AllowDisabledOutsideDevelopment: "true" }),
    // Perf maps for JIT code; W^X off so that code is not in a memfd perf cannot map; ReadyToRun off so that
    // framework code is jitted too and named in the map (it shifts the profile slightly towards the JIT).
    DOTNET_PerfMapEnabled: "1", DOTNET_EnableWriteXorExecute: "0", DOTNET_ReadyToRun: "0",
  }),
  cwd: out,
  core: 1,
  ready: async () => (await headStatus(port)) === 200,
});

try {
  const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...(auth ? { Authorization: `Bearer ${jwt}` } : {}) };
  let body;
  if (modern) {
    Object.assign(headers, { "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tool });
    body = `{"jsonrpc":"2.0","id":__ID__,"method":"tools/call","params":{"name":"${tool}","arguments":${toolArguments},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}`;
  } else {
    const init = await httpRequest({ port, headers, body: { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "profile", version: "1" } } } });
    Object.assign(headers, { "Mcp-Session-Id": init.headers["mcp-session-id"], "MCP-Protocol-Version": "2025-06-18" });
    await httpRequest({ port, headers, body: { jsonrpc: "2.0", method: "notifications/initialized" } });
    body = `{"jsonrpc":"2.0","id":__ID__,"method":"tools/call","params":{"name":"${tool}","arguments":${toolArguments}}}`;
  }
  const spec = writeSpec(path.join(out, "profile.spec"), { headers, body });
  const script = path.join(benchDir, "wrk", "mcp.lua");
  await runWrk({ script, port, connections: 32, seconds: 8, scriptArgs: [spec, "200", "structuredContent"], core: 0 });

  const perfData = path.join(out, "perf.data");
  const load = runWrk({ script, port, connections: 32, seconds: seconds + 1, scriptArgs: [spec, "200", "structuredContent"], core: 0 });
  const perf = spawnSync("perf", ["record", "-F", "1999", "-g", "-p", String(app.pid), "-o", perfData, "--", "sleep", String(seconds)], { encoding: "utf8" });
  if (perf.status !== 0) throw new Error(`perf record failed: ${perf.stderr}`);
  const report = await load;
  console.error(`load: ${(report.requests / (report.durationUs / 1e6)).toFixed(0)} req/s, failures ${report.failures}`);
  fs.writeFileSync(path.join(out, "load.json"), JSON.stringify(report));

  const flat = spawnSync("perf", ["report", "-i", perfData, "--no-children", "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", "0.4"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const inclusive = spawnSync("perf", ["report", "-i", perfData, "--children", "--sort", "symbol", "--stdio", "-g", "none", "--percent-limit", "1.5"], { encoding: "utf8", maxBuffer: 1 << 28 });
  fs.writeFileSync(path.join(out, "self.txt"), flat.stdout);
  fs.writeFileSync(path.join(out, "inclusive.txt"), inclusive.stdout);
  console.log(flat.stdout.split("\n").filter(l => l && !l.startsWith("#")).slice(0, 60).join("\n"));
  console.error(`perf data and reports in ${out}`);
} finally {
  await stop(app.child);
  await provider.stop();
}
