import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';

/* Traps `check` used to miss, and one it reported twice. */

const run = (objects: Manifest[], only?: string[]) => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), only ? { only } : {})
  .map((f) => `${f.rule} ${f.object}: ${f.message}`);

test('literal credentials, whatever the variable or key is called', () => {
  const secret = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  expect(run([secret({ a: b64(`ghp_${'a'.repeat(36)}`), b: b64(`github_pat_${'B'.repeat(40)}`), c: b64(`pul-${'0'.repeat(40)}`), d: b64('-----BEGIN RSA PRIVATE KEY-----\n'), e: b64('xoxp-1234-5678-abcd') })], ['HYG-LITERAL-CREDENTIAL'])).toEqual([
    'HYG-LITERAL-CREDENTIAL Secret/ns/s: Secret key "a" holds a GitHub token',
    'HYG-LITERAL-CREDENTIAL Secret/ns/s: Secret key "b" holds a GitHub fine-grained token',
    'HYG-LITERAL-CREDENTIAL Secret/ns/s: Secret key "c" holds a Pulumi access token',
    'HYG-LITERAL-CREDENTIAL Secret/ns/s: Secret key "d" holds a PEM private key',
    'HYG-LITERAL-CREDENTIAL Secret/ns/s: Secret key "e" holds a Slack token',
  ]);
});

test('a privileged pod that adds SYS_ADMIN: every finding once', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'busybox:1.37.0', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }] } };
  const findings = run([pod]);
  expect(new Set(findings).size).toBe(findings.length);
  expect(findings.filter((f) => f.includes('SYS_ADMIN'))).toEqual(['PSS-CAPABILITIES-BASELINE Pod/ns/p: container "c" adds capability SYS_ADMIN']);
});

test('restricted still flags a baseline capability other than NET_BIND_SERVICE', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'busybox:1.37.0', securityContext: { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE'] } } }] } };
  expect(run([pod], ['PSS-CAPABILITIES-RESTRICTED', 'PSS-CAPABILITIES-BASELINE'])).toEqual(['PSS-CAPABILITIES-RESTRICTED Pod/ns/p: container "c" adds capability CHOWN, which restricted does not allow']);
});

test('RBAC and NetworkPolicy traps of third-party manifests, each caught by its rule', () => {
  const role = (rules: object[], metadata: object = {}) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', ...metadata }, rules });
  const bind = (name: string, group: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }] });
  const policy = (spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ...spec } });
  const traps: Array<[string, object]> = [
    ['RBAC-BROAD-SUBJECT', bind('admin', 'system:authenticated')],
    ['RBAC-BROAD-SUBJECT', bind('edit', 'system:serviceaccounts')],
    ['RBAC-WILDCARD', role([{ apiGroups: [''], resources: ['nodes/*'], verbs: ['get'] }])],
    ['RBAC-POD-EXEC', role([{ apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] }])],
    ['RBAC-POD-EXEC', role([{ apiGroups: [''], resources: ['pods/attach'], verbs: ['get'] }])],
    ['RBAC-POD-EXEC', role([{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }])],
    ['RBAC-POD-EXEC', role([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }])],
    ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((r): [string, object] => ['RBAC-CREATE-PODS', role([{ apiGroups: ['apps'], resources: [r], verbs: ['patch'] }])]),
    ...['jobs', 'cronjobs'].map((r): [string, object] => ['RBAC-CREATE-PODS', role([{ apiGroups: ['batch'], resources: [r], verbs: ['create'] }])]),
    ['RBAC-ADMISSION-WRITE', role([{ apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['create'] }])],
    ['RBAC-CSR-APPROVE', role([{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'] }])],
    ['RBAC-NODE-WRITE', role([{ apiGroups: [''], resources: ['nodes'], verbs: ['patch'] }])],
    ['RBAC-AGGREGATION', role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } })],
    ['RBAC-AGGREGATION', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] } }],
    ['NET-INGRESS-OPEN', policy({ ingress: [{ from: [{}] }] })],
    ['NET-INGRESS-OPEN', policy({ ingress: [{ from: [{ namespaceSelector: {} }] }] })],
    ['NET-EGRESS-WIDE', policy({ egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }], ports: [{ port: 443 }] }] })],
    ['NET-EGRESS-METADATA', policy({ egress: [{ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }] }] })],
  ];
  for (const [rule, object] of traps) {
    expect({ rule, object, found: run([object as Manifest]).some((f) => f.startsWith(`${rule} `)) }).toEqual({ rule, object, found: true });
  }
});
