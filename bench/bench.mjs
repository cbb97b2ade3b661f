// The benchmark: McpFunctions against bare Kestrel and the official MCP TypeScript SDK server, every contender
// started on loopback and driven with the same load in the same run. Run it through bench/run.sh (which installs
// wrk and the npm tools first); see bench/README.md for what each scenario measures.
//
//   node bench/bench.mjs [--scenarios s1,s2,s3,s4,s5,s6] [--seconds 10] [--warmup 8] [--runs 3] [--connections 32]
//                        [--coldstart-runs 7] [--tools mcp_search,mcp_list] [--contenders mcp,bare,ts,worker,inproc]
//                        [--source <checkout> | --mcp-dir <published McpFunctions>] [--out <dir>] [--quick]
//
// "worker": bench/EmptyWorker behind the local Functions host (tools/LocalFunctionsHost), answering the bare Kestrel
// bytes: the floor for any isolated-worker app behind a Functions host. When the published McpFunctions folder holds
// worker.config.json (McpFunctions is an isolated worker), McpFunctions itself is started behind the same host.
// "inproc": that worker folder also started on its own (`dotnet McpFunctions.dll`), the worker rows' floor.
//
// Cores: every server on core 1, wrk and the helpers (oidc-provider, Azurite, this script) on core 0, so that the
// server under test has one core to itself; wrk's own CPU use is reported to show it is not the bottleneck.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import {
  benchDir, cpuSeconds, freePort, headStatus, hostLikeEnv, httpRequest, machine, memoryMB, publish, repoRoot,
  runWrk, startProcess, stats, stop, tempDir, treeCpuSeconds, treePeakRssMB, writeSpec,
} from "./lib.mjs";
import { startOidcProvider } from "./oidc.mjs";
import { startAzurite } from "./storage.mjs";
import { writeReport } from "./report.mjs";

const SERVER_CORE = 1;
const LOAD_CORE = 0;
const PUBLIC_BASE_URL = "https://mcp.bench.test";
const RESOURCE = `${PUBLIC_BASE_URL}/mcp`;
const SCOPE = "mcp:read mcp:execute";
const LEGACY_VERSION = "2025-06-18";
const MODERN_VERSION = "2026-07-28";
// The tools every contender serves. mcp_search with a query that matches nothing is the cheap tool (a 160-byte
// answer); mcp_list is a realistic one (the 4 KB catalogue, built and serialized per call). S1 runs both; the
// other scenarios the first.
const TOOLS = {
  mcp_search: { arguments: '{"query":"zzzz"}', check: "structuredContent" },
  mcp_list: { arguments: "{}", check: "structuredContent" },
};

// ---------------------------------------------------------------------------------------------- options
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const quick = args.includes("--quick");
const opts = {
  scenarios: new Set((option("--scenarios", "s1,s2,s3,s4,s5,s6")).split(",").map(s => s.trim().toLowerCase())),
  seconds: Number(option("--seconds", quick ? 1 : 10)),
  warmup: Number(option("--warmup", quick ? 1 : 8)),
  runs: Number(option("--runs", quick ? 1 : 3)),
  connections: Number(option("--connections", 32)),
  coldStartRuns: Number(option("--coldstart-runs", quick ? 1 : 7)),
  coldTokens: Number(option("--cold-tokens", quick ? 2 : 20)),
  tools: option("--tools", "mcp_search,mcp_list").split(",").map(t => t.trim()),
  contenders: new Set(option("--contenders", "mcp,bare,ts,worker,inproc").split(",").map(c => c.trim())),
  mcpDir: option("--mcp-dir") ? path.resolve(option("--mcp-dir")) : null,
  source: path.resolve(option("--source", repoRoot)),
  out: path.resolve(option("--out", path.join(benchDir, "results"))),
  quick,
};
for (const tool of opts.tools) {
  if (!TOOLS[tool]) throw new Error(`--tools: unknown tool ${tool} (known: ${Object.keys(TOOLS).join(", ")})`);
}
const TOOL = opts.tools[0];
for (const [name, value] of Object.entries({ seconds: opts.seconds, warmup: opts.warmup, runs: opts.runs, connections: opts.connections })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
const log = message => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---------------------------------------------------------------------------------------------- set-up
const work = tempDir("mcpfunctions-bench-");
const hostCwd = path.join(work, "host-cwd");
fs.mkdirSync(hostCwd);
const running = new Set();
let provider = null;
let azurite = null;

async function cleanup() {
  for (const process_ of running) await stop(process_.child);
  running.clear();
  await provider?.stop();
  await azurite?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => { await cleanup(); process.exit(130); });
}

