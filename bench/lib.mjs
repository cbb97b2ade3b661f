// Shared helpers for the benchmark scripts: publish, start like the Functions host, wait for HEAD / 200, stop.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

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
    { cwd: sourceRoot, encoding: "utf8", timeout: 600_000 });
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
    if (name.startsWith("ASPNETCORE_") || name === "DOTNET_ENVIRONMENT" || name.includes("__")
      || name.startsWith("FUNCTIONS_") || name.startsWith("WEBSITE_") || name === "AzureWebJobsStorage") {
      continue;
    }
    env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Starts `dotnet <dll>` from a working directory that is not the app's (as the host does) and resolves
 * with the milliseconds from spawn to the first 200 on HEAD /. Rejects on exit or after timeoutMs.
 */
export async function startAndWaitReady({ dll, port, env, cwd, timeoutMs = 30_000 }) {
  const stderr = [];
  const started = performance.now();
  const child = spawn("dotnet", [dll], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.on("data", chunk => stderr.push(chunk));
  let exited = null;
  child.once("exit", (code, signal) => { exited = { code, signal }; });

  while (true) {
    if (exited) {
      throw new Error(`${path.basename(dll)} exited (${exited.code ?? exited.signal}) before HEAD / answered:\n${Buffer.concat(stderr)}`);
    }
    if (performance.now() - started > timeoutMs) {
      await stop(child);
      throw new Error(`${path.basename(dll)}: HEAD / did not answer 200 within ${timeoutMs} ms:\n${Buffer.concat(stderr)}`);
    }
    if ((await headStatus(port)) === 200) {
      return { child, readyMs: performance.now() - started, stderr };
    }
    await new Promise(r => setTimeout(r, 2));
  }
}

function headStatus(port) {
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

/** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => { clearTimeout(kill); resolve(); });
    child.kill("SIGTERM");
  });
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? "unknown",
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    dotnet: spawnSync("dotnet", ["--version"], { encoding: "utf8" }).stdout.trim(),
  };
}
