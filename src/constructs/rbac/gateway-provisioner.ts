import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { namespacedName } from '../naming';
import { RBAC_API_GROUP, RbacSetProps, subjects } from './rbac-subject';

/**
 * For a gateway that provisions MCP server pods in its own namespace: list and delete
 * pods, and create, list and get the ConfigMaps and Secrets it hands them. Nothing more.
 */
export class GatewayProvisioner extends Construct {
  public static readonly RULES: k8s.PolicyRule[] = [
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
    { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['create', 'list', 'get'] },
  ];

  constructor(scope: Construct, id: string, props: RbacSetProps) {
    super(scope, id);
    const name = namespacedName(props.serviceAccount, 'gateway');
    const metadata = { name, namespace: props.namespace, labels: props.labels };
    new k8s.KubeRole(this, 'Role', { metadata, rules: GatewayProvisioner.RULES });
    new k8s.KubeRoleBinding(this, 'Binding', { metadata, roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name }, subjects: subjects(props) });
  }
}
