import { CrossFieldProblem, IndexedServer, productionAuthProblems } from '../config/cross-field';
import { AuthSpec, EndpointSpec } from '../config/schema';
import { keepsSessions } from './access';

/** What the environment tells the endpoint checks. */
export interface EndpointEnvironment {
  readonly namespace?: string;
  readonly production?: boolean;
  readonly auth?: AuthSpec;
  /** Every server name the file lists, including servers that failed the schema (they exist, if broken). */
  readonly serverNames: readonly string[];
}

/**
 * What an endpoint needs of the servers behind it: that they exist, once each, in one
 * namespace (a backend selects Services of its own); that agentgateway can reach them (no
 * auth proxy that would want a token it does not have; no Istio exposure, whose Service keeps
 * appProtocol http and is not selected); that a server keeping sessions runs one pod
 * (agentgateway pins a session to a target, not to a pod); and a name no server has.
 */
export function endpointProblems(
  env: EndpointEnvironment, endpoints: ReadonlyArray<EndpointSpec | undefined>, servers: readonly IndexedServer[],
): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const byName = new Map(servers.map((s) => [s.spec.name, s.spec]));
  const seen = new Map<string, number>();
  endpoints.forEach((endpoint, i) => {
    // An endpoint that failed the schema is reported by it.
    if (!endpoint) return;
    const at = (...rest: Array<string | number>) => ['endpoints', i, ...rest];
    if (env.serverNames.includes(endpoint.name)) {
      problems.push({ path: at('name'), message: `expected a name no server of the environment has (the endpoint's objects and output file take it), got "${endpoint.name}"` });
    } else if (seen.has(endpoint.name)) {
      problems.push({ path: at('name'), message: `expected a name unique among the endpoints, got "${endpoint.name}" (already endpoints[${seen.get(endpoint.name)}])` });
    } else {
      seen.set(endpoint.name, i);
    }
    const namespaces = new Map<string, string>();
    endpoint.servers.forEach((name, j) => {
      if (endpoint.servers.indexOf(name) !== j) {
        problems.push({ path: at('servers', j), message: `expected each server once, got "${name}" again` });
        return;
      }
      if (!env.serverNames.includes(name)) {
        problems.push({ path: at('servers', j), message: `expected the name of a server of this environment, got "${name}" (servers: ${env.serverNames.join(', ') || 'none'})` });
        return;
      }
      const server = byName.get(name);
      if (!server) return;
      const ns = server.namespace ?? env.namespace ?? '';
      namespaces.set(ns, namespaces.get(ns) ?? name);
      if ((server.auth ?? env.auth)?.oauth) {
        problems.push({ path: at('servers', j), message: `expected a server without auth.oauth behind an endpoint, got "${name}" (its auth proxy wants a token agentgateway does not have; let the endpoint check tokens with auth.gateway)` });
      }
      if ((server.auth ?? env.auth)?.gateway && !endpoint.auth) {
        problems.push({ path: at('servers', j), message: `expected auth.gateway on an endpoint in front of "${name}", whose own auth.gateway covers its own route only: the endpoint would be a way in without a token` });
      }
      if (server.expose?.istio) {
        problems.push({ path: at('servers', j), message: `expected a server not exposed through Istio behind an endpoint, got "${name}" (its Service keeps appProtocol http for Istio, and agentgateway selects agentgateway.dev/mcp)` });
      }
      if (keepsSessions(server) && Math.max(server.replicas, server.autoscale?.max ?? 0) > 1) {
        problems.push({ path: at('servers', j), message: `expected one replica of "${name}", which keeps MCP sessions in memory: agentgateway keeps a session on a target, not on one of its pods (run it stateless, or with one replica)` });
      }
    });
    if (namespaces.size > 1) {
      problems.push({ path: at('servers'), message: `expected servers of one namespace (a backend selects Services of its own), got ${[...namespaces].map(([ns, s]) => `"${s}" in "${ns}"`).join(', ')}` });
    }
    if (env.production) problems.push(...productionAuthProblems(endpoint.auth, at('auth')));
  });
  return problems;
}
