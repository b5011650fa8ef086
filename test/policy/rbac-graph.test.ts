import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { rbacGraph, sharingGraphs } from '../../src/policy/rbac-graph';
import { render } from '../support/helpers';

/* Effective permissions: who can become whom, and what that adds. */

const sourced = (objects: Manifest[]) => objects.map((object, index) => ({ object, index, file: 'x.yaml' }));
const actsAs = (objects: Manifest[]) => evaluate(sourced(objects), { only: ['RBAC-ACTS-AS'] }).map((f) => `${f.object}: ${f.message}`);

const sa = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
const role = (namespace: string, name: string, rules: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules });
const roleBinding = (namespace: string, name: string, roleRef: object, subjects: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects });
const clusterBinding = (name: string, roleName: string, subjects: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects });

test('a deployer that shares a namespace with a cluster-wide Secret reader is that reader, in a production environment (the issue\'s case)', () => {
  const objects = render({
    namespace: 'shared', production: true,
    servers: [
      { name: 'pulumi', type: 'pulumi', image: 'ghcr.io/example/pulumi-mcp-server:0.2.0', token: { secret: 'pulumi', key: 'token' }, waivers: [{ rule: 'RBAC-SECRETS-READ', reason: 'its stacks' }, { rule: 'RBAC-CREATE-PODS', reason: 'the test' }] },
      { name: 'kubernetes', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', access: { clusterReader: { helmReleases: true } }, waivers: [{ rule: 'RBAC-SECRETS-READ-CLUSTER', reason: 'the test' }] },
    ],
  } as any);
  expect(actsAs(objects).sort()).toEqual([
    'ClusterRoleBinding/shared-kubernetes-helm-releases: shared/kubernetes can read the credentials of Deployment/shared/pulumi (get/list/watch secrets cluster-wide) → Secret pulumi',
    'RoleBinding/shared/pulumi-deployer: shared/pulumi can act as shared/kubernetes (create/update/patch deployments in shared) → get/list/watch secrets cluster-wide and 1 more',
  ]);
  const findings = evaluate(sourced(objects)).filter((f) => f.rule === 'RBAC-ACTS-AS');
  expect(findings.map((f) => [f.severity, f.waived])).toEqual([['error', undefined], ['error', undefined]]);
});

test('each way to become another ServiceAccount, and nothing when there is nothing to gain', () => {
  const reader = [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] }, clusterBinding('reader', 'reader', [{ kind: 'ServiceAccount', name: 'strong', namespace: 'a' }])];
  const base = [sa('a', 'weak'), sa('a', 'strong'), ...reader];
  const weakWith = (rules: object[]) => [...base, role('a', 'r', rules), roleBinding('a', 'weak', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'weak', namespace: 'a' }])];
  expect(actsAs(weakWith([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }]))).toEqual(['RoleBinding/a/weak: a/weak can act as a/strong (create serviceaccounts/token in a) → list secrets cluster-wide']);
  expect(actsAs(weakWith([{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }]))).toEqual(['RoleBinding/a/weak: a/weak can act as a/strong (impersonate serviceaccounts in a) → list secrets cluster-wide']);
  expect(actsAs(weakWith([{ apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['patch'] }]))).toEqual(['RoleBinding/a/weak: a/weak can act as a/strong (patch cronjobs in a) → list secrets cluster-wide']);
  const token = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'strong-token', namespace: 'a', annotations: { 'kubernetes.io/service-account.name': 'strong' } } };
  expect(actsAs([...weakWith([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['strong-token'] }]), token]))
    .toEqual(['RoleBinding/a/weak: a/weak can act as a/strong (read its token Secret a/strong-token) → list secrets cluster-wide']);
  // A namespace of its own: nobody there to become.
  expect(actsAs([sa('b', 'weak'), sa('a', 'strong'), ...reader, role('b', 'r', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }]), roleBinding('b', 'weak', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'weak', namespace: 'b' }])])).toEqual([]);
  // Becoming an account with nothing more: no finding.
  expect(actsAs([sa('a', 'weak'), sa('a', 'plain'), role('a', 'r', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }]), roleBinding('a', 'weak', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'weak', namespace: 'a' }])])).toEqual([]);
});

