// Cold start of McpFunctions against an empty ASP.NET Core app, both published with -c Release and
// started as the Azure Functions host starts a custom handler (`dotnet X.dll`, working directory
// elsewhere, no environment name): milliseconds from process spawn to the first 200 on HEAD /.
// Runs alternate (McpFunctions, EmptyApp, McpFunctions, ...) so that drift in machine load hits both.
// One discarded warm-up run of each first: this measures process start with the files in the OS cache,
// not a first read from a cold disk.
//
// Usage: node bench/coldstart.mjs [--runs 7] [--source <checkout>] [--mcp-dir <published>] [--empty-dir <published>] [--json]
import fs from "node:fs";
import path from "node:path";
import { freePort, hostLikeEnv, machine, publish, startAndWaitReady, stats, stop, tempDir } from "./lib.mjs";

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(option("--runs") ?? 7);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error("--runs must be a positive integer");
}

const work = tempDir("mcpfunctions-coldstart-");
const cwd = path.join(work, "host-cwd");
fs.mkdirSync(cwd);
try {
  let mcpDir = option("--mcp-dir");
  let emptyDir = option("--empty-dir");
  if (!mcpDir) {
    mcpDir = path.join(work, "mcp");
    console.error("publishing McpFunctions...");
    publish("McpFunctions/McpFunctions.csproj", mcpDir, option("--source"));
  }
  if (!emptyDir) {
    emptyDir = path.join(work, "empty");
    console.error("publishing bench/EmptyApp...");
    publish("bench/EmptyApp/EmptyApp.csproj", emptyDir, option("--source"));
  }

  const apps = {
    McpFunctions: async () => {
      const port = await freePort();
      return {
        dll: path.join(mcpDir, "McpFunctions.dll"),
        port,
        env: hostLikeEnv({ FUNCTIONS_CUSTOMHANDLER_PORT: String(port), Auth__AllowDisabledOutsideDevelopment: "true" }),
        cwd,
      };
    },
    EmptyApp: async () => {
      const port = await freePort();
      return {
        dll: path.join(emptyDir, "EmptyApp.dll"),
        port,
        env: hostLikeEnv({ ASPNETCORE_URLS: `http://127.0.0.1:${port}` }),
        cwd,
      };
    },
  };

  async function once(name) {
    const { child, readyMs } = await startAndWaitReady(await apps[name]());
    await stop(child);
    return readyMs;
  }

  const samples = { McpFunctions: [], EmptyApp: [] };
  for (const name of Object.keys(apps)) {
    await once(name);
  }
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(apps)) {
      const ms = await once(name);
      samples[name].push(ms);
      console.error(`run ${i + 1}/${runs} ${name}: ${ms.toFixed(0)} ms`);
    }
  }

  const result = {
    machine: machine(),
    runs,
    McpFunctions: stats(samples.McpFunctions),
    EmptyApp: stats(samples.EmptyApp),
    samplesMs: samples,
  };
  result.medianRatio = result.McpFunctions.median / result.EmptyApp.median;

  if (args.includes("--json")) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const row = (name, s) => `${name.padEnd(13)} median ${s.median.toFixed(0).padStart(5)} ms   min ${s.min.toFixed(0).padStart(5)} ms   max ${s.max.toFixed(0).padStart(5)} ms   (n=${s.n})`;
    console.log(`Cold start: spawn -> first HEAD / 200 (${result.machine.cpus} CPU, ${result.machine.model}, dotnet ${result.machine.dotnet})`);
    console.log(row("McpFunctions", result.McpFunctions));
    console.log(row("EmptyApp", result.EmptyApp));
    console.log(`ratio McpFunctions/EmptyApp (medians): ${result.medianRatio.toFixed(2)}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
