// The kubelet's and a client's side of a pod test, run inside the pod's network namespace
// (`nsenter --net`): TCP and HTTP probes against the pod address, and MCP `initialize` +
// `tools/list` with the official client. Requests arrive as JSON lines on stdin; each
// answer is one JSON line on stdout with the same id. Plain CommonJS: no build step.
const net = require('net');
const readline = require('readline');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { SSEClientTransport } = require('@modelcontextprotocol/sdk/client/sse.js');

function tcp({ host, port, timeoutMs = 2000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => { socket.destroy(); resolve(result); };
    socket.setTimeout(timeoutMs, () => done({ connected: false, error: 'timeout' }));
    socket.on('connect', () => done({ connected: true }));
    socket.on('error', (err) => done({ connected: false, error: err.code || err.message }));
  });
}

async function http({ url, headers = {}, timeoutMs = 3000 }) {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body = (await res.text()).slice(0, 2000);
    return { status: res.status, body };
  } catch (err) {
    return { status: 0, error: String(err.cause?.code || err.message) };
  }
}

async function mcp({ url, transport, timeoutMs = 15000 }) {
  const client = new Client({ name: 'cdk8s-mcp-pod-test', version: '1.0.0' });
  const t = transport === 'sse' ? new SSEClientTransport(new URL(url)) : new StreamableHTTPClientTransport(new URL(url));
  try {
    await client.connect(t, { timeout: timeoutMs });
    const tools = await client.listTools(undefined, { timeout: timeoutMs });
    return { serverInfo: client.getServerVersion(), tools: tools.tools.map((tool) => ({ name: tool.name, annotations: tool.annotations })) };
  } finally {
    await client.close().catch(() => {});
  }
}

const OPS = { tcp, http, mcp };
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
