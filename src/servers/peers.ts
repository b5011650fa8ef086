import { NetworkPeer } from '../constructs';

/** A peer as environment files write it: {namespace, podLabels} (pods) or {cidr} (addresses). */
export interface PeerFields {
  readonly namespace?: string;
  readonly podLabels?: Record<string, string>;
  readonly cidr?: string;
}

/** The NetworkPolicy peer an environment file's peer stands for. */
export function peerOf(p: PeerFields): NetworkPeer {
  if (p.cidr !== undefined) return NetworkPeer.cidr(p.cidr);
  return p.podLabels ? NetworkPeer.pods(p.podLabels, p.namespace) : NetworkPeer.namespace(p.namespace!);
}
