import { Construct } from 'constructs';
import { KubernetesServerSpec, TelemetrySpec } from '../config/schema';
import { KubeApiCredentials, KubeconfigInit, KUBECONFIG_PATH, McpApp, McpTransport, ToolRules } from '../constructs';
import { compareVersions, imageVersion, KUBERNETES_MCP_CLUSTER_AUTH_MODE, KUBERNETES_MCP_TOOL_API, KUBERNETES_MCP_METRICS_SINCE, KUBERNETES_MCP_SERVER, KUBERNETES_MCP_TOOLS, version } from '../images';
import { grantAccess } from './access';
import { addAuth, authOf, LOOPBACK_HOST, loopbackPort } from './auth';
import { commonAppProps } from './generic';
import { offeredTools, toolRules, unservedTools } from './kubernetes-rbac';
import { ServerContext } from './server-context';
import { kubernetesTelemetryToml, telemetryOf } from './telemetry';

/** Where the TOML config file (for `disabled_tools`) is mounted. */
export const KUBERNETES_MCP_CONFIG_PATH = '/etc/kubernetes-mcp-server/config.toml';

/**
 * kubernetes-mcp-server (containers/kubernetes-mcp-server); its upstream facts are in
 * `src/images/kubernetes-mcp-server.ts`. `--read-only` removes write tools but
 * `configuration_view` still hands out the kubeconfig, so it is disabled through the TOML
 * config (`disabled_tools`, passed with `--config`). In-cluster auth needs the
 * ServiceAccount token at the standard path, so it is mounted there (projected, with an
 * expiry) unless the server uses a kubeconfig written by KubeconfigInit.
 * @see https://github.com/containers/kubernetes-mcp-server
 */
export class KubernetesServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: KubernetesServerSpec, context: ServerContext) {
    super(scope, id);
    const base = commonAppProps(spec, context);
    const facts = KUBERNETES_MCP_SERVER;
    const loopback = loopbackPort(spec, context);
    const asCaller = authOf(spec, context)?.oauth?.tokenExchange !== undefined;
    // Acting as its callers, the server needs no RBAC of its own: the API server authorizes each caller.
    // Otherwise RBAC from the tools where the release's tools are recorded; the built-in view elsewhere.
    const offered = offeredTools(spec);
    const access = spec.access ?? (asCaller ? undefined : offered ? { tools: {} } : { clusterReader: { helmReleases: false } });
    const unserved = access?.tools ? unservedTools(offered ?? [], access.tools) : [];
    this.app = new McpApp(this, 'App', {
      ...base,
      appName: facts.id,
      port: spec.port,
      loopbackPort: loopback,
      portFlag: facts.listenPort.flag,
      transport: McpTransport.STREAMABLE_HTTP,
      path: facts.mcpPaths[0],
      healthPath: facts.healthPath,
      stateless: spec.stateless,
      // Behind the auth proxy nothing outside the pod reaches /metrics.
      metricsPath: servesMetrics(spec.image) && loopback === undefined ? facts.metricsPath : undefined,
      args: [...kubernetesArgs(spec, loopback !== undefined), ...(spec.args ?? [])],
      files: {
        ...base.files,
        [KUBERNETES_MCP_CONFIG_PATH]: configToml(spec, loopback !== undefined, asCaller, unserved, telemetryOf(spec, context.telemetry)),
      },
    });
    addAuth(this, this.app, authOf(spec, context));
    if (spec.kubeconfig) {
      new KubeconfigInit(this, 'Kubeconfig', { app: this.app });
      // Both flags are needed: with only --kubeconfig it detects the pod and ignores the file.
      this.app.addArgs('--kubeconfig', KUBECONFIG_PATH, '--cluster-provider', 'kubeconfig');
    } else {
      new KubeApiCredentials(this, 'Credentials', { app: this.app });
    }
    grantAccess(this, this.app, access);
    if (access?.tools) grantToolRules(this, this.app, spec, access.tools, offered?.filter((t) => !unserved.includes(t)));
  }
}

/** The rules the server's offered tools need (checked in config: the release must have recorded tools). */
function grantToolRules(scope: Construct, app: McpApp, spec: KubernetesServerSpec, access: NonNullable<NonNullable<KubernetesServerSpec['access']>['tools']>, tools: string[] | undefined): void {
  if (!tools) throw new Error(`KubernetesServer "${spec.name}": expected an image of kubernetes-mcp-server ${KUBERNETES_MCP_TOOL_API.release} for access.tools, got "${spec.image}"`);
  const rules = toolRules(tools, access.kinds ?? []);
  new ToolRules(scope, 'ToolRules', {
    serviceAccount: app.serviceAccount.name, namespace: app.namespace, labels: app.labels,
    clusterRules: rules.cluster, namespacedRules: rules.namespaced, namespaces: access.namespaces,
  });
}

