// The kubelet's and a client's side of a pod test, run inside the pod's network namespace
// (`nsenter --net`): TCP and HTTP probes against the pod address, and MCP `initialize` +
// `tools/list` with the official client. Requests arrive as JSON lines on stdin; each
// answer is one JSON line on stdout with the same id. Plain CommonJS: no build step.
const net = require('net');
const readline = require('readline');
const { UnauthorizedError } = require('@modelcontextprotocol/sdk/client/auth.js');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { SSEClientTransport } = require('@modelcontextprotocol/sdk/client/sse.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

function tcp({ host, port, timeoutMs = 2000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => { socket.destroy(); resolve(result); };
    socket.setTimeout(timeoutMs, () => done({ connected: false, error: 'timeout' }));
    socket.on('connect', () => done({ connected: true }));
    socket.on('error', (err) => done({ connected: false, error: err.code || err.message }));
  });
}

async function http({ url, method = 'GET', headers = {}, body, timeoutMs = 3000 }) {
  try {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const text = (await res.text()).slice(0, 2000);
    return { status: res.status, body: text, headers: Object.fromEntries(res.headers) };
  } catch (err) {
    return { status: 0, error: String(err.cause?.code || err.message) };
  }
}

async function mcp({ url, transport, calls = [], timeoutMs = 15000 }) {
  const client = new Client({ name: 'cdk8s-mcp-pod-test', version: '1.0.0' });
  const t = transport === 'sse' ? new SSEClientTransport(new URL(url)) : new StreamableHTTPClientTransport(new URL(url));
  try {
    await client.connect(t, { timeout: timeoutMs });
    const tools = await client.listTools(undefined, { timeout: timeoutMs });
    const called = await callTools(client, calls, timeoutMs);
    return { serverInfo: client.getServerVersion(), tools: tools.tools.map((tool) => ({ name: tool.name, annotations: tool.annotations })), called };
  } finally {
    await client.close().catch(() => {});
  }
}

/** Each tool call's outcome: a result (isError as the server says) or the protocol error. */
async function callTools(client, calls, timeoutMs) {
  const called = [];
  for (const call of calls) {
    try {
      const result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} }, undefined, { timeout: timeoutMs });
      called.push({ name: call.name, isError: Boolean(result.isError), text: JSON.stringify(result.content).slice(0, 500) });
    } catch (err) {
      called.push({ name: call.name, error: String(err && err.message || err).slice(0, 500) });
    }
  }
  return called;
}

/**
 * An OAuth client of the SDK for a pre-registered confidential client: the authorization
 * server redirects at once (no login page), so "opening the browser" is one GET whose
 * Location carries the code.
 */
class TestOAuthProvider {
  constructor(clientId, clientSecret) {
    this.info = { client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post' };
    this.seen = {};
  }
  get redirectUrl() { return 'http://127.0.0.1:9/callback'; }
  get clientMetadata() {
    return { client_name: 'cdk8s-mcp-pod-test', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' };
  }
  state() { return 'pod-test-state'; }
  clientInformation() { return this.info; }
  saveClientInformation(info) { this.info = info; }
  tokens() { return this.stored; }
  saveTokens(tokens) { this.stored = tokens; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  saveDiscoveryState(state) { this.seen.discovery = state; }
  async redirectToAuthorization(url) {
    this.seen.authorizationUrl = url.toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (!location) throw new Error(`authorization endpoint answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
    this.code = new URL(location).searchParams.get('code');
  }
}

/** The MCP authorization flow as the SDK runs it: 401, discovery, code + PKCE, then initialize and tools/list. */
async function oauth({ url, clientId, clientSecret, calls = [], timeoutMs = 15000 }) {
  const provider = new TestOAuthProvider(clientId, clientSecret);
  const first = new Client({ name: 'cdk8s-mcp-pod-test', version: '1.0.0' });
  let challenged = false;
  try {
    await first.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }), { timeout: timeoutMs });
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
    challenged = true;
  } finally {
    await first.close().catch(() => {});
  }
  if (!provider.code) throw new Error('the flow never reached the authorization endpoint');
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await transport.finishAuth(provider.code);
  const client = new Client({ name: 'cdk8s-mcp-pod-test', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: timeoutMs });
    const tools = await client.listTools(undefined, { timeout: timeoutMs });
    const called = await callTools(client, calls, timeoutMs);
    const discovery = provider.seen.discovery ?? {};
    return {
      challenged,
      authorizationUrl: provider.seen.authorizationUrl,
      authorizationServer: discovery.authorizationServerUrl,
      authorizationServerMetadata: discovery.authorizationServerMetadata,
      resourceMetadata: discovery.resourceMetadata,
      accessToken: provider.stored && provider.stored.access_token,
      serverInfo: client.getServerVersion(),
      tools: tools.tools.map((tool) => tool.name),
      called,
    };
  } finally {
    await client.close().catch(() => {});
  }
}

const OPS = { tcp, http, mcp, oauth };
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const request = JSON.parse(line);
  try {
    const result = await OPS[request.op](request);
    process.stdout.write(`${JSON.stringify({ id: request.id, result })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ id: request.id, error: String(err && err.message || err) })}\n`);
  }
});
// The harness closes stdin when the pod stops: end then, whatever the SDK still holds open.
rl.on('close', () => process.kill(process.pid, 'SIGTERM'));
