import { z } from 'zod';
import { CLAIM_NAME_PATTERN, CLAIM_VALUE_PATTERN, SCOPE_PATTERN } from '../constructs/required-scopes';
import { isSystemNamespace } from '../constructs/system-namespace';
import { inspectorReleaseProblem, MCP_INSPECTOR_DEFAULT_IMAGE, MCP_INSPECTOR_SIDECAR_SINCE } from '../images/mcp-inspector';
import { RULE_IDS } from '../policy/rule-ids';
import * as f from './fields';

/*
 * The environment file schema: the one source of truth for what `environments/<env>.yaml`
 * may say. The JSON Schema for editors and the README reference are generated from it.
 */

export const TRANSPORTS = ['streamable-http', 'sse', 'stdio-bridge'] as const;
export const SERVICE_TYPES = ['ClusterIP', 'NodePort'] as const;
export const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export const SCRAPERS = ['prometheus-operator', 'victoriametrics', 'annotations', 'none'] as const;

const secretKeyRef = z.strictObject({
  secret: f.dnsSubdomain('the name of a Secret in the server\'s namespace').describe('Name of the Secret, in the server\'s namespace.'),
  key: f.configKey('the key inside the Secret').describe('Key inside the Secret.'),
}, { error: 'expected a Secret reference: {secret: <name>, key: <key>}' })
  .describe('A key of a Secret in the server\'s namespace. Only the reference is rendered, never the value.');

const configMapKeyRef = z.strictObject({
  configMap: f.dnsSubdomain('the name of a ConfigMap in the server\'s namespace').describe('Name of the ConfigMap, in the server\'s namespace.'),
  key: f.configKey('the key inside the ConfigMap').describe('Key inside the ConfigMap.'),
}, { error: 'expected a ConfigMap reference: {configMap: <name>, key: <key>}' })
  .describe('A key of a ConfigMap in the server\'s namespace.');

const resourceAmounts = z.strictObject({
  cpu: f.cpu().optional().describe('CPU, e.g. "250m".'),
  memory: f.memory().optional().describe('Memory, e.g. "256Mi".'),
  ephemeralStorage: f.memory().optional().describe('Local disk (logs, writable layer, the pod\'s emptyDirs), e.g. "1Gi".'),
}, { error: 'expected {cpu, memory, ephemeralStorage}' });

const resources = z.strictObject({
  requests: resourceAmounts.optional().describe('What the scheduler reserves. @default {cpu: 50m, memory: 64Mi, ephemeralStorage: 64Mi}'),
  limits: resourceAmounts.optional().describe('The most the container may use. @default {cpu: 500m, memory: 256Mi, ephemeralStorage: its emptyDirs (/tmp, HOME, writablePaths) plus 256Mi}'),
}, { error: 'expected {requests, limits}' });

const service = z.strictObject({
  type: z.enum(SERVICE_TYPES, { error: 'expected a Service type: "ClusterIP" or "NodePort"' }).default('ClusterIP')
    .describe('How the server is reached: ClusterIP (inside the cluster) or NodePort (on every node). @default ClusterIP'),
  nodePort: f.nodePort().optional()
    .describe('A fixed NodePort; only with type NodePort. @default auto-assigned by Kubernetes'),
}, { error: 'expected a Service: {type, nodePort}' });

const helmReleases = z.union([
  f.bool('helmReleases'),
  z.strictObject({ namespaces: z.array(f.dnsLabel('a namespace'), { error: 'expected a list of namespaces' }).min(1, { error: 'expected at least one namespace' }) }),
], { error: 'expected helmReleases: true (every namespace), false, or {namespaces: [...]}' });

const listedKind = z.strictObject({
  group: z.string({ error: 'expected an API group ("" for core)' }).regex(/^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: 'expected an API group such as apps, or "" for core' })
    .describe('API group, "" for the core group.'),
  resource: z.string({ error: 'expected a resource' }).regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a resource as RBAC names it: lowercase and plural, such as deployments' })
    .describe('Resource (plural, lowercase), e.g. deployments.'),
  clusterScoped: f.bool('clusterScoped').default(false).describe('A cluster-scoped kind (e.g. storageclasses): granted cluster-wide even with namespaces. @default false'),
}, { error: 'expected a kind: {group, resource, clusterScoped}' });

const access = z.strictObject({
  clusterReader: z.strictObject({
    helmReleases: helmReleases.default(false)
      .describe('Also read Helm releases, which Helm stores as Secrets: this grants Secret read (every namespace, or only those listed). @default false'),
  }, { error: 'expected {helmReleases}' }).optional()
    .describe('Cluster-wide read for diagnosis: the built-in view ClusterRole plus nodes.'),
  namespaceDeployer: z.strictObject({
    rbac: f.bool('rbac').default(false).describe('Also manage Roles and RoleBindings. @default false'),
    kinds: z.array(listedKind.omit({ clusterScoped: true }), { error: 'expected a list of kinds' }).min(1, { error: 'expected at least one kind, or no kinds (the defaults)' }).optional()
      .describe('The kinds it creates, changes and deletes (RBAC cannot limit create by name, so kinds are the limit). @default configmaps, persistentvolumeclaims, secrets, serviceaccounts, services, deployments.apps, jobs.batch, ingresses.networking.k8s.io'),
  }, { error: 'expected {rbac, kinds}' }).optional()
    .describe('Manage Deployments, Services, ConfigMaps, Secrets, ServiceAccounts, Jobs, Ingresses and PVCs in the server\'s namespace.'),
  gatewayProvisioner: f.bool('gatewayProvisioner').optional()
    .describe('List and delete pods, and create, list and get ConfigMaps and Secrets, in the server\'s namespace.'),
}, { error: 'expected access: {clusterReader, namespaceDeployer, gatewayProvisioner}' });



/** kubernetes-mcp-server's RBAC from its tools (src/servers/kubernetes-rbac.ts). */
const toolsAccess = z.strictObject({
  namespaces: z.array(f.dnsLabel('a namespace'), { error: 'expected a list of namespaces' }).min(1, { error: 'expected at least one namespace, or no namespaces (every namespace)' }).optional()
    .describe('Grant the namespaced rules (pods, logs, events, metrics, Helm release Secrets, listed kinds) only in these namespaces, as Roles. @default every namespace'),
  kinds: z.array(listedKind, { error: 'expected a list of kinds' }).optional()
    .describe('Kinds resources_get and resources_list may read (and, without readOnly, the write tools may change). @default none'),
}, { error: 'expected tools: {namespaces, kinds}' });

