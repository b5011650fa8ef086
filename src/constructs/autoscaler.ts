import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { McpApp } from './mcp-app';
import { assertInteger } from './validate';

export interface McpAutoscalerProps {
  /** The MCP server to scale. */
  readonly app: McpApp;
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Average CPU use, in percent of the request, to keep.
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * Average memory use, in percent of the request, to keep.
   * @default - not a target
   */
  readonly memoryPercent?: number;
}

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for an MCP server's Deployment, on CPU and
 * optionally memory. A scale-down ends the sessions of the removed pods; the catalog only
 * offers it where that is safe (see the environment reference).
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class McpAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: McpAutoscalerProps) {
    super(scope, id);
    if (!(props.minReplicas >= 1 && props.maxReplicas >= props.minReplicas)) {
      throw new Error(`McpAutoscaler "${props.app.name}": expected 1 <= minReplicas <= maxReplicas, got ${props.minReplicas} and ${props.maxReplicas}`);
    }
    const where = `McpAutoscaler "${props.app.name}"`;
    assertInteger(where, 'cpuPercent', props.cpuPercent ?? 80, 1, 1000);
    if (props.memoryPercent !== undefined) assertInteger(where, 'memoryPercent', props.memoryPercent, 1, 1000);
    const target = (name: string, percent: number): k8s.MetricSpecV2 => ({
      type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: percent } },
    });
    props.app.releaseReplicas();
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: props.app.metadata(),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.app.deployment.name },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [target('cpu', props.cpuPercent ?? 80), ...(props.memoryPercent ? [target('memory', props.memoryPercent)] : [])],
      },
    });
  }
}