/** The flags the catalog sets, and the field of the environment file that sets each. */
export const KUBERNETES_OWNED_FLAGS: Readonly<Record<string, string>> = {
  '--config': 'disabledTools', '--toolsets': 'toolsets', '--port': 'port', '--read-only': 'readOnly',
  '--disable-destructive': 'disableDestructive', '--stateless': 'stateless', '--log-level': 'logLevel',
  '--kubeconfig': 'kubeconfig', '--cluster-provider': 'kubeconfig', '--bind-address': 'auth',
};

/** Which field of the environment file puts which flag on the command line (for version checks). */
export function kubernetesFlagsByField(spec: KubernetesServerSpec, behindProxy: boolean): Array<{ field: string; flag: string }> {
  const used: Record<string, boolean> = {
    '--bind-address': behindProxy,
    '--config': true, '--toolsets': true, '--port': true, '--read-only': spec.readOnly, '--disable-destructive': spec.disableDestructive,
    '--stateless': spec.stateless, '--log-level': spec.logLevel !== undefined, '--kubeconfig': spec.kubeconfig, '--cluster-provider': spec.kubeconfig,
  };
  return Object.entries(KUBERNETES_OWNED_FLAGS).filter(([flag]) => used[flag] && flag !== '--kubeconfig').map(([flag, field]) => ({ field, flag }));
}

function servesMetrics(image: string): boolean {
  const v = imageVersion(image);
  return !v || compareVersions(v, version(KUBERNETES_MCP_METRICS_SINCE)) >= 0;
}

function kubernetesArgs(spec: KubernetesServerSpec, behindProxy: boolean): string[] {
  return [
    // Behind the auth proxy it binds loopback; the port flag (McpApp's portFlag) carries the loopback port.
    ...(behindProxy ? ['--bind-address', LOOPBACK_HOST] : []),
    '--config', KUBERNETES_MCP_CONFIG_PATH,
    '--toolsets', spec.toolsets.join(','),
    ...(spec.readOnly ? ['--read-only'] : []),
    ...(spec.disableDestructive ? ['--disable-destructive'] : []),
    ...(spec.stateless ? ['--stateless'] : []),
    ...(spec.logLevel !== undefined ? ['--log-level', String(spec.logLevel)] : []),
  ];
}

function configToml(
  spec: KubernetesServerSpec, behindProxy: boolean, asCaller: boolean, unserved: readonly string[], telemetry: TelemetrySpec | undefined,
): string {
  const list = (tools: readonly string[]) => `[${tools.map((t) => JSON.stringify(t)).join(', ')}]`;
  const disabled = [...new Set([...spec.disabledTools, ...(spec.tools?.deny ?? []), ...unserved])];
  const lines = [
    '# Rendered by cdk8s-mcp. configuration_view hands out the kubeconfig even with --read-only.',
    ...(unserved.length > 0 ? [`# ${unserved.join(', ')}: access.tools grants them nothing to work on (no kinds listed, or namespaces only).`] : []),
    `disabled_tools = ${list(disabled)}`,
    ...(spec.tools?.allow ? ['# Only these tools (tools.allow); the server offers no other.', `enabled_tools = ${list(spec.tools.allow)}`] : []),
    // The auth proxy forwards an Authorization header: the client's (the server must not use it) or, with
    // tokenExchange, the exchanged one (the server calls the API with it).
    ...(behindProxy ? clusterAuthMode(asCaller) : []),
    // A table last: the keys above belong to the top level.
    ...(telemetry ? kubernetesTelemetryToml(telemetry) : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** How the server behind the auth proxy authenticates to the API server. */
function clusterAuthMode(asCaller: boolean): string[] {
  const mode = KUBERNETES_MCP_CLUSTER_AUTH_MODE;
  return asCaller
    ? ['# Behind the auth proxy, which exchanges each client\'s token: the API server sees the caller, through the exchanged token only.', `${mode.key} = "${mode.callerToken}"`]
    : ['# Behind the auth proxy: the API server sees this server\'s own credentials, never the client\'s token.', `${mode.key} = "${mode.ownCredentials}"`];
}

/**
 * Tool names in tools.allow/deny that the pinned release does not have, where its tools are
 * recorded (src/images/kubernetes-mcp-server.ts); the message lists the ones it has.
 */
export function unknownToolProblems(spec: KubernetesServerSpec): Array<{ field: string; message: string }> {
  const v = imageVersion(spec.image);
  if (!v || compareVersions(v, version(KUBERNETES_MCP_TOOLS.release)) !== 0) return [];
  const known = spec.toolsets.flatMap((t) => KUBERNETES_MCP_TOOLS.toolsets[t] ?? []);
  return (['allow', 'deny'] as const).flatMap((field) => (spec.tools?.[field] ?? []).filter((tool) => !known.includes(tool)).map((tool) => ({
    field,
    message: `expected a tool of kubernetes-mcp-server ${KUBERNETES_MCP_TOOLS.release} with toolsets ${spec.toolsets.join(',')}, got "${tool}"; it has ${known.join(', ')} (${KUBERNETES_MCP_TOOLS.source})`,
  })));
}
