import { Construct } from 'constructs';
import { AccessSpec, AuthSpec, ServerSpec } from '../config/schema';
import { ClaimMatch, ClusterReader, Exposure, GatewayProvisioner, HelmReleaseAccess, isStateful, McpApp, McpTransport, NamespaceDeployer, ToolAccess } from '../constructs';
import { knownProtocolRevisions } from '../images';
import { gatewayAuthentication } from './auth';

/** Grants a server's ServiceAccount the RBAC sets its `access` section asks for. */
export function grantAccess(scope: Construct, app: McpApp, access: AccessSpec | undefined): void {
  if (!access) return;
  const subject = { serviceAccount: app.serviceAccount.name, namespace: app.namespace, labels: app.labels };
  if (access.clusterReader) {
    const helm = access.clusterReader.helmReleases;
    new ClusterReader(scope, 'ClusterReader', {
      ...subject,
      helmReleases: helm === true ? HelmReleaseAccess.clusterWide() : helm === false ? undefined : HelmReleaseAccess.inNamespaces(helm.namespaces),
    });
  }
  if (access.namespaceDeployer) {
    new NamespaceDeployer(scope, 'NamespaceDeployer', { ...subject, manageRbac: access.namespaceDeployer.rbac, kinds: access.namespaceDeployer.kinds });
  }
  if (access.gatewayProvisioner) {
    new GatewayProvisioner(scope, 'GatewayProvisioner', subject);
  }
}

/** Whether a server talks to the Kubernetes API (and so needs egress to it). */
export function usesKubernetesApi(spec: ServerSpec): boolean {
  if (spec.type === 'kubernetes' || spec.type === 'pulumi') return true;
  return spec.type === 'generic' && spec.access !== undefined && Object.keys(spec.access).length > 0;
}

/** The MCP protocol revisions a server speaks: declared for generic images, recorded in src/images/ for the catalog's. */
export function protocolRevisionsOf(spec: ServerSpec): readonly string[] | undefined {
  return (spec.type === 'generic' ? spec.protocolRevisions : undefined) ?? knownProtocolRevisions(spec.image);
}

/** Whether a server keeps MCP sessions in one pod's memory (the rule McpApp applies). */
export function keepsSessions(spec: ServerSpec): boolean {
  const transport = spec.type === 'generic' ? (spec.transport as McpTransport) : McpTransport.STREAMABLE_HTTP;
  const stateless = spec.type === 'generic' || spec.type === 'kubernetes' ? spec.stateless : false;
  return isStateful(transport, stateless, protocolRevisionsOf(spec));
}

/**
 * The tool limits a gateway must enforce for a server: kubernetes-mcp-server enforces its own
 * lists (enabled_tools/disabled_tools in its config file); no other server has a list of its
 * own. Per-caller grants need the caller's token, which only agentgateway sees.
 */
export function gatewayToolAccess(spec: ServerSpec): ToolAccess | undefined {
  const tools = spec.tools;
  if (!tools) return undefined;
  const grants = tools.grants?.map((g) => ({
    when: g.equals !== undefined ? ClaimMatch.equals(g.claim, g.equals) : ClaimMatch.contains(g.claim, g.contains!), tools: g.tools,
  }));
  if (spec.type === 'kubernetes') return grants ? { grants } : undefined;
  return { allow: tools.allow, deny: tools.deny, grants };
}

/** The Exposure an environment file's `expose` section asks for. */
export function exposureOf(expose: NonNullable<ServerSpec['expose']>, auth?: AuthSpec, tools?: ToolAccess): Exposure {
  if (expose.httpRoute) return Exposure.gatewayApi(expose.httpRoute);
  if (expose.agentgateway) {
    return Exposure.agentgateway({ ...expose.agentgateway, authentication: auth?.gateway && gatewayAuthentication(auth.gateway), tools });
  }
  if (expose.ingress) return Exposure.ingress(expose.ingress);
  return Exposure.istio(expose.istio!);
}
