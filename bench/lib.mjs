// Shared helpers for the benchmark: publish, start processes pinned to a core, wait until ready, read their CPU
// time and peak memory from /proc, drive load with wrk, summarize.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, "..");

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every mainstream kernel). */
const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/**
 * dotnet publish -c Release into its own folder (own artifacts path: no race with other builds).
 * sourceRoot: a checkout to publish from, e.g. `git archive HEAD` unpacked, when the working tree is busy.
 */
export function publish(projectRelative, outDir, sourceRoot = repoRoot) {
  sourceRoot = path.resolve(sourceRoot);
  const artifacts = `${outDir}-artifacts`;
  const result = spawnSync(
    "dotnet",
    ["publish", path.join(sourceRoot, projectRelative), "-c", "Release", "-o", outDir,
      "--artifacts-path", artifacts, "--disable-build-servers", "-nologo"],
    { cwd: sourceRoot, encoding: "utf8", timeout: 900_000 });
  if (result.status !== 0) {
    throw new Error(`dotnet publish ${projectRelative} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The environment the Functions host would give: the machine's, minus app selection and app settings. */
export function hostLikeEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("ASPNETCORE_") || name.startsWith("DOTNET_") || name.includes("__")
      || name.startsWith("FUNCTIONS_") || name.startsWith("WEBSITE_") || name === "AzureWebJobsStorage") {
      continue;
    }
    env[name] = value;
  }
  // The CLI's own switches are kept: they do not change how an app runs.
  for (const name of ["DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO"]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return { ...env, ...extra };
}

/** `taskset -c <core> <command> ...` when a core is given (taskset execs: the pid is the command's own). */
function pinned(core, command, args) {
  return core === undefined || core === null ? [command, args] : ["taskset", ["-c", String(core), command, ...args]];
}

/**
 * Starts a long-running process, pinned to `core`, and waits until `ready` (a function returning true once the
 * process serves) or `readyLine` (a regex on stdout) says it is ready. Resolves with { child, pid, readyMs, output }.
 */
export async function startProcess({ name, command, args = [], env = process.env, cwd, core, ready, readyLine, timeoutMs = 60_000 }) {
  const output = [];
  const started = performance.now();
  const [cmd, cmdArgs] = pinned(core, command, args);
  const child = spawn(cmd, cmdArgs, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let exited = null;
  let lineMatch = null;
  child.once("exit", (code, signal) => { exited = { code, signal }; });
  const record = chunk => {
    const text = chunk.toString("utf8");
    output.push(text);
    if (output.length > 400) output.splice(0, output.length - 400);
    if (readyLine && !lineMatch) {
      lineMatch = output.join("").match(readyLine);
    }
  };
  child.stdout.on("data", record);
  child.stderr.on("data", record);

  while (true) {
    if (exited) {
      throw new Error(`${name} exited (${exited.code ?? exited.signal}) before it was ready:\n${output.join("")}`);
    }
    if (performance.now() - started > timeoutMs) {
      await stop(child);
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${output.join("")}`);
    }
    if (readyLine ? lineMatch : await ready()) {
      const readyMs = performance.now() - started;
      let cpuMsAtReady = NaN;
      try {
        cpuMsAtReady = 1000 * cpuSeconds(child.pid);
      } catch {
        // Gone already: the caller finds out from the exit.
      }
      return { name, child, pid: child.pid, readyMs, cpuMsAtReady, output, match: lineMatch };
    }
    await new Promise(r => setTimeout(r, readyLine ? 20 : 2));
  }
}

export function headStatus(port) {
  return new Promise(resolve => {
    const request = http.request({ host: "127.0.0.1", port, method: "HEAD", path: "/", agent: false, timeout: 1000 }, response => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(null));
    request.end();
  });
}

export function tcpOpen(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
export function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => { clearTimeout(kill); resolve(); });
    child.kill("SIGTERM");
  });
}

/** CPU seconds (user + system, all threads) the process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is parenthesized and may contain spaces: field 14 utime, 15 stime.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** The process and all its descendants (a Functions host and its worker), from /proc/<pid>/task/<tid>/children. */
export function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    let tasks = [];
    try {
      tasks = fs.readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of fs.readFileSync(`/proc/${pids[i]}/task/${tid}/children`, "utf8").split(" ").filter(Boolean)) pids.push(Number(child));
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return pids;
}

