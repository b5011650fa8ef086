import { Manifest } from '../../src/policy/manifest';

/*
 * Pods that break the Pod Security Standards one thing at a time, shared by the rule tests
 * and the e2e tests that hand the same pods to a real API server's admission.
 */

/** A pod that passes restricted; tests break one thing at a time. */
export function pod(spec: Manifest = {}, containerExtra: Manifest = {}): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'c',
        image: 'x:1',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...containerExtra },
      }],
      ...spec,
    },
  };
}

/** Pods each baseline rule rejects. */
export const BASELINE_CASES: Array<[string, Manifest]> = [
  ['PSS-HOST-NAMESPACES', pod({ hostNetwork: true })],
  // A privileged container must allow privilege escalation, or the API server refuses it as invalid.
  ['PSS-PRIVILEGED', pod({}, { privileged: true, allowPrivilegeEscalation: true })],
  ['PSS-HOST-PATH', pod({ volumes: [{ name: 'h', hostPath: { path: '/' } }] })],
  ['PSS-SECCOMP-BASELINE', pod({}, { seccompProfile: { type: 'Unconfined' } })],
  ['PSS-PROC-MOUNT', pod({ hostUsers: false }, { procMount: 'Unmasked' })],
  ['PSS-SYSCTLS', pod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'kernel.msgmax', value: '1' }] } })],
  ['PSS-CAPABILITIES-BASELINE', pod({}, { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })],
];

/** Pods each restricted-only rule rejects. */
export const RESTRICTED_CASES: Array<[string, Manifest]> = [
  ['PSS-PRIVILEGE-ESCALATION', pod({}, { allowPrivilegeEscalation: true })],
  ['PSS-RUN-AS-NON-ROOT', pod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })],
  ['PSS-RUN-AS-USER', pod({}, { runAsUser: 0 })],
  ['PSS-CAPABILITIES-RESTRICTED', pod({}, { capabilities: { drop: ['NET_RAW'] } })],
  ['PSS-VOLUME-TYPES', pod({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] })],
  ['PSS-SECCOMP-RESTRICTED', pod({ securityContext: { runAsNonRoot: true } })],
];

/** Pods restricted admits. */
export const PASSING_CASES: Array<[string, Manifest]> = [
  ['restricted pod', pod()],
  ['NET_BIND_SERVICE added back', pod({}, { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })],
  ['Windows pod', pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } }, { allowPrivilegeEscalation: undefined, capabilities: undefined })],
];
