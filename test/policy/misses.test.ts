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
