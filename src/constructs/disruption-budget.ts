import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { selectorLabels } from './labels';
import { McpApp } from './mcp-app';
import { assertInteger } from './validate';

export interface McpDisruptionBudgetProps {
  /** The MCP server whose pods the budget protects. */
  readonly app: McpApp;

  /**
   * Pods that voluntary disruptions (node drains) may take down at once.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/**
 * A PodDisruptionBudget: a node drain takes down at most one replica at a time, so a
 * server with several replicas stays up through cluster maintenance.
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class McpDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: McpDisruptionBudgetProps) {
    super(scope, id);
    if (props.maxUnavailable !== undefined) assertInteger(`McpDisruptionBudget "${props.app.name}"`, 'maxUnavailable', props.maxUnavailable, 1, 1000);
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: props.app.metadata(),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable ?? 1),
        selector: { matchLabels: selectorLabels(props.app.identity) },
      },
    });
  }
}
