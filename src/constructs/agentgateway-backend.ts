import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { AgentgatewayAuthentication, agentgatewayPolicy } from './agentgateway-policy';
import { GatewayRef, httpRoute, HttpRouteOptions } from './http-route';
import { selectorLabels } from './labels';
import { McpApp } from './mcp-app';
import { RESOURCE_METADATA_PATH } from './resource-metadata';

export interface AgentgatewayRouteOptions {
  /** Name, namespace and labels of the backend, its route and its policy. */
  readonly metadata: ApiObjectMetadata;
  /** Gateways the route attaches to. */
  readonly parentRefs: GatewayRef[];
  /** Host names of the route; none means the Gateway's. */
  readonly hostnames: string[];
  /** Request timeout of the route, long enough for streams. */
  readonly timeoutSeconds: number;
  /** The MCP path clients connect to on the gateway. */
  readonly path: string;
  /** The servers behind the backend, each one target; their Services must announce them (McpApp `agentgateway`). */
  readonly targets: McpApp[];
  /**
   * Prefix every tool with its target's name (`<server>_<tool>`), however many targets there are.
   * @default false (agentgateway prefixes only when there are several)
   */
  readonly prefixTools?: boolean;
  /**
   * Token validation by agentgateway, which then also answers the RFC 9728 metadata paths.
   * @default - none
   */
  readonly authentication?: AgentgatewayAuthentication;
  /**
   * CEL rule every tool must satisfy.
   * @default - none
   */
  readonly toolRule?: string;
  /**
   * Further route rules, e.g. a path straight to a Service.
   * @default - none
   */
  readonly extraRules?: HttpRouteOptions['rules'];
}

/**
 * An agentgateway `AgentgatewayBackend` whose MCP targets select the servers' Services (found
 * by their `agentgateway.dev/mcp` appProtocol), an HTTPRoute to it, and an AgentgatewayPolicy
 * when tokens or tools are checked. Session routing is Stateful when any server keeps sessions.
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/controller/pkg/syncer/backend/mcp.go
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/crates/agentgateway/src/mcp/auth.rs
 */
export function agentgatewayRoute(scope: Construct, options: AgentgatewayRouteOptions): void {
  const name = options.metadata.name!;
  new ApiObject(scope, 'Backend', {
    apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayBackend', metadata: options.metadata,
    spec: {
      mcp: {
        targets: options.targets.map((app) => ({ name: app.name, selector: { services: { matchLabels: selectorLabels(app.identity) } } })),
        sessionRouting: options.targets.some((app) => app.stateful) ? 'Stateful' : 'Stateless',
        ...(options.prefixTools ? { prefixMode: 'Always' } : {}),
      },
    },
  });
  if (options.authentication || options.toolRule) {
    agentgatewayPolicy(scope, { metadata: options.metadata, backend: name, authentication: options.authentication, toolRule: options.toolRule });
  }
  const backend = { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name };
  httpRoute(scope, {
    parentRefs: options.parentRefs, hostnames: options.hostnames, timeoutSeconds: options.timeoutSeconds, metadata: options.metadata,
    rules: [
      { path: options.path, backend },
      // agentgateway answers the metadata paths itself for a backend whose tokens it checks.
      ...(options.authentication ? [{ path: RESOURCE_METADATA_PATH, backend }] : []),
      ...options.extraRules ?? [],
    ],
  });
}
