// Azurite's Table service for scenario 2, with a counting HTTP proxy in front of it: McpFunctions talks to the
// proxy, so every storage request it makes is counted (by method) before Azurite answers it.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { freePort, repoRoot, startProcess, stop, tcpOpen, tempDir } from "./lib.mjs";

const ACCOUNT = "devstoreaccount1";
// Azurite's published development key (not a secret: the same in every Azurite and in its documentation).
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export async function startAzurite({ core }) {
  const entry = path.join(repoRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");
  if (!fs.existsSync(entry)) throw new Error(`Azurite is not installed (${entry}); run npm ci at the repository root.`);
  const port = await freePort();
  const workspace = tempDir("bench-azurite-");
  const started = await startProcess({
    name: "azurite-table",
    command: "node",
    args: [entry, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--inMemoryPersistence",
      "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"],
    cwd: workspace,
    core,
    ready: () => tcpOpen(port),
  });

  const counts = new Map();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const proxy = http.createServer((req, res) => {
    counts.set(req.method, (counts.get(req.method) ?? 0) + 1);
    const upstream = http.request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent }, answer => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.once("error", error => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  proxy.keepAliveTimeout = 120_000;
  const proxyPort = await new Promise(resolve => proxy.listen(0, "127.0.0.1", () => resolve(proxy.address().port)));

  return {
    process: started,
    /** The connection string McpFunctions gets as AzureWebJobsStorage: through the counting proxy. */
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${proxyPort}/${ACCOUNT}`,
    /** Storage requests seen so far, by HTTP method, and their total. */
    counts() {
      const byMethod = Object.fromEntries(counts);
      return { total: [...counts.values()].reduce((a, b) => a + b, 0), byMethod };
    },
    async stop() {
      agent.destroy();
      const closed = new Promise(resolve => proxy.close(resolve));
      proxy.closeAllConnections();
      await closed;
      await stop(started.child);
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}
