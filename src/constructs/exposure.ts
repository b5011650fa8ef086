import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { agentgatewayRoute } from './agentgateway-backend';
import { AgentgatewayAuthentication } from './agentgateway-policy';
import { GatewayRef, httpRoute } from './http-route';
import { McpApp } from './mcp-app';
import { RESOURCE_METADATA_PATH } from './resource-metadata';
import { ToolAccess, toolAccessExpression } from './tool-access';
import { assertDnsLabel, assertHostname, assertInteger, assertNotEmpty } from './validate';

/** The header a Streamable HTTP session travels in; stateful servers must see every request of one session. */
export const SESSION_HEADER = 'Mcp-Session-Id';

/** The paths an exposure routes to a server: its MCP path, and its metadata path when it serves one. */
function exposedPaths(app: McpApp): string[] {
  return [app.path, ...(app.servesResourceMetadata ? [RESOURCE_METADATA_PATH] : [])];
}

/** The parents and host names of a route: at least one parent, and host names that are host names. */
function checkRoute(where: string, parentRefs: readonly GatewayRef[], hostnames: readonly string[] = []): void {
  assertNotEmpty(where, 'parentRef (the Gateway to attach to)', parentRefs);
  hostnames.forEach((h) => assertHostname(where, h));
}

/** A host outside the mesh that a server calls over TLS. */
export interface ExternalHost {
  /** DNS name, e.g. `api.github.com`. */
  readonly host: string;
  /**
   * TLS port.
   * @default 443
   */
  readonly port?: number;
}

/** How an MCP server is reached from outside the cluster: build one with the static factories. */
export abstract class Exposure {
  /** A Gateway API HTTPRoute (standard channel) to the server's Service port and MCP path. */
  public static gatewayApi(options: { parentRefs: GatewayRef[]; hostnames?: string[] }): Exposure {
    checkRoute('Exposure.gatewayApi', options.parentRefs, options.hostnames);
    return new GatewayApiExposure(options.parentRefs, options.hostnames ?? []);
  }

  /**
   * An agentgateway `AgentgatewayBackend` whose MCP target selects the server's Service (found
   * by its `agentgateway.dev/mcp` appProtocol), and a Gateway API HTTPRoute to that backend.
   * @see https://github.com/agentgateway/agentgateway/blob/main/controller/pkg/syncer/backend/mcp.go
   */
  public static agentgateway(options: {
    parentRefs: GatewayRef[]; hostnames?: string[]; authentication?: AgentgatewayAuthentication; tools?: ToolAccess;
  }): Exposure {
    checkRoute('Exposure.agentgateway', options.parentRefs, options.hostnames);
    return new AgentgatewayExposure(options.parentRefs, options.hostnames ?? [], options.authentication, options.tools);
  }

  /** A Kubernetes Ingress; with className `nginx`, the ingress-nginx annotations SSE and streaming need. */
  public static ingress(options: { className: string; host: string; tlsSecret?: string }): Exposure {
    assertDnsLabel('Exposure.ingress', 'an IngressClass name', options.className);
    assertHostname('Exposure.ingress', options.host);
    return new IngressExposure(options.className, options.host, options.tlsSecret);
  }

  /**
   * An Istio VirtualService on the given gateways, a DestinationRule for stateful servers, and
   * a ServiceEntry for the external hosts the server calls, if any.
   */
  public static istio(options: { hosts: string[]; gateways: string[]; externalHosts?: ExternalHost[] }): Exposure {
    assertNotEmpty('Exposure.istio', 'host', options.hosts);
    options.hosts.forEach((h) => assertHostname('Exposure.istio', h));
    assertNotEmpty('Exposure.istio', 'gateway ("<namespace>/<name>" or "<name>")', options.gateways);
    for (const external of options.externalHosts ?? []) {
      assertHostname('Exposure.istio externalHosts', external.host);
      if (external.port !== undefined) assertInteger('Exposure.istio externalHosts', 'a port', external.port, 1, 65535);
    }
    return new IstioExposure(options.hosts, options.gateways, options.externalHosts ?? []);
  }

  /** Why this exposure cannot keep the sessions of a stateful server with several replicas, if it cannot. */
  public abstract sessionProblem(stateful: boolean, replicas: number): string | undefined;

