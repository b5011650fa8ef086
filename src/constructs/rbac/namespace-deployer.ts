import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { namespacedName } from '../naming';
import { MANAGE, RBAC_API_GROUP, RbacSetProps, READ, subjects } from './rbac-subject';

/** A kind the deployer creates, changes and deletes: an API group and a resource. */
export interface DeployedKind {
  /** API group, "" for core. */
  readonly group: string;
  /** Resource, plural and lowercase (e.g. deployments). */
  readonly resource: string;
}

export interface NamespaceDeployerProps extends RbacSetProps {
  /**
   * Also manage Roles and RoleBindings in the namespace. Kubernetes only lets a subject
   * grant permissions it holds itself, but this still lets the tool rewire access.
   * @default false
   */
  readonly manageRbac?: boolean;

  /**
   * The kinds it manages. RBAC cannot limit create to names (resourceNames never restricts
   * create), and a deployer names what it creates at deploy time, so kinds are the limit.
   * @default - NamespaceDeployer.DEFAULT_KINDS: ConfigMaps, PVCs, Secrets, ServiceAccounts, Services, Deployments, Jobs and Ingresses
   */
  readonly kinds?: DeployedKind[];
}

/**
 * What a deployment tool such as Pulumi needs to manage workloads in its own namespace,
 * with exact resources and verbs. Pods, logs, ReplicaSets, endpoints and events are
 * read-only: Pulumi reads them to wait for rollouts and endpoints.
 */
export class NamespaceDeployer extends Construct {
  /** What a Pulumi Kubernetes stack of an application usually manages. */
  public static readonly DEFAULT_KINDS: readonly DeployedKind[] = [
    ...['configmaps', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services'].map((resource) => ({ group: '', resource })),
    { group: 'apps', resource: 'deployments' }, { group: 'batch', resource: 'jobs' }, { group: 'networking.k8s.io', resource: 'ingresses' },
  ];

  public static rules(manageRbac = false, kinds: readonly DeployedKind[] = NamespaceDeployer.DEFAULT_KINDS): k8s.PolicyRule[] {
    if (kinds.length === 0) throw new Error('NamespaceDeployer: expected at least one kind to manage, got none');
    const groups = [...new Set(kinds.map((k) => k.group))];
    return [
      ...groups.map((group) => ({
        apiGroups: [group], resources: [...new Set(kinds.filter((k) => k.group === group).map((k) => k.resource))].sort(), verbs: MANAGE,
      })),
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
    new k8s.KubeRole(this, 'Role', { metadata, rules: NamespaceDeployer.rules(props.manageRbac, props.kinds) });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: this.roleName },
      subjects: subjects(props),
    });
  }
}
