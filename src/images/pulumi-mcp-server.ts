import { ImageFacts, ListenHostFact, ListenPortFact, SubcommandFact } from './image-facts';

const REPO = 'https://github.com/pulumi/mcp-server/blob/main';
const WORKBENCH = 'https://github.com/spigell/my-images/blob/main/pulumi-workbench-docker/Dockerfile';

/** The server demands `stdio` or `http`; only `http` listens, on `--port` (default 3000), 0.0.0.0. */
export const PULUMI_SUBCOMMAND: SubcommandFact = { serving: 'http', others: ['stdio'] };
export const PULUMI_LISTEN: ListenPortFact = { flag: '--port', default: 3000 };
/**
 * From v0.1.8 `MCP_HTTP_HOST` sets the address (default 0.0.0.0); before, it always bound
 * every interface.
 * @see https://github.com/pulumi/mcp-server/blob/v0.1.8/src/server/http/httpServer.ts
 */
export const PULUMI_HOST: ListenHostFact = { env: 'MCP_HTTP_HOST', default: '0.0.0.0', since: '0.1.8', source: 'https://github.com/pulumi/mcp-server/blob/v0.1.8/src/server/http/httpServer.ts' };
/** What every image of the Pulumi MCP server serves; the command names are those the npm package installs (the workbench puts them on PATH). */
const PULUMI_SERVES = {
  env: {},
  programs: [['pulumi-mcp-server'], ['mcp-server'], ['node', 'dist/index.js']],
  listenPort: PULUMI_LISTEN,
  listenHost: PULUMI_HOST,
  subcommand: PULUMI_SUBCOMMAND,
  mcpPaths: ['/mcp'],
  needsKubernetesApi: false,
  flags: [],
  // v0.1.9's package-lock.json resolves @modelcontextprotocol/sdk ^1.13.1 to 1.13.2; later 1.x
  // releases add newer revisions and keep these.
  protocols: [{ revisions: ['2024-10-07', '2024-11-05', '2025-03-26', '2025-06-18'], source: 'https://github.com/modelcontextprotocol/typescript-sdk/blob/1.13.2/src/types.ts' }],
} satisfies Partial<ImageFacts>;

/**
 * The Pulumi MCP server as upstream builds it: `node dist/index.js` with no CMD, user
 * `appuser` (a name). Without a subcommand it prints usage and exits. Upstream publishes
 * no image of this name: build it, or use one that bundles the Pulumi CLI.
 */
export const PULUMI_MCP_SERVER: ImageFacts = {
  id: 'pulumi-mcp-server',
  title: 'Pulumi MCP server',
  repository: /(pulumi\/mcp-server|mcp\/pulumi)$/,
  example: 'pulumi/mcp-server (build it yourself)',
  layouts: [{ entrypoint: ['node', 'dist/index.js'], cmd: [], user: 'appuser', source: `${REPO}/Dockerfile` }],
  ...PULUMI_SERVES,
  sources: [`${REPO}/Dockerfile`, `${REPO}/src/cmd/cmd.ts`, `${REPO}/src/server/http/config.ts`],
};

/**
 * `ghcr.io/spigell/pulumi-workbench`: the Pulumi CLI, kubectl and `@pulumi/mcp-server` on
 * PATH, user `ubuntu`, ENTRYPOINT `bash -lc` with a CMD that prints versions and exits. It
 * runs the MCP server only when told: `command: [pulumi-mcp-server, http]`.
 */
export const PULUMI_WORKBENCH: ImageFacts = {
  id: 'pulumi-workbench',
  title: 'Pulumi workbench (Pulumi CLI, kubectl, Pulumi MCP server)',
  repository: /spigell\/pulumi-workbench$/,
  example: 'ghcr.io/spigell/pulumi-workbench',
  layouts: [{
    entrypoint: ['/bin/bash', '-lc'],
    cmd: ['pulumi version && pulumictl version && golangci-lint version && kubectl version --client=true --output=yaml || true'],
    user: 'ubuntu',
    source: WORKBENCH,
  }],
  ...PULUMI_SERVES,
  sources: [WORKBENCH, `${REPO}/src/cmd/cmd.ts`],
};
