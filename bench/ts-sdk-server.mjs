// The official MCP TypeScript SDK server (@modelcontextprotocol/sdk, StreamableHTTPServerTransport, JSON
// responses) serving the bench's tool, the server people would otherwise reach for. Plain node:http (the SDK's
// own examples add Express on top, which only costs more), so this is the SDK's best case.
//
//   node bench/ts-sdk-server.mjs --port 8081 --mode stateful|stateless --results <file> [--issuer <url> --audience <url>]
//
// --results: a JSON file mapping tool names (mcp_search, mcp_list) to the tools/call `result` McpFunctions gave
//   ({content, structuredContent}); each tool validates its arguments as McpFunctions' does and returns that result
//   as is, so the TypeScript server does none of the tool's own work (searching, building the list).
// --issuer/--audience: require a bearer JWT, verified with jose against the issuer's JWKS (discovery, keys cached
//   by jose) on every request, as the SDK's requireBearerAuth would with a verifier; omitted: no auth.
// stateful: one McpServer and transport per session (Mcp-Session-Id), the SDK's documented pattern.
// stateless: a new McpServer and transport per request (sessionIdGenerator: undefined), the SDK's documented pattern.
// HEAD / answers 200 (readiness).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const port = Number(option("--port") ?? 8081);
const mode = option("--mode") ?? "stateful";
if (mode !== "stateful" && mode !== "stateless") {
  throw new Error("--mode must be stateful or stateless");
}
const results = JSON.parse(fs.readFileSync(option("--results") ?? "", "utf8"));
const inputSchemas = {
  mcp_search: { query: z.string() },
  mcp_list: { category: z.string().optional() },
};
const issuer = option("--issuer");
const audience = option("--audience");

let verify = null;
if (issuer) {
  const discovery = await (await fetch(new URL("/.well-known/openid-configuration", issuer))).json();
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  verify = async token => {
    const { payload } = await jwtVerify(token, jwks, { issuer: discovery.issuer, audience, algorithms: ["RS256"] });
    return {
      token,
      clientId: String(payload.client_id ?? payload.sub ?? ""),
      scopes: typeof payload.scope === "string" ? payload.scope.split(" ") : [],
      expiresAt: payload.exp,
    };
  };
}

function createServer() {
  const server = new McpServer({ name: "ts-sdk-bench", version: "1.0.0" });
  for (const [name, result] of Object.entries(results)) {
    server.registerTool(name, { description: `${name} (returns a fixed result)`, inputSchema: inputSchemas[name] ?? {} }, async () => result);
  }
  return server;
}

/** 401 like the SDK's requireBearerAuth; otherwise the AuthInfo to hand to the transport. */
async function authenticate(req, res) {
  if (!verify) {
    return { ok: true, auth: undefined };
  }
  const header = req.headers.authorization ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  try {
    if (!match) throw new Error("no token");
    return { ok: true, auth: await verify(match[1]) };
  } catch {
    res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' });
    res.end(JSON.stringify({ error: "invalid_token" }));
    return { ok: false };
  }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", c => chunks.push(c));
    req.on("end", () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined);
      } catch (error) {
        reject(error);
      }
    });
    req.on("error", reject);
  });
}

function jsonRpcError(res, status, message) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

const transports = new Map();

async function handleStateful(req, res, auth) {
  const sessionId = req.headers["mcp-session-id"];
  if (req.method === "POST") {
    const body = await readJson(req);
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId || !isInitializeRequest(body)) {
        jsonRpcError(res, sessionId ? 404 : 400, sessionId ? "Session not found" : "Bad Request: No valid session ID provided");
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: id => transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await createServer().connect(transport);
    }
    req.auth = auth;
    await transport.handleRequest(req, res, body);
    return;
  }
  const transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport) {
    jsonRpcError(res, sessionId ? 404 : 400, "Invalid or missing session ID");
    return;
  }
  req.auth = auth;
  await transport.handleRequest(req, res);
}

async function handleStateless(req, res, auth) {
  if (req.method !== "POST") {
    jsonRpcError(res, 405, "Method not allowed.");
    return;
  }
  const body = await readJson(req);
  const server = createServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  req.auth = auth;
  await transport.handleRequest(req, res, body);
}

const httpServer = http.createServer(async (req, res) => {
  try {
    const path = req.url.split("?")[0];
    if (req.method === "HEAD" && path === "/") {
      res.writeHead(200);
      res.end();
      return;
    }
    if (path !== "/mcp") {
      res.writeHead(404);
      res.end();
      return;
    }
    const { ok, auth } = await authenticate(req, res);
    if (!ok) return;
    await (mode === "stateful" ? handleStateful(req, res, auth) : handleStateless(req, res, auth));
  } catch (error) {
    if (!res.headersSent) {
      jsonRpcError(res, 500, String(error?.message ?? error));
    } else {
      res.end();
    }
  }
});
httpServer.keepAliveTimeout = 60_000;
httpServer.listen(port, "127.0.0.1", () => console.log(`READY http://127.0.0.1:${port}/mcp (${mode})`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}
