import * as path from 'path';
import { McpPolicyValidation } from '../../src/policy/cdk8s-plugin';
import { ROOT, tempDir } from '../support/helpers';

function validate(manifests: string[]) {
  const violations: any[] = [];
  let status = '';
  new McpPolicyValidation().validate({
    manifests,
    report: { addViolation: (v) => violations.push(v), submit: (s) => { status = s; } },
    logger: { log: () => undefined },
  });
  return { violations, status };
}

describe('McpPolicyValidation (the cdk8s validation plugin)', () => {
  test('succeeds on the shipped output, where only waived findings exist', () => {
    const files = ['00-namespaces', 'github', 'grafana', 'kubernetes', 'pulumi'].map((f) => path.join(ROOT, 'dist/dev', `${f}.yaml`));
    expect(validate(files)).toEqual({ violations: [], status: 'success' });
  });

  test('fails with one violation per rule on bad manifests', () => {
    const dir = tempDir({ 'bad.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: []\n' });
    const { violations, status } = validate([path.join(dir, 'bad.yaml')]);
    expect(status).toBe('failure');
    expect(violations).toEqual([expect.objectContaining({
      ruleName: 'RBAC-CLUSTER-ADMIN (error)',
      violatingResources: [{ resourceName: 'ClusterRoleBinding/b', locations: ['roleRef.name'], manifestPath: path.join(dir, 'bad.yaml') }],
    })]);
  });
});
