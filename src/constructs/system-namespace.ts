/**
 * Namespaces that belong to the cluster itself: `default` and `kube-*` (kube-system,
 * kube-public, kube-node-lease). Objects may be placed in them; they are never created,
 * labelled, enforced or deleted by us.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces
 */
export function isSystemNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}
