import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { agentgatewayRoute } from './agentgateway-backend';
import { AgentgatewayAuthentication } from './agentgateway-policy';
import { GatewayRef } from './http-route';
import { standardLabels } from './labels';
import { McpApp } from './mcp-app';
import { ToolAccess, toolAccessExpressionByTarget } from './tool-access';

/** One server behind an endpoint. */
export interface McpEndpointMember {
  /** The server; its Service must announce it to agentgateway (McpApp `agentgateway`). */
  readonly app: McpApp;

  /**
   * Which of its tools the endpoint lists and calls (agentgateway enforces it).
   * @default every tool
   */
  readonly tools?: ToolAccess;
}

export interface McpEndpointProps {
  /** Name of the backend, route and policy. */
  readonly name: string;

  /** The servers behind the endpoint, all in one namespace; each is one target named after it. */
  readonly members: McpEndpointMember[];

  /** Gateways the route attaches to. */
  readonly parentRefs: GatewayRef[];

  /**
   * Host names of the route.
   * @default - the Gateway's
   */
  readonly hostnames?: string[];

  /**
   * MCP path clients connect to.
   * @default "/mcp"
   */
  readonly path?: string;

  /**
   * Request timeout, long enough for SSE and streaming.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;

  /**
   * Token validation for the whole endpoint.
   * @default - none
   */
  readonly authentication?: AgentgatewayAuthentication;

  /**
   * Extra labels of its objects (the environment's).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Several MCP servers behind one agentgateway URL: an AgentgatewayBackend with one target per
 * server, every tool prefixed with its server's name (`github_create_issue`, prefixMode Always,
 * so names do not change when a server joins or leaves), one route and one policy for tokens
 * and tool limits. agentgateway fans `tools/list` out to every target and routes each call by
 * its prefix.
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/crates/agentgateway/src/mcp/handler.rs
 */
export class McpEndpoint extends Construct {
  constructor(scope: Construct, id: string, props: McpEndpointProps) {
    super(scope, id);
    const apps = props.members.map((m) => m.app);
    if (apps.length === 0) throw new Error(`McpEndpoint "${props.name}": expected at least one server, got none`);
    const namespaces = [...new Set(apps.map((a) => a.namespace))];
    if (namespaces.length > 1) {
      throw new Error(`McpEndpoint "${props.name}": expected servers of one namespace (a backend selects Services of its own), got ${namespaces.map((n) => `"${n}"`).join(', ')}`);
    }
    const twice = apps.find((a, i) => apps.findIndex((b) => b.name === a.name) !== i);
    if (twice) throw new Error(`McpEndpoint "${props.name}": expected each server once, got "${twice.name}" twice`);
    const limits = props.members.flatMap((m) => (m.tools ? [{ target: m.app.name, access: m.tools }] : []));
    agentgatewayRoute(this, {
      metadata: {
        name: props.name,
        namespace: namespaces[0],
        labels: { ...props.labels, ...standardLabels({ appName: 'mcp-endpoint', instance: props.name }, 'endpoint') },
      },
      parentRefs: props.parentRefs,
      hostnames: props.hostnames ?? [],
      timeoutSeconds: props.timeout?.toSeconds() ?? 3600,
      path: props.path ?? '/mcp',
      targets: apps,
      prefixTools: true,
      authentication: props.authentication,
      toolRule: limits.length > 0 ? toolAccessExpressionByTarget(limits) : undefined,
    });
  }
}
