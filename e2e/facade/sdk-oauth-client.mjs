// End-to-end OAuth client for the authorization-server façade: the official MCP TypeScript SDK client
// (Client + StreamableHTTPClientTransport with an OAuthClientProvider) goes from an unauthenticated request
// (401) through protected-resource metadata, authorization-server metadata, registration (DCR) or a Client ID
// Metadata Document (CIMD), /authorize, the façade's consent page, the upstream sign-in (oidc-provider's login
// and consent forms, or the façade's development sign-in page), the callback and /token, to initialize,
// tools/list and tools/call; then refreshes and uses the rotated token. The browser part is headless: fetch with
// manual redirects and a cookie jar, filling each form as a person would.
//
// Usage: node e2e/facade/sdk-oauth-client.mjs <mcpUrl> '<json options>'
//   { "mode": "dcr" | "cimd", "redirectUrl": "http://127.0.0.1:<port>/callback",
//     "clientMetadataUrl": "https://127.0.0.1:<port>/client.json" (cimd), "subject": "alice" }
//
// Prints ONE JSON object on stdout (tokens only as SHA-256 prefixes) and exits 0, or the same object with an
// "error" field and exits 1 (2 on the overall timeout).
import { createHash, randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const OVERALL_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_BROWSER_HOPS = 20;

const url = process.argv[2];
const options = JSON.parse(process.argv[3] ?? "{}");
if (!url || !options.redirectUrl) {
  console.error("usage: node e2e/facade/sdk-oauth-client.mjs <mcpUrl> '{\"mode\":\"dcr\",\"redirectUrl\":\"...\"}'");
  process.exit(64);
}

const observed = { url, mode: options.mode ?? "dcr", steps: [], http: [], browser: [] };

function finish(exitCode, error) {
  if (error !== undefined) {
    observed.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  process.stdout.write(JSON.stringify(observed) + "\n", () => process.exit(exitCode));
}

const overall = setTimeout(
  () => finish(2, `overall timeout of ${OVERALL_TIMEOUT_MS} ms reached after steps: ${observed.steps.join(", ")}`),
  OVERALL_TIMEOUT_MS);

const fingerprint = value => (value ? createHash("sha256").update(value).digest("hex").slice(0, 12) : null);

// Every request the SDK makes (discovery, registration, token, MCP), with the status it got.
async function recordingFetch(input, init) {
  const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const response = await fetch(input, init);
  observed.http.push({
    method: init?.method ?? "GET",
    path: target.pathname,
    status: response.status,
    wwwAuthenticate: response.headers.get("www-authenticate"),
  });
  return response;
}

// The OAuthClientProvider a real client keeps in storage; here in memory.
const clientState = randomBytes(16).toString("base64url");
const store = { clientInformation: undefined, tokens: undefined, codeVerifier: undefined, authorizationUrl: undefined, discovery: undefined };
const provider = {
  get redirectUrl() {
    return options.redirectUrl;
  },
  get clientMetadata() {
    return {
      client_name: "mcpfunctions-e2e-oauth-client",
      redirect_uris: [options.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      application_type: "native",
    };
  },
  clientMetadataUrl: observed.mode === "cimd" ? options.clientMetadataUrl : undefined,
  state: () => clientState,
  clientInformation: () => store.clientInformation,
  saveClientInformation: info => {
    store.clientInformation = info;
  },
  tokens: () => store.tokens,
  saveTokens: tokens => {
    store.tokens = tokens;
  },
  redirectToAuthorization: authorizationUrl => {
    store.authorizationUrl = authorizationUrl;
  },
  saveCodeVerifier: verifier => {
    store.codeVerifier = verifier;
  },
  codeVerifier: () => store.codeVerifier,
  saveDiscoveryState: state => {
    store.discovery = state;
  },
  discoveryState: () => store.discovery,
};

// ---- the headless browser: manual redirects, a cookie jar per host, forms filled like a person would ----
const jar = new Map();

function cookieHeader(target) {
  const cookies = jar.get(target.host);
  return cookies ? [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") : "";
}

function keepCookies(target, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair.indexOf("=");
    const cookies = jar.get(target.host) ?? new Map();
    cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    jar.set(target.host, cookies);
  }
}

const decode = value => value.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
  .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function readForm(html) {
  const form = /<form method="post" action="([^"]+)" data-(form|prompt)="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
  if (!form) {
    return null;
  }
  const fields = new URLSearchParams();
  for (const input of form[4].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(input[1], decode(input[2]));
  }
  return { action: decode(form[1]), kind: form[3], fields };
}

async function browse(startUrl) {
  let target = new URL(startUrl);
  let init = { method: "GET" };
  for (let hop = 0; hop < MAX_BROWSER_HOPS; hop++) {
    const response = await fetch(target, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: cookieHeader(target), accept: "text/html" },
    });
    keepCookies(target, response);
    const step = { method: init.method, host: target.host, path: target.pathname, status: response.status };
    observed.browser.push(step);

    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get("location"), target);
      if (next.href.startsWith(options.redirectUrl)) {
        return next;
      }
      target = next;
      init = { method: "GET" };
      continue;
    }

    const html = await response.text();
    const form = response.status === 200 ? readForm(html) : null;
    if (!form) {
      throw new Error(`expected a form at ${target.href}, got ${response.status}: ${html.slice(0, 400)}`);
    }

    step.form = form.kind;
    if (form.kind === "consent" && form.fields.has("ticket")) {
      // The façade's consent page.
      form.fields.set("decision", "approve");
      form.fields.set("remember", "1");
    } else if (form.kind === "login") {
      form.fields.set("login", options.subject ?? "e2e-user");
    } else if (form.kind === "consent") {
      form.fields.set("consent", "yes");
    } else if (form.kind === "dev-sign-in") {
      form.fields.set("name", options.subject ?? "e2e-user");
    } else {
      throw new Error(`unknown form ${form.kind} at ${target.href}`);
    }

    target = new URL(form.action, target);
    init = { method: "POST", body: form.fields.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error(`the browser did not reach ${options.redirectUrl} within ${MAX_BROWSER_HOPS} hops`);
}

