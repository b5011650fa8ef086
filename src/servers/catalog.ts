import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ServerSpec } from '../config/schema';
import { McpApp, McpAutoscaler, McpDisruptionBudget, McpExposure, McpInspector, McpNetworkPolicy, McpScrape, NetworkPeer, Scraper } from '../constructs';
import { PRODUCTION_ANNOTATION } from '../policy/annotations';
import { exposureOf, gatewayToolAccess, usesKubernetesApi } from './access';
import { authOf } from './auth';
import { GenericServer } from './generic';
import { GithubServer } from './github';
import { KubernetesServer } from './kubernetes';
import { peerOf } from './peers';
import { PulumiServer } from './pulumi';
import { ServerContext } from './server-context';
import { collectorOf, telemetryOf } from './telemetry';

/**
 * Renders one server of an environment with the catalog entry for its type, then the
 * pieces every type can have (the Inspector). The construct id is the server name: it
 * names the output file `<server>.yaml`.
 */
export function addServer(scope: Construct, spec: ServerSpec, context: ServerContext): { app: McpApp } {
  const server = createServer(scope, spec, context);
  if (spec.inspector) {
    if (context.production) throw new Error(`server "${spec.name}": the Inspector is refused in a production environment`);
    new McpInspector(server, 'Inspector', { app: server.app, image: context.inspector.image, tokenSecret: context.inspector.tokenSecret });
  }
  addResilience(server, spec, context);
  // What plain YAML cannot show, for `check` and the policy gate to read.
  if (context.production) server.app.deployment.metadata.addAnnotation(PRODUCTION_ANNOTATION, 'true');
  return server;
}

function createServer(scope: Construct, spec: ServerSpec, context: ServerContext): Construct & { app: McpApp } {
  switch (spec.type) {
    case 'generic':
      return new GenericServer(scope, spec.name, spec, context);
    case 'kubernetes':
      return new KubernetesServer(scope, spec.name, spec, context);
    case 'github':
      return new GithubServer(scope, spec.name, spec, context);
    case 'pulumi':
      return new PulumiServer(scope, spec.name, spec, context);
  }
}

/**
 * What keeps a server observed, isolated and up: its metrics scrape, its NetworkPolicy
 * (unless opted out; it lets the scraper in), a PodDisruptionBudget when it has several
 * replicas, and an autoscaler when asked.
 */
function addResilience(server: Construct & { app: McpApp }, spec: ServerSpec, context: ServerContext): void {
  const app = server.app;
  const scraped = app.metricsPath !== undefined && context.monitoring.scraper !== 'none';
  if (scraped) new McpScrape(server, 'Metrics', { app, by: context.monitoring.scraper as Scraper, interval: context.monitoring.interval });
  if (spec.networkPolicy) {
    const apiServer = (cidr: string) => ({ peer: NetworkPeer.cidr(cidr), ports: [...context.kubernetesApi.ports] });
    const api = usesKubernetesApi(spec) ? context.kubernetesApi.cidrs.map(apiServer) : [];
    const scraper = scraped && context.monitoring.namespace ? [NetworkPeer.namespace(context.monitoring.namespace)] : [];
    const gatewayNamespaces = [...(spec.expose ? exposureOf(spec.expose).sourceNamespaces(app.namespace) : []), ...context.endpointGateways ?? []];
    const gateway = [...new Set(gatewayNamespaces)].filter((ns) => ns !== app.namespace || spec.ingressFrom).map((ns) => NetworkPeer.namespace(ns));
    new McpNetworkPolicy(server, 'NetworkPolicy', {
      app,
      ingressFrom: [...(spec.ingressFrom?.map(peerOf) ?? [NetworkPeer.namespace(app.namespace)]), ...scraper, ...gateway],
      egressTo: [...api, ...(spec.egressTo ?? []).map((e) => ({ peer: peerOf(e), ports: e.ports })), ...collectorEgress(spec, context)],
    });
  }
  if (spec.autoscale) {
    new McpAutoscaler(server, 'Autoscaler', { app, minReplicas: spec.autoscale.min, maxReplicas: spec.autoscale.max, cpuPercent: spec.autoscale.cpuPercent, memoryPercent: spec.autoscale.memoryPercent });
  }
  if (Math.max(spec.replicas, spec.autoscale?.min ?? 0) > 1) new McpDisruptionBudget(server, 'DisruptionBudget', { app });
  if (spec.expose) {
    const exposure = new McpExposure(server, 'Exposure', {
      app, via: exposureOf(spec.expose, authOf(spec, context), gatewayToolAccess(spec)), timeout: Duration.seconds(spec.expose.timeoutSeconds),
      replicas: Math.max(spec.replicas, spec.autoscale?.max ?? 0),
    });
    if (context.production) markProduction(exposure);
  }
}

/** The egress to the trace collector, for a server that sends traces (config checks refuse a collector that cannot be told). */
function collectorEgress(spec: ServerSpec, context: ServerContext): Array<{ peer: NetworkPeer; ports: number[] }> {
  const telemetry = telemetryOf(spec, context.telemetry);
  if (!telemetry) return [];
  const collector = collectorOf(telemetry);
  if ('problem' in collector) throw new Error(`server "${spec.name}": telemetry: ${collector.problem}`);
  return [{ peer: collector.peer, ports: [collector.port] }];
}

/** Marks every object below a construct as production's, for `check` and the policy gate (plain YAML cannot show it). */
export function markProduction(scope: Construct): void {
  scope.node.findAll().filter(ApiObject.isApiObject).forEach((o) => o.metadata.addAnnotation(PRODUCTION_ANNOTATION, 'true'));
}