test('built-in roles, groups and aggregation count as what they grant', () => {
  const objects = [
    sa('a', 'weak'), sa('a', 'strong'),
    roleBinding('a', 'everyone-edits', { kind: 'ClusterRole', name: 'edit' }, [{ kind: 'Group', name: 'system:serviceaccounts:a' }]),
    clusterBinding('strong-admin', 'cluster-admin', [{ kind: 'ServiceAccount', name: 'strong', namespace: 'a' }]),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'collect' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/tools': 'true' } }] } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'part', labels: { 'example.com/tools': 'true' } }, rules: [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }] },
  ];
  const graph = rbacGraph(sourced(objects));
  expect(graph.actsAs.filter((e) => e.from === 'a/weak').map((e) => `${e.to} ${e.how}`)).toEqual(expect.arrayContaining(['a/strong create/update/patch pods in a']));
  expect(actsAs(objects)).toEqual(expect.arrayContaining([expect.stringMatching(/^RoleBinding\/a\/everyone-edits: a\/weak can act as a\/strong \(create\/update\/patch pods in a\) → \* \* \(every group\) cluster-wide/)]));
  const aggregated = rbacGraph(sourced([...objects, clusterBinding('collector', 'collect', [{ kind: 'ServiceAccount', name: 'weak', namespace: 'a' }])]));
  // The aggregated part's token create reaches the collecting role's subject.
  expect(aggregated.actsAs.filter((e) => e.grant.via === 'ClusterRoleBinding/collector').map((e) => `${e.from} ${e.to} ${e.how}`)).toEqual(['a/weak a/strong create serviceaccounts/token in every namespace']);
});

test('the shipped prod before Pulumi had a namespace of its own: its deployer read the Secrets github and grafana run with, an error in production', () => {
  const objects = render({
    namespace: 'my-reforge-ai', production: true,
    servers: [
      { name: 'pulumi', type: 'pulumi', image: 'ghcr.io/example/pulumi-mcp-server:0.2.0', token: { secret: 'pulumi-mcp', key: 'token' }, waivers: [{ rule: 'RBAC-SECRETS-READ', reason: 'its stacks' }, { rule: 'RBAC-CREATE-PODS', reason: 'the test' }] },
      { name: 'github', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } },
    ],
  } as any);
  const findings = evaluate(sourced(objects), { only: ['RBAC-ACTS-AS'] });
  expect(findings.map((f) => [f.severity, `${f.object}: ${f.message}`])).toEqual([
    ['error', 'RoleBinding/my-reforge-ai/pulumi-deployer: my-reforge-ai/pulumi can read the credentials of Deployment/my-reforge-ai/github (get/list/watch secrets in my-reforge-ai) → Secret github-mcp'],
  ]);
  // The same servers outside production: a warning.
  const dev = render({ namespace: 'my-reforge-ai', servers: [
    { name: 'pulumi', type: 'pulumi', image: 'ghcr.io/example/pulumi-mcp-server:0.2.0', token: { secret: 'pulumi-mcp', key: 'token' } },
    { name: 'github', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } },
  ] } as any);
  expect(evaluate(sourced(dev), { only: ['RBAC-ACTS-AS'] }).map((f) => f.severity)).toEqual(['warning']);
});

test('bind, escalate and impersonating users or groups are ways to any permission', () => {
  const grantee = [sa('a', 'admin-ish'), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] },
    { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'] },
  ] }, clusterBinding('r', 'r', [{ kind: 'ServiceAccount', name: 'admin-ish', namespace: 'a' }])];
  expect(rbacGraph(sourced(grantee)).escalations.map((e) => `${e.from}: ${e.how}`)).toEqual([
    'a/admin-ish: escalate clusterroles cluster-wide: can grant itself any permission',
    'a/admin-ish: impersonate groups: can act as any user, system:masters included',
  ]);
});

