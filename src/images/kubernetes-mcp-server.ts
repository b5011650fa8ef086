import { ImageFacts } from './image-facts';

const REPO = 'https://github.com/containers/kubernetes-mcp-server/blob';
const rootGo = (tag: string) => `${REPO}/${tag}/pkg/kubernetes-mcp-server/cmd/root.go`;
const MCP_GO = 'https://github.com/mark3labs/mcp-go/blob';
const GO_SDK = 'https://github.com/modelcontextprotocol/go-sdk/blob';

/**
 * kubernetes-mcp-server (containers/kubernetes-mcp-server). Without `--port` it speaks
 * stdio; with it, Streamable HTTP at `/mcp` (and SSE at `/sse`), `/healthz`, and from
 * v0.0.57 `/metrics`. In a pod it uses in-cluster auth and exits at start when no
 * ServiceAccount token is mounted ("no configuration has been provided", measured with
 * the npm build 0.0.54), unless given `--kubeconfig` and `--cluster-provider kubeconfig`.
 */
export const KUBERNETES_MCP_SERVER: ImageFacts = {
  id: 'kubernetes-mcp-server',
  title: 'kubernetes-mcp-server',
  repository: /kubernetes[_-]mcp[_-]server$/,
  example: 'quay.io/containers/kubernetes_mcp_server',
  layouts: [
    { entrypoint: ['/app/kubernetes-mcp-server', '--port', '8080'], cmd: [], source: `${REPO}/v0.0.50/Dockerfile` },
    { since: '0.0.52', entrypoint: ['/app/kubernetes-mcp-server', '--port', '8080'], cmd: [], user: '65532', source: `${REPO}/v0.0.52/Dockerfile` },
    { since: '0.0.58', entrypoint: ['/app/kubernetes-mcp-server'], cmd: ['--port', '8080'], user: '65532', source: `${REPO}/v0.0.58/Dockerfile` },
  ],
  env: {},
  programs: [['kubernetes-mcp-server']],
  // `port` in the --config file (from v0.0.44), or in a drop-in of --config-dir (default conf.d
  // beside the file, from v0.0.56); --port overrides both (loadFlags in root.go). The upstream
  // chart sets the port this way (charts/kubernetes-mcp-server: args --config, port = "8080").
  listenPort: {
    flag: '--port',
    configFile: { flag: '--config', key: 'port', dropIns: { flag: '--config-dir', defaultDir: 'conf.d', since: '0.0.56' }, source: `${REPO}/v0.0.66/pkg/config/config.go` },
  },
  mcpPaths: ['/mcp', '/sse'],
  healthPath: '/healthz',
  metricsPath: '/metrics',
  needsKubernetesApi: true,
  flags: [
    { flag: '--config', since: '0.0.43', source: rootGo('v0.0.43') },
    { flag: '--read-only', since: '0.0.43', source: rootGo('v0.0.43') },
    { flag: '--disable-destructive', since: '0.0.43', source: rootGo('v0.0.43') },
    { flag: '--log-level', since: '0.0.43', source: rootGo('v0.0.43') },
    { flag: '--kubeconfig', since: '0.0.43', source: rootGo('v0.0.43') },
    { flag: '--port', since: '0.0.44', source: rootGo('v0.0.44') },
    // v0.0.50 had `--toolset` (one name); `--toolsets` (a list) replaced it.
    { flag: '--toolsets', since: '0.0.51', source: rootGo('v0.0.51') },
    { flag: '--stateless', since: '0.0.56', source: rootGo('v0.0.56') },
    { flag: '--cluster-provider', since: '0.0.57', source: rootGo('v0.0.57') },
    { flag: '--require-oauth', since: '0.0.45', source: rootGo('v0.0.45') },
    { flag: '--authorization-url', since: '0.0.45', source: rootGo('v0.0.45') },
    { flag: '--server-url', since: '0.0.45', source: rootGo('v0.0.45') },
    { flag: '--oauth-audience', since: '0.0.49', source: rootGo('v0.0.49') },
    { flag: '--bind-address', since: '0.0.64', source: rootGo('v0.0.64') },
  ],
  // Without --bind-address (or bind_address in the config file) it binds every interface.
  listenHost: { flag: '--bind-address', default: '0.0.0.0', since: '0.0.64', source: `${REPO}/v0.0.66/pkg/config/config_default.go` },
  // The SDK each release pins in go.mod (mcp-go until v0.0.57, the official go-sdk from v0.0.58);
  // a release between two entries is listed with the older one's revisions.
  protocols: [
    { revisions: ['2024-11-05', '2025-03-26'], source: `${MCP_GO}/v0.32.0/mcp/types.go` },
    { since: '0.0.54', revisions: ['2024-11-05', '2025-03-26', '2025-06-18'], source: `${MCP_GO}/v0.43.0/mcp/types.go` },
    { since: '0.0.58', revisions: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'], source: `${GO_SDK}/v1.3.1/mcp/shared.go` },
    { since: '0.0.66', revisions: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'], source: `${GO_SDK}/v1.7.0/mcp/shared.go` },
  ],
  sources: [`${REPO}/v0.0.66/Dockerfile`, `${REPO}/v0.0.54/pkg/http/http.go`, `${REPO}/v0.0.57/pkg/http/http.go`, rootGo('v0.0.66')],
};

/** The first release that serves `/metrics`. */
export const KUBERNETES_MCP_METRICS_SINCE = '0.0.57';

/**
 * OpenTelemetry traces (from v0.0.57): the config file's `[telemetry]` table. With an
 * `endpoint` the tracer starts (`IsEnabled`); `protocol` is `grpc` (its default) or
 * `http/protobuf`, the endpoint a URL either way (`WithEndpointURL`: http:// is sent
 * unencrypted); `traces_sampler` and `traces_sampler_arg` are the OTel sampler names. Every HTTP
 * request and MCP call is a span, and its logs go to the same endpoint. Over `http/protobuf`
 * both exporters POST to the URL exactly as given (measured with v0.0.67: to `/` for an
 * endpoint without a path), not to `/v1/traces` and `/v1/logs` as a collector expects, so only
 * `grpc` reaches a collector whole. `OTEL_*` variables would override the file.
 */
export const KUBERNETES_MCP_TELEMETRY = {
  since: '0.0.57',
  table: 'telemetry',
  keys: { endpoint: 'endpoint', protocol: 'protocol', sampler: 'traces_sampler', samplerArg: 'traces_sampler_arg' },
  /** The protocol whose exporters reach a collector (see above). */
  protocol: 'grpc',
  sources: [`${REPO}/v0.0.57/pkg/config/telemetry_config.go`, `${REPO}/v0.0.66/pkg/telemetry/telemetry.go`, `${REPO}/v0.0.66/pkg/telemetry/logs.go`, `${REPO}/v0.0.66/pkg/http/middleware.go`, `${REPO}/v0.0.66/pkg/mcp/middleware.go`],
};

/**
 * The tool that returns the kubeconfig the server runs with, even with `--read-only`, and
 * the toolset it belongs to: disabled through the config file's `disabled_tools`, or absent
 * when `--toolsets` leaves `config` out.
 */
export const KUBERNETES_MCP_KUBECONFIG_TOOL = {
  name: 'configuration_view',
  toolset: 'config',
  source: `${REPO}/v0.0.66/pkg/toolsets/config/configuration.go`,
} as const;

/**
 * The toolsets a server runs with when neither `--toolsets` nor the config file's `toolsets`
 * names any; a flag that is given overrides the file (`root.go`, loadFlags).
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/config/config_default.go
 */
export const KUBERNETES_MCP_DEFAULT_TOOLSETS: readonly string[] = ['core', 'config'];

/**
 * Keys of the TOML file given with `--config` that decide what tools run: `read_only`,
 * `toolsets`, `enabled_tools` (only these), `disabled_tools` (all but these). Present from
 * v0.0.46.
 */
export const KUBERNETES_MCP_CONFIG_KEYS = {
  readOnly: 'read_only',
  toolsets: 'toolsets',
  enabledTools: 'enabled_tools',
  disabledTools: 'disabled_tools',
  since: '0.0.46',
  source: `${REPO}/v0.0.66/pkg/config/config.go`,
} as const;

/**
 * `cluster_auth_mode` of the config file (from v0.0.62): `kubeconfig` makes the server call
 * the API server with its own credentials only. The default, `passthrough`, forwards any
 * `Authorization` header a request carries to the API server; an auth proxy in front of the
 * server passes the client's token on, so behind one the server must not use it.
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/config/config.go
 */
export const KUBERNETES_MCP_CLUSTER_AUTH_MODE = {
  key: 'cluster_auth_mode', ownCredentials: 'kubeconfig', since: '0.0.62', source: `${REPO}/v0.0.66/pkg/config/config.go`,
  /**
   * `passthrough`: a request's bearer token becomes the only credential of the API client
   * that serves it (`Derived` builds a rest.Config with that token and the cluster's CA
   * only); without `require_oauth` the token is taken as it comes, so whatever sits in front
   * must have validated it. Behind an auth proxy that exchanges the client's token for one
   * the API server accepts, the API server sees the caller's identity.
   */
  callerToken: 'passthrough',
  callerTokenSources: [`${REPO}/v0.0.66/pkg/kubernetes/manager.go`, `${REPO}/v0.0.66/pkg/http/authorization.go`, `${REPO}/v0.0.66/pkg/kubernetes/token_exchange.go`],
} as const;

/**
 * Why its own OAuth (`--require-oauth`, from v0.0.45) is not what we enforce with: up to
 * v0.0.66 (and at HEAD on 2026-08-21; the npm build of v0.0.67 still answers
 * `401 WWW-Authenticate: Bearer realm="Kubernetes MCP Server", audience="...", error="missing_token"`,
 * measured) its 401 carries no `resource_metadata` and its protected-resource
 * metadata has no `resource` and names itself, not the issuer, as the authorization server,
 * which the MCP authorization spec requires; and with `--require-oauth` it refuses
 * `cluster_auth_mode = "kubeconfig"`, so every tool call would reach the API server with the
 * caller's token. The auth proxy in front of it does what the spec asks. Its own token
 * exchange (`token_exchange_strategy`, `sts_*`) needs `require_oauth = true` too
 * (`ValidateClusterAuthMode`), so the proxy exchanges the token instead (thv's
 * `--token-exchange-*`) and the server, in `passthrough` mode, gets only the exchanged one.
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/http/authorization.go
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/http/wellknown.go
 */
export const KUBERNETES_MCP_NATIVE_OAUTH_GAPS = [
  `${REPO}/v0.0.66/pkg/http/authorization.go`,
  `${REPO}/v0.0.66/pkg/http/wellknown.go`,
  `${REPO}/v0.0.66/pkg/config/config.go`,
] as const;

/**
 * The tools of each toolset, read from `pkg/toolsets/<toolset>/*.go` at v0.0.66 (the `Name`
 * of each tool; prompts and arguments left out). Which of them tools/list shows also depends
 * on --read-only (no write tools), --disable-destructive and the cluster provider.
 */
export const KUBERNETES_MCP_TOOLS: {
  readonly release: string; readonly source: string; readonly toolsets: Readonly<Record<string, readonly string[]>>;
} = {
  release: '0.0.66',
  source: `${REPO}/v0.0.66/pkg/toolsets`,
  toolsets: {
    core: ['events_list', 'namespaces_list', 'nodes_log', 'nodes_stats_summary', 'nodes_top', 'pods_delete', 'pods_exec', 'pods_get', 'pods_list',
      'pods_list_in_namespace', 'pods_log', 'pods_run', 'pods_top', 'projects_list', 'resources_create_or_update', 'resources_delete', 'resources_get',
      'resources_list', 'resources_scale'],
    config: ['configuration_contexts_list', 'configuration_view', 'targets_list'],
    helm: ['helm_install', 'helm_list', 'helm_uninstall'],
  },
};

/** One kind of Kubernetes API request a tool makes. */
export interface ToolApiCall {
  /** API group ("" for core). */
  readonly group: string;
  /** Resource or resource/subresource. */
  readonly resource: string;
  readonly verbs: readonly string[];
  /** A cluster-scoped resource (nodes, namespaces): always a ClusterRole. */
  readonly clusterScoped?: boolean;
}

/** What a tool of the pinned release asks of the API server, and how its annotations filter it. */
export interface ToolApi {
  /** readOnlyHint: kept by --read-only (pkg/mcp/mcp.go drops every tool without it). */
  readonly readOnly: boolean;
  /** destructiveHint: dropped by --disable-destructive. */
  readonly destructive: boolean;
  /** The requests it makes on fixed kinds. */
  readonly calls: readonly ToolApiCall[];
  /** The verbs it uses on whatever kind its arguments name (resources_*), or on its subresource: granted on the kinds the user lists. */
  readonly anyKind?: { readonly verbs: readonly string[]; readonly subresource?: string };
}

const POD_READ: ToolApiCall = { group: '', resource: 'pods', verbs: ['get'] };
const NODE_GET: ToolApiCall = { group: '', resource: 'nodes', verbs: ['get'], clusterScoped: true };
const NODE_PROXY: ToolApiCall = { group: '', resource: 'nodes/proxy', verbs: ['get'], clusterScoped: true };

/**
 * The API requests of each tool of kubernetes-mcp-server v0.0.66, read from its handlers:
 * events, namespaces, pods and resources go through `ResourcesList`/`ResourcesGet` (a list or
 * get of that kind; a list in every namespace falls back to the server's own namespace when a
 * SelfSubjectAccessReview says no), nodes_log and nodes_stats_summary GET the kubelet through
 * `nodes/<name>/proxy` after a get of the node, the top tools read metrics.k8s.io (nodes_top
 * lists the nodes too, for capacity), helm_list lists release Secrets (Helm's secret storage
 * driver), and the configuration tools read only the kubeconfig. Write tools (readOnlyHint
 * false) are listed with what they do, for servers run without --read-only. Every tool may
 * also create SelfSubjectAccessReviews and read discovery, which every authenticated user may
 * (system:basic-user, system:discovery).
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/toolsets/core/pods.go
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/kubernetes/pods.go
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/kubernetes/nodes.go
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/kubernetes/resources.go
 * @see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.66/pkg/helm/helm.go
 */
export const KUBERNETES_MCP_TOOL_API: {
  readonly release: string; readonly sources: readonly string[]; readonly tools: Readonly<Record<string, ToolApi>>;
} = {
  release: '0.0.66',
  sources: ['core/pods.go', 'core/nodes.go', 'core/events.go', 'core/namespaces.go', 'core/resources.go', 'config/configuration.go', 'helm/helm.go']
    .map((f) => `${REPO}/v0.0.66/pkg/toolsets/${f}`).concat(['pods.go', 'nodes.go', 'events.go', 'namespaces.go', 'resources.go'].map((f) => `${REPO}/v0.0.66/pkg/kubernetes/${f}`)),
  tools: {
    events_list: { readOnly: true, destructive: false, calls: [{ group: '', resource: 'events', verbs: ['list'] }] },
    namespaces_list: { readOnly: true, destructive: false, calls: [{ group: '', resource: 'namespaces', verbs: ['list'], clusterScoped: true }] },
    // OpenShift's projects, which every user may list there (basic-user); elsewhere the kind does not exist (measured: still offered).
    projects_list: { readOnly: true, destructive: false, calls: [] },
    nodes_log: { readOnly: true, destructive: false, calls: [NODE_GET, NODE_PROXY] },
    nodes_stats_summary: { readOnly: true, destructive: false, calls: [NODE_GET, NODE_PROXY] },
    nodes_top: { readOnly: true, destructive: false, calls: [{ group: 'metrics.k8s.io', resource: 'nodes', verbs: ['get', 'list'], clusterScoped: true }, { group: '', resource: 'nodes', verbs: ['list'], clusterScoped: true }] },
    pods_list: { readOnly: true, destructive: false, calls: [{ group: '', resource: 'pods', verbs: ['list'] }] },
    pods_list_in_namespace: { readOnly: true, destructive: false, calls: [{ group: '', resource: 'pods', verbs: ['list'] }] },
    pods_get: { readOnly: true, destructive: false, calls: [POD_READ] },
    pods_log: { readOnly: true, destructive: false, calls: [POD_READ, { group: '', resource: 'pods/log', verbs: ['get'] }] },
    pods_top: { readOnly: true, destructive: false, calls: [{ group: 'metrics.k8s.io', resource: 'pods', verbs: ['get', 'list'] }] },
    pods_delete: { readOnly: false, destructive: true, calls: [{ group: '', resource: 'pods', verbs: ['get', 'delete'] }, { group: '', resource: 'services', verbs: ['list', 'delete'] }] },
    pods_exec: { readOnly: false, destructive: true, calls: [POD_READ, { group: '', resource: 'pods/exec', verbs: ['create', 'get'] }] },
    pods_run: { readOnly: false, destructive: false, calls: [{ group: '', resource: 'pods', verbs: ['create'] }, { group: '', resource: 'services', verbs: ['create'] }] },
    resources_list: { readOnly: true, destructive: false, calls: [], anyKind: { verbs: ['list'] } },
    resources_get: { readOnly: true, destructive: false, calls: [], anyKind: { verbs: ['get'] } },
    // Server-side apply: a patch that creates what is missing.
    resources_create_or_update: { readOnly: false, destructive: true, calls: [], anyKind: { verbs: ['get', 'create', 'patch'] } },
    resources_delete: { readOnly: false, destructive: true, calls: [], anyKind: { verbs: ['delete'] } },
    // Reads and updates the scale subresource.
    resources_scale: { readOnly: false, destructive: true, calls: [], anyKind: { verbs: ['get', 'update'], subresource: 'scale' } },
    configuration_contexts_list: { readOnly: true, destructive: false, calls: [] },
    targets_list: { readOnly: true, destructive: false, calls: [] },
    configuration_view: { readOnly: true, destructive: false, calls: [] },
    helm_list: { readOnly: true, destructive: false, calls: [{ group: '', resource: 'secrets', verbs: ['list'] }] },
    // Whatever the chart holds, besides its release Secrets: not derivable, so never granted by tools.
    helm_install: { readOnly: false, destructive: false, calls: [{ group: '', resource: 'secrets', verbs: ['get', 'list', 'create', 'update'] }] },
    helm_uninstall: { readOnly: false, destructive: true, calls: [{ group: '', resource: 'secrets', verbs: ['get', 'list', 'delete'] }] },
  },
};
