import { Construct } from 'constructs';
import { KubernetesServerSpec } from '../config/schema';
import { KubeconfigInit, KUBECONFIG_PATH, McpApp, McpTransport } from '../constructs';
import { grantAccess } from './access';
import { commonAppProps } from './generic';
import { ServerContext } from './server-context';

/** Where the TOML config file (for `disabled_tools`) is mounted. */
export const KUBERNETES_MCP_CONFIG_PATH = '/etc/kubernetes-mcp-server/config.toml';

/**
 * kubernetes-mcp-server (containers/kubernetes-mcp-server). Facts relied on, from its
 * README and flags: it listens on `--port` (8080) with MCP at `/mcp`, `/healthz` for
 * health and `/metrics` on the same port; it runs as uid 65532; `--read-only` removes
 * write tools but `configuration_view` still hands out the kubeconfig, so it is disabled
 * through the TOML config (`disabled_tools`, passed with `--config`); in a pod it uses
 * in-cluster auth unless given both `--kubeconfig` and `--cluster-provider kubeconfig`.
 * @see https://github.com/containers/kubernetes-mcp-server
 */
export class KubernetesServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: KubernetesServerSpec, context: ServerContext) {
    super(scope, id);
    const base = commonAppProps(spec, context);
    this.app = new McpApp(this, 'App', {
      ...base,
      appName: 'kubernetes-mcp-server',
      port: spec.port,
      portFlag: '--port',
      transport: McpTransport.STREAMABLE_HTTP,
      path: '/mcp',
      healthPath: '/healthz',
      stateless: spec.stateless,
      metricsPath: '/metrics',
      args: [...kubernetesArgs(spec), ...(spec.args ?? [])],
      files: { ...base.files, [KUBERNETES_MCP_CONFIG_PATH]: configToml(spec.disabledTools) },
    });
    if (spec.kubeconfig) {
      new KubeconfigInit(this, 'Kubeconfig', { app: this.app });
      // Both flags are needed: with only --kubeconfig it detects the pod and ignores the file.
      this.app.addArgs('--kubeconfig', KUBECONFIG_PATH, '--cluster-provider', 'kubeconfig');
    }
    grantAccess(this, this.app, spec.access ?? { clusterReader: { helmReleases: false } });
  }
}

function kubernetesArgs(spec: KubernetesServerSpec): string[] {
  return [
    '--config', KUBERNETES_MCP_CONFIG_PATH,
    '--toolsets', spec.toolsets.join(','),
    ...(spec.readOnly ? ['--read-only'] : []),
    ...(spec.disableDestructive ? ['--disable-destructive'] : []),
    ...(spec.stateless ? ['--stateless'] : []),
    ...(spec.logLevel !== undefined ? ['--log-level', String(spec.logLevel)] : []),
  ];
}

function configToml(disabledTools: string[]): string {
  return `# Rendered by cdk8s-mcp. configuration_view hands out the kubeconfig even with --read-only.\ndisabled_tools = [${disabledTools.map((t) => JSON.stringify(t)).join(', ')}]\n`;
}