const waiver = z.strictObject({
  rule: z.string({ error: 'expected a rule id from docs/rules.md' })
    .refine((id) => (RULE_IDS as readonly string[]).includes(id), { error: 'expected a rule id from docs/rules.md' }),
  reason: f.nonEmptyText('a reason (why the finding is accepted, and when it will be revisited)'),
}, { error: 'expected a waiver: {rule, reason}' });

const envMap = z.record(f.envName(), f.text('an environment variable value'), {
  error: 'expected a map of environment variable names to string values',
});

const cidr = f.cidr();

const peerFields = {
  namespace: f.dnsLabel('a namespace').optional().describe('Pods of this namespace (with podLabels: only those pods).'),
  podLabels: f.labelMap('podLabels').optional().describe('Pods with these labels (in namespace, or the server\'s own).'),
  cidr: cidr.optional().describe('Addresses in this CIDR (not pods: a VPN range, an external service).'),
};
const onePeer = (p: { namespace?: string; podLabels?: object; cidr?: string }) =>
  (p.cidr !== undefined) !== (p.namespace !== undefined || p.podLabels !== undefined);

const ingressPeer = z.strictObject(peerFields, { error: 'expected a source: {namespace, podLabels} or {cidr}' })
  .refine(onePeer, { error: 'expected a source: {namespace and/or podLabels} or {cidr}, not both' });
const egressPeer = z.strictObject({ ...peerFields, ports: z.array(f.port(), { error: 'expected a list of ports' }).optional().describe('TCP ports. @default every port') },
  { error: 'expected a destination: {namespace, podLabels, ports} or {cidr, ports}' })
  .refine(onePeer, { error: 'expected a destination: {namespace and/or podLabels} or {cidr}, not both' });

/** OTLP transports kubernetes-mcp-server and the OTel SDKs both take. */
export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf'] as const;

const telemetry = z.strictObject({
  otlpEndpoint: f.serviceUrl('the OTLP endpoint of a collector, such as http://otel-collector.monitoring.svc:4317')
    .describe('Where traces are sent: the URL of an OpenTelemetry collector (its port is the one the NetworkPolicy opens).'),
  protocol: z.enum(OTLP_PROTOCOLS, { error: `expected an OTLP protocol: ${OTLP_PROTOCOLS.join(' or ')}` }).default('grpc')
    .describe('OTLP over gRPC (port 4317 by convention) or HTTP with protobuf bodies (4318). @default grpc'),
  sampling: z.number({ error: 'expected a sampling ratio from 0 to 1' }).min(0, { error: 'expected a sampling ratio from 0 to 1' }).max(1, { error: 'expected a sampling ratio from 0 to 1' }).default(1)
    .describe('The share of traces kept (a parent-based trace-id ratio: a caller\'s decision is followed). @default 1'),
  collector: z.strictObject(peerFields, { error: 'expected where the collector runs: {namespace, podLabels} or {cidr}' })
    .refine(onePeer, { error: 'expected where the collector runs: {namespace and/or podLabels} or {cidr}, not both' }).optional()
    .describe('Where the collector runs, for the NetworkPolicy egress. @default from otlpEndpoint: a Service name <name>.<namespace>.svc gives its namespace, an IP address itself'),
}, { error: 'expected telemetry: {otlpEndpoint, protocol, sampling, collector}' });

const toleration = z.strictObject({
  key: f.labelKey('a taint key').optional(),
  operator: z.enum(['Equal', 'Exists'], { error: 'expected operator Equal or Exists' }).optional(),
  value: f.labelValue('a taint value').optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { error: 'expected effect NoSchedule, PreferNoSchedule or NoExecute' }).optional(),
  tolerationSeconds: f.count('seconds', 86400 * 365).optional(),
}, { error: 'expected a toleration: {key, operator, value, effect}' })
  // As the API server validates tolerations (ValidateTolerations in pkg/apis/core/validation).
  .refine((t) => t.key !== undefined || t.operator === 'Exists', { error: 'expected operator Exists for a toleration without a key (it matches every taint)', path: ['operator'] })
  .refine((t) => t.operator !== 'Exists' || t.value === undefined, { error: 'expected no value with operator Exists', path: ['value'] })
  .refine((t) => t.tolerationSeconds === undefined || t.effect === 'NoExecute', { error: 'expected effect NoExecute with tolerationSeconds (only NoExecute evicts)', path: ['effect'] });

const autoscale = z.strictObject({
  min: f.count('a replica count', 100).describe('Fewest replicas.'),
  max: f.count('a replica count', 100).describe('Most replicas.'),
  cpuPercent: f.count('a percentage', 1000).default(80).describe('Average CPU use to keep, in percent of the request. @default 80'),
  memoryPercent: f.count('a percentage', 1000).optional().describe('Average memory use to keep, in percent of the request. @default none'),
}, { error: 'expected autoscale: {min, max, cpuPercent, memoryPercent}' })
  .refine((a) => a.min >= 1 && a.max >= a.min, { error: 'expected 1 <= min <= max' });

const shutdown = z.strictObject({
  gracePeriodSeconds: f.count('seconds', 3600).default(60).describe('terminationGracePeriodSeconds: how long a stopping pod may finish its sessions. @default 60'),
  preStopSeconds: f.count('seconds', 3600).default(5).describe('Seconds the server keeps serving after it leaves the Service endpoints (a preStop sleep). @default 5'),
}, { error: 'expected shutdown: {gracePeriodSeconds, preStopSeconds}' })
  .refine((s) => s.preStopSeconds < s.gracePeriodSeconds, { error: 'expected preStopSeconds shorter than gracePeriodSeconds' });

/** An Istio Gateway reference: `<namespace>/<name>` or a name in the VirtualService's namespace. */
const ISTIO_GATEWAY = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const gatewayParents = z.array(z.strictObject({
  name: f.dnsSubdomain('a Gateway name'), namespace: f.dnsLabel('a namespace').optional(), sectionName: f.dnsLabel('a listener name').optional(),
}, { error: 'expected a Gateway: {name, namespace, sectionName}' }), { error: 'expected a list of Gateways' }).min(1, { error: 'expected at least one Gateway' })
  .describe('Gateways (or listeners of them) the route attaches to.');
const gatewayHostnames = z.array(f.hostname('a host name', { wildcard: true }), { error: 'expected a list of host names' }).optional().describe('Host names. @default the Gateway\'s');

