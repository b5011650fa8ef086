import { k8s } from 'cdk8s-plus-30';

/*
 * Probes for an MCP server. The Streamable HTTP transport only requires POST, so a GET on
 * the MCP path can fail on a healthy server: probe the TCP port unless the server has a
 * real health route. The probes name the port, so they follow the containerPort.
 */
export class McpProbes {
  /** Startup, readiness and liveness probes on a named container port. */
  public static forPort(portName: string, healthPath?: string): Pick<k8s.Container, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
    const port = k8s.IntOrString.fromString(portName);
    const action: Pick<k8s.Probe, 'httpGet' | 'tcpSocket'> = healthPath
      ? { httpGet: { path: healthPath, port } }
      : { tcpSocket: { port } };
    return {
      // Up to 2 minutes to start (npx/uvx images fetch packages on first start).
      startupProbe: { ...action, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
      readinessProbe: { ...action, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
      livenessProbe: { ...action, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    };
  }
}
