// Checks every page a person sees during sign-in (consent, development sign-in, the error pages) in headless
// Chromium, at phone width (390×844) and desktop width (1280×800): no sideways scrolling on a phone, every form
// control has an accessible name, exactly one level-1 heading, and the page names the server and its host. The
// accessibility view is Chromium's own (DevTools protocol Accessibility.getFullAXTree), the tree a screen reader
// reads. Screenshots and the accessibility trees go to e2e/pages-check-output/ (gitignored).
//
// Usage: node e2e/pages-check.mjs [--url http://127.0.0.1:7071] [--server McpFunctions] [--out DIR] [--storage-down-url URL]
//   Without --url it runs ./run.sh on a free port (the development sign-in, state in memory) and stops it after.
//   --storage-down-url: a second instance whose table storage is unreachable; adds its "storage unavailable" page.
//   Chromium: $CHROMIUM, else chromium-headless-shell / chromium / google-chrome on PATH. When none is found it
//   prints "skipped: no chromium found" and exits 0; it never installs anything.
// Exit code 0 when every check passes, 1 otherwise (each failure printed).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 20 has WebSocket only behind a flag (global from Node 22); rerun this script with it.
if (typeof globalThis.WebSocket === 'undefined') {
  const child = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = parseArgs(process.argv.slice(2));
const serverName = args.server ?? 'McpFunctions';
const outDir = resolve(args.out ?? join(root, 'e2e', 'pages-check-output'));
const viewports = [
  { name: 'phone', width: 390, height: 844, mobile: true },
  { name: 'desktop', width: 1280, height: 800, mobile: false },
];
const claudeCallback = 'https://claude.ai/api/mcp/auth_callback';

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.log('skipped: no chromium found (set CHROMIUM or install chromium-headless-shell)');
  process.exit(0);
}

const failures = [];
let app;
let browser;
try {
  const baseUrl = args.url ? args.url.replace(/\/+$/, '') : await startApp();
  const host = new URL(baseUrl).host;
  mkdirSync(outDir, { recursive: true });
  browser = await launchChromium(chromiumPath);
  for (const viewport of viewports) {
    const page = await browser.newPage();
    await page.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: viewport.mobile });
    for (const [name, open, pageHost] of pages(baseUrl)) {
      try {
        await open(page);
        await checkPage(page, `${name} (${viewport.name})`, `${slug(name)}-${viewport.name}`, pageHost ?? host);
      } catch (error) {
        failures.push(`${name} (${viewport.name}): ${error.message}`);
      }
    }
    await page.close();
  }
} catch (error) {
  failures.push(error.message);
} finally {
  await browser?.close();
  await stopApp();
}

for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(failures.length === 0 ? `pages-check: all pages passed; screenshots in ${outDir}` : `pages-check: ${failures.length} failure(s)`);
process.exit(failures.length === 0 ? 0 : 1);

/** The pages, each with how a browser reaches it. The sign-in page is reached by approving the consent page. */
function pages(baseUrl) {
  const authorize = async (redirectUri, clientId) => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: clientId ?? await register(baseUrl), redirect_uri: redirectUri,
      code_challenge: challenge, code_challenge_method: 'S256', state: 'pages-check', scope: 'mcp:read mcp:execute', resource: `${baseUrl}/mcp`,
    });
    return `${baseUrl}/authorize?${query}`;
  };
  const storageDown = args['storage-down-url']?.replace(/\/+$/, '');
  return [
    ...(storageDown
      ? [['error storage unavailable', async (page) => {
        await page.navigate((await authorize(claudeCallback, 'any-client')).replace(baseUrl, storageDown));
        const text = await page.evaluate('document.body.innerText');
        if (!text.includes('temporarily_unavailable')) throw new Error(`the page does not say temporarily_unavailable: ${text}`);
      }, new URL(storageDown).host]]
      : []),
    ['consent', async (page) => page.navigate(await authorize(claudeCallback))],
    ['development sign-in', async (page) => {
      await page.navigate(await authorize(claudeCallback));
      await page.submit('button[name="decision"][value="approve"]');
      const path = await page.evaluate('location.pathname');
      if (path !== '/dev/sign-in') throw new Error(`approving the consent page led to ${path}, not /dev/sign-in`);
    }],
    ['error unknown client', async (page) => page.navigate(await authorize(claudeCallback, 'no-such-client'))],
    ['error redirect not allowed', async (page) => page.navigate(await authorize('https://elsewhere.example/cb'))],
    ['error sign-in opened directly', async (page) => page.navigate(`${baseUrl}/dev/sign-in`)],
    ['error stale callback', async (page) => page.navigate(`${baseUrl}/callback?state=never-issued&code=x`)],
  ];
}