const expose = z.strictObject({
  httpRoute: z.strictObject({ parentRefs: gatewayParents, hostnames: gatewayHostnames }, { error: 'expected httpRoute: {parentRefs, hostnames}' })
    .optional().describe('A Gateway API HTTPRoute (standard channel).'),
  agentgateway: z.strictObject({ parentRefs: gatewayParents, hostnames: gatewayHostnames }, { error: 'expected agentgateway: {parentRefs, hostnames}' })
    .optional().describe('An agentgateway AgentgatewayBackend selecting the server\'s Service (session routing Stateful or Stateless as the server keeps sessions) and an HTTPRoute to it.'),
  ingress: z.strictObject({
    className: f.dnsSubdomain('an IngressClass name').describe('IngressClass; "nginx" adds the ingress-nginx annotations streaming needs.'),
    host: f.hostname('a host name', { wildcard: true }).describe('Host name.'),
    tlsSecret: f.dnsSubdomain('a Secret name').optional().describe('Secret with the TLS certificate. @default no TLS'),
  }, { error: 'expected ingress: {className, host, tlsSecret}' }).optional().describe('A Kubernetes Ingress.'),
  istio: z.strictObject({
    hosts: z.array(f.hostname('a host name', { wildcard: true }), { error: 'expected a list of hosts' }).min(1).describe('Hosts of the VirtualService.'),
    gateways: z.array(z.string().regex(ISTIO_GATEWAY, { error: 'expected an Istio Gateway: <namespace>/<name>, or <name> in the server\'s namespace' }), { error: 'expected a list of gateways' }).min(1).describe('Istio Gateways.'),
    externalHosts: z.array(z.strictObject({
      // Istio refuses a wildcard in a DNS-resolved ServiceEntry without endpoints ("hosts must be FQDN"):
      // https://github.com/istio/istio/blob/master/pkg/config/validation/validation.go (ValidateServiceEntry)
      host: f.hostname('a DNS name', { wildcard: false }).describe('DNS name the server calls, e.g. api.github.com (no wildcard: the ServiceEntry resolves it by DNS).'),
      port: f.port().default(443).describe('TLS port. @default 443'),
    }, { error: 'expected an external host: {host, port}' }), { error: 'expected a list of external hosts' }).optional()
      .describe('External hosts the server calls, registered as a MESH_EXTERNAL ServiceEntry visible only in its namespace (needed where the mesh\'s outboundTrafficPolicy is REGISTRY_ONLY). @default none'),
  }, { error: 'expected istio: {hosts, gateways, externalHosts}' }).optional().describe('An Istio VirtualService (no retries), a DestinationRule hashing on Mcp-Session-Id for stateful servers, and a ServiceEntry for externalHosts.'),
  auth: z.unknown().refine(() => false, {
    error: 'expected no expose.auth: the sentence is replaced by the server\'s auth field; write auth: {external: {enforcedBy: "<what expose.auth said>", reason: "<why it is not rendered here>"}} when something outside enforces it, or auth: {oauth: {issuer, audience, resource}} to have the pod enforce it',
  }).optional().describe('Removed: use the server\'s auth field.'),
  timeoutSeconds: f.count('seconds', 86400).default(3600).describe('Request timeout, long enough for SSE and streaming. @default 3600'),
}, { error: 'expected expose: {httpRoute | agentgateway | ingress | istio, timeoutSeconds}' })
  .refine((e) => [e.httpRoute, e.agentgateway, e.ingress, e.istio].filter(Boolean).length === 1, { error: 'expected exactly one of httpRoute, agentgateway, ingress or istio' });

/**
 * How clients of a server are authenticated. One form each: `oauth` is enforced in the pod
 * (an auth proxy validates every token and serves the RFC 9728 metadata); `external` states
 * who enforces it outside what we render, and why we cannot see it.
 */
/**
 * RFC 8693 token exchange by the auth proxy, for a server that must act as its caller: the
 * client's token (for this server's audience) is swapped for one of `audience` before the
 * request reaches the server, so the client's token never goes further than the proxy.
 */
const tokenExchange = z.strictObject({
  tokenUrl: f.httpUrl('the token endpoint of the security token service').describe('Token endpoint that exchanges tokens (RFC 8693), e.g. https://sso.example.com/realms/agents/protocol/openid-connect/token.'),
  clientId: f.nonEmptyText('the client id the proxy exchanges tokens as').describe('The client the auth proxy authenticates as at the token endpoint.'),
  clientSecret: secretKeyRef.describe('The Secret key holding that client\'s secret; mounted into the auth proxy as a file, never rendered.'),
  audience: f.nonEmptyText('the audience of the exchanged token').describe('The audience the exchanged token is for: what the Kubernetes API server\'s JWT authenticator accepts (its audiences).'),
  scopes: z.array(f.nonEmptyText('a scope'), { error: 'expected a list of scopes' }).min(1, { error: 'expected at least one scope, or no scopes' }).optional()
    .describe('Scopes to ask for in the exchanged token. @default none'),
}, { error: 'expected tokenExchange: {tokenUrl, clientId, clientSecret, audience, scopes}' });

const oauthAuth = z.strictObject({
  issuer: f.httpUrl('the issuer of the authorization server').describe('Issuer of the authorization server (OIDC discovery at <issuer>/.well-known/openid-configuration), e.g. https://sso.example.com/realms/agents.'),
  audience: f.nonEmptyText('the audience tokens must carry').describe('The audience (aud) every token must carry: the client or resource id the authorization server puts in tokens for this server.'),
  resource: f.httpUrl('the public URL of the MCP endpoint').describe('The server\'s public MCP URL (RFC 9728 resource), served in its protected-resource metadata, e.g. https://kubernetes-mcp.example.com/mcp.'),
  jwksUrl: f.httpUrl('the URL of the issuer\'s signing keys').optional().describe('Where the issuer publishes its signing keys, when OIDC discovery does not say. @default discovered from the issuer'),
  allowedOrigins: z.array(f.exactOrigin(), { error: 'expected a list of origins' }).min(1, { error: 'expected at least one origin, or no allowedOrigins' }).optional()
    .describe('Origins a browser page may call the server from; a request with any other Origin header gets 403 (DNS-rebinding defence). Clients that send no Origin are not affected. @default the origin of resource'),
  tokenExchange: tokenExchange.optional()
    .describe('kubernetes servers only: the auth proxy exchanges each client\'s token for one the Kubernetes API server accepts, and the server calls the API with it (cluster_auth_mode passthrough), so the API server authorizes the caller, not the server\'s ServiceAccount (which then gets no RBAC unless access says so). @default none (the server calls the API as its ServiceAccount)'),
}, { error: 'expected oauth: {issuer, audience, resource, jwksUrl, allowedOrigins, tokenExchange}' });

