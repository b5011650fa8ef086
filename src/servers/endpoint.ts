import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthSpec, EndpointSpec, ServerSpec } from '../config/schema';
import { McpApp, McpEndpoint } from '../constructs';
import { gatewayToolAccess } from './access';
import { gatewayAuthentication, recordGatewayAuth } from './auth';

/*
 * Endpoints of an environment file: several servers behind one agentgateway URL. Config
 * checks (servers/endpoint-checks.ts) have made sure every member exists, shares one
 * namespace, can be reached by agentgateway without a token of its own, and keeps its
 * sessions on one pod.
 */

/** Namespaces of the Gateways of the endpoints a server is behind (its NetworkPolicy lets them in). */
export function endpointGatewaysOf(server: string, namespace: string, endpoints: readonly EndpointSpec[]): string[] {
  const behind = endpoints.filter((e) => e.servers.includes(server));
  return [...new Set(behind.flatMap((e) => e.agentgateway.parentRefs.map((p) => p.namespace ?? namespace)))];
}

/** A server already rendered, with the auth that applies to it. */
export interface EndpointServer {
  readonly app: McpApp;
  readonly spec: ServerSpec;
  /** Its own auth, or the environment's. */
  readonly auth?: AuthSpec;
}

/** Renders one endpoint over the servers already rendered (by name). */
export function addEndpoint(
  scope: Construct, spec: EndpointSpec, servers: ReadonlyMap<string, EndpointServer>, labels: Record<string, string>,
): McpEndpoint {
  const behind = spec.servers.map((name) => {
    const server = servers.get(name);
    if (!server) throw new Error(`endpoint "${spec.name}": no server named "${name}" in the environment`);
    return server;
  });
  const auth = spec.auth?.gateway;
  // A server reached only through the endpoint is covered by its token check.
  if (auth) behind.filter((s) => !s.auth && !s.spec.expose).forEach((s) => recordGatewayAuth(s.app, spec.name, auth.issuer));
  return new McpEndpoint(scope, spec.name, {
    name: spec.name, labels,
    members: behind.map((s) => ({ app: s.app, tools: gatewayToolAccess(s.spec) })),
    parentRefs: spec.agentgateway.parentRefs, hostnames: spec.agentgateway.hostnames,
    path: spec.path, timeout: Duration.seconds(spec.timeoutSeconds),
    authentication: auth && gatewayAuthentication(auth),
  });
}