test('the count of credentials a binding reaches is the number of distinct (subject, workload) pairs it visits, for every shape of grant', () => {
  const deployment = (namespace: string, name: string, account: string, secrets: string[]) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { template: { spec: { serviceAccountName: account, containers: [{ name: 'c', image: 'x', env: secrets.map((s) => ({ name: s, valueFrom: { secretKeyRef: { name: s, key: 'k' } } })) }] } } },
  });
  const clusterRole = (name: string, rules: object[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
  const workloads = [
    deployment('a', 'one', 'reader', ['s1']), deployment('a', 'two', 'other', ['s1', 's2']), deployment('a', 'none', 'other', []),
    deployment('b', 'three', 'other', ['s2']), deployment('b', 'four', 'reader-b', ['s3']),
    // The same workload twice (two files), once as the subject's own account: it still counts.
    deployment('a', 'twice', 'reader', ['s4']), deployment('a', 'twice', 'other', ['s4']),
    // Twice, both copies its own: it does not.
    deployment('a', 'mine', 'reader', ['s5']), deployment('a', 'mine', 'reader', ['s5']),
  ];
  const bindings: Array<[string, object[]]> = [
    ['cluster-wide', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]],
    ['named only', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['s1', 's2'] }]],
    ['pod maker', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }]],
    ['nothing', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]],
  ];
  const objects: Manifest[] = [...workloads];
  bindings.forEach(([, rules], i) => {
    objects.push(clusterRole(`r${i}`, rules));
    objects.push(clusterBinding(`cluster-${i}`, `r${i}`, [{ kind: 'ServiceAccount', name: 'reader', namespace: 'a' }]));
    // The same role in one namespace, with two subjects, and both kinds of grant in one binding.
    objects.push(roleBinding('a', `local-${i}`, { kind: 'ClusterRole', name: `r${i}` }, [{ kind: 'ServiceAccount', name: 'reader', namespace: 'a' }, { kind: 'ServiceAccount', name: 'reader-b', namespace: 'b' }]));
  });
  objects.push(clusterRole('mixed', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['s3'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['watch'] }]));
  objects.push(roleBinding('a', 'mixed', { kind: 'ClusterRole', name: 'mixed' }, [{ kind: 'ServiceAccount', name: 'reader', namespace: 'a' }]));
  objects.push(clusterBinding('mixed-cluster', 'mixed', [{ kind: 'ServiceAccount', name: 'reader-b', namespace: 'b' }]));
  const graph = rbacGraph(sourced(objects));
  const counts = objects.filter((o) => o.kind.endsWith('Binding')).map((b) => {
    const ref = `${b.kind}/${b.metadata.namespace ? `${b.metadata.namespace}/` : ''}${b.metadata.name}`;
    return [ref, graph.countCredentialsVia(ref), new Set(graph.credentialsVia(ref).map((c) => `${c.from} ${c.workload}`)).size];
  });
  for (const [ref, counted, visited] of counts) expect([ref, counted]).toEqual([ref, visited]);
  // Worked by hand: cluster-wide, a/reader reaches two, three, four and twice (one and mine are its own).
  expect(counts.map(([ref, counted]) => `${ref} ${counted}`)).toEqual([
    'ClusterRoleBinding/cluster-0 4', 'RoleBinding/a/local-0 6', 'ClusterRoleBinding/cluster-1 2', 'RoleBinding/a/local-1 3', 'ClusterRoleBinding/cluster-2 4',
    'RoleBinding/a/local-2 6', 'ClusterRoleBinding/cluster-3 0', 'RoleBinding/a/local-3 0', 'RoleBinding/a/mixed 2', 'ClusterRoleBinding/mixed-cluster 5',
  ]);
  // visiting stops when told to.
  const seen: string[] = [];
  graph.visitCredentialsVia('ClusterRoleBinding/cluster-0', (c) => seen.push(c.workload) < 2);
  expect(seen).toEqual(['Deployment/a/two', 'Deployment/b/three']);
});

test('two runs of the same objects share a graph only within sharingGraphs; a changed object outside it is seen as it is', () => {
  const objects: Manifest[] = [sa('a', 'reader'), role('a', 'r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]), roleBinding('a', 'b', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'reader', namespace: 'a' }])];
  const grants = () => rbacGraph(sourced(objects)).accounts.get('a/reader')!.map((g) => g.resource);
  expect(grants()).toEqual(['configmaps']);
  objects[1].rules[0].resources = ['secrets'];
  expect(grants()).toEqual(['secrets']);
  sharingGraphs(() => {
    expect(rbacGraph(sourced(objects))).toBe(rbacGraph(sourced(objects)));
    expect(rbacGraph(sourced(objects))).not.toBe(rbacGraph(sourced([...objects, sa('a', 'other')])));
  });
});
