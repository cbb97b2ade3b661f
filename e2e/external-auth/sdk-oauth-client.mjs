// End-to-end OAuth client: the official TypeScript SDK's StreamableHTTPClientTransport with its OAuth
// support (an OAuthClientProvider), against an MCP server whose authorization server is external.
// The flow is the one Claude.ai runs (first seed): unauthenticated POST → 401 with resource_metadata →
// RFC 9728 PRM → RFC 8414 AS metadata → RFC 7591 registration → authorize (PKCE S256, RFC 8707 resource)
// → token → initialize → tools/list → tools/call. The browser part (login and consent at the provider's
// interaction pages) is done headlessly with a cookie jar; the redirect to redirect_uri is read from its
// Location header, never followed.
//
// Prints ONE JSON object on stdout (every HTTP exchange: method, path, status, JSON-RPC method for the
// MCP endpoint) and exits 0, or the same object with "error" and exits 1 (2 on the overall timeout).
// The access token is never printed: only its decoded JWT header/payload (or "opaque").
//
// Usage: node e2e/external-auth/sdk-oauth-client.mjs <mcpUrl> [subject]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const OVERALL_TIMEOUT_MS = 45_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 10;
const REDIRECT_URI = "http://127.0.0.1:9/callback"; // port 9 (discard): never contacted

const url = process.argv[2];
const subject = process.argv[3] ?? "e2e-user@example.test";
if (!url) {
  console.error("usage: node e2e/external-auth/sdk-oauth-client.mjs <mcpUrl> [subject]");
  process.exit(64);
}
const mcpUrl = new URL(url);

const observed = { url, subject, steps: [], http: [] };

function finish(exitCode, error) {
  if (error !== undefined) {
    observed.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  process.stdout.write(JSON.stringify(observed) + "\n", () => process.exit(exitCode));
}

const overall = setTimeout(
  () => finish(2, `overall timeout of ${OVERALL_TIMEOUT_MS} ms reached after steps: ${observed.steps.join(", ")}`),
  OVERALL_TIMEOUT_MS);

function headerOf(init, name) {
  const headers = new Headers(init?.headers ?? {});
  return headers.get(name);
}

// Every HTTP exchange, the SDK's and the headless browser's. Query parameters are kept only for the
// authorization request (they carry no secret: the code challenge, not the verifier).
async function recordingFetch(input, init) {
  const target = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  const entry = { method, host: target.host, path: target.pathname, status: null };
  if (target.pathname === "/auth") {
    entry.query = Object.fromEntries(target.searchParams);
  }
  if (target.origin === mcpUrl.origin && target.pathname === mcpUrl.pathname && typeof init?.body === "string") {
    try {
      const body = JSON.parse(init.body);
      entry.rpcMethod = Array.isArray(body) ? body.map(m => m.method).join(",") : body.method ?? null;
    } catch {
      entry.rpcMethod = "(unparseable body)";
    }
  }
  if (target.origin === mcpUrl.origin) {
    entry.hasAuthorization = headerOf(init, "authorization") !== null;
  }
  if (target.pathname === "/token" && typeof init?.body !== "undefined") {
    const form = new URLSearchParams(String(init.body));
    entry.form = { grant_type: form.get("grant_type"), resource: form.get("resource"), hasCodeVerifier: form.has("code_verifier") };
  }
  observed.http.push(entry);
  const response = await fetch(input, init);
  entry.status = response.status;
  const challenge = response.headers.get("www-authenticate");
  if (challenge) entry.wwwAuthenticate = challenge;
  const session = response.headers.get("mcp-session-id");
  if (session) entry.sessionIdPresent = true;
  return response;
}

function decodeJwt(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const decode = part => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: decode(parts[0]), payload: decode(parts[1]) };
}