const gatewayAuth = z.strictObject({
  issuer: f.httpUrl('the issuer of the authorization server').describe('Issuer of the authorization server (the iss claim).'),
  audience: f.nonEmptyText('the audience tokens must carry').describe('The audience (aud) every token must carry.'),
  jwksUrl: f.httpUrl('the URL of the issuer\'s signing keys').describe('Where the issuer publishes its signing keys (agentgateway fetches them; it does not run discovery).'),
  requiredScopes: z.array(z.string({ error: 'expected a scope' }).regex(SCOPE_PATTERN, { error: 'expected a scope such as mcp:tools (letters, digits, ":", ".", "_", "/", "+", "-")' }), { error: 'expected a list of scopes' })
    .min(1, { error: 'expected at least one scope, or no requiredScopes' }).optional()
    .describe('Scopes every token must carry to list or use any tool, prompt or resource; agentgateway refuses others with 403 (a Require rule on the scope claim, not the spec\'s insufficient_scope challenge). @default none'),
  scopeClaim: z.string({ error: 'expected a claim name' }).regex(CLAIM_NAME_PATTERN, { error: 'expected a claim name such as scope or scp' }).default('scope')
    .describe('The claim holding the token\'s space-separated scopes (Entra ID: scp). @default scope'),
}, { error: 'expected gateway: {issuer, audience, jwksUrl, requiredScopes, scopeClaim}' });

const externalAuth = z.strictObject({
  enforcedBy: f.nonEmptyText('who enforces authentication in front of the server').describe('What enforces authentication in front of the server, outside what this project renders (e.g. "the edge Gateway\'s SecurityPolicy").'),
  reason: f.nonEmptyText('why it cannot be rendered here').optional().describe('Why it is not rendered here; required in production, like a waiver. @default none'),
}, { error: 'expected external: {enforcedBy, reason}' });

const auth = z.strictObject({
  oauth: oauthAuth.optional().describe('OAuth 2.1 bearer tokens, validated in the pod by an auth proxy (toolhive thv proxy) in front of the server, which then listens on 127.0.0.1 only.'),
  gateway: gatewayAuth.optional().describe('OAuth bearer tokens, validated by agentgateway: an AgentgatewayPolicy (backend.mcp.authentication, mode Strict) on the AgentgatewayBackend of expose.agentgateway, which also serves the MCP metadata. Covers that route only.'),
  external: externalAuth.optional().describe('Authentication enforced by something this project does not render.'),
}, { error: 'expected auth: {oauth}, {gateway} or {external}' })
  .refine((a) => [a.oauth, a.gateway, a.external].filter(Boolean).length === 1, { error: 'expected exactly one of oauth, gateway or external' });

/** Tools for the callers whose token claim matches; agentgateway enforces it (CEL on the token's claims). */
const toolGrant = z.strictObject({
  claim: z.string({ error: 'expected a claim name' }).regex(CLAIM_NAME_PATTERN, { error: 'expected a claim name such as groups, roles or sub (letters, digits, "_", ":", ".", "/", "-")' })
    .describe('The claim of the caller\'s token to look at, e.g. groups, roles, sub.'),
  equals: z.string({ error: 'expected a claim value' }).regex(CLAIM_VALUE_PATTERN, { error: 'expected a claim value without quotes, backslashes or control characters (at most 256)' }).optional()
    .describe('The claim is exactly this string (sub, email, azp). @default none'),
  contains: z.string({ error: 'expected a claim value' }).regex(CLAIM_VALUE_PATTERN, { error: 'expected a claim value without quotes, backslashes or control characters (at most 256)' }).optional()
    .describe('The claim is a list holding this string (groups, roles). @default none'),
  tools: z.array(f.toolName(), { error: 'expected a list of tool names' }).min(1, { error: 'expected at least one tool' })
    .describe('The tools those callers may list and call; no other caller gets them.'),
}, { error: 'expected a grant: {claim, equals | contains, tools}' })
  .refine((g) => (g.equals === undefined) !== (g.contains === undefined), { error: 'expected exactly one of equals or contains' });

/** A tools: {allow, deny, grants} section; who enforces it differs by server type. */
const toolAccess = (allow: string, deny: string) => z.strictObject({
  allow: z.array(f.toolName(), { error: 'expected a list of tool names' }).min(1, { error: 'expected at least one tool' }).optional().describe(allow),
  deny: z.array(f.toolName(), { error: 'expected a list of tool names' }).min(1, { error: 'expected at least one tool' }).optional().describe(deny),
  grants: z.array(toolGrant, { error: 'expected a list of grants' }).min(1, { error: 'expected at least one grant, or no grants' }).optional()
    .describe('Per-caller tools, enforced by agentgateway (needs expose.agentgateway or an endpoint, and auth.gateway there): a tool a grant names is listed and callable only for tokens whose claim matches one of its grants. @default none'),
}, { error: 'expected tools: {allow, deny, grants}' }).refine((t) => t.allow || t.deny || t.grants, { error: 'expected tools to allow, deny or grant something' }).optional();