  /** Namespaces the traffic comes from (the gateway's), for the server's NetworkPolicy; none when unknown. */
  public abstract sourceNamespaces(appNamespace: string): string[];

  /** Renders the objects. */
  public abstract render(scope: Construct, app: McpApp, timeoutSeconds: number, metadata: ReturnType<McpApp['metadata']>): void;
}

class GatewayApiExposure extends Exposure {
  constructor(private readonly parentRefs: GatewayRef[], private readonly hostnames: string[]) { super(); }

  public sourceNamespaces(appNamespace: string): string[] {
    return [...new Set(this.parentRefs.map((p) => p.namespace ?? appNamespace))];
  }

  public sessionProblem(stateful: boolean, replicas: number): string | undefined {
    // sessionPersistence exists only in the experimental channel; gateways route to endpoints, not through the Service's ClientIP affinity.
    return stateful && replicas > 1 ? 'the standard-channel HTTPRoute has no session persistence and gateways bypass the Service\'s ClientIP affinity: run one replica, run the server stateless, or expose it through Istio or ingress-nginx, which hash on the Mcp-Session-Id header' : undefined;
  }

  public render(scope: Construct, app: McpApp, timeoutSeconds: number, metadata: ReturnType<McpApp['metadata']>): void {
    const backend = { name: app.service.name, port: app.port };
    const rules = exposedPaths(app).map((path) => ({ path, backend }));
    httpRoute(scope, { parentRefs: this.parentRefs, hostnames: this.hostnames, timeoutSeconds, metadata, rules });
  }
}

/** agentgateway.dev/v1alpha1, from `cdk8s import` of agentgateway/agentgateway's CRD (imports/agentgateway-backend-agentgateway.dev.ts). */
class AgentgatewayExposure extends Exposure {
  constructor(
    private readonly parentRefs: GatewayRef[],
    private readonly hostnames: string[],
    private readonly authentication?: AgentgatewayAuthentication,
    private readonly tools?: ToolAccess,
  ) { super(); }

  public sourceNamespaces(appNamespace: string): string[] {
    // agentgateway's proxy runs beside its Gateway: traffic to the server comes from there.
    return [...new Set(this.parentRefs.map((p) => p.namespace ?? appNamespace))];
  }

  public sessionProblem(stateful: boolean, replicas: number): string | undefined {
    return stateful && replicas > 1
      ? 'the AgentgatewayBackend targets the Service, and nothing pins an MCP session to one of its pods, so a request could reach a replica that does not know its session: run one replica, run the server stateless, or expose it through Istio or ingress-nginx, which hash on the Mcp-Session-Id header'
      : undefined;
  }

  public render(scope: Construct, app: McpApp, timeoutSeconds: number, metadata: ReturnType<McpApp['metadata']>): void {
    agentgatewayRoute(scope, {
      metadata, parentRefs: this.parentRefs, hostnames: this.hostnames, timeoutSeconds, path: app.path, targets: [app],
      authentication: this.authentication, toolRule: this.tools && toolAccessExpression(this.tools),
      // The metadata a proxy in the pod serves is plain HTTP, straight to the Service.
      extraRules: app.servesResourceMetadata ? [{ path: RESOURCE_METADATA_PATH, backend: { name: app.service.name, port: app.port } }] : [],
    });
  }
}

class IngressExposure extends Exposure {
  constructor(private readonly className: string, private readonly host: string, private readonly tlsSecret?: string) { super(); }

  /** The ingress controller's namespace is not known here: declare it in ingressFrom. */
  public sourceNamespaces(): string[] {
    return [];
  }

  private get nginx(): boolean {
    return this.className === 'nginx';
  }

  public sessionProblem(stateful: boolean, replicas: number): string | undefined {
    return stateful && replicas > 1 && !this.nginx
      ? `Ingress class "${this.className}" has no known way to hash on the Mcp-Session-Id header: run one replica, run the server stateless, or use ingress-nginx or Istio`
      : undefined;
  }

