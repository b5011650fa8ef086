import { ImageFacts } from './image-facts';

const DOCKERFILE = 'https://github.com/modelcontextprotocol/inspector/blob/2.3.0/Dockerfile';

/**
 * MCP Inspector v2: one port, `CLIENT_PORT` (6274), for UI and API (6275 only for the Apps
 * sandbox; the v1 proxy port 6277 is gone). The image binds 0.0.0.0 with
 * `DANGEROUSLY_BIND_ALL_INTERFACES=true`, runs as `node` (uid 1000 in node images), keeps
 * state under `$HOME/.mcp-inspector` and needs Node 22.19 or later.
 */
export const MCP_INSPECTOR: ImageFacts = {
  id: 'mcp-inspector',
  title: 'MCP Inspector',
  repository: /modelcontextprotocol\/inspector$/,
  example: 'ghcr.io/modelcontextprotocol/inspector',
  layouts: [{ entrypoint: ['mcp-inspector'], cmd: ['--web'], user: 'node', source: DOCKERFILE }],
  env: {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOST: '0.0.0.0',
    DANGEROUSLY_BIND_ALL_INTERFACES: 'true',
    CLIENT_PORT: '6274',
    MCP_SANDBOX_PORT: '6275',
    MCP_AUTO_OPEN_ENABLED: 'false',
    HOME: '/home/node',
    NODE_ENV: 'production',
  },
  programs: [['mcp-inspector']],
  listenPort: { env: 'CLIENT_PORT', default: 6274 },
  mcpPaths: [],
  needsKubernetesApi: false,
  flags: [],
  sources: [DOCKERFILE],
};

/** The node user of the official node images. */
export const NODE_IMAGE_UID = 1000;