async function register(baseUrl) {
  const response = await fetch(`${baseUrl}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'pages-check', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', redirect_uris: [claudeCallback] }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 201) throw new Error(`POST /register answered ${response.status}: ${await response.text()}`);
  return (await response.json()).client_id;
}

async function checkPage(page, label, file, host) {
  const png = await page.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
  writeFileSync(join(outDir, `${file}.png`), Buffer.from(png.data, 'base64'));
  const { nodes } = await page.send('Accessibility.getFullAXTree');
  writeFileSync(join(outDir, `${file}.ax.json`), JSON.stringify(nodes.filter((n) => !n.ignored).map(summary), null, 1));
  const fail = (message) => failures.push(`${label}: ${message}`);

  // A phone user must never scroll sideways (WCAG 2.2 SC 1.4.10 Reflow).
  const overflow = await page.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
  if (overflow.scroll > overflow.inner) fail(`scrolls sideways: scrollWidth ${overflow.scroll} > innerWidth ${overflow.inner}`);

  const visible = nodes.filter((n) => !n.ignored);
  const headings = visible.filter((n) => n.role?.value === 'heading' && property(n, 'level') === 1);
  if (headings.length !== 1) fail(`has ${headings.length} level-1 headings in the accessibility tree, not 1`);
  else if (!headings[0].name?.value?.trim()) fail('its level-1 heading has no text');

  // Every control a person can reach must announce what it is for (WCAG 2.2 SC 4.1.2 Name, Role, Value).
  const controls = ['textbox', 'checkbox', 'radio', 'button', 'combobox', 'searchbox', 'spinbutton', 'switch', 'listbox'];
  for (const node of visible.filter((n) => controls.includes(n.role?.value))) {
    if (!node.name?.value?.trim()) fail(`a ${node.role.value} has no accessible name`);
  }

  const rootNode = visible.find((n) => n.role?.value === 'RootWebArea');
  const title = rootNode?.name?.value ?? '';
  if (!title.endsWith(` – ${serverName}`)) fail(`title "${title}" does not name ${serverName}`);
  const footer = await page.evaluate('document.querySelector("footer")?.innerText ?? ""');
  if (footer.trim() !== `${serverName} at ${host}`) fail(`footer "${footer.trim()}" does not say "${serverName} at ${host}"`);
  console.log(`ok ${label}: "${headings[0]?.name?.value ?? ''}"`);
}

function summary(node) {
  const level = property(node, 'level');
  return { role: node.role?.value, name: node.name?.value, ...(level ? { level } : {}) };
}

function property(node, name) {
  return node.properties?.find((p) => p.name === name)?.value?.value;
}

function slug(text) {
  return text.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(url|server|out|storage-down-url)$/.exec(argv[i]);
    if (!match || i + 1 >= argv.length) {
      console.error(`unknown or incomplete argument: ${argv[i]}\nusage: node e2e/pages-check.mjs [--url URL] [--server NAME] [--out DIR] [--storage-down-url URL]`);
      process.exit(2);
    }
    parsed[match[1]] = argv[++i];
  }
  return parsed;
}

function findChromium() {
  if (process.env.CHROMIUM !== undefined) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  const names = ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/lib/chromium'];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function startApp() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  app = spawn(join(root, 'run.sh'), [], { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  app.stdout.on('data', (d) => { output = (output + d).slice(-4000); });
  app.stderr.on('data', (d) => { output = (output + d).slice(-4000); });
  // run.sh builds first; under load that can take minutes.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`./run.sh exited with ${app.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/.well-known/oauth-authorization-server`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return url;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`./run.sh did not answer at ${url} within 300 s:\n${output}`);
}

async function stopApp() {
  if (!app || app.exitCode !== null) return;
  const exited = new Promise((r) => app.once('exit', r));
  try { process.kill(-app.pid, 'SIGTERM'); } catch { /* already gone */ }
  const timer = setTimeout(() => { try { process.kill(-app.pid, 'SIGKILL'); } catch { /* already gone */ } }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts headless Chromium with a DevTools port and speaks the DevTools protocol to it over one WebSocket. */
async function launchChromium(executable) {
  const profile = mkdtempSync(join(tmpdir(), 'pages-check-'));
  const flags = ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--no-first-run', '--disable-gpu', '--hide-scrollbars', 'about:blank'];
  // Chromium refuses to run as root with its sandbox (containers, CI); the pages are our own.
  if (process.getuid?.() === 0) flags.unshift('--no-sandbox');
  // Its own process group: Debian's chromium commands are shell wrappers that start the browser as a child, so only
  // signalling the whole group ends the browser with the wrapper.
  const child = spawn(executable, flags, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const endpoint = await new Promise((resolveEndpoint, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${executable} did not open its DevTools port within 30 s:\n${text}`)), 30_000);
    child.stderr.on('data', (d) => {
      text += d;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) { clearTimeout(timer); resolveEndpoint(match[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${executable} exited with ${code}:\n${text}`)); });
  });
  const socket = new WebSocket(endpoint);
  await new Promise((r, reject) => { socket.onopen = r; socket.onerror = () => reject(new Error(`cannot connect to ${endpoint}`)); });
  let nextId = 0;
  const pending = new Map();
  const listeners = new Set();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter?.resolve(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  };
  const send = (method, params = {}, sessionId) => new Promise((r, reject) => {
    const id = ++nextId;
    const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${method} timed out`)); }, 30_000);
    pending.set(id, { method, resolve: (v) => { clearTimeout(timer); r(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
  const waitFor = (method, sessionId, ms = 30_000) => new Promise((r, reject) => {
    const timer = setTimeout(() => { listeners.delete(listener); reject(new Error(`no ${method} within ${ms / 1000} s`)); }, ms);
    const listener = (message) => {
      if (message.method === method && message.sessionId === sessionId) { clearTimeout(timer); listeners.delete(listener); r(message.params); }
    };
    listeners.add(listener);
  });

  return {
    async newPage() {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const page = {
        send: (method, params) => send(method, params, sessionId),
        async navigate(url) {
          const loaded = waitFor('Page.loadEventFired', sessionId);
          const result = await page.send('Page.navigate', { url });
          if (result.errorText) throw new Error(`cannot open ${url}: ${result.errorText}`);
          await loaded;
        },
        async submit(selector) {
          const loaded = waitFor('Page.loadEventFired', sessionId);
          const clicked = await page.evaluate(`(() => { const b = document.querySelector(${JSON.stringify(selector)}); if (!b) return false; b.click(); return true; })()`);
          if (!clicked) throw new Error(`no ${selector} on ${await page.evaluate('location.href')}`);
          await loaded;
        },
        async evaluate(expression) {
          const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, returnByValue: true });
          if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
          return result.value;
        },
        close: () => send('Target.closeTarget', { targetId }),
      };
      await page.send('Page.enable');
      await page.send('Accessibility.enable');
      return page;
    },
    async close() {
      socket.close();
      const exited = new Promise((r) => child.once('exit', r));
      const signal = (name) => { try { process.kill(-child.pid, name); } catch { /* already gone */ } };
      signal('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      signal('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
