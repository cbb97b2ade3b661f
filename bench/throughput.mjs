// tools/call throughput on one warm legacy session of the published McpFunctions (in-memory session
// store, auth disabled, started like the Functions host): a fixed number of requests in flight over
// keep-alive connections for a fixed time, several runs, median. Every response is checked (HTTP 200 and a
// JSON-RPC result without isError); failures are counted and make the script exit non-zero.
// The load generator runs on the same machine and competes with the app for CPU.
//
// Usage: node bench/throughput.mjs [--concurrency 32] [--seconds 5] [--runs 3] [--tool mcp_list]
//                                  [--source <checkout>] [--mcp-dir <published>] [--json]
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { freePort, hostLikeEnv, machine, publish, startAndWaitReady, stats, stop, tempDir } from "./lib.mjs";

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const concurrency = Number(option("--concurrency") ?? 32);
const seconds = Number(option("--seconds") ?? 5);
const runs = Number(option("--runs") ?? 3);
const tool = option("--tool") ?? "mcp_list";
const protocolVersion = "2025-06-18";

const work = tempDir("mcpfunctions-throughput-");
const cwd = path.join(work, "host-cwd");
fs.mkdirSync(cwd);
let mcpDir = option("--mcp-dir");
if (!mcpDir) {
  mcpDir = path.join(work, "mcp");
  console.error("publishing McpFunctions...");
  publish("McpFunctions/McpFunctions.csproj", mcpDir, option("--source"));
}

const port = await freePort();
const { child } = await startAndWaitReady({
  dll: path.join(mcpDir, "McpFunctions.dll"),
  port,
  env: hostLikeEnv({ FUNCTIONS_CUSTOMHANDLER_PORT: String(port), Auth__AllowDisabledOutsideDevelopment: "true" }),
  cwd,
});

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(body, sessionId) {
  const payload = Buffer.from(JSON.stringify(body));
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "content-length": payload.length,
  };
  if (sessionId) {
    headers["mcp-session-id"] = sessionId;
    headers["mcp-protocol-version"] = protocolVersion;
  }
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path: "/mcp", method: "POST", headers, agent, timeout: 10_000 }, response => {
      const chunks = [];
      response.on("data", c => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.once("timeout", () => request.destroy(new Error("request timed out")));
    request.once("error", reject);
    request.end(payload);
  });
}

async function handshake() {
  const init = await post({
    jsonrpc: "2.0", id: 0, method: "initialize",
    params: { protocolVersion, capabilities: {}, clientInfo: { name: "mcpfunctions-bench", version: "1.0.0" } },
  });
  const sessionId = init.headers["mcp-session-id"];
  if (init.status !== 200 || !sessionId) {
    throw new Error(`initialize answered ${init.status}: ${init.body}`);
  }
  const initialized = await post({ jsonrpc: "2.0", method: "notifications/initialized" }, sessionId);
  if (initialized.status !== 202) {
    throw new Error(`notifications/initialized answered ${initialized.status}: ${initialized.body}`);
  }
  return sessionId;
}

let nextId = 1;
async function callOnce(sessionId) {
  const response = await post({ jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name: tool, arguments: {} } }, sessionId);
  if (response.status === 200) {
    const message = JSON.parse(response.body);
    if (message.result !== undefined && message.result.isError !== true) {
      return null;
    }
  }
  return `HTTP ${response.status}: ${response.body.slice(0, 300)}`;
}

async function run(sessionId, durationMs) {
  const latencies = [];
  let ok = 0;
  let failed = 0;
  let firstFailure = null;
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker() {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const failure = await callOnce(sessionId);
        if (failure === null) {
          ok++;
          latencies.push(performance.now() - t0);
        } else {
          failed++;
          firstFailure ??= failure;
        }
      } catch (error) {
        failed++;
        firstFailure ??= String(error);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  return { requestsPerSecond: ok / elapsed, ok, failed, firstFailure, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

let exitCode = 0;
try {
  const sessionId = await handshake();
  // Tiered JIT needs a few seconds of load before the code it settles on is running.
  await run(sessionId, 3000);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await run(sessionId, seconds * 1000);
    results.push(r);
    console.error(`run ${i + 1}/${runs}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, failed ${r.failed}`);
  }
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const summary = {
    machine: machine(),
    tool, concurrency, seconds, runs,
    requestsPerSecond: stats(results.map(r => r.requestsPerSecond)),
    p50Ms: stats(results.map(r => r.p50Ms)),
    p99Ms: stats(results.map(r => r.p99Ms)),
    failed,
    firstFailure: results.find(r => r.firstFailure)?.firstFailure ?? null,
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const rps = summary.requestsPerSecond;
    console.log(`tools/call ${tool} on one session, ${concurrency} in flight, ${seconds} s x ${runs} (${summary.machine.cpus} CPU, ${summary.machine.model})`);
    console.log(`req/s median ${rps.median.toFixed(0)}   min ${rps.min.toFixed(0)}   max ${rps.max.toFixed(0)}   latency p50 ${summary.p50Ms.median.toFixed(1)} ms, p99 ${summary.p99Ms.median.toFixed(1)} ms (medians of runs)   failed ${failed}`);
  }
  if (failed > 0) {
    console.error(`failed requests: ${failed}; first: ${summary.firstFailure}`);
    exitCode = 1;
  }
} finally {
  agent.destroy();
  await stop(child);
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