// A browser with a cookie jar: GET the authorization URL, follow redirects, POST the login and the consent
// forms, stop at the redirect to our redirect_uri and return its code.
async function headlessAuthorize(authorizationUrl) {
  const jar = new Map();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = response => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  };
  const send = async (target, init = {}) => {
    const response = await recordingFetch(target, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: cookieHeader() },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    remember(response);
    return response;
  };

  let location = new URL(authorizationUrl);
  let response = await send(location);
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    if (response.status >= 300 && response.status < 400) {
      location = new URL(response.headers.get("location"), location);
      if (location.href.startsWith(REDIRECT_URI)) {
        const error = location.searchParams.get("error");
        if (error) throw new Error(`authorization failed: ${error} ${location.searchParams.get("error_description") ?? ""}`);
        const code = location.searchParams.get("code");
        if (!code) throw new Error(`no code in the redirect to ${location.origin}${location.pathname}`);
        observed.steps.push("authorization code received");
        return code;
      }
      response = await send(location);
      continue;
    }
    const html = await response.text();
    const form = /<form method="post" action="([^"]+)" data-prompt="(login|consent)">/.exec(html);
    if (response.status !== 200 || !form) {
      throw new Error(`expected a login or consent form at ${location.pathname}, got ${response.status}: ${html.slice(0, 300)}`);
    }
    const action = new URL(form[1].replaceAll("&amp;", "&"), location);
    const fields = form[2] === "login" ? { login: subject } : { consent: "yes" };
    observed.steps.push(`${form[2]} form posted`);
    response = await send(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    location = action;
  }
  throw new Error(`the authorization flow did not reach ${REDIRECT_URI} within ${MAX_REDIRECTS} redirects`);
}

// In-memory OAuthClientProvider, as a native client would keep these.
class HeadlessOAuthProvider {
  constructor() {
    this._clientInformation = undefined;
    this._tokens = undefined;
    this._codeVerifier = undefined;
    this.pendingCode = undefined;
  }
  get redirectUrl() { return REDIRECT_URI; }
  get clientMetadata() {
    return {
      client_name: "mcpfunctions-e2e-sdk-oauth-client",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() { return this._clientInformation; }
  saveClientInformation(info) {
    this._clientInformation = info;
    observed.clientRegistered = { clientIdPresent: typeof info.client_id === "string", tokenEndpointAuthMethod: info.token_endpoint_auth_method ?? null };
  }
  tokens() { return this._tokens; }
  saveTokens(tokens) {
    this._tokens = tokens;
    const jwt = decodeJwt(tokens.access_token);
    observed.accessToken = jwt === null
      ? { format: "opaque", length: tokens.access_token.length }
      : { format: "jwt", header: jwt.header, payload: jwt.payload };
    observed.tokenResponse = { token_type: tokens.token_type, scope: tokens.scope ?? null, expires_in: tokens.expires_in ?? null, hasRefreshToken: typeof tokens.refresh_token === "string" };
  }
  async redirectToAuthorization(authorizationUrl) {
    observed.steps.push("redirectToAuthorization");
    this.pendingCode = await headlessAuthorize(authorizationUrl);
  }
  saveCodeVerifier(verifier) { this._codeVerifier = verifier; }
  codeVerifier() {
    if (!this._codeVerifier) throw new Error("no code verifier saved");
    return this._codeVerifier;
  }
}

function textOf(result) {
  return (result.content ?? []).filter(c => c.type === "text").map(c => c.text).join("\n");
}

async function callTool(client, name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: REQUEST_TIMEOUT_MS });
  return { isError: result.isError === true, text: textOf(result), structuredContent: result.structuredContent ?? null };
}

async function main() {
  const authProvider = new HeadlessOAuthProvider();
  const firstTransport = new StreamableHTTPClientTransport(mcpUrl, { authProvider, fetch: recordingFetch });
  const firstClient = new Client({ name: "mcpfunctions-e2e-sdk-oauth-client", version: "1.0.0" });
  try {
    await firstClient.connect(firstTransport, { timeout: REQUEST_TIMEOUT_MS });
    throw new Error("the first connect succeeded without authorization; expected 401");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    observed.steps.push("unauthorized");
  }
  if (!authProvider.pendingCode) throw new Error("redirectToAuthorization did not produce a code");
  await firstTransport.finishAuth(authProvider.pendingCode);
  observed.steps.push("finishAuth");
  await firstClient.close().catch(() => {});

  const client = new Client({ name: "mcpfunctions-e2e-sdk-oauth-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider, fetch: recordingFetch });
  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
  observed.steps.push("connected");
  observed.protocolVersion = transport.protocolVersion ?? null;
  observed.sessionIdPresent = typeof transport.sessionId === "string" && transport.sessionId.length > 0;

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
    if (result.isError) throw new Error(`${name} returned isError: ${result.text}`);
  }
  await client.close();
  observed.steps.push("closed");
}

main().then(
  () => { clearTimeout(overall); finish(0); },
  error => { clearTimeout(overall); finish(1, error); });
