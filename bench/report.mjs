// Writes the bench's results as JSON and as the Markdown tables the README shows, with the issue's targets.
import fs from "node:fs";
import path from "node:path";

const fmt = (value, digits = 0) => Number.isFinite(value) ? value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–";
const range = (s, digits = 0) => s ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : "–";

function contender(result, id, kind) {
  return result.scenarios.find(s => s.id === id)?.contenders.find(c => c.kind === kind);
}

/** The issue's targets, each a ratio or count from this run; null where the scenario did not run. */
export function targets(result) {
  const rows = [];
  const add = (target, value, display, met) => rows.push({ target, value, display, met });
  const median = (id, kind, key = "requestsPerSecond") => contender(result, id, kind)?.summary[key]?.median;

  for (const s1 of result.scenarios.filter(s => /^S1/.test(s.id))) {
    const id = s1.id, tool = s1.tool;
    const mcp = median(id, "mcp"), ts = median(id, "ts"), bare = median(id, "bare");
    const cap = kind => median(id, kind, "requestsPerCoreSecond");
    // The issue-7 targets are about the handlers, which TS SDK and bare Kestrel serve without a Functions host: when
    // the worker's folder also ran in process, they are measured on that row (the worker rows have their own targets).
    const handlerKind = median(id, "mcp-inproc") ? "mcp-inproc" : "mcp";
    const handler = median(id, handlerKind), p99 = median(id, handlerKind, "p99Ms");
    const which = handlerKind === "mcp-inproc" ? ", in process" : "";
    add(`${id} (${tool}${which}) req/s ≥ 3× TS SDK stateful`, handler / ts, `${fmt(handler / ts, 2)}× (per CPU-second ${fmt(cap(handlerKind) / cap("ts"), 2)}×)`, handler / ts >= 3);
    add(`${id} (${tool}${which}) req/s ≥ 50% of bare Kestrel`, handler / bare, `${fmt(100 * handler / bare, 0)}% (per CPU-second ${fmt(100 * cap(handlerKind) / cap("bare"), 0)}%)`, handler / bare >= 0.5);
    add(`${id} (${tool}${which}) p99 < 10 ms at ${result.options.connections} connections`, p99, `${fmt(p99, 2)} ms`, p99 < 10);
    const emptyWorker = median(id, "empty-worker");
    if (emptyWorker && result.mcpHosting?.startsWith("isolated worker")) {
      add(`${id} (${tool}) worker req/s ≥ 80% of the empty worker (issue 13)`, mcp / emptyWorker,
        `${fmt(100 * mcp / emptyWorker, 0)}% (per CPU-second ${fmt(100 * cap("mcp") / cap("empty-worker"), 0)}%)`, mcp / emptyWorker >= 0.8);
    }
    const inProcess = median(id, "mcp-inproc");
    if (inProcess && result.mcpHosting?.startsWith("isolated worker")) {
      // Not a target: what the host hop (gRPC invocation + forwarded HTTP request, host + worker CPU) adds per request.
      const overhead = median(id, "mcp", "cpuUsPerRequest") - median(id, "mcp-inproc", "cpuUsPerRequest");
      rows.push({ target: `${id} (${tool}) worker behind the local host against McpFunctions in process (information)`, value: mcp / inProcess,
        display: `${fmt(100 * mcp / inProcess, 0)}% of its req/s; +${fmt(overhead, 0)} µs CPU per request`, met: null });
    }
  }
  if (result.scenarios.some(s => s.id === "S2")) {
    const perCall = median("S2", "mcp-table", "storageRequestsPerRequest");
    const table = median("S2", "mcp-table"), memory = median("S2", "mcp");
    const capTable = median("S2", "mcp-table", "requestsPerCoreSecond"), capMemory = median("S2", "mcp", "requestsPerCoreSecond");
    add("S2 ≤ 1 storage request per tools/call", perCall, fmt(perCall, 3), perCall <= 1);
    add("S2 req/s ≥ half of S1 (in-memory, same run)", table / memory, `${fmt(100 * table / memory, 0)}% (per CPU-second ${fmt(100 * capTable / capMemory, 0)}%)`, table / memory >= 0.5);
    const modern = median("S2", "mcp-table-modern", "storageRequestsPerRequest");
    add("S3 no storage request (2026-07-28 on Table Storage)", modern, fmt(modern, 3), modern === 0);
  }
  if (result.scenarios.some(s => s.id === "S3")) {
    const modern = median("S3", "mcp-modern"), legacy = median("S3", "mcp");
    const capModern = median("S3", "mcp-modern", "requestsPerCoreSecond"), capLegacy = median("S3", "mcp", "requestsPerCoreSecond");
    add("S3 req/s ≥ S1 (legacy session, same process, same run)", modern / legacy, `${fmt(modern / legacy, 2)}× (per CPU-second ${fmt(capModern / capLegacy, 2)}×)`, modern / legacy >= 1);
  }
  const s5 = result.scenarios.find(s => s.id === "S5");
  if (s5) {
    const warm = median("S5", "mcp-userinfo", "userinfoCallsPerRequest");
    add("S5 warm: no userinfo call per request once the token is cached", warm, fmt(warm, 4), warm === 0);
    if (s5.cold) {
      add("S5 cold: one userinfo call per token (burst + reuse)", s5.cold.userinfoCallsPerToken, fmt(s5.cold.userinfoCallsPerToken, 2), s5.cold.userinfoCallsPerToken === 1);
    }
  }
  if (result.coldStart) {
    // Like the S1 targets: when the worker's folder also ran in process, the issue-7 target reads that row (a worker
    // behind a host is compared with the empty worker below).
    const inProcess = result.coldStart.inProcessRatio;
    if (inProcess !== undefined) {
      add("S6 cold start, in process, ≤ 1.3× the empty app (medians)", inProcess, `${fmt(inProcess, 2)}×`, inProcess <= 1.3);
    } else {
      add("S6 cold start ≤ 1.3× the empty app (medians)", result.coldStart.ratio, `${fmt(result.coldStart.ratio, 2)}× (CPU to ready ${fmt(result.coldStart.cpuRatio, 2)}×)`, result.coldStart.ratio <= 1.3);
    }
    if (result.coldStart.workerRatio !== undefined) {
      add("S6 worker cold start ≤ 1.3× the empty worker, both behind the local host (issue 13)", result.coldStart.workerRatio, `${fmt(result.coldStart.workerRatio, 2)}×`, result.coldStart.workerRatio <= 1.3);
    }
  }
  // The issue-7 memory target is the app's own process: the in-process row when there is one; the worker rows carry
  // the local host's process too, shown for information.
  const mcpRows = result.scenarios.flatMap(s => s.contenders.filter(c => c.kind.startsWith("mcp")));
  const inProcessRows = mcpRows.filter(c => c.kind === "mcp-inproc");
  const peaks = (inProcessRows.length > 0 ? inProcessRows : mcpRows).map(c => c.summary.peakRssMB);
  if (peaks.length > 0) {
    const peak = Math.max(...peaks);
    add(`McpFunctions${inProcessRows.length > 0 ? " (in process)" : ""} peak memory under load < 200 MB`, peak, `${fmt(peak, 0)} MB`, peak < 200);
  }
  if (inProcessRows.length > 0) {
    const workerPeak = Math.max(...mcpRows.filter(c => c.kind === "mcp").map(c => c.summary.peakRssMB));
    rows.push({ target: "McpFunctions worker + local host peak memory under load (information)", value: workerPeak, display: `${fmt(workerPeak, 0)} MB`, met: null });
  }
  return rows;
}

