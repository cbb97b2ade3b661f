// End-to-end client: drives an MCP server with the official TypeScript SDK (Client +
// StreamableHTTPClientTransport), the same code path MCP Inspector, Claude Desktop's bridge and most
// SDK-based clients use. Prints ONE JSON object on stdout describing what it observed and exits 0,
// or prints the same object with an "error" field and exits 1 (2 on the overall timeout).
//
// Usage: node e2e/sdk-client.mjs <mcpUrl>     e.g. http://127.0.0.1:5000/mcp
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

const OVERALL_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;

const url = process.argv[2];
if (!url) {
  console.error("usage: node e2e/sdk-client.mjs <mcpUrl>");
  process.exit(64);
}

const observed = { url, steps: [], http: [] };

function finish(exitCode, error) {
  if (error !== undefined) {
    observed.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  process.stdout.write(JSON.stringify(observed) + "\n", () => process.exit(exitCode));
}

const overall = setTimeout(
  () => finish(2, `overall timeout of ${OVERALL_TIMEOUT_MS} ms reached after steps: ${observed.steps.join(", ")}`),
  OVERALL_TIMEOUT_MS);

// Every HTTP exchange the transport makes, so the caller can check statuses the SDK hides
// (terminateSession() treats 405 as success; the optional GET stream tolerates 405).
async function recordingFetch(input, init) {
  const method = init?.method ?? "GET";
  let rpcMethod = null;
  if (typeof init?.body === "string") {
    try {
      const body = JSON.parse(init.body);
      rpcMethod = Array.isArray(body) ? body.map(m => m.method).join(",") : body.method ?? null;
    } catch {
      rpcMethod = "(unparseable body)";
    }
  }
  const response = await fetch(input, init);
  observed.http.push({
    method,
    rpcMethod,
    status: response.status,
    contentType: response.headers.get("content-type"),
  });
  return response;
}

function textOf(result) {
  return (result.content ?? []).filter(c => c.type === "text").map(c => c.text).join("\n");
}

async function callTool(client, name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_TIMEOUT_MS });
  return {
    isError: result.isError === true,
    text: textOf(result),
    structuredContent: result.structuredContent ?? null,
  };
}

async function main() {
  const client = new Client({ name: "mcpfunctions-e2e-sdk-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: recordingFetch });

  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
  observed.steps.push("connected");
  const server = client.getServerVersion();
  observed.serverName = server?.name ?? null;
  observed.serverVersion = server?.version ?? null;
  observed.protocolVersion = transport.protocolVersion ?? null;
  observed.sessionIdPresent = typeof transport.sessionId === "string" && transport.sessionId.length > 0;
  // Only a prefix: enough to find the session in the server's log, which also logs only a prefix.
  observed.sessionIdPrefix = observed.sessionIdPresent ? transport.sessionId.slice(0, 8) : null;

  const tools = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
  observed.steps.push("tools/list");
  observed.toolNames = tools.tools.map(t => t.name);

  observed.toolResults = {};
  observed.toolResults.mcp_list = await callTool(client, "mcp_list", {});
  observed.steps.push("tools/call mcp_list");
  observed.toolResults.mcp_execute = await callTool(client, "mcp_execute", {
    calculatorId: "bmi",
    inputs: { weight: 70, weightUnit: "kg", height: 175, heightUnit: "cm" },
  });
  observed.steps.push("tools/call mcp_execute");
  for (const [name, result] of Object.entries(observed.toolResults)) {
    if (result.isError) {
      throw new Error(`${name} returned isError: ${result.text}`);
    }
  }

  // MCP server/tools "Error Handling": an unknown tool is a JSON-RPC error, not a tool result.
  try {
    const unexpected = await client.callTool({ name: "no_such_tool", arguments: {} }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    observed.unknownTool = { code: null, message: null, result: unexpected };
    throw new Error("calling an unknown tool returned a result instead of a JSON-RPC error");
  } catch (error) {
    if (!(error instanceof McpError)) {
      throw error;
    }
    observed.unknownTool = { code: error.code, message: error.message };
  }
  observed.steps.push("tools/call unknown");

  await transport.terminateSession();
  const deletes = observed.http.filter(h => h.method === "DELETE");
  const deleteStatus = deletes.length > 0 ? deletes[deletes.length - 1].status : null;
  observed.termination = {
    deleteStatus,
    ok: deleteStatus !== null && deleteStatus >= 200 && deleteStatus < 300,
    sessionIdCleared: transport.sessionId === undefined,
  };
  observed.steps.push("terminated");
  await client.close();
  observed.steps.push("closed");

  if (!observed.termination.ok) {
    throw new Error(`DELETE answered ${deleteStatus}, expected 2xx`);
  }
}

main().then(
  () => {
    clearTimeout(overall);
    finish(0);
  },
  error => {
    clearTimeout(overall);
    finish(1, error);
  });
