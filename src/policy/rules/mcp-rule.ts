import { Manifest } from '../manifest';
import { Rule, RuleCategory, Violation } from '../rule';
import { podSpecOf, PodSpecSite } from '../workloads';

/* What the MCP rules share: how a rule is declared, and small readers of containers. */

/** A plain env value of a container. */
export const envValue = (c: Manifest, name: string): string | undefined => (c?.env ?? []).find((e: Manifest) => e?.name === name)?.value;
/** A container's command and args, as words. */
export const words = (c: Manifest): string[] => [...(c?.command ?? []), ...(c?.args ?? [])].map(String);

/** What an MCP rule says: everything of a Rule but its category. */
export type McpRuleOptions = Omit<Rule, 'category'>;

/** An MCP rule. */
export function mcpRule(options: McpRuleOptions): Rule {
  return { ...options, category: RuleCategory.MCP };
}

/** A Deployment with one container, for examples in docs/rules.md. */
export function exampleDeployment(container: string, pod = ''): string {
  const indent = (text: string, n: number) => text.trim().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: mcp, namespace: mcp}', 'spec:', '  selector: {matchLabels: {app: mcp}}', '  template:',
    '    metadata: {labels: {app: mcp}}', '    spec:', ...(pod ? [indent(pod, 6)] : []), '      containers:', indent(container, 8),
  ].join('\n');
}

/** A check of the pod spec of a workload (or Pod); other objects have none. */
export function onPods(check: (site: PodSpecSite, obj: Manifest) => Violation[]) {
  return (obj: Manifest) => {
    const site = podSpecOf(obj);
    return site ? check(site, obj) : [];
  };
}