export function markdown(result) {
  const m = result.machine;
  const lines = [];
  lines.push(`Benchmark of ${result.date.slice(0, 10)} (commit ${result.commit ?? "?"}): ${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, ${m.os}; .NET SDK ${m.dotnet}, Node ${m.node}, ${m.wrk}.`);
  lines.push(`Load average at start: ${m.loadAverageAtStart.join(", ")}. Servers pinned to core ${result.layout.serverCore}; wrk, oidc-provider, Azurite and the harness to core ${result.layout.loadCore}.`);
  lines.push(`Each cell: median of ${result.options.runs} runs of ${result.options.seconds} s (min–max) after ${result.options.warmup} s of warm-up per contender; contenders alternate within each round. `
    + `Latency by wrk (${result.options.connections} connections, keep-alive). CPU: the server process's user+system time per run, from /proc; `
    + `"req per CPU-s" is requests served per second of server CPU, the throughput one whole core would give, which holds when other work shares the machine. `
    + `McpFunctions runs from \`dotnet publish -c Release\` as the Functions host starts it, with \`Logging__LogLevel__Default=Warning\` (no per-request console lines).`);
  lines.push("");
  for (const scenario of result.scenarios) {
    lines.push(`### ${scenario.id}: ${scenario.title}`);
    lines.push("");
    const extraKeys = [...new Set(scenario.contenders.flatMap(c => Object.keys(c.summary).filter(k => k.endsWith("PerRequest") && k !== "cpuUsPerRequest" && k !== "sentPerRequest")))];
    const hasLifetimes = scenario.contenders.some(c => c.summary.lifetimesPerSecond);
    const header = ["contender", "req/s", "p50 ms", "p99 ms", "server CPU %", "CPU µs/req", "req per CPU-s", "peak RSS MB", "wrk CPU %"];
    if (hasLifetimes) header.splice(2, 0, "lifetimes/s");
    header.push(...extraKeys.map(k => k.replace(/PerRequest$/, "") + " / req"), "failures");
    lines.push(`| ${header.join(" | ")} |`);
    lines.push(`|${header.map((_, i) => i === 0 ? "---" : "---:").join("|")}|`);
    for (const c of scenario.contenders) {
      const s = c.summary;
      const cells = [c.label, range(s.requestsPerSecond), range(s.p50Ms, 2), range(s.p99Ms, 2), fmt(s.serverCpuPercent?.median), fmt(s.cpuUsPerRequest?.median, 1), fmt(s.requestsPerCoreSecond?.median), fmt(s.peakRssMB), fmt(s.generatorCpuPercent?.median)];
      if (hasLifetimes) cells.splice(2, 0, range(s.lifetimesPerSecond));
      cells.push(...extraKeys.map(k => s[k] ? fmt(s[k].median, 3) : "–"), String(s.failures));
      lines.push(`| ${cells.join(" | ")} |`);
    }
    if (scenario.storageRequestsByMethod) {
      lines.push("");
      lines.push(`Storage requests by method over the whole scenario (warm-up, handshakes and table creation included): ${Object.entries(scenario.storageRequestsByMethod).map(([k, v]) => `${k} ${v}`).join(", ")}.`);
    }
    if (scenario.cold) {
      const cold = scenario.cold;
      lines.push("");
      lines.push(`Cold tokens: ${cold.tokens} fresh tokens, each first used by ${cold.requestsPerToken - 1} concurrent tools/call requests and once more afterwards: `
        + `${cold.userinfoCalls} userinfo calls (${fmt(cold.userinfoCallsPerToken, 2)} per token); latency of the first-use requests p50 ${fmt(cold.burstLatencyMs.p50, 1)} ms, max ${fmt(cold.burstLatencyMs.max, 1)} ms; failures ${cold.failures}.`);
    }
    lines.push("");
  }
  if (result.coldStart) {
    const cs = result.coldStart;
    lines.push(`### S6: cold start, process spawn → first HEAD / 200 (${cs.runs} alternating runs after one discarded run each, pinned to core ${result.layout.serverCore})`);
    lines.push("");
    lines.push("| app | ready ms | CPU ms at ready | first tools/call ms | CPU ms at first tools/call | peak RSS MB |");
    lines.push("|---|---:|---:|---:|---:|---:|");
    for (const [name, s] of Object.entries(cs.summary)) {
      lines.push(`| ${name} | ${range(s.readyMs)} | ${range(s.cpuMsAtReady)} | ${s.firstToolCallMs ? range(s.firstToolCallMs) : "–"} | ${s.cpuMsAtFirstToolCall ? range(s.cpuMsAtFirstToolCall) : "–"} | ${fmt(s.peakRssMB.median)} |`);
    }
    lines.push("");
    lines.push(`Ratio McpFunctions / EmptyApp (medians): ${fmt(cs.ratio, 2)} wall clock, ${fmt(cs.cpuRatio, 2)} CPU time (10 ms clock ticks). `
      + "First tools/call: initialize → notifications/initialized → tools/call right after the first 200, timed from spawn.");
    if (cs.emptyWorkerRatio !== undefined) {
      lines.push(`EmptyWorker is bench/EmptyWorker behind tools/LocalFunctionsHost (spawn of the host → first 200 from the worker; CPU and memory of host + worker): `
        + `${fmt(cs.emptyWorkerRatio, 2)}× the plain EmptyApp${cs.workerRatio !== undefined ? `; McpFunctions (worker, same host) / EmptyWorker ${fmt(cs.workerRatio, 2)}×` : ""}.`);
    }
    lines.push("");
  }
  const rows = targets(result);
  if (rows.length > 0) {
    lines.push("### Targets (issue 7), each from this run");
    lines.push("");
    lines.push("| target | measured | met |");
    lines.push("|---|---:|:---:|");
    for (const row of rows) lines.push(`| ${row.target} | ${row.display} | ${row.met === null ? "–" : row.met ? "yes" : "**no**"} |`);
    lines.push("");
  }
  return lines.join("\n");
}

/** latest.json / latest.md and a timestamped copy of each in `dir`; returns the paths written. */
export function writeReport(result, dir) {
  fs.mkdirSync(dir, { recursive: true });
  result.targets = targets(result);
  const stamp = result.date.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const json = JSON.stringify(result, null, 2);
  const md = markdown(result);
  const files = [];
  for (const name of ["latest", stamp]) {
    fs.writeFileSync(path.join(dir, `${name}.json`), json);
    fs.writeFileSync(path.join(dir, `${name}.md`), md + "\n");
    files.push(path.join(dir, `${name}.json`), path.join(dir, `${name}.md`));
  }
  return files;
}
