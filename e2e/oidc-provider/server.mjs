// A real OpenID provider (npm oidc-provider) for tests and local runs, bound to 127.0.0.1 only.
//
// Usage: node e2e/oidc-provider/server.mjs '<json config>'   (or the JSON in OIDC_PROVIDER_CONFIG)
// Prints exactly one line `READY <issuer>` on stdout once it accepts connections.
//
// Config (every field optional):
// {
//   "port": 0,                       // 0: the OS picks a free port; the READY line names it
//   "registration": true,            // RFC 7591 dynamic client registration (off for an Entra-like upstream)
//   "resources": [                   // RFC 8707 resource indicators this provider issues tokens for
//     "http://127.0.0.1:5000/mcp",   //   a string: JWT access tokens (RS256, with kid) for that audience
//     { "indicator": "http://127.0.0.1:5000/other", "accessTokenFormat": "opaque",
//       "scope": "mcp:read mcp:execute", "accessTokenTtlSeconds": 3600 }
//   ],
//   "resourceScope": "mcp:read mcp:execute",   // scopes of a resource entry that names none
//   "accessTokenTtlSeconds": 3600,
//   "clients": [ { ...client metadata as oidc-provider takes it... } ]
// }
//
// Without a resource indicator, access tokens are opaque and have no audience: they work at the
// userinfo endpoint (with scope openid) and at introspection, which is what the first seed's
// Auth0 tokens look like to a resource server.
//
// Login and consent are plain HTML forms at /interaction/<uid>: POST `login=<subject>` while the
// login prompt is pending, then POST anything (or `deny=1`) for consent, which grants every
// requested scope and resource. GET /_test/requests returns how many requests each path received,
// so tests can count introspection and userinfo calls; nothing here mints tokens outside OAuth.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider, { errors } from 'oidc-provider';

const MAX_FORM_BYTES = 8 * 1024;

const config = readConfig();
const requestCounts = new Map();

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port ?? 0, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const resources = normalizeResources(config);
const provider = new Provider(issuer, providerConfiguration(config, resources));
// Loopback http only: oidc-provider must not expect a TLS-terminating proxy.
provider.proxy = false;
provider.on('server_error', (_ctx, error) => console.error('server_error', error));

const callback = provider.callback();
server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  requestCounts.set(url.pathname, (requestCounts.get(url.pathname) ?? 0) + 1);

  if (url.pathname === '/_test/requests' && req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(Object.fromEntries(requestCounts)));
    return;
  }

  const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (interaction) {
    handleInteraction(req, res, interaction[1]).catch((error) => {
      console.error('interaction failed', error);
      if (!res.headersSent) {
        res.statusCode = error instanceof errors.SessionNotFound ? 400 : 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
      }
      res.end(`interaction failed: ${error.message}`);
    });
    return;
  }

  callback(req, res);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  // In-memory state only: nothing to flush, so stop at once.
  process.on(signal, () => process.exit(0));
}

console.log(`READY ${issuer}`);

function readConfig() {
  const raw = process.argv[2] ?? process.env.OIDC_PROVIDER_CONFIG ?? '{}';
  try {
    return JSON.parse(raw);
  } catch (error) {
    console.error(`The config is not JSON: ${error.message}`);
    process.exit(2);
  }
}

function normalizeResources(cfg) {
  const defaultScope = cfg.resourceScope ?? 'mcp:read mcp:execute';
  const map = new Map();
  for (const entry of cfg.resources ?? []) {
    const resource = typeof entry === 'string' ? { indicator: entry } : entry;
    map.set(resource.indicator, {
      scope: resource.scope ?? defaultScope,
      audience: resource.indicator,
      accessTokenTTL: resource.accessTokenTtlSeconds ?? cfg.accessTokenTtlSeconds ?? 3600,
      accessTokenFormat: resource.accessTokenFormat ?? 'jwt',
      ...((resource.accessTokenFormat ?? 'jwt') === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}),
    });
  }
  return map;
}

function providerConfiguration(cfg, resourceServers) {
  const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const resourceScopes = new Set([...resourceServers.values()].flatMap((r) => r.scope.split(' ')));

  return {
    clients: cfg.clients ?? [],
    jwks: { keys: [{ ...signingKey, kid: `k-${crypto.randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email', 'offline_access', ...resourceScopes],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: sub, email: `${sub}@example.test`, email_verified: true }),
    }),
    // OAuth 2.1 / MCP authorization: PKCE with S256 for every client, confidential ones included.
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? cfg.accessTokenTtlSeconds ?? 3600,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? cfg.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 3600,
      Grant: 14 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      registration: { enabled: cfg.registration ?? true, initialAccessToken: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        // The token request may omit `resource` when the authorization request named one.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          const info = resourceServers.get(indicator);
          if (!info) {
            throw new errors.InvalidTarget(`resource ${indicator} is not served by this provider`);
          }
          return info;
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = Object.entries(out).map(([k, v]) => `${k}: ${v}`).join('\n');
    },
  };
}

async function handleInteraction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.statusCode = 400;
    res.end('interaction mismatch');
    return;
  }

  if (req.method === 'GET') {
    renderInteraction(res, details);
    return;
  }

  if (req.method !== 'POST') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, POST');
    res.end();
    return;
  }

  const form = new URLSearchParams(await readBody(req));
  let result;
  if (form.has('deny')) {
    result = { error: 'access_denied', error_description: 'The user denied the request.' };
  } else if (details.prompt.name === 'login') {
    const login = form.get('login') ?? '';
    if (!/^[\w|@.:-]{1,128}$/.test(login)) {
      res.statusCode = 400;
      res.end('login must be 1-128 characters of letters, digits and _|@.:-');
      return;
    }
    result = { login: { accountId: login } };
  } else if (details.prompt.name === 'consent') {
    result = { consent: { grantId: await grantEverythingRequested(details) } };
  } else {
    res.statusCode = 400;
    res.end(`unsupported prompt ${details.prompt.name}`);
    return;
  }

  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function grantEverythingRequested(details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });

  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }

  return grant.save();
}

function renderInteraction(res, details) {
  const { uid, prompt, params } = details;
  const action = `/interaction/${uid}`;
  const fields = prompt.name === 'login'
    ? '<label>Subject <input name="login" autofocus required></label><button type="submit">Sign in</button>'
    : `<p>${escapeHtml(params.client_id)} asks for <code>${escapeHtml(params.scope ?? '')}</code>`
      + ` on <code>${escapeHtml([].concat(params.resource ?? []).join(' '))}</code>.</p>`
      + '<button type="submit" name="consent" value="yes">Allow</button>'
      + '<button type="submit" name="deny" value="1">Deny</button>';
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(`<!DOCTYPE html><html><head><title>${prompt.name}</title></head><body>`
    + `<form method="post" action="${action}" data-prompt="${prompt.name}">${fields}</form></body></html>`);
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw new Error('form too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
