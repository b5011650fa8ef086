import { factsForImage, MCP_INSPECTOR, BUSYBOX } from '../../images';
import { TRANSPORT_ANNOTATION } from '../annotations';
import { labelSelectorMatches, runIndex, workloadsSelectedBy } from '../index';
import { blockIntervals, containsIpv4, coversAllIpv4 } from '../ip-ranges';
import { Manifest, SourcedManifest } from '../manifest';
import { Rule, RuleCategory, Severity } from '../rule';
import { allContainers, podSpecOf } from '../workloads';

/*
 * Network isolation of MCP servers: an MCP server acts for agents with its own
 * credentials, so what may reach it and what it may reach should be declared.
 */

/** Whether a workload runs an MCP server: our annotation, or a known MCP image. */
export function isMcpWorkload(obj: Manifest): boolean {
  if (obj.metadata?.annotations?.[TRANSPORT_ANNOTATION]) return true;
  const site = podSpecOf(obj);
  return Boolean(site && allContainers(site).some((c) => {
    const facts = factsForImage(c.container.image);
    return facts !== undefined && facts !== MCP_INSPECTOR && facts !== BUSYBOX;
  }));
}

/**
 * The NetworkPolicies of a run by namespace and by the first label their podSelector asks
 * for (`ns\0key=value`), or under `ns\0` when it asks for none: a pod is matched only
 * against the policies that can select it, not against every policy of the run.
 */
const policyIndexes = new WeakMap<readonly SourcedManifest[], Map<string, Manifest[]>>();
function policyIndex(all: readonly SourcedManifest[]): Map<string, Manifest[]> {
  let index = policyIndexes.get(all);
  if (!index) {
    index = new Map();
    for (const { object } of all) {
      if (object?.kind !== 'NetworkPolicy') continue;
      const first = Object.entries(object.spec?.podSelector?.matchLabels ?? {})[0];
      const key = `${object.metadata?.namespace ?? ''}\0${first ? `${first[0]}=${first[1]}` : ''}`;
      const list = index.get(key);
      if (list) list.push(object);
      else index.set(key, [object]);
    }
    policyIndexes.set(all, index);
  }
  return index;
}

/** The NetworkPolicies of the run that select pods with these labels in this namespace. */
export function policiesSelecting(all: readonly SourcedManifest[], ns: string, labels: Record<string, string>): Manifest[] {
  const index = policyIndex(all);
  const candidates = [`${ns}\0`, ...Object.entries(labels).map(([k, v]) => `${ns}\0${k}=${v}`)].flatMap((key) => index.get(key) ?? []);
  return [...new Set(candidates)].filter((p) => labelSelectorMatches(p.spec?.podSelector ?? {}, labels));
}

function selectedByPolicy(all: readonly SourcedManifest[], ns: string, labels: Record<string, string>): boolean {
  return policiesSelecting(all, ns, labels).length > 0;
}

export const NET_POLICY_MISSING: Rule = {
  id: 'NET-POLICY-MISSING',
  category: RuleCategory.NETWORK,
  severity: Severity.WARNING,
  title: 'Every MCP server is selected by a NetworkPolicy',
  why: 'Without one, every pod in the cluster can call the server\'s tools (acting with its credentials), and the server can reach anything, the cloud metadata endpoint included.',
  fix: 'Keep networkPolicy: true (the default) and declare ingressFrom and egressTo; or apply a NetworkPolicy that selects the pods.',
  check: (obj, context) => {
    const site = podSpecOf(obj);
    if (!site || obj.kind === 'Pod' || !isMcpWorkload(obj)) return [];
    const ns = obj.metadata?.namespace ?? '';
    const labels = site.metadata.labels ?? {};
    return selectedByPolicy(context.all, ns, labels) ? [] : [{ path: 'spec.template.metadata.labels', message: `no NetworkPolicy in namespace ${ns || '(none)'} selects the pods of this MCP server` }];
  },
};

const EVERYWHERE = ['0.0.0.0/0', '::/0'];
const portsOf = (rule: Manifest) => (Array.isArray(rule?.ports) ? rule.ports : []).map((p: Manifest) => p?.port).join(', ') || 'every port';
const peersOf = (rule: Manifest, field: 'from' | 'to'): Manifest[] => (Array.isArray(rule?.[field]) ? rule[field] : []);

