import { Testing } from 'cdk8s';
import { ClusterReader, GatewayProvisioner, HelmReleaseAccess, NamespaceDeployer } from '../../src/constructs';
import { testChart } from '../support/helpers';

const subject = { serviceAccount: 'demo', namespace: 'mcp' };
const expectedSubjects = [{ kind: 'ServiceAccount', name: 'demo', namespace: 'mcp' }];

function synth(build: (chart: any) => void) {
  const chart = testChart();
  build(chart);
  return Testing.synth(chart);
}

function noWildcards(objects: any[]) {
  for (const rule of objects.flatMap((o) => o.rules ?? [])) {
    expect([...rule.verbs, ...rule.resources, ...rule.apiGroups]).not.toContain('*');
  }
}

describe('NamespaceDeployer', () => {
  test('manages workloads and reads what Pulumi waits on, with exact rules', () => {
    const objects = synth((chart) => new NamespaceDeployer(chart, 'D', subject));
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Role/mcp/demo-deployer', 'RoleBinding/mcp/demo-deployer']);
    const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const read = ['get', 'list', 'watch'];
    expect(objects[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services'], verbs: manage },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: manage },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: manage },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: manage },
      { apiGroups: [''], resources: ['endpoints', 'events', 'pods', 'pods/log'], verbs: read },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
    ]);
    expect(objects[1].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'demo-deployer' });
    expect(objects[1].subjects).toEqual(expectedSubjects);
    noWildcards(objects);
  });

  test('manages Roles and RoleBindings only when asked', () => {
    const objects = synth((chart) => new NamespaceDeployer(chart, 'D', { ...subject, manageRbac: true }));
    expect(objects[0].rules).toContainEqual({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: expect.any(Array) });
  });
});

describe('ClusterReader', () => {
  test('binds view and a nodes ClusterRole, named with the namespace, and no Secret read by default', () => {
    const objects = synth((chart) => new ClusterReader(chart, 'R', subject));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterRoleBinding/mcp-demo-view', 'ClusterRole/mcp-demo-nodes', 'ClusterRoleBinding/mcp-demo-nodes',
    ]);
    expect(objects[0].roleRef.name).toBe('view');
    expect(objects[1].rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
    expect(JSON.stringify(objects)).not.toContain('secrets');
  });

  test('reads Secrets cluster-wide for Helm releases only when asked', () => {
    const objects = synth((chart) => new ClusterReader(chart, 'R', { ...subject, helmReleases: HelmReleaseAccess.clusterWide() }));
    expect(objects.find((o) => o.metadata.name === 'mcp-demo-helm-releases' && o.kind === 'ClusterRole').rules)
      .toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('limits Helm release read to listed namespaces with Roles', () => {
    const objects = synth((chart) => new ClusterReader(chart, 'R', { ...subject, helmReleases: HelmReleaseAccess.inNamespaces(['apps', 'data']) }));
    expect(objects.filter((o) => o.kind === 'Role').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['apps/demo-helm-releases', 'data/demo-helm-releases']);
    expect(objects.some((o) => o.kind === 'ClusterRole' && o.metadata.name.endsWith('helm-releases'))).toBe(false);
  });
});

describe('GatewayProvisioner', () => {
  test('lists and deletes pods and creates, lists and gets ConfigMaps and Secrets, nothing more', () => {
    const objects = synth((chart) => new GatewayProvisioner(chart, 'G', subject));
    expect(objects[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['create', 'list', 'get'] },
    ]);
    expect(objects[1].subjects).toEqual(expectedSubjects);
  });
});
