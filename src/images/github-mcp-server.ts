import { ImageFacts } from './image-facts';
import { MCP_PROXY_SERVES } from './mcp-proxy';

const DOCKERFILE = 'https://github.com/spigell/my-images/blob/main/github-mcp-server-docker/Dockerfile';

/** Where the image keeps the github-mcp-server binary that mcp-proxy starts. */
export const GITHUB_MCP_SERVER_BINARY = '/usr/local/bin/github-mcp-server';

/** The bridge flags of the image's CMD, before `--` and the stdio command. */
export function githubBridgeArgs(port: number, allowedOrigins: readonly string[], host = '0.0.0.0'): string[] {
  return [`--host=${host}`, `--port=${port}`, ...allowedOrigins.map((o) => `--allow-origin=${o}`), '--pass-environment'];
}

/**
 * `ghcr.io/spigell/github-mcp-server`: github-mcp-server (stdio) behind mcp-proxy, `FROM
 * ghcr.io/sparfenyuk/mcp-proxy` with ENTRYPOINT `mcp-proxy` and a CMD that listens on 8080
 * on every interface, allows every origin and passes the environment (the token) to the
 * child. Tag `0.18.0-1b59f5` is github-mcp-server v0.18.0 on mcp-proxy v0.9.0 (the
 * Dockerfile's first version). Setting `args` replaces the whole CMD. github-mcp-server
 * v0.18.0 reads `GITHUB_TOOLSETS` but not `GITHUB_READ_ONLY` (viper maps `read-only` to
 * `GITHUB_READ-ONLY`), so read-only goes on its command line.
 */
export const GITHUB_MCP_SERVER: ImageFacts = {
  id: 'github-mcp-server',
  title: 'github-mcp-server behind mcp-proxy',
  repository: /spigell\/github-mcp-server$/,
  example: 'ghcr.io/spigell/github-mcp-server',
  layouts: [{
    entrypoint: ['mcp-proxy'],
    cmd: [...githubBridgeArgs(8080, ['*']), '--', GITHUB_MCP_SERVER_BINARY, 'stdio'],
    user: 'app',
    source: DOCKERFILE,
  }],
  ...MCP_PROXY_SERVES,
  sources: [
    DOCKERFILE,
    'https://github.com/sparfenyuk/mcp-proxy/blob/v0.9.0/Dockerfile',
    'https://github.com/github/github-mcp-server/blob/v0.18.0/cmd/github-mcp-server/main.go',
  ],
};