/**
 * Why the peers of one ingress or egress rule admit everyone, if they do: no peers at all,
 * an empty peer, every namespace (an empty namespaceSelector and no podSelector), or
 * ipBlocks that together cover every IPv4 address (0.0.0.0/1 plus 128.0.0.0/1 is 0.0.0.0/0).
 */
function openPeers(rule: Manifest, field: 'from' | 'to'): string | undefined {
  const peers = peersOf(rule, field);
  if (peers.length === 0) return `no ${field}: every ${field === 'from' ? 'source' : 'destination'}`;
  if (peers.some((p) => p && Object.keys(p).length === 0)) return 'an empty peer: every pod of the namespace';
  if (peers.some((p) => p?.namespaceSelector && Object.keys(p.namespaceSelector).length === 0 && !p.podSelector)) return 'namespaceSelector: {}: every pod of every namespace';
  const cidrs = peers.map((p) => p?.ipBlock?.cidr).filter((c): c is string => typeof c === 'string');
  if (cidrs.some((c) => EVERYWHERE.includes(c)) && peers.every((p) => !p?.ipBlock?.except?.length || !EVERYWHERE.includes(p.ipBlock.cidr))) {
    return `${cidrs.find((c) => EVERYWHERE.includes(c))}: every address`;
  }
  if (cidrs.length > 1 && coversAllIpv4(peers.flatMap((p) => blockIntervals(p?.ipBlock)))) return `${cidrs.join(' + ')}: every IPv4 address together`;
  return undefined;
}

export const NET_EGRESS_WIDE: Rule = {
  id: 'NET-EGRESS-WIDE',
  category: RuleCategory.NETWORK,
  severity: Severity.WARNING,
  title: 'Egress is not open to every address',
  why: 'An egress rule to 0.0.0.0/0 (or without `to`, or with blocks that add up to every address) lets the pod reach every address on those ports; servers with Kubernetes API access get one by default because the API server is not a pod and its address is cluster-specific.',
  fix: 'Narrow the rule to the addresses it needs (environment files: kubernetesApi.cidrs for the API server, egressTo for the rest).',
  examples: {
    fails: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/1}}, {ipBlock: {cidr: 128.0.0.0/1}}], ports: [{port: 443}]}]',
    passes: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}]',
  },
  check: (obj) => {
    if (obj?.kind !== 'NetworkPolicy') return [];
    return (Array.isArray(obj.spec?.egress) ? obj.spec.egress : []).flatMap((rule: Manifest, i: number) => {
      const open = openPeers(rule, 'to');
      return open && !open.startsWith('an empty peer') && !open.startsWith('namespaceSelector')
        ? [{ path: `spec.egress[${i}]`, message: `egress to ${open} on ${portsOf(rule)}; narrow it to the addresses needed` }] : [];
    });
  },
};

export const NET_INGRESS_OPEN: Rule = {
  id: 'NET-INGRESS-OPEN',
  category: RuleCategory.NETWORK,
  severity: Severity.WARNING,
  title: 'No NetworkPolicy ingress rule that only looks strict',
  why: 'A rule without `from`, with an empty peer, with `namespaceSelector: {}` alone, or with address blocks that add up to every address admits every pod or address it seems to limit; the policy reads as isolation and isolates nothing.',
  fix: 'Name the namespaces (kubernetes.io/metadata.name) and pods, or the address ranges, that may connect.',
  examples: {
    fails: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {matchLabels: {app: mcp}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]',
    passes: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {matchLabels: {app: mcp}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: agents}}}], ports: [{port: 8080}]}]',
  },
  check: (obj) => {
    if (obj?.kind !== 'NetworkPolicy') return [];
    return (Array.isArray(obj.spec?.ingress) ? obj.spec.ingress : []).flatMap((rule: Manifest, i: number) => {
      const open = openPeers(rule, 'from');
      return open ? [{ path: `spec.ingress[${i}]`, message: `ingress from ${open}, on ${portsOf(rule)}` }] : [];
    });
  },
};

/** The link-local address cloud providers serve instance metadata (and the node's credentials) on, over plain HTTP. */
const METADATA_ADDRESS = '169.254.169.254';