/** Fields every server type has. */
const serverBase = {
  name: f.serverName().describe('Server name: the name of its Deployment, Service and ServiceAccount, unique in the environment.'),
  image: f.image().describe('Container image, pinned by tag or digest.'),
  namespace: f.dnsLabel('a namespace').optional()
    .describe('Namespace of the server. @default the environment\'s namespace'),
  replicas: f.count('a replica count', 100).default(1).describe('Pod replicas. @default 1'),
  command: z.array(f.text('a command word'), { error: 'expected a list of strings' }).optional()
    .describe('Overrides the image entrypoint. @default the image\'s ENTRYPOINT'),
  args: z.array(f.text('an argument'), { error: 'expected a list of strings' }).optional()
    .describe('Arguments passed to the command. @default the image\'s CMD'),
  env: envMap.optional().describe('Plain environment variables. Never put secrets here: use secretEnv.'),
  secretEnv: z.record(f.envName(), secretKeyRef, { error: 'expected a map of environment variable names to {secret, key}' }).optional()
    .describe('Environment variables read from Secret keys; the values never appear in config or output.'),
  configMapEnv: z.record(f.envName(), configMapKeyRef, { error: 'expected a map of environment variable names to {configMap, key}' }).optional()
    .describe('Environment variables read from ConfigMap keys.'),
  secretFiles: z.record(f.absolutePath('a file path'), secretKeyRef, { error: 'expected a map of absolute file paths to {secret, key}' }).optional()
    .describe('Secret keys mounted read-only as files at these paths (e.g. cloud credentials); only the reference is rendered.'),
  portEnv: f.envName().optional()
    .describe('An environment variable that carries the port value, for images that read their port from one (e.g. MCP_PORT). @default none'),
  configFiles: z.record(f.absolutePath('a file path'), f.text('the file content'), { error: 'expected a map of absolute file paths to file contents' }).optional()
    .describe('Files rendered into a ConfigMap and mounted read-only at these paths; pods restart when the content changes. Not for secrets.'),
  resources: resources.optional().describe('CPU and memory requests and limits.'),
  runAsUser: f.uid('a user id').default(65532).describe('Numeric user id the containers run as (never root). @default 65532'),
  runAsGroup: f.uid('a group id').optional().describe('Numeric group id. @default the runAsUser value'),
  fsGroup: f.uid('a group id').optional().describe('Group that owns mounted volumes. @default the runAsGroup value'),
  writablePaths: z.array(f.absolutePath('a writable path'), { error: 'expected a list of absolute paths' }).optional()
    .describe('Extra writable directories (emptyDir) under the read-only root filesystem; /tmp and HOME always are.'),
  service: service.optional().describe('The Service in front of the server. @default {type: ClusterIP}'),
  labels: f.objectLabelMap('labels').optional().describe('Extra labels on every object of this server; no reserved prefix (rbac.authorization.k8s.io/, pod-security.kubernetes.io/, kubernetes.io/, k8s.io/ and their subdomains but app.kubernetes.io/, argocd.argoproj.io/, cdk8s-mcp/).'),
  annotations: f.annotationMap('annotations').optional().describe('Extra annotations on every object of this server; no reserved prefix (as for labels).'),
  telemetry: z.union([f.bool('telemetry'), telemetry], { error: 'expected telemetry: true, false or {otlpEndpoint, protocol, sampling, collector}' }).optional()
    .describe('OpenTelemetry traces of this server: its own settings, true for the environment\'s, false for none. Only servers whose image reads them get them (kubernetes-mcp-server from v0.0.57, through its config file; a generic server, through the OTEL_* variables, when it says true or gives settings). @default the environment\'s for kubernetes servers, none for others'),
  networkPolicy: f.bool('networkPolicy').default(true)
    .describe('Render a NetworkPolicy: all traffic denied but DNS, ingress from ingressFrom, egress to egressTo (and the API server for servers with API access). false opts out, and the gate reports it. @default true'),
  ingressFrom: z.array(ingressPeer, { error: 'expected a list of sources' }).optional()
    .describe('Who may reach the MCP port. @default pods of the server\'s own namespace'),
  egressTo: z.array(egressPeer, { error: 'expected a list of destinations' }).optional()
    .describe('Where the server may connect besides DNS (and the API server when it has API access). @default none'),
  shutdown: shutdown.default({ gracePeriodSeconds: 60, preStopSeconds: 5 })
    .describe('How pods stop on rollouts, so SSE and streaming sessions drain. @default {gracePeriodSeconds: 60, preStopSeconds: 5}'),
  priorityClassName: f.dnsSubdomain('a PriorityClass name').optional().describe('PriorityClass of the pods. @default none'),
  nodeSelector: f.labelMap('nodeSelector').optional().describe('Node labels the pods must run on. @default none'),
  tolerations: z.array(toleration, { error: 'expected a list of tolerations' }).optional().describe('Tolerations of the pods. @default none'),
  imagePullSecrets: z.array(f.dnsSubdomain('a Secret name'), { error: 'expected a list of Secret names' }).optional()
    .describe('Secrets with registry credentials, besides the environment\'s. @default none'),
  spreadOverZones: f.bool('spreadOverZones').default(false)
    .describe('With several replicas, spread them over zones as well as nodes. @default false'),
  expose: expose.optional().describe('Reach the server from outside the cluster (its MCP port and path only, never the Inspector). @default not exposed'),
  autoscale: autoscale.optional()
    .describe('A HorizontalPodAutoscaler (CPU, optionally memory); the Deployment then renders no replicas. @default none'),
  waivers: z.array(waiver, { error: 'expected a list of {rule, reason}' }).optional()
    .describe('Policy findings accepted for this server\'s objects, each with a reason; rendered as the cdk8s-mcp/waivers annotation and still shown in reports. @default none'),
  inspector: f.bool('inspector').default(false)
    .describe('Adds the MCP Inspector as a loopback-only sidecar (reach it with kubectl port-forward); refused in production. @default false'),
  auth: auth.optional().describe('How clients are authenticated: oauth (enforced in the pod) or external. @default the environment\'s auth, else none'),
  tools: toolAccess('Only these tools; agentgateway lists and calls no other. @default every tool', 'None of these tools. @default none')
    .describe('Which tools clients may list and call, enforced by agentgateway (a CEL rule in the AgentgatewayPolicy on the server\'s backend, or on an endpoint\'s): needs expose.agentgateway or an endpoint, and covers what comes through them. @default every tool'),
};

const accessField = (description: string) => access.optional().describe(description);
const tokenSecret = (what: string) => secretKeyRef.describe(`The Secret key holding ${what}.`);

