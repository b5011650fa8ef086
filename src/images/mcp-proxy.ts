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
 * Without `--pass-environment` the stdio child gets only the MCP SDK's default variables
 * (HOME, PATH, ...), not the container's env or secretEnv.
 * @see https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/src/mcp_proxy/__main__.py
 */
export const MCP_PROXY_PASS_ENVIRONMENT = '--pass-environment';

/**
 * mcp-proxy serves Streamable HTTP under `/mcp/`, SSE at `/sse` (POSTs to `/messages/`) and
 * `GET /status`. Up to v0.9.0 `/mcp` without the slash answers 404 (a Starlette Mount with
 * redirect_slashes off; measured with PyPI mcp-proxy 0.9.0); v0.10.0 accepts both, so
 * `/mcp/` works with every release.
 * @see https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/src/mcp_proxy/mcp_server.py
 */
export const MCP_PROXY_PATHS = { streamableHttp: '/mcp/', sse: '/sse', status: '/status' } as const;

/**
 * mcp-proxy 0.9.0 with the exact versions of its dependencies in its uv.lock, so an image
 * built with them runs what the pod tests run (test/pods/programs/requirements.txt holds the
 * same pins; a test compares them).
 * @see https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/uv.lock
 */
export const MCP_PROXY_LOCK: Readonly<Record<string, string>> = {
  'mcp-proxy': '0.9.0', 'mcp': '1.9.4', 'annotated-types': '0.7.0', 'anyio': '4.10.0', 'certifi': '2025.8.3', 'click': '8.3.0',
  'h11': '0.16.0', 'httpcore': '1.0.9', 'httpx': '0.28.1', 'httpx-sse': '0.4.1', 'idna': '3.10', 'pydantic': '2.11.9',
  'pydantic-core': '2.33.2', 'pydantic-settings': '2.10.1', 'python-dotenv': '1.1.1', 'python-multipart': '0.0.20', 'sniffio': '1.3.1',
  'sse-starlette': '3.0.2', 'starlette': '0.48.0', 'typing-extensions': '4.15.0', 'typing-inspection': '0.4.1', 'uvicorn': '0.36.0',
};

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
