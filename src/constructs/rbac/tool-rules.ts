import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { clusterName, namespacedName } from '../naming';
import { bindClusterRole, RBAC_API_GROUP, RbacSetProps, subjects } from './rbac-subject';

export interface ToolRulesProps extends RbacSetProps {
  /** Rules on cluster-scoped resources (nodes, namespaces): a ClusterRole bound cluster-wide. */
  readonly clusterRules: k8s.PolicyRule[];

  /** Rules on namespaced resources: granted in `namespaces`, or in every namespace. */
  readonly namespacedRules: k8s.PolicyRule[];

  /**
   * Where the namespaced rules apply: a Role and RoleBinding in each.
   * @default - every namespace (a ClusterRole and ClusterRoleBinding)
   */
  readonly namespaces?: string[];
}

/**
 * Exactly the rules a server's tools need, no built-in role: cluster-scoped resources through
 * `<namespace>-<server>-tools-cluster`, namespaced ones through `<namespace>-<server>-tools`
 * bound cluster-wide, or `<server>-tools` Roles in the namespaces given.
 */
export class ToolRules extends Construct {
  constructor(scope: Construct, id: string, props: ToolRulesProps) {
    super(scope, id);
    if (props.namespaces?.length === 0) throw new Error(`ToolRules "${props.serviceAccount}": expected namespaces to name at least one, or to be left out for every namespace`);
    if (props.clusterRules.length > 0) bindClusterRole(this, 'Cluster', clusterName(props.namespace, props.serviceAccount, 'tools-cluster'), props.clusterRules, props);
    if (props.namespacedRules.length === 0) return;
    if (!props.namespaces) {
      bindClusterRole(this, 'Namespaced', clusterName(props.namespace, props.serviceAccount, 'tools'), props.namespacedRules, props);
      return;
    }
    for (const ns of props.namespaces) {
      const metadata = { name: namespacedName(props.serviceAccount, 'tools'), namespace: ns, labels: props.labels };
      new k8s.KubeRole(this, `Role-${ns}`, { metadata, rules: props.namespacedRules });
      new k8s.KubeRoleBinding(this, `Binding-${ns}`, { metadata, roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: metadata.name }, subjects: subjects(props) });
    }
  }
}