/** Any MCP server image, described entirely by the environment file. */
export const genericServerSchema = z.strictObject({
  type: z.literal('generic').describe('Any MCP server image, described entirely here.'),
  ...serverBase,
  port: f.port().default(8080).describe('The one port the server listens on; drives the containerPort, probes, Service and portFlag. @default 8080'),
  portFlag: z.string().regex(/^--?[A-Za-z0-9][-A-Za-z0-9_.]*$/, { error: 'expected a command-line flag such as "--port"' }).optional()
    .describe('Flag that tells the server its port (e.g. "--port"); the args then carry the port. @default none'),
  hostFlag: z.string().regex(/^--?[A-Za-z0-9][-A-Za-z0-9_.]*$/, { error: 'expected a command-line flag such as "--host"' }).optional()
    .describe('Flag that tells the server the address to bind (e.g. "--host"); with auth.oauth the args carry 127.0.0.1, so only the auth proxy reaches it. @default none'),
  hostEnv: f.envName().optional()
    .describe('Environment variable that tells the server the address to bind (e.g. HOST); with auth.oauth it is set to 127.0.0.1. @default none'),
  transport: z.enum(TRANSPORTS, { error: 'expected a transport: "streamable-http", "sse" or "stdio-bridge"' }).default('streamable-http')
    .describe('MCP transport: streamable-http, sse, or stdio-bridge (a stdio server behind an HTTP bridge). @default streamable-http'),
  path: f.httpPath('the MCP endpoint path').optional().describe('MCP endpoint path. @default /sse for sse, /mcp otherwise'),
  healthPath: f.httpPath('a health check path').optional()
    .describe('HTTP path for probes; without it probes use TCP (Streamable HTTP only requires POST). @default none (TCP probes)'),
  stateless: f.bool('stateless').default(false)
    .describe('The server keeps no session in memory, so any replica can answer; not allowed with sse. @default false'),
  protocolRevisions: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected an MCP protocol revision such as "2025-11-25"' })).min(1).optional()
    .describe('MCP protocol revisions the server speaks, e.g. ["2026-07-28"]. A server speaking only 2026-07-28 or later has no protocol sessions: no affinity, Stateless session routing. @default unknown (sessions kept unless stateless)'),
  metricsPath: f.httpPath('the Prometheus metrics path').optional()
    .describe('HTTP path of Prometheus metrics on the server\'s port; scraped as the environment\'s monitoring says. @default none'),
  access: accessField('Kubernetes API access of the server\'s ServiceAccount. @default none'),
});

/** kubernetes-mcp-server (containers/kubernetes-mcp-server). */
export const kubernetesServerSchema = z.strictObject({
  type: z.literal('kubernetes').describe('kubernetes-mcp-server: Kubernetes tools for agents, read-only by default.'),
  ...serverBase,
  port: f.port().default(8080).describe('Listen port, passed as --port. @default 8080'),
  readOnly: f.bool('readOnly').default(true).describe('Passes --read-only: no tool may change the cluster. @default true'),
  disableDestructive: f.bool('disableDestructive').default(false).describe('Passes --disable-destructive (no delete/update tools) when writes are allowed. @default false'),
  toolsets: z.array(z.enum(['core', 'config', 'helm'], { error: 'expected a toolset: core, config or helm' }), { error: 'expected a list of toolsets' }).default(['core', 'config'])
    .describe('Toolsets, passed as --toolsets. @default [core, config]'),
  disabledTools: z.array(f.toolName(), { error: 'expected a list of tool names' }).default(['configuration_view', 'nodes_log', 'nodes_stats_summary'])
    .describe('Tools disabled through the config file; configuration_view hands out the kubeconfig even in read-only mode, and nodes_log and nodes_stats_summary need get on nodes/proxy, which also runs commands in every pod of a node (RBAC-POD-EXEC). @default [configuration_view, nodes_log, nodes_stats_summary]'),
  stateless: f.bool('stateless').default(false).describe('Passes --stateless (no MCP sessions), so replicas need no affinity. @default false'),
  tools: toolAccess('Only these tools (the config file\'s enabled_tools); tools/list shows no other. @default every tool of the toolsets', 'None of these tools (added to disabled_tools). @default none')
    .describe('Which tools the server offers, enforced by the server itself (its config file). Names are checked against the tools of the pinned release where they are recorded. @default every tool of the toolsets, less disabledTools'),
  logLevel: f.count('a log level', 9).optional().describe('Passes --log-level (0-9). @default the server\'s'),
  kubeconfig: f.bool('kubeconfig').default(false)
    .describe('Use a kubeconfig written from the pod\'s ServiceAccount (with --kubeconfig and --cluster-provider kubeconfig) instead of in-cluster auth. @default false'),
  access: access.extend({
    tools: toolsAccess.optional().describe('Exactly the rules the offered tools need (toolsets, readOnly, disableDestructive, disabledTools and tools), from the API requests recorded per tool of the pinned release; view is not bound.'),
  }).optional().describe('Kubernetes API access. @default {tools: {}}; none with auth.oauth.tokenExchange (the API server authorizes each caller)'),
});

/** github-mcp-server behind the mcp-proxy bridge baked into the image. */
export const githubServerSchema = z.strictObject({
  type: z.literal('github').describe('GitHub MCP server (stdio) behind the mcp-proxy bridge in the image; the token comes from a Secret.'),
  ...serverBase,
  args: z.array(f.text('an argument'), { error: 'expected a list of strings' }).optional()
    .describe('Extra arguments for github-mcp-server, after its stdio subcommand. @default none'),
  port: f.port('the bridge port').default(8080).describe('Port of the mcp-proxy bridge, passed as --port. @default 8080 (the image\'s)'),
  allowedOrigins: z.array(f.origin(), { error: 'expected a list of origins' }).default(['*'])
    .describe('Origins the bridge allows for CORS, passed as --allow-origin. @default ["*"] (the image\'s)'),
  token: tokenSecret('a GitHub personal access token (GITHUB_PERSONAL_ACCESS_TOKEN)'),
  toolsets: z.array(z.string().regex(/^[a-z0-9_-]+$/, { error: 'expected a toolset name such as repos or pull_requests' }), { error: 'expected a list of toolsets' }).optional()
    .describe('Toolsets, passed as --toolsets. @default the server\'s'),
  readOnly: f.bool('readOnly').default(true).describe('Passes --read-only to github-mcp-server. @default true'),
});

/** The Pulumi MCP server, managing its namespace as its own ServiceAccount. */
export const pulumiServerSchema = z.strictObject({
  type: z.literal('pulumi').describe('Pulumi MCP server; the Pulumi CLI uses a kubeconfig of the pod\'s own ServiceAccount.'),
  ...serverBase,
  command: z.array(f.text('a command word'), { error: 'expected a list of strings' }).optional()
    .describe('Starts the server through another command, e.g. [pulumi-mcp-server, http] in an image with the Pulumi CLI; the http subcommand and --port are added unless present. @default the image\'s ENTRYPOINT'),
  port: f.port().default(3000).describe('Listen port, passed as http --port. @default 3000'),
  token: tokenSecret('a Pulumi access token (PULUMI_ACCESS_TOKEN)'),
  runAsUser: f.uid('a user id').default(1000).describe('Numeric user id (the image names its user). @default 1000'),
  homeSize: f.memory().default('2Gi').describe('Size limit of the writable HOME, where the CLI downloads plugins. @default 2Gi'),
  access: accessField('Kubernetes API access. @default {namespaceDeployer: {rbac: false}}'),
});

