import { k8s } from 'cdk8s-plus-30';

/*
 * Probes for an MCP server. The Streamable HTTP transport only requires POST, so a GET on
 * the MCP path can fail on a healthy server: probe the TCP port unless the server has a
 * real health route. The probes name the port, so they follow the containerPort.
 *
 * Liveness is more lenient than readiness: a health route may report a slow dependency
 * (the API server, a backend), and a liveness probe that failed with it would restart every
 * replica at once. So readiness asks the health route and takes a pod out of the Service
 * after 30 s; liveness only asks whether the process still accepts connections, and restarts
 * it after two minutes of refusals.
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
      livenessProbe: { tcpSocket: { port }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
    };
  }
}
