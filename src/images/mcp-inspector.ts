import { ImageFacts } from './image-facts';
import { compareVersions, formatVersion, parseImage, version, versionOfTag } from './image-reference';

const REPO = 'https://github.com/modelcontextprotocol/inspector/blob';
const DOCKERFILE = `${REPO}/2.3.0/Dockerfile`;

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
  layouts: [
    // The first image: `npm start` in /app, no USER (root), the UI on CLIENT_PORT and the proxy on SERVER_PORT (6277).
    { since: '0.14.3', entrypoint: ['npm', 'start'], cmd: [], source: `${REPO}/0.14.3/Dockerfile` },
    { since: '2.0.0', entrypoint: ['mcp-inspector'], cmd: ['--web'], user: 'node', source: `${REPO}/2.0.0/Dockerfile` },
  ],
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

/**
 * One server the web UI offers at start, held in memory: `--server-url <url>` with
 * `--transport http|sse` after `--web` (from 2.0.0: an ad-hoc server, read-only session).
 */
export const MCP_INSPECTOR_AD_HOC_SERVER = {
  since: '2.0.0', mode: '--web', urlFlag: '--server-url', transportFlag: '--transport',
  transports: { streamableHttp: 'http', sse: 'sse' },
  sources: [`${REPO}/2.0.0/clients/web/server/run-web.ts`, `${REPO}/2.0.0/clients/launcher/README.md`],
};

/** The Inspector release the sidecar runs unless the environment names another. */
export const MCP_INSPECTOR_DEFAULT_IMAGE = 'ghcr.io/modelcontextprotocol/inspector:2.3.0';

/** The node user of the official node images. */
export const NODE_IMAGE_UID = 1000;

/**
 * How each line of Inspector releases guards the process-spawning backend: none before
 * 0.14.1 (CVE-2025-49596: anyone who reached the proxy could run commands); a random session
 * token from 0.14.1, settable as MCP_PROXY_AUTH_TOKEN from 0.15.0, on a second port (6277);
 * from 2.0.0 one port and MCP_INSPECTOR_API_TOKEN (the old name still honoured). Oldest first.
 */
export const MCP_INSPECTOR_AUTH: ReadonlyArray<{
  readonly since: string; readonly tokenEnv?: string; readonly ports: readonly number[]; readonly source: string;
}> = [
  { since: '0.0.1', ports: [6274, 6277], source: `${REPO}/0.14.0/server/src/index.ts` },
  { since: '0.14.1', ports: [6274, 6277], source: `${REPO}/0.14.1/server/src/index.ts` },
  { since: '0.15.0', tokenEnv: 'MCP_PROXY_AUTH_TOKEN', ports: [6274, 6277], source: `${REPO}/0.15.0/server/src/index.ts` },
  { since: '2.0.0', tokenEnv: 'MCP_INSPECTOR_API_TOKEN', ports: [6274], source: `${REPO}/2.0.0/clients/web/server/web-server-config.ts` },
];

/** The first release with any authentication, and the first our sidecar is written for (2.x variables, one port, USER node). */
export const MCP_INSPECTOR_AUTH_SINCE = '0.14.1';
export const MCP_INSPECTOR_SIDECAR_SINCE = '2.0.0';

/**
 * Why an Inspector image cannot be the sidecar, or undefined when it can: a release before
 * 2.0.0 reads other variables (our token would be ignored), serves a second port and runs as
 * root; before 0.14.1 it has no authentication at all. The release must be readable from the
 * tag (a digest alone says nothing).
 */
export function inspectorReleaseProblem(image: string): string | undefined {
  const v = versionOfTag(parseImage(image).tag);
  if (!v) return `its release cannot be read from the tag (pin ${MCP_INSPECTOR_SIDECAR_SINCE} or later by tag, optionally with @sha256:)`;
  if (compareVersions(v, version(MCP_INSPECTOR_AUTH_SINCE)) < 0) {
    return `${formatVersion(v)} has no authentication at all: anyone who reaches it can run commands in the pod (CVE-2025-49596, fixed in ${MCP_INSPECTOR_AUTH_SINCE}; ${MCP_INSPECTOR_AUTH[0].source})`;
  }
  if (compareVersions(v, version(MCP_INSPECTOR_SIDECAR_SINCE)) < 0) {
    return `${formatVersion(v)} is a 1.x-era release: it reads MCP_PROXY_AUTH_TOKEN, not the MCP_INSPECTOR_API_TOKEN the sidecar sets, serves a second port (6277) and its image runs as root; use ${MCP_INSPECTOR_SIDECAR_SINCE} or later (${MCP_INSPECTOR_AUTH[3].source})`;
  }
  return undefined;
}