async function connect() {
  const client = new Client({ name: "mcpfunctions-e2e-oauth-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch });
  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
  return { client, transport };
}

async function main() {
  // 1. Unauthenticated: the SDK gets 401, discovers, registers (or uses its metadata URL) and "redirects".
  try {
    await connect();
    throw new Error("the first connect succeeded without a token");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) {
      throw error;
    }
  }
  observed.steps.push("401 and authorization started");
  if (!store.authorizationUrl) {
    throw new Error("the SDK did not start an authorization");
  }
  const authorizationUrl = new URL(store.authorizationUrl);
  observed.clientId = store.clientInformation?.client_id ?? null;
  observed.registeredClientSecret = Boolean(store.clientInformation?.client_secret);
  observed.authorizationRequest = Object.fromEntries(authorizationUrl.searchParams);
  delete observed.authorizationRequest.code_challenge;

  // 2. The browser: consent, upstream sign-in, back to the redirect URL with our code.
  const callback = await browse(authorizationUrl);
  observed.steps.push("browser returned to the client");
  observed.callback = {
    state: callback.searchParams.get("state"),
    stateMatches: callback.searchParams.get("state") === clientState,
    iss: callback.searchParams.get("iss"),
    error: callback.searchParams.get("error"),
    hasCode: callback.searchParams.has("code"),
  };
  if (!observed.callback.hasCode) {
    throw new Error(`no code in the callback: ${callback.href}`);
  }

  // 3. Code for tokens, then MCP.
  const finishing = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch });
  await finishing.finishAuth(callback.searchParams.get("code"));
  observed.steps.push("token");
  const first = { ...store.tokens };
  observed.tokens = {
    tokenType: first.token_type,
    expiresIn: first.expires_in,
    scope: first.scope,
    accessToken: fingerprint(first.access_token),
    refreshToken: fingerprint(first.refresh_token),
  };

  const { client } = await connect();
  observed.steps.push("initialize");
  const tools = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
  observed.toolNames = tools.tools.map(t => t.name);
  observed.steps.push("tools/list");
  const call = await client.callTool({ name: "mcp_list", arguments: {} }, undefined, { timeout: REQUEST_TIMEOUT_MS });
  observed.toolCall = { isError: call.isError === true, hasContent: (call.content ?? []).length > 0 };
  observed.steps.push("tools/call");
  await client.close();

  // 4. Refresh: the SDK's auth() refreshes when it holds a refresh token; the rotated pair must work.
  const refreshed = await auth(provider, { serverUrl: new URL(url), fetchFn: recordingFetch });
  observed.steps.push(`refresh ${refreshed}`);
  observed.refreshed = {
    accessToken: fingerprint(store.tokens.access_token),
    refreshToken: fingerprint(store.tokens.refresh_token),
    rotated: store.tokens.refresh_token !== first.refresh_token,
    newAccessToken: store.tokens.access_token !== first.access_token,
    scope: store.tokens.scope,
  };
  const { client: again } = await connect();
  const toolsAgain = await again.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
  observed.toolCountAfterRefresh = toolsAgain.tools.length;
  observed.steps.push("tools/list after refresh");
  await again.close();
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
