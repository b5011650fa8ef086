import { Duration } from 'cdk8s';
import { NodeTaintQuery, TaintEffect } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { GenericServerSpec, TolerationSpec } from '../config/schema';
import { KubeApiCredentials, McpApp, McpServiceType, McpTransport } from '../constructs';
import { grantAccess } from './access';
import { addAuth, authOf, LOOPBACK_HOST, loopbackPort } from './auth';
import { ServerContext } from './server-context';
import { otelEnv, telemetryOf } from './telemetry';

/** The fields every server type shares (see `serverBase` in the schema). */
export type CommonServerFields = Pick<GenericServerSpec, 'name' | 'image' | 'replicas' | 'command' | 'args' | 'env' | 'secretEnv' | 'configMapEnv' | 'configFiles' | 'secretFiles' | 'portEnv' | 'shutdown' | 'priorityClassName' | 'nodeSelector' | 'tolerations' | 'imagePullSecrets' | 'spreadOverZones' | 'expose' | 'resources' | 'runAsUser' | 'runAsGroup' | 'fsGroup' | 'writablePaths' | 'service' | 'labels' | 'annotations' | 'ingressFrom'>;

/**
 * Any MCP server image, described entirely by the environment file: the catalog entry for
 * images we know nothing about beyond what the user tells us.
 */
export class GenericServer extends Construct {
  public readonly app: McpApp;

  constructor(scope: Construct, id: string, spec: GenericServerSpec, context: ServerContext) {
    super(scope, id);
    const loopback = loopbackPort(spec, context);
    const base = commonAppProps(spec, context);
    const telemetry = telemetryOf(spec, context.telemetry);
    // The OTEL_* variables first: config checks refuse the same names in env.
    const env = telemetry ? { ...otelEnv(telemetry, spec.name), ...spec.env } : spec.env;
    this.app = new McpApp(this, 'App', {
      ...base,
      port: spec.port,
      portFlag: spec.portFlag,
      loopbackPort: loopback,
      // Behind the auth proxy the server binds loopback, told by its own flag or variable.
      args: loopback !== undefined && spec.hostFlag ? [...(spec.args ?? []), spec.hostFlag, LOOPBACK_HOST] : spec.args,
      env: loopback !== undefined && spec.hostEnv ? { ...env, [spec.hostEnv]: LOOPBACK_HOST } : env,
      transport: spec.transport as McpTransport,
      path: spec.path,
      healthPath: spec.healthPath,
      stateless: spec.stateless,
      protocolRevisions: spec.protocolRevisions,
      // Behind the proxy nothing outside the pod reaches the metrics path.
      metricsPath: loopback === undefined ? spec.metricsPath : undefined,
    });
    addAuth(this, this.app, authOf(spec, context));
    grantAccess(this, this.app, spec.access);
    // A server granted API access needs the credentials to use it.
    if (spec.access && Object.keys(spec.access).length > 0) new KubeApiCredentials(this, 'Credentials', { app: this.app });
  }
}

/** The McpApp props every catalog entry takes straight from the common server fields. */
export function commonAppProps(spec: CommonServerFields, context: ServerContext) {
  return {
    name: spec.name,
    namespace: context.namespace,
    image: spec.image,
    replicas: spec.replicas,
    command: spec.command,
    args: spec.args,
    env: spec.env,
    secretEnv: spec.secretEnv,
    configMapEnv: spec.configMapEnv,
    files: spec.configFiles,
    secretFiles: spec.secretFiles,
    portEnv: spec.portEnv,
    requests: spec.resources?.requests,
    limits: spec.resources?.limits,
    runAsUser: spec.runAsUser,
    runAsGroup: spec.runAsGroup,
    fsGroup: spec.fsGroup,
    writablePaths: spec.writablePaths,
    serviceType: (spec.service?.type ?? 'ClusterIP') as McpServiceType,
    // A NetworkPolicy by address range only works when the client's address survives the node.
    preserveClientAddress: (spec.ingressFrom ?? []).some((peer) => peer.cidr !== undefined),
    nodePort: spec.service?.nodePort,
    terminationGracePeriod: Duration.seconds(spec.shutdown.gracePeriodSeconds),
    preStop: spec.shutdown.preStopSeconds ? Duration.seconds(spec.shutdown.preStopSeconds) : undefined,
    priorityClassName: spec.priorityClassName,
    nodeSelector: spec.nodeSelector,
    tolerations: spec.tolerations?.map(tolerationOf),
    imagePullSecrets: [...new Set([...context.imagePullSecrets, ...(spec.imagePullSecrets ?? [])])],
    spreadOver: ['kubernetes.io/hostname', ...(spec.spreadOverZones ? ['topology.kubernetes.io/zone'] : [])],
    // Istio picks the protocol from appProtocol: an exposure through it keeps "http".
    // An agentgateway exposure finds the server by that announcement, so it turns it on.
    // So does being behind an endpoint (config checks refuse one with an Istio exposure).
    agentgateway: (context.agentgateway || spec.expose?.agentgateway !== undefined || (context.endpointGateways ?? []).length > 0)
      && !spec.expose?.istio,
    labels: { ...context.labels, ...spec.labels },
    annotations: spec.annotations,
  };
}

/** A toleration of the environment file as the cdk8s-plus query McpApp takes. */
export function tolerationOf(t: TolerationSpec): NodeTaintQuery {
  const evictAfter = t.tolerationSeconds !== undefined ? Duration.seconds(t.tolerationSeconds) : undefined;
  const options = { effect: t.effect as TaintEffect | undefined, evictAfter };
  // Without a key (operator Exists, as the schema requires): every taint, or every taint of one effect.
  if (t.key === undefined) return t.effect ? NodeTaintQuery.exists('', options) : NodeTaintQuery.any();
  return t.operator === 'Exists' ? NodeTaintQuery.exists(t.key, options) : NodeTaintQuery.is(t.key, t.value ?? '', options);
}