const SERVER_TYPES = [genericServerSchema, kubernetesServerSchema, githubServerSchema, pulumiServerSchema] as const;

export const serverSchema = z.discriminatedUnion('type', SERVER_TYPES, {
  error: (issue) => issue.code === 'invalid_union'
    ? `expected a server type: ${SERVER_TYPES.map((s) => `"${s.shape.type.value}"`).join(', ')}`
    : undefined,
});

const destinationFields = {
  server: z.url({ error: 'expected the cluster API server URL, e.g. https://kubernetes.default.svc' }).optional()
    .describe('API server URL of the destination cluster.'),
  name: f.nonEmptyText('the cluster name as registered in Argo CD').optional().describe('Cluster name as registered in Argo CD.'),
};
const oneOfServerOrName = (d: { server?: string; name?: string }) => (d.server === undefined) !== (d.name === undefined);

const destination = z.strictObject(destinationFields, { error: 'expected a destination: {server} or {name}' })
  .refine(oneOfServerOrName, { error: 'expected exactly one of server or name' });

const fleetDestination = z.strictObject({
  label: f.dnsLabel('a short cluster label, used in Application names').describe('Short cluster label, used in the generated Application names.'),
  ...destinationFields,
}, { error: 'expected a destination: {label, server} or {label, name}' })
  .refine(oneOfServerOrName, { error: 'expected exactly one of server or name' });

const automated = z.strictObject({
  prune: f.bool('prune').default(true).describe('Delete objects that are no longer rendered. @default true'),
  selfHeal: f.bool('selfHeal').default(true).describe('Undo changes made in the cluster by hand. @default true'),
}, { error: 'expected {prune, selfHeal}' });

const gitops = z.strictObject({
  repoURL: f.nonEmptyText('the Git URL of the repository holding the dist branch').describe('Git repository whose dist branch Argo CD reads.'),
  targetRevision: f.nonEmptyText('a branch, tag or commit').default('dist').describe('Branch (or tag, commit) holding the rendered output. @default dist'),
  project: f.nonEmptyText('an Argo CD project').default('default').describe('Argo CD project of the applications. @default default'),
  namespace: f.dnsLabel('the Argo CD namespace').default('argocd').describe('Namespace Argo CD runs in, where its Application objects live. @default argocd'),
  destination: destination.optional().describe('The one cluster to deploy to. @default {server: https://kubernetes.default.svc}'),
  destinations: z.array(fleetDestination, { error: 'expected a list of destinations' })
    .min(1, { error: 'expected at least one destination' }).optional()
    .describe('Several clusters: renders one ApplicationSet (list generator) instead of an Application.'),
  automated: z.union([automated, z.literal(false)], { error: 'expected automated: {prune, selfHeal} or false' }).default({ prune: true, selfHeal: true })
    .describe('Automated sync, or false for manual sync. @default {prune: true, selfHeal: true}'),
  syncOptions: z.array(f.nonEmptyText('a sync option such as PruneLast=true'), { error: 'expected a list of sync options' }).default(['PruneLast=true'])
    .describe('Argo CD sync options. @default [PruneLast=true]'),
}, { error: 'expected gitops settings: {repoURL, targetRevision, destination, ...}' })
  .refine((g) => !(g.destination && g.destinations), { error: 'expected destination or destinations, not both' })
  .refine((g) => !g.destinations || new Set(g.destinations.map((d) => d.name !== undefined)).size === 1, { error: 'expected every destination by name, or every destination by server, not a mix' })
  .refine((g) => !g.destinations || new Set(g.destinations.map((d) => d.label)).size === g.destinations.length, { error: 'expected a unique label per destination' });

const ownedNamespace = f.dnsLabel('a namespace').refine((n) => !isSystemNamespace(n), {
  error: 'expected a namespace this environment may own, not kube-* or default (they belong to the cluster: servers may be placed there, but they are never created, labelled or deleted)',
});

const DEFAULT_INSPECTOR_TOKEN = { secret: 'mcp-inspector', key: 'token' };

const inspectorSettings = z.strictObject({
  image: f.image().superRefine((image, ctx) => {
    const problem = inspectorReleaseProblem(image);
    if (problem) ctx.addIssue({ code: 'custom', message: `expected an MCP Inspector release ${MCP_INSPECTOR_SIDECAR_SINCE} or later: ${problem}` });
  }).default(MCP_INSPECTOR_DEFAULT_IMAGE).describe(`Inspector image, pinned by a tag naming release ${MCP_INSPECTOR_SIDECAR_SINCE} or later (earlier releases read other variables, and before 0.14.1 had no authentication). @default ${MCP_INSPECTOR_DEFAULT_IMAGE}`),
  tokenSecret: secretKeyRef.default(DEFAULT_INSPECTOR_TOKEN)
    .describe('Secret key with the Inspector API token; auth cannot be turned off. @default {secret: mcp-inspector, key: token}'),
}, { error: 'expected inspector settings: {image, tokenSecret}' });

/**
 * One agentgateway endpoint for several servers of the environment: an AgentgatewayBackend
 * with one target per server (tools prefixed `<server>_`), one route, one auth policy.
 */
export const endpointSchema = z.strictObject({
  name: f.serverName().describe('Endpoint name: the name of its AgentgatewayBackend, HTTPRoute and AgentgatewayPolicy, and of its output file; unique among the servers and endpoints of the environment.'),
  servers: z.array(f.serverName(), { error: 'expected a list of server names' }).min(1, { error: 'expected at least one server' })
    .describe('Servers of this environment behind the endpoint, all in one namespace (the endpoint\'s). Each becomes a target named after it; its tools are listed as <server>_<tool>.'),
  agentgateway: z.strictObject({ parentRefs: gatewayParents, hostnames: gatewayHostnames }, { error: 'expected agentgateway: {parentRefs, hostnames}' })
    .describe('The agentgateway Gateway the endpoint\'s HTTPRoute attaches to.'),
  path: f.httpPath('the MCP path of the endpoint').default('/mcp').describe('MCP path clients connect to. @default /mcp'),
  auth: z.strictObject({ gateway: gatewayAuth }, { error: 'expected auth: {gateway}' }).optional()
    .describe('OAuth bearer tokens, validated by agentgateway for the whole endpoint (an AgentgatewayPolicy, backend.mcp.authentication, mode Strict). @default none'),
  timeoutSeconds: f.count('seconds', 86400).default(3600).describe('Request timeout, long enough for SSE and streaming. @default 3600'),
}, { error: 'expected an endpoint: {name, servers, agentgateway, path, auth, timeoutSeconds}' });

