// Prints an access token for a LOCAL McpFunctions that signs users in with the development sign-in page, so that
// tools which take a token on the command line (MCP Inspector's CLI, curl) can be used without a browser:
//
//   TOKEN=$(node e2e/local-token.mjs)                                  # http://127.0.0.1:7071/mcp, as "developer"
//   TOKEN=$(node e2e/local-token.mjs http://127.0.0.1:7072/mcp alice)
//
// It does what a person and an MCP client do together: the official MCP TypeScript SDK discovers the server and
// registers a client (dynamic registration, PKCE S256), then a headless browser approves the consent page and
// continues on the development sign-in page, and the SDK redeems the code. Only loopback servers are accepted: the
// development sign-in exists only there. The token is printed on stdout and nowhere else; diagnostics go to stderr.
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";

const OVERALL_TIMEOUT_MS = 30_000;
const MAX_BROWSER_HOPS = 10;

const mcpUrl = new URL(process.argv[2] ?? "http://127.0.0.1:7071/mcp");
const subject = process.argv[3] ?? "developer";
if (!["127.0.0.1", "localhost", "[::1]"].includes(mcpUrl.hostname)) {
  console.error(`local-token: ${mcpUrl.href} is not a loopback URL; this command is for a local server with the development sign-in.`);
  process.exit(64);
}

const timer = setTimeout(() => fail(`no token within ${OVERALL_TIMEOUT_MS / 1000} s`), OVERALL_TIMEOUT_MS);

function fail(message) {
  console.error(`local-token: ${message}`);
  process.exit(1);
}

// Never listened on: the browser stops at the redirect to it and hands the code to the SDK.
const redirectUrl = "http://127.0.0.1:8976/callback";
const store = {};
const provider = {
  get redirectUrl() {
    return redirectUrl;
  },
  get clientMetadata() {
    return {
      client_name: "McpFunctions local-token",
      redirect_uris: [redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  },
  clientInformation: () => store.client,
  saveClientInformation: client => (store.client = client),
  tokens: () => store.tokens,
  saveTokens: tokens => (store.tokens = tokens),
  redirectToAuthorization: url => (store.authorizationUrl = url),
  saveCodeVerifier: verifier => (store.verifier = verifier),
  codeVerifier: () => store.verifier,
};

const cookies = new Map();
const decode = value => value.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
  .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

// Follows redirects one by one with a cookie jar, approving the consent page and signing in as `subject`.
async function browse(start) {
  let target = new URL(start);
  let init = { method: "GET" };
  for (let hop = 0; hop < MAX_BROWSER_HOPS; hop++) {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(target, { ...init, redirect: "manual", headers: { ...init.headers, cookie, origin: target.origin } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }

    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get("location"), target);
      if (next.href.startsWith(redirectUrl)) {
        return next;
      }
      target = next;
      init = { method: "GET" };
      continue;
    }

    const html = await response.text();
    const form = /<form method="post" action="([^"]+)" data-form="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
    if (response.status !== 200 || !form) {
      const heading = /<h1>(.*?)<\/h1>[\s\S]*?<p>(.*?)<\/p>/.exec(html);
      throw new Error(`${target.pathname} answered ${response.status}${heading ? `: ${decode(heading[1])} — ${decode(heading[2])}` : ""}` +
        (form ? "" : " (is the server running with the development sign-in? dotnet run --project McpFunctions)"));
    }

    const fields = new URLSearchParams();
    for (const input of form[3].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields.set(input[1], decode(input[2]));
    }
    if (form[2] === "consent") {
      fields.set("decision", "approve");
    } else if (form[2] === "dev-sign-in") {
      fields.set("name", subject);
    } else {
      throw new Error(`unexpected form '${form[2]}' at ${target.pathname}: this command works only with the development sign-in`);
    }
    target = new URL(decode(form[1]), target);
    init = { method: "POST", body: fields.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error(`the sign-in did not finish within ${MAX_BROWSER_HOPS} pages`);
}

try {
  if ((await auth(provider, { serverUrl: mcpUrl })) !== "REDIRECT" || !store.authorizationUrl) {
    throw new Error("the server did not ask for a sign-in");
  }
  const callback = await browse(store.authorizationUrl);
  const code = callback.searchParams.get("code");
  if (!code) {
    throw new Error(`the sign-in ended without a code: ${callback.searchParams.get("error_description") ?? callback.search}`);
  }
  if ((await auth(provider, { serverUrl: mcpUrl, authorizationCode: code })) !== "AUTHORIZED") {
    throw new Error("the code was not redeemed");
  }
  clearTimeout(timer);
  process.stdout.write(store.tokens.access_token + "\n");
} catch (error) {
  const reason = error?.cause?.code === "ECONNREFUSED" ? `nothing answers at ${mcpUrl.origin}; start the server first` : error?.message ?? String(error);
  fail(reason);
}
