import { k8s } from 'cdk8s-plus-30';

/*
 * Security contexts that pass the Pod Security Standard "restricted" and go beyond it:
 * numeric non-root ids (the kubelet refuses images that name their user under runAsNonRoot
 * otherwise) and a read-only root filesystem.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

export interface RunAs {
  /** Numeric user id; never 0. */
  readonly user: number;
  /** Numeric group id. @default the user id */
  readonly group?: number;
}

/** The container-level context every container we render gets. */
export function restrictedContainerSecurityContext(runAs: RunAs): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group ?? runAs.user,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The pod-level context: ids, the group owning volumes, and the seccomp profile. */
export function restrictedPodSecurityContext(runAs: RunAs & { readonly fsGroup?: number }): k8s.PodSecurityContext {
  const group = runAs.group ?? runAs.user;
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: group,
    fsGroup: runAs.fsGroup ?? group,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
