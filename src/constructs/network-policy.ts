import { isIPv4, isIPv6 } from 'net';
import { INetworkPolicyPeer, k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { selectorLabels } from './labels';
import { MCP_PORT_NAME, McpApp } from './mcp-app';
import { assertDnsLabel } from './validate';

/** Where traffic may come from or go to: a namespace, pods by label (in a namespace, or the app's), or addresses. */
export class NetworkPeer {
  /** Every pod of a namespace. */
  public static namespace(name: string): NetworkPeer {
    assertDnsLabel('NetworkPeer.namespace', 'a namespace', name);
    return new NetworkPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  }

  /** Pods with these labels, in a namespace (default: the app's own). */
  public static pods(labels: Record<string, string>, namespace?: string): NetworkPeer {
    if (Object.keys(labels).length === 0) throw new Error('NetworkPeer.pods: expected labels to select pods by, got none (NetworkPeer.namespace selects every pod of a namespace)');
    if (namespace !== undefined) assertDnsLabel('NetworkPeer.pods', 'a namespace', namespace);
    return new NetworkPeer({
      podSelector: { matchLabels: labels },
      ...(namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } } : {}),
    });
  }

  /** Addresses in a CIDR (for what is not a pod: a VPN range, the API server, an external service). */
  public static cidr(cidr: string): NetworkPeer {
    if (!isCidr(cidr)) throw new Error(`NetworkPeer.cidr: expected an IPv4 or IPv6 CIDR such as "10.8.0.0/24" or "fd00::/64", got ${JSON.stringify(cidr)}`);
    return new NetworkPeer({ ipBlock: { cidr } });
  }

  /**
   * A cdk8s-plus peer: an McpApp, a cdk8s-plus Pod or workload, `Pods.select(...)`,
   * `Namespaces.select(...)` or `IpBlock.ipv4(...)`. Pods of one namespace at most (a
   * NetworkPolicy peer names one namespace selector).
   */
  public static of(peer: INetworkPolicyPeer): NetworkPeer {
    const config = peer.toNetworkPolicyPeerConfig();
    if (config.ipBlock) return NetworkPeer.cidr(config.ipBlock.cidr);
    const pods = config.podSelector;
    if (!pods) throw new Error(`NetworkPeer.of(${peer.node.path}): the peer selects neither pods nor addresses`);
    const names = pods.namespaces?.names ?? [];
    if (names.length > 1) throw new Error(`NetworkPeer.of(${peer.node.path}): expected pods of one namespace, got ${names.length} (${names.join(', ')}); add one peer per namespace`);
    const byLabels = pods.namespaces?.labelSelector?._toKube();
    const namespaceSelector = names.length === 1
      ? { matchLabels: { ...byLabels?.matchLabels, 'kubernetes.io/metadata.name': names[0] }, ...(byLabels?.matchExpressions ? { matchExpressions: byLabels.matchExpressions } : {}) }
      : byLabels;
    return new NetworkPeer({ podSelector: pods.labelSelector._toKube(), ...(namespaceSelector ? { namespaceSelector } : {}) });
  }

  private constructor(public readonly peer: k8s.NetworkPolicyPeer) {}
}

/** `a.b.c.d/n` or an IPv6 address with a prefix length in range. */
function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  if (isIPv4(address)) return Number(prefix) <= 32;
  return isIPv6(address) && Number(prefix) <= 128;
}

/** A destination of egress: a peer and the ports allowed there. */
export interface EgressRule {
  readonly peer: NetworkPeer;
  /** TCP ports. @default every port */
  readonly ports?: number[];
}

export interface McpNetworkPolicyProps {
  /** The MCP server whose pods the policy selects. */
  readonly app: McpApp;

  /**
   * Who may reach the MCP port.
   * @default [NetworkPeer.namespace(<the app's namespace>)]
   */
  readonly ingressFrom?: NetworkPeer[];

  /**
   * Where the pods may connect, besides DNS.
   * @default [] (DNS only)
   */
  readonly egressTo?: EgressRule[];
}

/** DNS: the cluster resolver in kube-system, over UDP and TCP. */
const DNS_EGRESS: k8s.NetworkPolicyEgressRule = {
  to: [NetworkPeer.namespace('kube-system').peer],
  ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
};

/**
 * A NetworkPolicy for one MCP server: all ingress and egress denied but DNS, ingress to
 * the MCP port (named, so it follows the port) only from the given sources, and egress only
 * to the given destinations. An MCP server acts for agents with its own credentials; what
 * it can reach should be what it needs.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class McpNetworkPolicy extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: McpNetworkPolicyProps) {
    super(scope, id);
    const app = props.app;
    const sources = props.ingressFrom ?? [NetworkPeer.namespace(app.namespace)];
    this.policy = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: app.metadata(),
      spec: {
        podSelector: { matchLabels: selectorLabels(app.identity) },
        policyTypes: ['Ingress', 'Egress'],
        ingress: sources.length > 0 ? [{ from: sources.map((s) => s.peer), ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString(MCP_PORT_NAME) }] }] : [],
        egress: [DNS_EGRESS, ...(props.egressTo ?? []).map((rule) => ({
          to: [rule.peer.peer],
          ...(rule.ports && rule.ports.length > 0 ? { ports: rule.ports.map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) })) } : {}),
        }))],
      },
    });
  }
}
