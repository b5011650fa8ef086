import { k8s } from 'cdk8s-plus-30';
import { KubernetesServerSpec } from '../config/schema';
import { compareVersions, imageVersion, KUBERNETES_MCP_TOOL_API, KUBERNETES_MCP_TOOLS, ToolApiCall, version } from '../images';

/*
 * kubernetes-mcp-server's RBAC, derived from the tools it offers: its toolsets, less what
 * --read-only, --disable-destructive, disabled_tools and tools.deny take away, within
 * tools.allow; each tool's API requests come from src/images/kubernetes-mcp-server.ts.
 */

/** A kind resources_* may touch, as the environment file names it. */
export interface ListedKind {
  readonly group: string;
  readonly resource: string;
  /** Cluster-scoped: its rules go to the cluster-wide role. */
  readonly clusterScoped?: boolean;
}

/** The tools the server offers, or undefined when the image's release has no recorded tools. */
export function offeredTools(spec: KubernetesServerSpec): string[] | undefined {
  const v = imageVersion(spec.image);
  if (!v || compareVersions(v, version(KUBERNETES_MCP_TOOL_API.release)) !== 0) return undefined;
  const removed = new Set([...spec.disabledTools, ...(spec.tools?.deny ?? [])]);
  return spec.toolsets.flatMap((t) => KUBERNETES_MCP_TOOLS.toolsets[t] ?? []).filter((name) => {
    const api = KUBERNETES_MCP_TOOL_API.tools[name];
    if (!api || removed.has(name)) return false;
    if (spec.tools?.allow && !spec.tools.allow.includes(name)) return false;
    if (spec.readOnly && !api.readOnly) return false;
    return !(spec.disableDestructive && api.destructive);
  });
}

/** Tools that list in every namespace and cannot be told one: with namespaced rules they are refused. */
const EVERY_NAMESPACE_ONLY = ['pods_list'];

/**
 * Tools the derived rules cannot serve, which the server is told to disable so it does not
 * offer them: resources_* without listed kinds, and tools that only list every namespace when
 * the rules are limited to some namespaces.
 */
export function unservedTools(
  tools: readonly string[], access: { readonly namespaces?: readonly string[]; readonly kinds?: readonly ListedKind[] },
): string[] {
  return tools.filter((name) => (KUBERNETES_MCP_TOOL_API.tools[name].anyKind && !access.kinds?.length)
    || (access.namespaces && EVERY_NAMESPACE_ONLY.includes(name)));
}

/** The rules those tools need: cluster-scoped and namespaced, each merged and sorted. */
export function toolRules(tools: readonly string[], kinds: readonly ListedKind[]): { cluster: k8s.PolicyRule[]; namespaced: k8s.PolicyRule[] } {
  const calls: ToolApiCall[] = tools.flatMap((name) => {
    const api = KUBERNETES_MCP_TOOL_API.tools[name];
    const any = api.anyKind;
    return [...api.calls, ...(any ? kinds.map((k) => ({ group: k.group, resource: any.subresource ? `${k.resource}/${any.subresource}` : k.resource, verbs: any.verbs, clusterScoped: k.clusterScoped })) : [])];
  });
  return { cluster: merge(calls.filter((c) => c.clusterScoped)), namespaced: merge(calls.filter((c) => !c.clusterScoped)) };
}

/** One rule per API group and verb set, resources sorted: the same calls always give the same rules. */
function merge(calls: readonly ToolApiCall[]): k8s.PolicyRule[] {
  const verbsOf = new Map<string, Set<string>>();
  for (const c of calls) {
    const key = `${c.group}\0${c.resource}`;
    const verbs = verbsOf.get(key) ?? new Set<string>();
    c.verbs.forEach((v) => verbs.add(v));
    verbsOf.set(key, verbs);
  }
  const rules = new Map<string, { group: string; verbs: string[]; resources: string[] }>();
  for (const [key, verbs] of [...verbsOf].sort(([a], [b]) => a.localeCompare(b))) {
    const [group, resource] = key.split('\0');
    const sorted = [...verbs].sort();
    const ruleKey = `${group}\0${sorted.join(',')}`;
    const rule = rules.get(ruleKey) ?? { group, verbs: sorted, resources: [] };
    rule.resources.push(resource);
    rules.set(ruleKey, rule);
  }
  return [...rules.values()].map((r) => ({ apiGroups: [r.group], resources: r.resources, verbs: r.verbs }));
}