  public render(scope: Construct, app: McpApp, timeoutSeconds: number, metadata: ReturnType<McpApp['metadata']>): void {
    // ingress-nginx buffers responses and closes idle upstreams after 60 s: both break SSE and streaming.
    const nginx = this.nginx ? {
      'nginx.ingress.kubernetes.io/proxy-read-timeout': String(timeoutSeconds),
      'nginx.ingress.kubernetes.io/proxy-send-timeout': String(timeoutSeconds),
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      ...(app.stateful ? { 'nginx.ingress.kubernetes.io/upstream-hash-by': '$http_mcp_session_id' } : {}),
    } : {};
    new k8s.KubeIngress(scope, 'Ingress', {
      metadata: { ...metadata, annotations: { ...metadata.annotations, ...nginx } },
      spec: {
        ingressClassName: this.className,
        ...(this.tlsSecret ? { tls: [{ hosts: [this.host], secretName: this.tlsSecret }] } : {}),
        rules: [{
          host: this.host,
          http: { paths: exposedPaths(app).map((path) => ({ path, pathType: 'Prefix', backend: { service: { name: app.service.name, port: { number: app.port } } } })) },
        }],
      },
    });
  }
}

class IstioExposure extends Exposure {
  constructor(private readonly hosts: string[], private readonly gateways: string[], private readonly externalHosts: ExternalHost[]) { super(); }

  /** `<namespace>/<name>` gateways; a bare name is in the VirtualService's namespace. */
  public sourceNamespaces(appNamespace: string): string[] {
    return [...new Set(this.gateways.map((g) => (g.includes('/') ? g.split('/')[0] : appNamespace)))];
  }

  public sessionProblem(): string | undefined {
    return undefined;
  }

  public render(scope: Construct, app: McpApp, timeoutSeconds: number, metadata: ReturnType<McpApp['metadata']>): void {
    const host = `${app.service.name}.${app.namespace}.svc.cluster.local`;
    new ApiObject(scope, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata,
      spec: {
        hosts: this.hosts,
        gateways: this.gateways,
        http: [{
          match: exposedPaths(app).map((path) => ({ uri: { prefix: path } })),
          route: [{ destination: { host, port: { number: app.port } } }],
          timeout: `${timeoutSeconds}s`,
          // A retried POST would run a tool twice, and a stream cannot be replayed.
          retries: { attempts: 0 },
        }],
      },
    });
    if (app.stateful) {
      new ApiObject(scope, 'DestinationRule', {
        apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata,
        spec: { host, trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: SESSION_HEADER } } } },
      });
    }
    if (this.externalHosts.length > 0) this.renderServiceEntry(scope, metadata);
  }

  /** Registers the hosts the server calls, for meshes whose outboundTrafficPolicy is REGISTRY_ONLY; visible only in its namespace. */
  private renderServiceEntry(scope: Construct, metadata: ReturnType<McpApp['metadata']>): void {
    const ports = [...new Set(this.externalHosts.map((h) => h.port ?? 443))];
    new ApiObject(scope, 'ServiceEntry', {
      apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata,
      spec: {
        hosts: [...new Set(this.externalHosts.map((h) => h.host))],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
        ports: ports.map((port) => ({ number: port, name: `tls-${port}`, protocol: 'TLS' })),
        exportTo: ['.'],
      },
    });
  }
}

export interface McpExposureProps {
  /** The MCP server to expose. */
  readonly app: McpApp;
  /** How. */
  readonly via: Exposure;
  /**
   * Request timeout, long enough for SSE and streaming responses.
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * Replicas of the server, to check sessions can stick to one pod.
   * @default 1
   */
  readonly replicas?: number;
}

/**
 * Exposes an MCP server outside the cluster: its Service port and MCP path only (never the
 * Inspector), with timeouts for SSE and streaming and, for stateful servers with several
 * replicas, sessions kept on one pod where the gateway can hash on Mcp-Session-Id.
 */
export class McpExposure extends Construct {
  constructor(scope: Construct, id: string, props: McpExposureProps) {
    super(scope, id);
    const problem = props.via.sessionProblem(props.app.stateful, props.replicas ?? 1);
    if (problem) throw new Error(`McpExposure "${props.app.name}": ${problem}`);
    const metadata = props.app.metadata();
    props.via.render(this, props.app, props.timeout?.toSeconds() ?? 3600, metadata);
  }
}
