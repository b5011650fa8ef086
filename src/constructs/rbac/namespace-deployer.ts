import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { namespacedName } from '../naming';
import { MANAGE, RBAC_API_GROUP, RbacSetProps, READ, subjects } from './rbac-subject';

export interface NamespaceDeployerProps extends RbacSetProps {
  /**
   * Also manage Roles and RoleBindings in the namespace. Kubernetes only lets a subject
   * grant permissions it holds itself, but this still lets the tool rewire access.
   * @default false
   */
  readonly manageRbac?: boolean;
}

/**
 * What a deployment tool such as Pulumi needs to manage workloads in its own namespace,
 * with exact resources and verbs. Pods, logs, ReplicaSets, endpoints and events are
 * read-only: Pulumi reads them to wait for rollouts and endpoints.
 */
export class NamespaceDeployer extends Construct {
  public static rules(manageRbac = false): k8s.PolicyRule[] {
    return [
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services'], verbs: MANAGE },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: MANAGE },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: MANAGE },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: MANAGE },
      { apiGroups: [''], resources: ['endpoints', 'events', 'pods', 'pods/log'], verbs: READ },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
      ...(manageRbac ? [{ apiGroups: [RBAC_API_GROUP], resources: ['rolebindings', 'roles'], verbs: MANAGE }] : []),
    ];
  }

  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: NamespaceDeployerProps) {
    super(scope, id);
    this.roleName = namespacedName(props.serviceAccount, 'deployer');
    const metadata = { name: this.roleName, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Role', { metadata, rules: NamespaceDeployer.rules(props.manageRbac) });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: this.roleName },
      subjects: subjects(props),
    });
  }
}