// The commit measured: given by run.sh for a HEAD export, else the source checkout's (with -dirty for local edits).
const commit = option("--commit")
  ?? (spawnSync("git", ["describe", "--always", "--dirty"], { cwd: opts.source, encoding: "utf8" }).stdout?.trim() || null);
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  commit,
  options: { ...opts, scenarios: [...opts.scenarios], contenders: [...opts.contenders], source: undefined, out: undefined, mcpDir: undefined },
  layout: { serverCore: SERVER_CORE, loadCore: LOAD_CORE },
  scenarios: [],
  coldStart: null,
};

let exitCode = 0;
try {
  const published = {};
  if (opts.mcpDir) published.mcp = opts.mcpDir;
  const workerRows = opts.contenders.has("worker") && (opts.scenarios.has("s1") || opts.scenarios.has("s6"));
  for (const [name, project] of [["mcp", "McpFunctions/McpFunctions.csproj"], ["bare", "bench/BareKestrel/BareKestrel.csproj"], ["empty", "bench/EmptyApp/EmptyApp.csproj"],
    ["emptyworker", "bench/EmptyWorker/EmptyWorker.csproj"], ["localhost", "tools/LocalFunctionsHost/LocalFunctionsHost.csproj"]]) {
    if (published[name] || (name === "empty" && !opts.scenarios.has("s6")) || (name === "bare" && !opts.contenders.has("bare"))) continue;
    if (name === "emptyworker" && !workerRows) continue;
    if (name === "localhost" && !workerRows && !isWorker(published.mcp)) continue;
    log(`publishing ${project} (Release)...`);
    published[name] = path.join(work, name);
    // Only McpFunctions comes from --source; the bench's own apps always from this checkout.
    publish(project, published[name], name === "mcp" ? opts.source : repoRoot);
  }

  const mcpIsWorker = isWorker(published.mcp);
  result.mcpHosting = mcpIsWorker ? "isolated worker behind tools/LocalFunctionsHost" : "custom handler (dotnet McpFunctions.dll)";
  log(`McpFunctions runs as ${result.mcpHosting}`);

  log("starting oidc-provider (core 0)...");
  provider = await startOidcProvider({ resource: RESOURCE, scope: SCOPE, core: LOAD_CORE });
  const jwt = await provider.clientCredentialsToken();

  // ---------------------------------------------------------------------------------- contenders
  const mcpEnv = extra => hostLikeEnv({
    Logging__LogLevel__Default: "Warning",
    Mcp__PublicBaseUrl: PUBLIC_BASE_URL,
    Auth__Mode: "External",
    Auth__Authority: provider.issuer,
    // The bench IdP is plain http on loopback, which the app accepts only when told to.
    Auth__RequireHttpsMetadata: "false",
    ...extra,
  });

  async function startServer(label, { command, args: commandArgs, env, port }) {
    const started = await startProcess({ name: label, command, args: commandArgs, env, cwd: hostCwd, core: SERVER_CORE, ready: async () => (await headStatus(port)) === 200 });
    const server = { ...started, label, port };
    running.add(server);
    return server;
  }

  /**
   * A worker output folder behind the local Functions host, as `func start` would run it: the host process is
   * the one started (pinned; the worker inherits the core), and CPU and memory are counted over both.
   */
  async function startBehindHost(label, appDir, env) {
    const port = await freePort();
    const server = await startServer(label, {
      command: "dotnet",
      args: [path.join(published.localhost, "LocalFunctionsHost.dll"), "--app", appDir, "--port", String(port)],
      env: { ...env, AZURE_FUNCTIONS_ENVIRONMENT: "Production" },
      port,
    });
    server.tree = true;
    return server;
  }

  async function startEmptyWorker(tool = TOOL) {
    return startBehindHost(`Empty worker, local host (${tool})`, published.emptyworker,
      hostLikeEnv({ Logging__LogLevel__Default: "Warning", BENCH_RESPONSE_FILE: referenceFiles[tool] }));
  }

  async function startMcp(label, extra = {}) {
    if (mcpIsWorker) {
      return startBehindHost(label, published.mcp, mcpEnv(extra));
    }
    return startMcpInProcess(label, extra);
  }

  /** McpFunctions on its own Kestrel (no Functions host), also when it is an isolated worker: the worker rows' floor. */
  async function startMcpInProcess(label, extra = {}) {
    const port = await freePort();
    return startServer(label, {
      command: "dotnet",
      args: [path.join(published.mcp, "McpFunctions.dll")],
      env: mcpEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}`, ...extra }),
      port,
    });
  }

  async function startBare(tool = TOOL) {
    const port = await freePort();
    const responseFile = referenceFiles[tool];
    return startServer(`Bare Kestrel (${tool})`, {
      command: "dotnet",
      args: [path.join(published.bare, "BareKestrel.dll")],
      env: hostLikeEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}`, Logging__LogLevel__Default: "Warning", BENCH_RESPONSE_FILE: responseFile }),
      port,
    });
  }

  async function startTs(mode) {
    const port = await freePort();
    const env = { ...process.env, NODE_ENV: "production" };
    delete env.NODE_OPTIONS;
    return startServer(`TS SDK ${mode}`, {
      command: "node",
      args: [path.join(benchDir, "ts-sdk-server.mjs"), "--port", String(port), "--mode", mode, "--results", resultsFile,
        "--issuer", provider.issuer, "--audience", RESOURCE],
      env,
      port,
    });
  }

  async function stopServer(server) {
    if (!server) return;
    await stop(server.child);
    running.delete(server);
  }

  // ---------------------------------------------------------------------------------- MCP requests
  const baseHeaders = token => ({
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });
  const toolCallBody = (id, tool = TOOL) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool}","arguments":${TOOLS[tool].arguments}}}`;
  const modernToolCallBody = (id, tool = TOOL) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool}","arguments":${TOOLS[tool].arguments},`
    + `"_meta":{"io.modelcontextprotocol/protocolVersion":"${MODERN_VERSION}","io.modelcontextprotocol/clientCapabilities":{}}}}`;

  async function legacyHandshake(server, token) {
    const init = await httpRequest({
      port: server.port, headers: baseHeaders(token),
      body: { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: { name: "mcpfunctions-bench", version: "1.0.0" } } },
    });
    const sessionId = init.headers["mcp-session-id"];
    if (init.status !== 200 || !sessionId) throw new Error(`${server.label}: initialize answered ${init.status}: ${init.body}`);
    const initialized = await httpRequest({
      port: server.port, headers: { ...baseHeaders(token), "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": LEGACY_VERSION },
      body: { jsonrpc: "2.0", method: "notifications/initialized" },
    });
    if (initialized.status !== 202) throw new Error(`${server.label}: notifications/initialized answered ${initialized.status}: ${initialized.body}`);
    return sessionId;
  }

  const legacyHeaders = (token, sessionId) => ({ ...baseHeaders(token), "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": LEGACY_VERSION });
  const modernHeaders = (token, tool = TOOL) => ({ ...baseHeaders(token), "MCP-Protocol-Version": MODERN_VERSION, "Mcp-Method": "tools/call", "Mcp-Name": tool });
  const spec = (name, request) => writeSpec(path.join(work, `${name}.spec`), request);
  const mcpScript = path.join(benchDir, "wrk", "mcp.lua");
  const lifecycleScript = path.join(benchDir, "wrk", "lifecycle.lua");

  // ---------------------------------------------------------------------------------- reference answers
  // McpFunctions' own answer to each tool's call: the bytes bare Kestrel sends, the results the TS SDK returns.
  const referenceFiles = {};
  const resultsFile = path.join(work, "results.json");
  result.responseBytes = {};
  {
    const server = await startMcp("McpFunctions (reference)");
    const sessionId = await legacyHandshake(server, jwt);
    const results = {};
    for (const tool of opts.tools) {
      const answer = await httpRequest({ port: server.port, headers: legacyHeaders(jwt, sessionId), body: toolCallBody(1, tool) });
      const message = JSON.parse(answer.body.toString("utf8"));
      if (answer.status !== 200 || !message.result || message.result.isError) throw new Error(`reference ${tool} call answered ${answer.status}: ${answer.body}`);
      referenceFiles[tool] = path.join(work, `response-${tool}.json`);
      fs.writeFileSync(referenceFiles[tool], answer.body);
      results[tool] = message.result;
      result.responseBytes[tool] = answer.body.length;
    }
    fs.writeFileSync(resultsFile, JSON.stringify(results));
    await stopServer(server);
  }

  // ---------------------------------------------------------------------------------- measurement
  /**
   * Warm-up for every contender, then `runs` rounds; in each round every contender gets one measured run, the
   * order rotating between rounds so that drift in machine load hits all of them alike.
   * contender: { label, server, script, scriptArgs, threads, counters?: async () => ({name: number}) }
   */
  async function measure(scenario, contenders) {
    contenders = contenders.filter(c => c.server);
    // Warm-up in two halves with a pause after each: on one core the runtime's tiered compiler only gets to
    // recompile hot code when the load lets it, so a pause lets it finish (measured: without one, .NET runs
    // R2R/tier-0 code several times slower for tens of seconds under continuous load).
    for (const c of contenders) {
      log(`${scenario.id}: warm-up ${c.label} (${opts.warmup} s)`);
      for (const half of [Math.ceil(opts.warmup / 2), Math.max(1, Math.floor(opts.warmup / 2))]) {
        const warm = await runWrk({ script: c.script, port: c.server.port, threads: c.threads ?? 1, connections: opts.connections, seconds: half, scriptArgs: c.scriptArgs, core: LOAD_CORE });
        // A failed answer is fatal; a warm-up half that completed nothing (a first request creating tables and keys on
        // a busy machine can outlast a one-second smoke half) is not: the measured runs must serve requests.
        if (warm.failures > 0) throw new Error(`${scenario.id} ${c.label}: warm-up failed (${warm.failures} failures): ${warm.firstFailure}`);
        await sleep(opts.quick ? 200 : 1500);
      }
    }
    const samples = new Map(contenders.map(c => [c, []]));
    for (let round = 0; round < opts.runs; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + round) % contenders.length];
        const cpuOf = c.server.tree ? treeCpuSeconds : cpuSeconds;
        const before = { cpu: cpuOf(c.server.pid), counters: c.counters ? await c.counters() : {} };
        const report = await runWrk({ script: c.script, port: c.server.port, threads: c.threads ?? 1, connections: opts.connections, seconds: opts.seconds, scriptArgs: c.scriptArgs, core: LOAD_CORE });
        const after = { cpu: cpuOf(c.server.pid), counters: c.counters ? await c.counters() : {} };
        const seconds = report.durationUs / 1e6;
        const ok = report.requests - report.failures;
        const cpu = after.cpu - before.cpu;
        const sample = {
          requestsPerSecond: ok / seconds,
          requests: report.requests,
          failures: report.failures + report.socketErrors.connect + report.socketErrors.read + report.socketErrors.write + report.socketErrors.timeout,
          firstFailure: report.firstFailure,
          p50Ms: report.latencyUs.p50 / 1000,
          p99Ms: report.latencyUs.p99 / 1000,
          serverCpuSeconds: cpu,
          serverCpuPercent: 100 * cpu / seconds,
          cpuUsPerRequest: 1e6 * cpu / Math.max(1, report.requests),
          // What one fully used core would serve at this CPU cost: robust when other load shares the core.
          requestsPerCoreSecond: report.requests / Math.max(1e-9, cpu),
          generatorCpuPercent: 100 * (report.generatorCpuSeconds ?? NaN) / seconds,
          seconds,
        };
        // Per request sent (not completed): requests still in flight when wrk stops were counted by the server too.
        for (const name of Object.keys(after.counters)) {
          sample[`${name}PerRequest`] = (after.counters[name] - (before.counters[name] ?? 0)) / Math.max(1, report.sent ?? report.requests);
        }
        if (report.lifetimes !== undefined) sample.lifetimesPerSecond = report.lifetimes / seconds;
        samples.get(c).push(sample);
        log(`${scenario.id} round ${round + 1}/${opts.runs} ${c.label}: ${sample.requestsPerSecond.toFixed(0)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, p99 ${sample.p99Ms.toFixed(2)} ms, `
          + `server ${sample.serverCpuPercent.toFixed(0)}% CPU, wrk ${sample.generatorCpuPercent.toFixed(0)}% CPU, failures ${sample.failures}`);
        if (sample.failures > 0) exitCode = 1;
      }
    }
    scenario.contenders = contenders.map(c => {
      const runs = samples.get(c);
      const summary = {};
      for (const key of Object.keys(runs[0])) {
        if (typeof runs[0][key] === "number") summary[key] = stats(runs.map(r => r[key]));
      }
      summary.failures = runs.reduce((n, r) => n + r.failures, 0);
      summary.firstFailure = runs.find(r => r.firstFailure)?.firstFailure ?? null;
      summary.peakRssMB = c.server.tree ? treePeakRssMB(c.server.pid) : memoryMB(c.server.pid).peakRssMB;
      return { label: c.label, kind: c.kind, runs, summary };
    });
    result.scenarios.push(scenario);
    return scenario;
  }

  // ---------------------------------------------------------------------------------- S1
  if (opts.scenarios.has("s1")) {
    for (const [i, tool] of opts.tools.entries()) {
      const id = i === 0 ? "S1" : `S1${String.fromCharCode(97 + i)}`;
      const scenario = { id, tool, title: `tools/call ${tool} (${result.responseBytes[tool]}-byte answer) on one warm legacy session, in-memory store, JWT validated (JWKS), ${opts.connections} connections` };
      const mcp = await startMcp(mcpIsWorker ? "McpFunctions worker, local host" : "McpFunctions");
      const bare = opts.contenders.has("bare") ? await startBare(tool) : null;
      const ts = opts.contenders.has("ts") ? await startTs("stateful") : null;
      const emptyWorker = opts.contenders.has("worker") ? await startEmptyWorker(tool) : null;
      // The same published worker started on its own: what the host hop costs McpFunctions per request.
      const inProcess = mcpIsWorker && opts.contenders.has("inproc") ? await startMcpInProcess("McpFunctions in process") : null;
      const mcpSession = await legacyHandshake(mcp, jwt);
      const tsSession = ts ? await legacyHandshake(ts, jwt) : null;
      const inProcessSession = inProcess ? await legacyHandshake(inProcess, jwt) : null;
      const check = TOOLS[tool].check;
      await measure(scenario, [
        { label: mcpIsWorker ? "McpFunctions worker, local host" : "McpFunctions", kind: "mcp", server: mcp, script: mcpScript, scriptArgs: [spec(`${id}-mcp`, { headers: legacyHeaders(jwt, mcpSession), body: toolCallBody("__ID__", tool) }), "200", check] },
        { label: "McpFunctions in process", kind: "mcp-inproc", server: inProcess, script: mcpScript, scriptArgs: [spec(`${id}-mcpinproc`, { headers: legacyHeaders(jwt, inProcessSession), body: toolCallBody("__ID__", tool) }), "200", check] },
        { label: "Bare Kestrel", kind: "bare", server: bare, script: mcpScript, scriptArgs: [spec(`${id}-bare`, { headers: legacyHeaders(jwt, mcpSession), body: toolCallBody("__ID__", tool) }), "200", check] },
        { label: "Empty worker, local host (bare bytes)", kind: "empty-worker", server: emptyWorker, script: mcpScript, scriptArgs: [spec(`${id}-emptyworker`, { headers: legacyHeaders(jwt, mcpSession), body: toolCallBody("__ID__", tool) }), "200", check] },
        { label: "TS SDK stateful", kind: "ts", server: ts, script: mcpScript, scriptArgs: [spec(`${id}-ts`, { headers: legacyHeaders(jwt, tsSession), body: toolCallBody("__ID__", tool) }), "200", check] },
      ]);
      for (const server of [mcp, inProcess, bare, emptyWorker, ts]) await stopServer(server);
    }
  }

  // ---------------------------------------------------------------------------------- S2 (+ S3's storage count)
  if (opts.scenarios.has("s2")) {
    log("starting Azurite (core 0) behind a counting proxy...");
    azurite = await startAzurite({ core: LOAD_CORE });
    const scenario = { id: "S2", tool: TOOL, title: `tools/call ${TOOL} with sessions in Table Storage (Azurite behind a counting proxy), against the in-memory store in the same run` };
    const table = await startMcp("McpFunctions (Table Storage)", { AzureWebJobsStorage: azurite.connectionString });
    const memory = await startMcp("McpFunctions (in-memory)");
    const tableSession = await legacyHandshake(table, jwt);
    const memorySession = await legacyHandshake(memory, jwt);
    const storage = async () => ({ storageRequests: azurite.counts().total });
    await measure(scenario, [
      { label: "McpFunctions, Table Storage", kind: "mcp-table", server: table, script: mcpScript, counters: storage, scriptArgs: [spec("s2-table", { headers: legacyHeaders(jwt, tableSession), body: toolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "McpFunctions, Table Storage, 2026-07-28 stateless", kind: "mcp-table-modern", server: table, script: mcpScript, counters: storage, scriptArgs: [spec("s2-modern", { headers: modernHeaders(jwt), body: modernToolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "McpFunctions, in-memory", kind: "mcp", server: memory, script: mcpScript, scriptArgs: [spec("s2-memory", { headers: legacyHeaders(jwt, memorySession), body: toolCallBody("__ID__") }), "200", "structuredContent"] },
    ]);
    scenario.storageRequestsByMethod = azurite.counts().byMethod;
    for (const server of [table, memory]) await stopServer(server);
  }

  // ---------------------------------------------------------------------------------- S3
  if (opts.scenarios.has("s3")) {
    const scenario = { id: "S3", tool: TOOL, title: `tools/call ${TOOL} as a ${MODERN_VERSION} stateless request (no session), against a legacy session on the same process` };
    const mcp = await startMcp("McpFunctions");
    const bare = opts.contenders.has("bare") ? await startBare() : null;
    const ts = opts.contenders.has("ts") ? await startTs("stateless") : null;
    const mcpSession = await legacyHandshake(mcp, jwt);
    await measure(scenario, [
      { label: `McpFunctions ${MODERN_VERSION} stateless`, kind: "mcp-modern", server: mcp, script: mcpScript, scriptArgs: [spec("s3-mcp", { headers: modernHeaders(jwt), body: modernToolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "McpFunctions legacy session", kind: "mcp", server: mcp, script: mcpScript, scriptArgs: [spec("s3-mcp-legacy", { headers: legacyHeaders(jwt, mcpSession), body: toolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "Bare Kestrel", kind: "bare", server: bare, script: mcpScript, scriptArgs: [spec("s3-bare", { headers: modernHeaders(jwt), body: modernToolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "TS SDK stateless", kind: "ts", server: ts, script: mcpScript, scriptArgs: [spec("s3-ts", { headers: { ...baseHeaders(jwt), "MCP-Protocol-Version": LEGACY_VERSION }, body: toolCallBody("__ID__") }), "200", "structuredContent"] },
    ]);
    for (const server of [mcp, bare, ts]) await stopServer(server);
  }

  // ---------------------------------------------------------------------------------- S4
  if (opts.scenarios.has("s4")) {
    const scenario = { id: "S4", tool: TOOL, title: `full client lifetime per virtual user: initialize → initialized → 5 × tools/call ${TOOL} → DELETE (${opts.connections} users, one connection each)` };
    const mcp = await startMcp("McpFunctions");
    const ts = opts.contenders.has("ts") ? await startTs("stateful") : null;
    const lifecycleSpec = spec("s4", { headers: baseHeaders(jwt), body: "" });
    const lifecycleArgs = [lifecycleSpec, TOOL, TOOLS[TOOL].arguments];
    await measure(scenario, [
      { label: "McpFunctions", kind: "mcp", server: mcp, script: lifecycleScript, threads: opts.connections, scriptArgs: lifecycleArgs },
      { label: "TS SDK stateful", kind: "ts", server: ts, script: lifecycleScript, threads: opts.connections, scriptArgs: lifecycleArgs },
    ]);
    for (const server of [mcp, ts]) await stopServer(server);
  }

  // ---------------------------------------------------------------------------------- S5
  if (opts.scenarios.has("s5")) {
    const scenario = { id: "S5", tool: TOOL, title: `tools/call ${TOOL} with opaque tokens validated at the IdP's userinfo endpoint (oidc-provider /me), result cache on (warm) and off` };
    const userinfoEnv = { Auth__Userinfo__Enabled: "true" };
    const warm = await startMcp("McpFunctions userinfo", userinfoEnv);
    const off = await startMcp("McpFunctions userinfo, cache off", { ...userinfoEnv, Auth__TokenCacheDuration: "00:00:00" });
    log("S5: getting opaque tokens (authorization code flow)...");
    const token = await provider.opaqueUserToken("bench-user");
    const warmSession = await legacyHandshake(warm, token);
    const offSession = await legacyHandshake(off, token);
    const userinfo = async () => ({ userinfoCalls: (await provider.requestCounts())["/me"] ?? 0 });
    await measure(scenario, [
      { label: "McpFunctions userinfo, cache warm", kind: "mcp-userinfo", server: warm, script: mcpScript, counters: userinfo, scriptArgs: [spec("s5-warm", { headers: legacyHeaders(token, warmSession), body: toolCallBody("__ID__") }), "200", "structuredContent"] },
      { label: "McpFunctions userinfo, cache off", kind: "mcp-userinfo-off", server: off, script: mcpScript, counters: userinfo, scriptArgs: [spec("s5-off", { headers: legacyHeaders(token, offSession), body: toolCallBody("__ID__") }), "200", "structuredContent"] },
    ]);

    // Cold: each fresh token's first use is a burst of concurrent requests; the cache's single flight must
    // make that one userinfo call, and every later request with the token none.
    const burst = 8;
    const tokens = [];
    for (let i = 0; i < opts.coldTokens; i++) tokens.push(await provider.opaqueUserToken("bench-user"));
    const latencies = [];
    const before = (await provider.requestCounts())["/me"] ?? 0;
    let coldFailures = 0;
    for (const fresh of tokens) {
      const answers = await Promise.all(Array.from({ length: burst }, async (_, i) => {
        const t0 = performance.now();
        const answer = await httpRequest({ port: warm.port, headers: legacyHeaders(fresh, warmSession), body: toolCallBody(i + 1) });
        latencies.push(performance.now() - t0);
        return answer;
      }));
      coldFailures += answers.filter(a => a.status !== 200).length;
      // The same token again, now cached.
      const again = await httpRequest({ port: warm.port, headers: legacyHeaders(fresh, warmSession), body: toolCallBody(99) });
      if (again.status !== 200) coldFailures++;
    }
    const userinfoCalls = ((await provider.requestCounts())["/me"] ?? 0) - before;
    latencies.sort((a, b) => a - b);
    scenario.cold = {
      tokens: tokens.length,
      requestsPerToken: burst + 1,
      userinfoCalls,
      userinfoCallsPerToken: userinfoCalls / tokens.length,
      burstLatencyMs: { p50: latencies[Math.floor(latencies.length * 0.5)], max: latencies[latencies.length - 1] },
      failures: coldFailures,
    };
    if (coldFailures > 0) exitCode = 1;
    log(`S5 cold: ${tokens.length} tokens × ${burst + 1} requests → ${userinfoCalls} userinfo calls; burst p50 ${scenario.cold.burstLatencyMs.p50.toFixed(1)} ms`);
    for (const server of [warm, off]) await stopServer(server);
  }

  // ---------------------------------------------------------------------------------- S6
  if (opts.scenarios.has("s6")) {
    result.coldStart = await coldStart(published, { runs: opts.coldStartRuns, mcpIsWorker, withEmptyWorker: opts.contenders.has("worker"), withInProcess: mcpIsWorker && opts.contenders.has("inproc") });
  }
} catch (error) {
  console.error(error?.stack ?? error);
  exitCode = 2;
} finally {
  result.finishedAt = new Date().toISOString();
  if (result.scenarios.length > 0 || result.coldStart) {
    const files = writeReport(result, opts.out);
    log(`wrote ${files.join(", ")}`);
  }
  await cleanup();
}
process.exit(exitCode);

// ---------------------------------------------------------------------------------------------- cold start
/**
 * Process start to the first 200 on HEAD /, McpFunctions against the empty ASP.NET Core app, both from their
 * published output, started on their own on Kestrel (`dotnet X.dll`, a working directory that is not the app's,
 * ASPNETCORE_URLS, no environment name: McpFunctions' in-process path, no Functions host), pinned to the server core. Runs alternate;
 * one discarded run of each first (files in the OS cache: this measures process start, not a cold disk).
 * For McpFunctions also the time to the first tools/call answered (initialize → initialized → tools/call).
 */
async function coldStart(published, { runs, mcpIsWorker, withEmptyWorker, withInProcess }) {
  // Behind the local host: the host's DLL is what starts, `--app` the worker folder; HEAD / waits in the host until
  // the worker's functions are loaded, so the first 200 is the worker's. CPU is host + worker.
  const behindHost = (port, appDir) => ({
    port, dll: path.join(published.localhost, "LocalFunctionsHost.dll"), args: ["--app", appDir, "--port", String(port)], tree: true,
  });
  const apps = {
    McpFunctions: async () => {
      const port = await freePort();
      if (mcpIsWorker) {
        return { ...behindHost(port, published.mcp), env: hostLikeEnv({ AZURE_FUNCTIONS_ENVIRONMENT: "Production", Auth__AllowDisabledOutsideDevelopment: "true" }) };
      }
      return {
        port, dll: path.join(published.mcp, "McpFunctions.dll"),
        env: hostLikeEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}`, Auth__AllowDisabledOutsideDevelopment: "true" }),
      };
    },
    EmptyApp: async () => {
      const port = await freePort();
      return { port, dll: path.join(published.empty, "EmptyApp.dll"), env: hostLikeEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}` }) };
    },
  };
  if (withEmptyWorker) {
    apps.EmptyWorker = async () => {
      const port = await freePort();
      return { ...behindHost(port, published.emptyworker), env: hostLikeEnv({ AZURE_FUNCTIONS_ENVIRONMENT: "Production", Logging__LogLevel__Default: "Warning" }) };
    };
  }
  if (withInProcess) {
    // The worker's own folder started without a host: its functions on Kestrel, as `dotnet McpFunctions.dll` runs.
    apps["McpFunctions in process"] = async () => {
      const port = await freePort();
      return {
        port, dll: path.join(published.mcp, "McpFunctions.dll"),
        env: hostLikeEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}`, Auth__AllowDisabledOutsideDevelopment: "true" }),
      };
    };
  }
  async function once(name) {
    const app = await apps[name]();
    const started = await startProcess({ name, command: "dotnet", args: [app.dll, ...(app.args ?? [])], env: app.env, cwd: hostCwd, core: SERVER_CORE, ready: async () => (await headStatus(app.port)) === 200, timeoutMs: 60_000 });
    const sample = { readyMs: started.readyMs, cpuMsAtReady: app.tree ? 1000 * treeCpuSeconds(started.pid) : started.cpuMsAtReady };
    if (name === "McpFunctions") {
      const t0 = performance.now();
      const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
      const init = await httpRequest({ port: app.port, headers, body: { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: { name: "bench", version: "1" } } } });
      const sessionHeaders = { ...headers, "Mcp-Session-Id": init.headers["mcp-session-id"], "MCP-Protocol-Version": LEGACY_VERSION };
      await httpRequest({ port: app.port, headers: sessionHeaders, body: { jsonrpc: "2.0", method: "notifications/initialized" } });
      const call = await httpRequest({ port: app.port, headers: sessionHeaders, body: toolCallBodyStatic() });
      sample.cpuMsAtFirstToolCall = 1000 * (app.tree ? treeCpuSeconds(started.pid) : cpuSeconds(started.pid));
      if (call.status !== 200) throw new Error(`cold start: first tools/call answered ${call.status}: ${call.body}`);
      sample.firstToolCallMs = started.readyMs + (performance.now() - t0);
    }
    sample.peakRssMB = app.tree ? treePeakRssMB(started.pid) : memoryMB(started.pid).peakRssMB;
    await stop(started.child);
    return sample;
  }
  const samples = Object.fromEntries(Object.keys(apps).map(name => [name, []]));
  for (const name of Object.keys(apps)) await once(name);
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(apps)) {
      const sample = await once(name);
      samples[name].push(sample);
      log(`S6 run ${i + 1}/${runs} ${name}: ready ${sample.readyMs.toFixed(0)} ms${sample.firstToolCallMs ? `, first tools/call ${sample.firstToolCallMs.toFixed(0)} ms` : ""}`);
    }
  }
  const summary = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, {
    readyMs: stats(list.map(s => s.readyMs)),
    cpuMsAtReady: stats(list.map(s => s.cpuMsAtReady)),
    firstToolCallMs: name === "McpFunctions" ? stats(list.map(s => s.firstToolCallMs)) : undefined,
    cpuMsAtFirstToolCall: name === "McpFunctions" ? stats(list.map(s => s.cpuMsAtFirstToolCall)) : undefined,
    peakRssMB: stats(list.map(s => s.peakRssMB)),
  }]));
  return {
    runs, samples, summary, mcpIsWorker,
    ratio: summary.McpFunctions.readyMs.median / summary.EmptyApp.readyMs.median,
    cpuRatio: summary.McpFunctions.cpuMsAtReady.median / summary.EmptyApp.cpuMsAtReady.median,
    // The same handlers without a Functions host, against the plain empty app: the issue-7 target's like for like.
    inProcessRatio: summary["McpFunctions in process"] ? summary["McpFunctions in process"].readyMs.median / summary.EmptyApp.readyMs.median : undefined,
    // The host hop's cost at start: the empty worker behind the local host against the plain empty app.
    emptyWorkerRatio: summary.EmptyWorker ? summary.EmptyWorker.readyMs.median / summary.EmptyApp.readyMs.median : undefined,
    // McpFunctions as a worker against the empty worker behind the same host (issue 13: within 1.3×).
    workerRatio: mcpIsWorker && summary.EmptyWorker ? summary.McpFunctions.readyMs.median / summary.EmptyWorker.readyMs.median : undefined,
  };
}

/** A published folder is an isolated worker when it carries the worker's start-up description. */
function isWorker(folder) {
  return Boolean(folder) && fs.existsSync(path.join(folder, "worker.config.json"));
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function toolCallBodyStatic() {
  const tool = opts.tools[0];
  return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${tool}","arguments":${TOOLS[tool].arguments}}}`;
}
