import { Construct } from 'constructs';
import { GithubServerSpec } from '../config/schema';
import { McpApp, McpTransport } from '../constructs';
import { commonAppProps } from './generic';
import { ServerContext } from './server-context';

/**
 * The GitHub MCP server behind a stdio-to-HTTP bridge baked into the image (as in
 * `ghcr.io/spigell/github-mcp-server`). Upstream's own `http` mode reads no token from
 * the environment (every request must carry `Authorization: Bearer`), so a personal access
 * token only works in stdio mode behind a bridge. Toolsets and read-only go through the
 * environment (`GITHUB_TOOLSETS`, `GITHUB_READ_ONLY`), which works whichever bridge the
 * image uses. The upstream image declares no user, so a numeric uid is always set. It
 * gets no Kubernetes API access.
 * @see https://github.com/github/github-mcp-server
 */
export class GithubServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: GithubServerSpec, context: ServerContext) {
    super(scope, id);
    const base = commonAppProps(spec, context);
    this.app = new McpApp(this, 'App', {
      ...base,
      appName: 'github-mcp-server',
      port: spec.port,
      portFlag: spec.portFlag,
      transport: McpTransport.STDIO_BRIDGE,
      path: spec.path,
      healthPath: spec.healthPath,
      env: {
        ...base.env,
        ...(spec.toolsets ? { GITHUB_TOOLSETS: spec.toolsets.join(',') } : {}),
        ...(spec.readOnly ? { GITHUB_READ_ONLY: '1' } : {}),
      },
      secretEnv: { ...base.secretEnv, GITHUB_PERSONAL_ACCESS_TOKEN: spec.token },
    });
  }
}