export const NET_EGRESS_METADATA: Rule = {
  id: 'NET-EGRESS-METADATA',
  category: RuleCategory.NETWORK,
  severity: Severity.ERROR,
  title: 'No egress to the cloud metadata endpoint',
  why: `${METADATA_ADDRESS}:80 hands out the node's cloud credentials (AWS, GCP, Azure) to whoever asks; a pod an agent drives must not be one of them. Egress to 0.0.0.0/0 or 169.254.0.0/16 on port 80 (or every port) includes it unless an except takes it out.`,
  fix: `Narrow the rule to the addresses it needs, limit its ports, or add ${METADATA_ADDRESS}/32 to the ipBlock's except.`,
  examples: {
    fails: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]',
    passes: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}}]}]',
  },
  check: (obj) => {
    if (obj?.kind !== 'NetworkPolicy') return [];
    return (Array.isArray(obj.spec?.egress) ? obj.spec.egress : []).flatMap((rule: Manifest, i: number) => {
      const ports: Manifest[] = Array.isArray(rule?.ports) ? rule.ports : [];
      const http = ports.length === 0 || ports.some((p) => p?.port === undefined || p.port === 80 || p.port === 'http' || (typeof p.endPort === 'number' && typeof p.port === 'number' && p.port <= 80 && p.endPort >= 80));
      if (!http) return [];
      const peers = peersOf(rule, 'to');
      const reaches = peers.length === 0 || containsIpv4(peers.flatMap((p) => blockIntervals(p?.ipBlock)), METADATA_ADDRESS);
      return reaches ? [{ path: `spec.egress[${i}]`, message: `egress reaches ${METADATA_ADDRESS} on ${portsOf(rule)} (${peers.length === 0 ? 'no to: every destination' : peers.map((p) => p?.ipBlock?.cidr).filter(Boolean).join(', ')})` }] : [];
    });
  },
};

export const NET_NODEPORT_SOURCE: Rule = {
  id: 'NET-NODEPORT-SOURCE',
  category: RuleCategory.NETWORK,
  severity: Severity.ERROR,
  title: 'A NodePort or LoadBalancer Service in front of pods that admit address ranges keeps the client\'s address',
  why: 'With externalTrafficPolicy: Cluster (the default) the node rewrites the source to its own address before forwarding, so a NetworkPolicy that admits only some CIDRs sees a node: it blocks every real client, or admits all of them when the node range is among its CIDRs.',
  fix: 'Set spec.externalTrafficPolicy: Local on the Service (environment files do this for a NodePort server whose ingressFrom has a cidr).',
  examples: {
    fails: 'apiVersion: v1\nkind: Service\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  type: NodePort\n  selector: {app: mcp}\n  ports: [{port: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {matchLabels: {app: mcp}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{ipBlock: {cidr: 10.8.0.0/24}}]}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  selector: {matchLabels: {app: mcp}}\n  template:\n    metadata: {labels: {app: mcp}}\n    spec: {containers: [{name: mcp, image: \"ghcr.io/example/mcp:1.0.0\"}]}',
    passes: 'apiVersion: v1\nkind: Service\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  type: NodePort\n  externalTrafficPolicy: Local\n  selector: {app: mcp}\n  ports: [{port: 8080}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  podSelector: {matchLabels: {app: mcp}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{ipBlock: {cidr: 10.8.0.0/24}}]}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mcp, namespace: mcp}\nspec:\n  selector: {matchLabels: {app: mcp}}\n  template:\n    metadata: {labels: {app: mcp}}\n    spec: {containers: [{name: mcp, image: \"ghcr.io/example/mcp:1.0.0\"}]}',
  },
  check: (obj, context) => {
    if (obj?.kind !== 'Service' || !['NodePort', 'LoadBalancer'].includes(obj.spec?.type) || obj.spec?.externalTrafficPolicy === 'Local') return [];
    const ns = obj.metadata?.namespace ?? '';
    const ranges = new Set<string>();
    for (const w of workloadsSelectedBy(obj, runIndex(context.all))) {
      for (const policy of policiesSelecting(context.all, ns, podSpecOf(w)!.metadata.labels ?? {})) {
        for (const rule of policy.spec?.ingress ?? []) for (const peer of rule?.from ?? []) if (peer?.ipBlock?.cidr) ranges.add(peer.ipBlock.cidr);
      }
    }
    return ranges.size === 0 ? [] : [{
      path: 'spec.externalTrafficPolicy',
      message: `${obj.spec.type} Service without externalTrafficPolicy: Local in front of pods whose NetworkPolicy admits ${[...ranges].join(', ')}: the policy sees a node's address, not the client's`,
    }];
  },
};

export const NETWORK_RULES: Rule[] = [NET_POLICY_MISSING, NET_EGRESS_WIDE, NET_INGRESS_OPEN, NET_EGRESS_METADATA, NET_NODEPORT_SOURCE];