export const environmentSchema = z.strictObject({
  namespace: f.dnsLabel('a namespace').describe('Default namespace of the servers.'),
  ownedNamespaces: z.array(ownedNamespace, { error: 'expected a list of namespaces' }).optional()
    .describe('Namespaces this environment owns: rendered as Namespace objects labelled for Pod Security, applied first by scripts/up and deleted by scripts/down --namespaces. A server in any other namespace is placed there without touching the namespace, which must exist. kube-* and default are never owned. @default [namespace], unless it is kube-* or default'),
  cluster: f.dnsSubdomain('a cluster name').optional()
    .describe('The cluster this environment is applied to (a kube context or cluster name), for environments without gitops. Environments on the same cluster must not render the same object; without gitops destinations or cluster, an environment is taken to share its cluster with every other. @default the gitops destinations, else unknown'),
  production: f.bool('production').default(false)
    .describe('Marks a production environment, which refuses debugging aids. @default false'),
  podSecurity: z.enum(POD_SECURITY_LEVELS, { error: 'expected a Pod Security level: "restricted", "baseline" or "privileged"' })
    .default('restricted')
    .describe('Pod Security Admission level the rendered namespaces enforce. @default restricted'),
  labels: f.objectLabelMap('labels').optional().describe('Extra labels on every object of the environment; no reserved prefix (as for a server\'s labels).'),
  inspector: inspectorSettings.default({ image: MCP_INSPECTOR_DEFAULT_IMAGE, tokenSecret: DEFAULT_INSPECTOR_TOKEN })
    .describe('Settings of the MCP Inspector sidecar for servers with inspector: true.'),
  gitops: gitops.optional().describe('Argo CD objects for this environment, rendered to dist/argocd/. @default none (no Argo CD objects)'),
  imagePullSecrets: z.array(f.dnsSubdomain('a Secret name'), { error: 'expected a list of Secret names' }).optional()
    .describe('Secrets with registry credentials for every server (a private registry). @default none'),
  agentgateway: f.bool('agentgateway').default(true)
    .describe('Announce servers to agentgateway on their Services (appProtocol agentgateway.dev/mcp or mcp-sse, the agentgateway.dev/mcp-path annotation). Servers exposed through Istio keep appProtocol http, which Istio needs. @default true'),
  monitoring: z.strictObject({
    scraper: z.enum(SCRAPERS, { error: `expected a scraper: ${SCRAPERS.join(', ')}` }).default('annotations')
      .describe('How servers with metrics are scraped: a PodMonitor (prometheus-operator), a VMPodScrape (victoriametrics), prometheus.io annotations, or none. @default annotations'),
    namespace: f.dnsLabel('the scraper\'s namespace').optional()
      .describe('Namespace of the scraper, let in by the NetworkPolicy of servers with metrics. @default none'),
    interval: z.string().regex(/^\d+(s|m)$/, { error: 'expected a duration such as 30s' }).default('30s').describe('Scrape interval. @default 30s'),
  }, { error: 'expected monitoring: {scraper, namespace, interval}' }).default({ scraper: 'annotations', interval: '30s' })
    .describe('How the metrics of servers that serve them are collected.'),
  kubernetesApi: z.strictObject({
    cidrs: z.array(cidr, { error: 'expected a list of CIDRs' }).min(1).default(['0.0.0.0/0', '::/0'])
      .describe('Addresses of the API server. @default every address (and the gate asks to narrow it)'),
    ports: z.array(f.port(), { error: 'expected a list of ports' }).min(1).default([443, 6443]).describe('Ports of the API server. @default [443, 6443]'),
  }, { error: 'expected kubernetesApi: {cidrs, ports}' }).default({ cidrs: ['0.0.0.0/0', '::/0'], ports: [443, 6443] })
    .describe('Where servers with Kubernetes API access may connect (their NetworkPolicy egress). The API server is not a pod, so it needs addresses.'),
  auth: auth.optional().describe('The auth of every server that sets none. @default none'),
  telemetry: telemetry.optional()
    .describe('Where servers send OpenTelemetry traces: kubernetes servers use it unless they say telemetry: false; generic servers when they say telemetry: true. Their NetworkPolicy lets them reach the collector. @default none'),
  servers: z.array(serverSchema, { error: 'expected a list of servers' }).default([])
    .describe('The MCP servers of this environment. @default []'),
  endpoints: z.array(endpointSchema, { error: 'expected a list of endpoints' }).optional()
    .describe('agentgateway endpoints that each put several servers behind one URL, one auth policy and prefixed tool names. @default none'),
}, { error: 'expected an environment: a mapping with namespace and servers' })
  .refine((e) => !(e.cluster && e.gitops), { error: 'expected cluster or gitops, not both (the gitops destinations name the clusters)', path: ['cluster'] });

/** The namespaces an environment owns: as declared, or its default namespace unless that belongs to the cluster. */
export function ownedNamespaces(spec: Pick<EnvironmentSpec, 'namespace' | 'ownedNamespaces'>): string[] {
  return spec.ownedNamespaces ?? (isSystemNamespace(spec.namespace) ? [] : [spec.namespace]);
}

/** An environment file as written (defaults not applied). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment file after validation, defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;
export type ServerSpec = z.output<typeof serverSchema>;
export type GenericServerSpec = z.output<typeof genericServerSchema>;
export type KubernetesServerSpec = z.output<typeof kubernetesServerSchema>;
export type GithubServerSpec = z.output<typeof githubServerSchema>;
export type PulumiServerSpec = z.output<typeof pulumiServerSchema>;
export type AccessSpec = z.output<typeof access>;
export type InspectorSettings = z.output<typeof inspectorSettings>;
export type GitOpsSpec = z.output<typeof gitops>;
export type EndpointSpec = z.output<typeof endpointSchema>;
export type AuthSpec = z.output<typeof auth>;
export type OAuthSpec = z.output<typeof oauthAuth>;
export type TokenExchangeSpec = z.output<typeof tokenExchange>;
export type TelemetrySpec = z.output<typeof telemetry>;
export type TolerationSpec = z.output<typeof toleration>;
export type GatewayAuthSpec = z.output<typeof gatewayAuth>;
