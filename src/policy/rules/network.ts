import { factsForImage, MCP_INSPECTOR, BUSYBOX } from '../../images';
import { TRANSPORT_ANNOTATION } from '../annotations';
import { labelSelectorMatches, runIndex, workloadsSelectedBy } from '../index';
import { Manifest, SourcedManifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';
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

export const NET_EGRESS_WIDE: Rule = {
  id: 'NET-EGRESS-WIDE',
  category: RuleCategory.NETWORK,
  severity: Severity.WARNING,
  title: 'Egress is not open to every address',
  why: 'An egress rule to 0.0.0.0/0 lets the pod reach every address on those ports; servers with Kubernetes API access get one by default because the API server is not a pod and its address is cluster-specific.',
  fix: 'Narrow the rule to the addresses it needs (environment files: kubernetesApi.cidrs for the API server, egressTo for the rest).',
  check: (obj) => {
    if (obj?.kind !== 'NetworkPolicy') return [];
    const out: Violation[] = [];
    (obj.spec?.egress ?? []).forEach((rule: Manifest, i: number) => (rule?.to ?? []).forEach((peer: Manifest, j: number) => {
      if (EVERYWHERE.includes(peer?.ipBlock?.cidr)) {
        const ports = (rule.ports ?? []).map((p: Manifest) => p?.port).join(', ') || 'every port';
        out.push({ path: `spec.egress[${i}].to[${j}].ipBlock`, message: `egress to ${peer.ipBlock.cidr} on ${ports}; narrow it to the addresses needed` });
      }
    }));
    return out;
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

export const NETWORK_RULES: Rule[] = [NET_POLICY_MISSING, NET_EGRESS_WIDE, NET_NODEPORT_SOURCE];