/** CPU seconds of a process and its live descendants: the whole cost of a host that runs its app as a child. */
export function treeCpuSeconds(pid) {
  return processTree(pid).reduce((sum, p) => {
    try {
      return sum + cpuSeconds(p);
    } catch {
      return sum;
    }
  }, 0);
}

/** Peak resident memory (MB) summed over a process and its live descendants. */
export function treePeakRssMB(pid) {
  return processTree(pid).reduce((sum, p) => {
    try {
      return sum + memoryMB(p).peakRssMB;
    } catch {
      return sum;
    }
  }, 0);
}

/** Peak and current resident memory (MB) from /proc/<pid>/status (VmHWM, VmRSS). */
export function memoryMB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kB = name => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { peakRssMB: kB("VmHWM") / 1024, rssMB: kB("VmRSS") / 1024 };
}

/**
 * Runs wrk pinned to `core` and returns its BENCH_JSON report plus the CPU seconds wrk itself used (read by a
 * wrapping shell from its own /proc stat after waiting for wrk: the children's user and system time).
 */
export function runWrk({ script, port, threads = 1, connections, seconds, scriptArgs = [], core, timeoutSec = 10 }) {
  const wrkArgs = ["-t", String(threads), "-c", String(connections), "-d", `${seconds}s`, "--timeout", `${timeoutSec}s`,
    "-s", script, `http://127.0.0.1:${port}`, "--", ...scriptArgs];
  const [cmd, cmdArgs] = pinned(core, "wrk", wrkArgs);
  const shell = '"$@"; code=$?; read -r line < /proc/$$/stat; echo "BENCH_SHSTAT $line"; exit $code';
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", shell, "sh", cmd, ...cmdArgs], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", c => out.push(c));
    child.stderr.on("data", c => out.push(c));
    child.once("error", reject);
    child.once("exit", code => {
      const text = Buffer.concat(out).toString("utf8");
      const json = /^BENCH_JSON (.*)$/m.exec(text);
      const shstat = /^BENCH_SHSTAT (.*)$/m.exec(text);
      if (code !== 0 || !json) {
        reject(new Error(`wrk failed (exit ${code}):\n${text}`));
        return;
      }
      const report = JSON.parse(json[1]);
      if (shstat) {
        const fields = shstat[1].slice(shstat[1].lastIndexOf(")") + 2).split(" ");
        // Fields 16 and 17: cutime and cstime, the CPU time of waited-for children (wrk).
        report.generatorCpuSeconds = (Number(fields[13]) + Number(fields[14])) / clockTicks;
      }
      resolve(report);
    });
  });
}

export function stats(values) {
  const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return { median: NaN, min: NaN, max: NaN, n: 0 };
  }
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function machine() {
  const cpus = os.cpus();
  const loadavg = os.loadavg().map(l => +l.toFixed(2));
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? "unknown",
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    dotnet: spawnSync("dotnet", ["--version"], { encoding: "utf8" }).stdout.trim(),
    wrk: spawnSync("wrk", ["-v"], { encoding: "utf8" }).stdout.split("\n")[0].trim(),
    loadAverageAtStart: loadavg,
  };
}

/** One HTTP request with a keep-alive-free connection; resolves { status, headers, body }. */
export function httpRequest({ port, method = "POST", path: requestPath = "/mcp", headers = {}, body }) {
  const payload = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: "127.0.0.1", port, method, path: requestPath, agent: false, timeout: 30_000,
      headers: payload ? { ...headers, "content-length": payload.length } : headers,
    }, response => {
      const chunks = [];
      response.on("data", c => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.once("timeout", () => request.destroy(new Error(`${method} ${requestPath} timed out`)));
    request.once("error", reject);
    request.end(payload);
  });
}

/** A wrk request spec file (see bench/wrk/common.lua): request line, headers, blank line, body. */
export function writeSpec(file, { method = "POST", path: requestPath = "/mcp", headers, body = "" }) {
  const lines = [`${method} ${requestPath}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", body];
  fs.writeFileSync(file, lines.join("\n"));
  return file;
}
