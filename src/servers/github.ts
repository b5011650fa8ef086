import { Construct } from 'constructs';
import { GithubServerSpec } from '../config/schema';
import { McpApp, McpTransport } from '../constructs';
import { GITHUB_MCP_SERVER, GITHUB_MCP_SERVER_BINARY, githubBridgeArgs, MCP_PROXY_PATHS } from '../images';
import { addAuth, authOf, LOOPBACK_HOST, loopbackPort } from './auth';
import { commonAppProps } from './generic';
import { ServerContext } from './server-context';

/** Flags of github-mcp-server the catalog sets after `stdio`, and the field that sets each. */
export const GITHUB_OWNED_FLAGS: Readonly<Record<string, string>> = { '--toolsets': 'toolsets', '--read-only': 'readOnly' };

/**
 * The GitHub MCP server (stdio) behind the mcp-proxy bridge baked into
 * `ghcr.io/spigell/github-mcp-server`; its upstream facts are in
 * `src/images/github-mcp-server.ts`. Upstream's own `http` mode reads no token from the
 * environment, so a personal access token only works in stdio mode behind a bridge. The
 * args are always rendered whole (bridge flags, `--`, the stdio command and its flags),
 * because any `args` replace the image's CMD: one port value reaches `--port`, and
 * `--pass-environment` hands the token to the child. The image names its user, so a
 * numeric uid is always set. It gets no Kubernetes API access.
 * @see https://github.com/github/github-mcp-server
 */
export class GithubServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: GithubServerSpec, context: ServerContext) {
    super(scope, id);
    const base = commonAppProps(spec, context);
    const loopback = loopbackPort(spec, context);
    this.app = new McpApp(this, 'App', {
      ...base,
      appName: GITHUB_MCP_SERVER.id,
      port: spec.port,
      loopbackPort: loopback,
      transport: McpTransport.STDIO_BRIDGE,
      path: MCP_PROXY_PATHS.streamableHttp,
      healthPath: MCP_PROXY_PATHS.status,
      args: [
        ...(loopback === undefined
          ? githubBridgeArgs(spec.port, spec.allowedOrigins)
          : githubBridgeArgs(loopback, spec.allowedOrigins, LOOPBACK_HOST)),
        '--', GITHUB_MCP_SERVER_BINARY, 'stdio',
        ...(spec.toolsets ? ['--toolsets', spec.toolsets.join(',')] : []),
        ...(spec.readOnly ? ['--read-only'] : []),
        ...(spec.args ?? []),
      ],
      secretEnv: { ...base.secretEnv, GITHUB_PERSONAL_ACCESS_TOKEN: spec.token },
    });
    addAuth(this, this.app, authOf(spec, context));
  }
}
