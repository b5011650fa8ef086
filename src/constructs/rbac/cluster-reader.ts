import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { clusterName, namespacedName } from '../naming';
import { bindClusterRole, RBAC_API_GROUP, RbacSetProps, READ, subjects } from './rbac-subject';

/** Which Helm releases may be read. Helm keeps releases in Secrets, so this is Secret read. */
export class HelmReleaseAccess {
  /** Read Secrets in every namespace. */
  public static clusterWide(): HelmReleaseAccess {
    return new HelmReleaseAccess([]);
  }

  /** Read Secrets only in these namespaces. */
  public static inNamespaces(namespaces: string[]): HelmReleaseAccess {
    if (namespaces.length === 0) throw new Error('HelmReleaseAccess.inNamespaces needs at least one namespace');
    return new HelmReleaseAccess(namespaces);
  }

  private constructor(public readonly namespaces: string[]) {}
}

export interface ClusterReaderProps extends RbacSetProps {
  /**
   * Also read Helm releases. RBAC cannot filter Secrets by type, so this grants read of
   * every Secret in scope; it must be asked for explicitly.
   * @default - no Secret read
   */
  readonly helmReleases?: HelmReleaseAccess;
}

/**
 * Cluster-wide read for diagnosis: the built-in `view` ClusterRole (which covers neither
 * Secrets nor Nodes), plus Nodes, plus Helm releases only when asked.
 */
export class ClusterReader extends Construct {
  public static readonly NODE_RULES: k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['nodes'], verbs: READ }];
  public static readonly SECRET_RULES: k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['secrets'], verbs: READ }];

  constructor(scope: Construct, id: string, props: ClusterReaderProps) {
    super(scope, id);
    const labels = props.labels;
    const name = (suffix: 'view' | 'nodes' | 'helm-releases') => clusterName(props.namespace, props.serviceAccount, suffix);

    new k8s.KubeClusterRoleBinding(this, 'ViewBinding', {
      metadata: { name: name('view'), labels },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: 'view' },
      subjects: subjects(props),
    });
    bindClusterRole(this, 'Nodes', name('nodes'), ClusterReader.NODE_RULES, props);

    const helm = props.helmReleases;
    if (helm && helm.namespaces.length === 0) {
      bindClusterRole(this, 'HelmReleases', name('helm-releases'), ClusterReader.SECRET_RULES, props);
    }
    for (const ns of helm?.namespaces ?? []) {
      const roleName = namespacedName(props.serviceAccount, 'helm-releases');
      const metadata = { name: roleName, namespace: ns, labels };
      new k8s.KubeRole(this, `HelmReleases-${ns}`, { metadata, rules: ClusterReader.SECRET_RULES });
      new k8s.KubeRoleBinding(this, `HelmReleasesBinding-${ns}`, {
        metadata, roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name: roleName }, subjects: subjects(props),
      });
    }
  }
}
