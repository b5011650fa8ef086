import { Construct } from 'constructs';
import { PulumiServerSpec } from '../config/schema';
import { KubeconfigInit, McpApp, McpTransport } from '../constructs';
import { PULUMI_HOST, PULUMI_MCP_SERVER, PULUMI_SUBCOMMAND } from '../images';
import { grantAccess } from './access';
import { addAuth, authOf, LOOPBACK_HOST, loopbackPort } from './auth';
import { commonAppProps } from './generic';
import { ServerContext } from './server-context';

/** Flags the catalog sets after the http subcommand, and the field that sets each. */
export const PULUMI_OWNED_FLAGS: Readonly<Record<string, string>> = { '--port': 'port' };

/** HOME of the Pulumi CLI, where it downloads plugins. */
export const PULUMI_HOME = '/home/pulumi';

/**
 * The Pulumi MCP server; its upstream facts are in `src/images/pulumi-mcp-server.ts`. It
 * demands a subcommand, so it always gets `http --port <port>` (after the image's
 * entrypoint, or after `command` in images that start it another way, such as
 * `[pulumi-mcp-server, http]`). No health route (TCP probes), a token in
 * `PULUMI_ACCESS_TOKEN`. It drives the Pulumi CLI, which needs a kubeconfig to manage a
 * cluster: KubeconfigInit writes one from the pod's own ServiceAccount, and
 * NamespaceDeployer lets that account manage the server's namespace. The CLI downloads
 * plugins into HOME, so HOME is larger and the limits are sized for the CLI.
 * @see https://github.com/pulumi/mcp-server
 */
export class PulumiServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: PulumiServerSpec, context: ServerContext) {
    super(scope, id);
    const base = commonAppProps(spec, context);
    const loopback = loopbackPort(spec, context);
    this.app = new McpApp(this, 'App', {
      ...base,
      appName: PULUMI_MCP_SERVER.id,
      port: spec.port,
      loopbackPort: loopback,
      env: loopback === undefined ? base.env : { ...base.env, [PULUMI_HOST.env!]: LOOPBACK_HOST },
      transport: McpTransport.STREAMABLE_HTTP,
      path: PULUMI_MCP_SERVER.mcpPaths[0],
      homePath: PULUMI_HOME,
      homeSize: spec.homeSize,
      requests: { cpu: '250m', memory: '512Mi', ...spec.resources?.requests },
      limits: { cpu: '1', memory: '1Gi', ...spec.resources?.limits },
      args: [...pulumiArgs(spec, loopback ?? spec.port), ...(spec.args ?? [])],
      secretEnv: { ...base.secretEnv, PULUMI_ACCESS_TOKEN: spec.token },
    });
    new KubeconfigInit(this, 'Kubeconfig', { app: this.app });
    addAuth(this, this.app, authOf(spec, context));
    grantAccess(this, this.app, spec.access ?? { namespaceDeployer: { rbac: false } });
  }
}

/** `http --port N`, without `http` when the command already ends with it. */
function pulumiArgs(spec: PulumiServerSpec, port: number): string[] {
  const serving = PULUMI_SUBCOMMAND.serving;
  const hasSubcommand = spec.command?.includes(serving) ?? false;
  return [...(hasSubcommand ? [] : [serving]), PULUMI_MCP_SERVER.listenPort.flag!, String(port)];
}
