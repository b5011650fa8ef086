import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { RuleCategory } from '../../src/policy/rule';
import { BASELINE_CASES, pod, RESTRICTED_CASES } from './pod-security-cases';

function rulesHit(obj: Manifest, level: 'baseline' | 'restricted' = 'restricted'): string[] {
  return evaluate([{ object: obj, file: 'f.yaml', index: 0 }], { only: [RuleCategory.POD_SECURITY], level }).map((f) => f.rule);
}

describe('pod security rules', () => {
  test('a restricted pod passes', () => {
    expect(rulesHit(pod())).toEqual([]);
  });

  test.each(BASELINE_CASES)('baseline rule %s fires', (rule, obj) => {
    expect(rulesHit(obj, 'baseline')).toContain(rule);
  });

  test.each(RESTRICTED_CASES)('restricted rule %s fires at restricted and not at baseline', (rule, obj) => {
    expect(rulesHit(obj)).toContain(rule);
    expect(rulesHit(obj, 'baseline')).not.toContain(rule);
  });

  test('checks init and ephemeral containers too', () => {
    const obj = pod();
    obj.spec.initContainers = [{ name: 'init', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: true } }];
    obj.spec.ephemeralContainers = [{ name: 'debug', image: 'x:1' }];
    const findings = evaluate([{ object: obj, file: 'f.yaml', index: 0 }], { only: [RuleCategory.POD_SECURITY] });
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual(expect.arrayContaining([
      'PSS-PRIVILEGED spec.initContainers[0].securityContext.privileged',
      'PSS-PRIVILEGE-ESCALATION spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
      'PSS-CAPABILITIES-RESTRICTED spec.ephemeralContainers[0].securityContext.capabilities.drop',
    ]));
  });

  test('Windows pods are exempt from the Linux-only restricted checks, as the standard says', () => {
    const obj = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } }, { allowPrivilegeEscalation: undefined, capabilities: undefined });
    expect(rulesHit(obj)).toEqual([]);
  });

  test('finds pod specs in every workload kind', () => {
    const template = { metadata: {}, spec: { containers: [{ name: 'c', image: 'x:1' }] } };
    const kinds: Manifest[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'd' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'd' }, spec: { jobTemplate: { spec: { template } } } },
      { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'd' }, template },
    ];
    for (const obj of kinds) expect(rulesHit(obj)).toContain('PSS-RUN-AS-NON-ROOT');
  });
});
