import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { rbacGraph } from '../../src/policy/rbac-graph';
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
