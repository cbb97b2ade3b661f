// The repository's real OpenID provider (e2e/oidc-provider/server.mjs) for the bench: JWT access tokens for the
// MCP resource (client credentials with an RFC 8707 resource indicator, validated by McpFunctions' JwtTokenValidator
// against the provider's JWKS), opaque tokens for userinfo validation (authorization code flow with PKCE through
// the provider's login and consent forms, as OidcProviderFixture does), and its per-path request counts.
import crypto from "node:crypto";
import path from "node:path";
import { repoRoot, startProcess, stop } from "./lib.mjs";

export const SERVICE_CLIENT_ID = "bench-service";
export const PUBLIC_CLIENT_ID = "bench-public";
const REDIRECT_URI = "http://127.0.0.1/callback";

export async function startOidcProvider({ resource, scope, core }) {
  const serviceSecret = crypto.randomBytes(24).toString("base64url");
  const config = {
    resources: [{ indicator: resource, accessTokenFormat: "jwt", scope }],
    resourceScope: scope,
    accessTokenTtlSeconds: 3600,
    clients: [
      { client_id: SERVICE_CLIENT_ID, client_secret: serviceSecret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [] },
      {
        client_id: PUBLIC_CLIENT_ID, token_endpoint_auth_method: "none", redirect_uris: [REDIRECT_URI],
        grant_types: ["authorization_code", "refresh_token"], response_types: ["code"],
      },
    ],
  };
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_OPTIONS;
  const started = await startProcess({
    name: "oidc-provider",
    command: "node",
    args: [path.join(repoRoot, "e2e", "oidc-provider", "server.mjs"), JSON.stringify(config)],
    env,
    cwd: repoRoot,
    core,
    readyLine: /^READY (\S+)$/m,
  });
  const issuer = started.match[1];

  async function token(form, basic) {
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    if (basic) headers.authorization = "Basic " + Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString("base64");
    const response = await fetch(`${issuer}/token`, { method: "POST", headers, body: new URLSearchParams(form) });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`token request answered ${response.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  return {
    issuer,
    process: started,
    stop: () => stop(started.child),

    /** RFC 6749 §4.4 with an RFC 8707 resource: a JWT (RS256, kid) whose audience is the MCP resource. */
    clientCredentialsToken: () => token({ grant_type: "client_credentials", scope, resource }, [SERVICE_CLIENT_ID, serviceSecret]),

    /**
     * The authorization code flow with PKCE S256 and no resource: an opaque access token with scope openid,
     * which only the userinfo endpoint (or introspection) can validate, like the first seed's Auth0 tokens.
     */
    async opaqueUserToken(subject) {
      const verifier = crypto.randomBytes(32).toString("base64url");
      const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
      const state = crypto.randomBytes(16).toString("base64url");
      const cookies = new Map();
      const go = async (url, init = {}) => {
        const response = await fetch(url, {
          ...init,
          redirect: "manual",
          headers: { ...(init.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const eq = pair.indexOf("=");
          cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        return response;
      };
      const query = new URLSearchParams({
        client_id: PUBLIC_CLIENT_ID, redirect_uri: REDIRECT_URI, response_type: "code", scope: "openid",
        state, code_challenge: challenge, code_challenge_method: "S256",
      });
      let url = new URL(`${issuer}/auth?${query}`);
      for (let hop = 0; hop < 12; hop++) {
        const response = await go(url);
        if (response.status >= 300 && response.status < 400) {
          const location = new URL(response.headers.get("location"), url);
          await response.arrayBuffer();
          if (location.href.startsWith(REDIRECT_URI)) {
            const code = location.searchParams.get("code");
            if (!code || location.searchParams.get("state") !== state) throw new Error(`authorization failed: ${location}`);
            return token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier, client_id: PUBLIC_CLIENT_ID });
          }
          url = location;
          continue;
        }
        const html = await response.text();
        const form = /<form method="post" action="([^"]+)" data-prompt="(login|consent)">/.exec(html);
        if (response.status !== 200 || !form) throw new Error(`expected a login or consent form at ${url}, got ${response.status}: ${html.slice(0, 300)}`);
        const action = new URL(form[1].replace(/&amp;/g, "&"), url);
        const fields = form[2] === "login" ? { login: subject } : { consent: "yes" };
        const submitted = await go(action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
        await submitted.arrayBuffer();
        if (submitted.status < 300 || submitted.status >= 400) throw new Error(`form POST answered ${submitted.status}`);
        url = new URL(submitted.headers.get("location"), action);
      }
      throw new Error("the authorization flow did not reach the redirect URI");
    },

    /** How many requests each path of the provider has received (e.g. /me is userinfo, /jwks the keys). */
    async requestCounts() {
      const response = await fetch(`${issuer}/_test/requests`);
      return response.json();
    },
  };
}
