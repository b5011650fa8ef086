import { KUBERNETES_MCP_CONFIG_KEYS, KUBERNETES_MCP_DEFAULT_TOOLSETS, KUBERNETES_MCP_KUBECONFIG_TOOL, lastFlagValue } from '../../images';
import { PRODUCTION_ANNOTATION } from '../annotations';
import { Manifest } from '../manifest';
import { isKubernetesMcp } from '../mcp-facts';
import { mountedToml } from '../mounted-files';
import { Rule, RuleCategory, RuleContext, RuleExamples, Severity } from '../rule';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';

/*
 * What a production kubernetes-mcp-server may not do without a waiver: write to the cluster,
 * or hand its kubeconfig to whoever calls `configuration_view`. Flags win over the config
 * file (`--config`), as in the server itself; the file is read from the ConfigMap of the run
 * that is mounted at its path.
 */

/** The settings of one kubernetes-mcp-server container that decide its tools. */
interface EffectiveSettings {
  readonly readOnly: boolean;
  readonly toolsets: readonly string[];
  readonly enabledTools?: readonly string[];
  readonly disabledTools: readonly string[];
}

function words(c: Manifest): string[] {
  return [...(c?.command ?? []), ...(c?.args ?? [])].map(String);
}

/** `--read-only`, `--read-only=true` or `--read-only=false`: the flag's value, if given. */
function boolFlag(args: string[], flag: string): boolean | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === flag) return true;
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1) !== 'false';
  }
  return undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function settingsOf(site: PodSpecSite, c: ContainerSite, obj: Manifest, context: RuleContext): EffectiveSettings {
  const args = words(c.container);
  const configPath = lastFlagValue(args, '--config');
  // A file that does not parse: the server would refuse to start; the pod tests say so.
  const file = (configPath ? mountedToml(site, c.container, configPath, obj.metadata?.namespace, context)?.values : undefined) ?? {};
  const keys = KUBERNETES_MCP_CONFIG_KEYS;
  const toolsetsFlag = lastFlagValue(args, '--toolsets');
  return {
    readOnly: boolFlag(args, '--read-only') ?? file[keys.readOnly] === true,
    toolsets: toolsetsFlag !== undefined ? toolsetsFlag.split(',').map((t) => t.trim()) : stringList(file[keys.toolsets]) ?? KUBERNETES_MCP_DEFAULT_TOOLSETS,
    enabledTools: stringList(file[keys.enabledTools]),
    disabledTools: stringList(file[keys.disabledTools]) ?? [],
  };
}

/** kubernetes-mcp-server containers of a production workload, with their effective settings. */
function productionServers(obj: Manifest, context: RuleContext): Array<{ c: ContainerSite; settings: EffectiveSettings }> {
  const site = podSpecOf(obj);
  if (!site || obj.metadata?.annotations?.[PRODUCTION_ANNOTATION] !== 'true') return [];
  return allContainers(site).filter((c) => c.kind === 'containers' && isKubernetesMcp(c.container))
    .map((c) => ({ c, settings: settingsOf(site, c, obj, context) }));
}

/** What a kubernetes-mcp-server rule says: an error of the MCP category, with examples. */
interface KubernetesMcpRuleOptions extends Omit<Rule, 'category' | 'severity' | 'examples'> {
  readonly examples: RuleExamples;
}

function rule(options: KubernetesMcpRuleOptions): Rule {
  return { ...options, category: RuleCategory.MCP, severity: Severity.ERROR };
}

/** A production kubernetes-mcp-server Deployment with its config file, for docs/rules.md. */
function example(args: string, toml: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: kubernetes, namespace: mcp, annotations: {cdk8s-mcp/production: "true"}}
spec:
  selector: {matchLabels: {app: kubernetes}}
  template:
    metadata: {labels: {app: kubernetes}}
    spec:
      containers:
        - name: server
          image: quay.io/containers/kubernetes_mcp_server:v0.0.66
          args: ${args}
          volumeMounts: [{name: files, mountPath: /etc/kubernetes-mcp-server/config.toml, subPath: config.toml}]
      volumes: [{name: files, configMap: {name: kubernetes-files}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kubernetes-files, namespace: mcp}
data:
  config.toml: |
    ${toml}`;
}

export const MCP_KUBERNETES_WRITABLE = rule({
  id: 'MCP-KUBERNETES-WRITABLE',
  title: 'A production kubernetes-mcp-server runs read-only',
  why: 'Without --read-only (or read_only = true in its config file) kubernetes-mcp-server offers tools that create, change and delete objects with its ServiceAccount\'s rights, to every agent that reaches it; in production that should be a decision on the record, not a default switched off.',
  fix: 'Keep readOnly: true (the default), or waive MCP-KUBERNETES-WRITABLE on the server with the reason it must write.',
  check: (obj, context) => productionServers(obj, context).filter(({ settings }) => !settings.readOnly).map(({ c }) => ({
    path: `${c.path}.args`,
    message: `kubernetes-mcp-server "${c.container.name}" of a production environment runs without --read-only: its tools can change the cluster`,
  })),
  examples: {
    fails: example('[--config, /etc/kubernetes-mcp-server/config.toml]', 'disabled_tools = ["configuration_view"]'),
    passes: example('[--config, /etc/kubernetes-mcp-server/config.toml, --read-only]', 'disabled_tools = ["configuration_view"]'),
  },
});

export const MCP_KUBECONFIG_TOOL = rule({
  id: 'MCP-KUBECONFIG-TOOL',
  title: `A production kubernetes-mcp-server does not offer ${KUBERNETES_MCP_KUBECONFIG_TOOL.name}`,
  why: `${KUBERNETES_MCP_KUBECONFIG_TOOL.name} (toolset "${KUBERNETES_MCP_KUBECONFIG_TOOL.toolset}") returns the kubeconfig the server runs with, even with --read-only: any agent that reaches the server gets credentials to use without it (${KUBERNETES_MCP_KUBECONFIG_TOOL.source}).`,
  fix: `Keep ${KUBERNETES_MCP_KUBECONFIG_TOOL.name} in disabledTools (the default), leave the "${KUBERNETES_MCP_KUBECONFIG_TOOL.toolset}" toolset out, or waive MCP-KUBECONFIG-TOOL with the reason.`,
  check: (obj, context) => productionServers(obj, context).filter(({ settings }) => offersKubeconfigTool(settings)).map(({ c }) => ({
    path: `${c.path}.args`,
    message: `kubernetes-mcp-server "${c.container.name}" of a production environment offers ${KUBERNETES_MCP_KUBECONFIG_TOOL.name}, which hands out its kubeconfig`,
  })),
  examples: {
    fails: example('[--config, /etc/kubernetes-mcp-server/config.toml, --read-only]', 'disabled_tools = []'),
    passes: example('[--config, /etc/kubernetes-mcp-server/config.toml, --read-only]', 'disabled_tools = ["configuration_view"]'),
  },
});

function offersKubeconfigTool(settings: EffectiveSettings): boolean {
  const tool = KUBERNETES_MCP_KUBECONFIG_TOOL;
  if (!settings.toolsets.includes(tool.toolset)) return false;
  if (settings.enabledTools && !settings.enabledTools.includes(tool.name)) return false;
  return !settings.disabledTools.includes(tool.name);
}

export const KUBERNETES_MCP_RULES: Rule[] = [MCP_KUBERNETES_WRITABLE, MCP_KUBECONFIG_TOOL];
