import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/load';
import { ownedNamespaces } from '../config/schema';
import { ENVIRONMENT_LABEL, McpNamespace, PodSecurityLevel } from '../constructs';
import { Waiver } from '../policy/waivers';
import { addServer, markProduction } from '../servers/catalog';
import { addEndpoint, EndpointServer, endpointGatewaysOf } from '../servers/endpoint';

export { ENVIRONMENT_LABEL } from '../constructs/labels';

/** Construct id (and output file name) of the namespaces of an environment. */
export const NAMESPACES_ID = '00-namespaces';

/**
 * All objects of one environment. Each direct child is one output file: `00-namespaces`
 * first, then one child per server, then one per endpoint, each named after it.
 */
export class EnvironmentChart extends Chart {
  public readonly environment: Environment;
  /**
   * The waivers each server's environment entry declares, by server name (its output file).
   * Rendering puts each only on the objects its rule flags.
   */
  public readonly waivers = new Map<string, readonly Waiver[]>();

  constructor(scope: Construct, environment: Environment) {
    super(scope, environment.name, { disableResourceNameHashes: true });
    this.environment = environment;
    const spec = environment.spec;
    const labels = { ...spec.labels, [ENVIRONMENT_LABEL]: environment.name };

    const namespaces = new Construct(this, NAMESPACES_ID);
    for (const name of ownedNamespaces(spec)) {
      new McpNamespace(namespaces, name, { name, labels, podSecurity: spec.podSecurity as PodSecurityLevel });
    }
    const rendered = new Map<string, EndpointServer>();
    for (const server of spec.servers) {
      if (server.waivers && server.waivers.length > 0) this.waivers.set(server.name, server.waivers);
      const namespace = server.namespace ?? spec.namespace;
      const { app } = addServer(this, server, {
        namespace, labels, production: spec.production, inspector: spec.inspector,
        imagePullSecrets: spec.imagePullSecrets ?? [], kubernetesApi: spec.kubernetesApi,
        monitoring: spec.monitoring, agentgateway: spec.agentgateway,
        auth: spec.auth, endpointGateways: endpointGatewaysOf(server.name, namespace, spec.endpoints ?? []), telemetry: spec.telemetry,
      });
      rendered.set(server.name, { app, spec: server, auth: server.auth ?? spec.auth });
    }
    for (const endpoint of spec.endpoints ?? []) {
      const construct = addEndpoint(this, endpoint, rendered, labels);
      if (spec.production) markProduction(construct);
    }
  }

  /**
   * Every namespace the environment deploys into, the default one first: those it owns
   * (rendered as Namespaces) and those it only places servers in.
   */
  public namespaces(): string[] {
    const spec = this.environment.spec;
    return [...new Set([spec.namespace, ...spec.servers.map((s) => s.namespace ?? spec.namespace)])];
  }
}
