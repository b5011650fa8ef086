/*
 * Object names derived from a server name. Names are a public contract (kubectl, Argo CD and
 * RBAC refer to them), so they are derived here once and never hashed.
 */

/** Kubernetes limit for labels, and for names that must be DNS labels (Services, namespaces). */
export const MAX_NAME_LENGTH = 63;

/** Suffixes of namespaced objects that belong to one server, e.g. `<server>-files`. */
export const NAMESPACED_SUFFIXES = ['files', 'deployer', 'gateway', 'helm-releases', 'tools'] as const;
export type NamespacedSuffix = typeof NAMESPACED_SUFFIXES[number];

/** Suffixes of cluster-scoped objects, which also carry the namespace: `<namespace>-<server>-<suffix>`. */
export const CLUSTER_SUFFIXES = ['view', 'nodes', 'helm-releases', 'tools', 'tools-cluster'] as const;
export type ClusterSuffix = typeof CLUSTER_SUFFIXES[number];

/** The name of a namespaced object of a server. */
export function namespacedName(server: string, suffix?: NamespacedSuffix): string {
  return suffix ? `${server}-${suffix}` : server;
}

/**
 * The name of a cluster-scoped object of a server. It carries the namespace so two
 * environments with different namespaces can share a cluster.
 */
export function clusterName(namespace: string, server: string, suffix: ClusterSuffix): string {
  return `${namespace}-${server}-${suffix}`;
}

/** Every name a server in a namespace can give rise to; used to validate lengths up front. */
export function allDerivedNames(namespace: string, server: string): string[] {
  return [
    namespacedName(server),
    ...NAMESPACED_SUFFIXES.map((s) => namespacedName(server, s)),
    ...CLUSTER_SUFFIXES.map((s) => clusterName(namespace, server, s)),
  ];
}
