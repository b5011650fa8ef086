import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';

/** The ServiceAccount an RBAC set grants to, and how its objects are named and labelled. */
export interface RbacSetProps {
  /** Name of the ServiceAccount (also the server name that objects are named after). */
  readonly serviceAccount: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /**
   * Labels for every RBAC object.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/** The subject list of a binding: exactly one ServiceAccount. */
export function subjects(props: RbacSetProps): k8s.Subject[] {
  return [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: props.namespace }];
}

/** Read-only verbs. */
export const READ = ['get', 'list', 'watch'];
/** Verbs to manage an object's whole lifecycle; never `*`. */
export const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** A ClusterRole with these rules and a ClusterRoleBinding of it to the set's ServiceAccount, both named `name`. */
export function bindClusterRole(scope: Construct, id: string, name: string, rules: k8s.PolicyRule[], props: RbacSetProps): void {
  new k8s.KubeClusterRole(scope, id, { metadata: { name, labels: props.labels }, rules });
  new k8s.KubeClusterRoleBinding(scope, `${id}Binding`, {
    metadata: { name, labels: props.labels },
    roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name },
    subjects: subjects(props),
  });
}
