import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { MANAGED_BY } from './labels';
import { isSystemNamespace } from './system-namespace';

export { isSystemNamespace };

/** Pod Security Standard levels. @see https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
export enum PodSecurityLevel {
  RESTRICTED = 'restricted',
  BASELINE = 'baseline',
  PRIVILEGED = 'privileged',
}

/** The Kubernetes version whose Pod Security Standards the namespace pins. */
export const POD_SECURITY_VERSION = 'v1.30';

export interface McpNamespaceProps {
  /** Namespace name. */
  readonly name: string;

  /**
   * Level that Pod Security Admission enforces, audits and warns about.
   * @default PodSecurityLevel.RESTRICTED
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Labels besides the Pod Security ones.
   * @default {}
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations on the namespace.
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

/**
 * A namespace that an environment owns, labelled for Pod Security Admission so the
 * cluster itself refuses pods weaker than the chosen level. The version is pinned, so a
 * cluster upgrade does not silently change what is enforced. Argo CD never prunes it.
 */
export class McpNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: McpNamespaceProps) {
    super(scope, id);
    if (isSystemNamespace(props.name)) {
      throw new Error(`McpNamespace: "${props.name}" belongs to the cluster (kube-* and default are never created, labelled or enforced by us); place objects in it without an McpNamespace`);
    }
    this.name = props.name;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    const labels: Record<string, string> = { ...props.labels, 'app.kubernetes.io/managed-by': MANAGED_BY };
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = level;
      labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    // Argo CD must never prune a namespace: it holds the Secrets people created by hand.
    const annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false', ...props.annotations };
    new k8s.KubeNamespace(this, 'Resource', { metadata: { name: props.name, labels, annotations } });
  }
}
