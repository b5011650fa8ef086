import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { inspectorReleaseProblem, MCP_INSPECTOR_AD_HOC_SERVER, MCP_INSPECTOR_DEFAULT_IMAGE } from '../images/mcp-inspector';
import { INSPECTOR_CONTAINER_NAME, INSPECTOR_PORT } from '../policy/mcp-facts';
import { McpApp, SecretKeyReference } from './mcp-app';
import { restrictedContainerSecurityContext } from './security';
import { defaultPath, McpTransport } from './transport';

export { INSPECTOR_CONTAINER_NAME, INSPECTOR_PORT } from '../policy/mcp-facts';
/** The image names its user `node`; the kubelet needs the number under runAsNonRoot. */
export const INSPECTOR_UID = 1000;

export interface McpInspectorProps {
  /** The MCP server pod to add the Inspector to. */
  readonly app: McpApp;

  /**
   * Inspector image, pinned by a tag that names release 2.0.0 or later (earlier releases read
   * other variables; before 0.14.1 they had no authentication), optionally with a digest.
   * @default "ghcr.io/modelcontextprotocol/inspector:2.3.0"
   */
  readonly image?: string;

  /**
   * Secret key holding the Inspector's API token (`MCP_INSPECTOR_API_TOKEN`). Auth stays on:
   * there is no way to set `DANGEROUSLY_OMIT_AUTH` through this construct.
   */
  readonly tokenSecret: SecretKeyReference;
}

/**
 * The MCP Inspector as a native sidecar of an MCP server pod, for debugging. Anyone who
 * reaches it can act with the pod's credentials and `GET /` embeds its token, so it is
 * bound to loopback, declares no port, and no Service, NodePort or Ingress points at it:
 * reach it with `kubectl port-forward`. It has no probes: a sidecar's readiness counts
 * toward the pod's, and the kubelet cannot reach a loopback-bound port anyway.
 */
export class McpInspector extends Construct {
  public static readonly DEFAULT_IMAGE = MCP_INSPECTOR_DEFAULT_IMAGE;

  /** The command that reaches the Inspector of a server from a workstation. */
  public static portForwardCommand(namespace: string, deployment: string): string {
    return `kubectl -n ${namespace} port-forward deploy/${deployment} ${INSPECTOR_PORT}:${INSPECTOR_PORT}`;
  }

  /**
   * The arguments that start the web UI with the pod's MCP server in it (held in memory, not
   * saved): its loopback URL, which the auth proxy, if any, does not stand in front of.
   */
  public static serverArgs(app: McpApp): string[] {
    const flags = MCP_INSPECTOR_AD_HOC_SERVER;
    const sse = app.transport === McpTransport.SSE || (app.transport === McpTransport.STDIO_BRIDGE && app.path === defaultPath(McpTransport.SSE));
    return [flags.mode, flags.transportFlag, sse ? flags.transports.sse : flags.transports.streamableHttp, flags.urlFlag, `http://127.0.0.1:${app.listenPort}${app.path}`];
  }

  constructor(scope: Construct, id: string, props: McpInspectorProps) {
    super(scope, id);
    const image = props.image ?? McpInspector.DEFAULT_IMAGE;
    const problem = inspectorReleaseProblem(image);
    if (problem) throw new Error(`McpInspector: image "${image}" cannot be the sidecar: ${problem}`);
    const app = props.app;
    app.addKubeVolume({ name: 'inspector-home', emptyDir: { sizeLimit: k8s.Quantity.fromString('128Mi') } });
    app.addKubeVolume({ name: 'inspector-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } });
    app.addKubeSidecar({
      name: INSPECTOR_CONTAINER_NAME,
      image,
      imagePullPolicy: 'IfNotPresent',
      // The UI opens with the pod's own server in it: Connect, and its tools are listed.
      args: McpInspector.serverArgs(app),
      env: [
        // The image defaults to 0.0.0.0 with DANGEROUSLY_BIND_ALL_INTERFACES=true: any pod could reach it.
        { name: 'HOST', value: '127.0.0.1' },
        { name: 'DANGEROUSLY_BIND_ALL_INTERFACES', value: 'false' },
        { name: 'CLIENT_PORT', value: String(INSPECTOR_PORT) },
        { name: 'MCP_AUTO_OPEN_ENABLED', value: 'false' },
        { name: 'HOME', value: '/home/node' },
        { name: 'MCP_INSPECTOR_API_TOKEN', valueFrom: { secretKeyRef: { name: props.tokenSecret.secret, key: props.tokenSecret.key } } },
      ],
      resources: {
        requests: { 'cpu': k8s.Quantity.fromString('10m'), 'memory': k8s.Quantity.fromString('64Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
        // Its two emptyDirs (128Mi + 64Mi) and its logs.
        limits: { 'cpu': k8s.Quantity.fromString('250m'), 'memory': k8s.Quantity.fromString('256Mi'), 'ephemeral-storage': k8s.Quantity.fromString('256Mi') },
      },
      securityContext: restrictedContainerSecurityContext({ user: INSPECTOR_UID }),
      volumeMounts: [
        { name: 'inspector-home', mountPath: '/home/node' },
        { name: 'inspector-tmp', mountPath: '/tmp' },
      ],
    });
  }
}
