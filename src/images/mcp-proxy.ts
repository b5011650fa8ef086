import { ImageFacts, ListenHostFact, ListenPortFact } from './image-facts';

const REPO = 'https://github.com/sparfenyuk/mcp-proxy/blob';

/**
 * How mcp-proxy listens: `--host`/`--port` default to 127.0.0.1 and 0 (a random port), so
 * a pod must set both; arguments after `--` belong to the stdio child.
 * @see https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/src/mcp_proxy/__main__.py
 */
export const MCP_PROXY_LISTEN: ListenPortFact = { flag: '--port', default: 0, flagsEndAt: '--' };
export const MCP_PROXY_HOST: ListenHostFact = { flag: '--host', default: '127.0.0.1', source: `${REPO}/v0.9.0/src/mcp_proxy/__main__.py` };

/**
 * mcp-proxy serves Streamable HTTP under `/mcp/`, SSE at `/sse` (POSTs to `/messages/`) and
 * `GET /status`. Up to v0.9.0 `/mcp` without the slash answers 404 (a Starlette Mount with
 * redirect_slashes off; measured with PyPI mcp-proxy 0.9.0); v0.10.0 accepts both, so
 * `/mcp/` works with every release.
 * @see https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/src/mcp_proxy/mcp_server.py
 */
export const MCP_PROXY_PATHS = { streamableHttp: '/mcp/', sse: '/sse', status: '/status' } as const;

/** What every image that runs mcp-proxy as its entrypoint serves, and how it is started. */
export const MCP_PROXY_SERVES = {
  env: { PATH: '/app/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
  programs: [['mcp-proxy'], ['catatonit', '--', 'mcp-proxy']],
  listenPort: MCP_PROXY_LISTEN,
  listenHost: MCP_PROXY_HOST,
  mcpPaths: [MCP_PROXY_PATHS.streamableHttp, MCP_PROXY_PATHS.sse],
  healthPath: MCP_PROXY_PATHS.status,
  needsKubernetesApi: false,
  flags: [],
  // v0.9.0's uv.lock pins the Python SDK mcp 1.9.4.
  protocols: [{ revisions: ['2024-11-05', '2025-03-26'], source: 'https://github.com/modelcontextprotocol/python-sdk/blob/v1.9.4/src/mcp/shared/version.py' }],
} satisfies Partial<ImageFacts>;

/**
 * sparfenyuk/mcp-proxy, a stdio-to-HTTP bridge (PyPI `mcp-proxy`), as its own image. The
 * image runs as root (no USER) under catatonit.
 */
export const MCP_PROXY: ImageFacts = {
  id: 'mcp-proxy',
  title: 'mcp-proxy (stdio-to-HTTP bridge)',
  repository: /sparfenyuk\/mcp-proxy$/,
  example: 'ghcr.io/sparfenyuk/mcp-proxy',
  layouts: [{ entrypoint: ['catatonit', '--', 'mcp-proxy'], cmd: [], source: `${REPO}/v0.9.0/Dockerfile` }],
  ...MCP_PROXY_SERVES,
  sources: [`${REPO}/v0.9.0/Dockerfile`, `${REPO}/v0.9.0/src/mcp_proxy/__main__.py`, `${REPO}/v0.9.0/src/mcp_proxy/mcp_server.py`],
};
