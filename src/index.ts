/*
 * The supported API of cdk8s-mcp as a construct library: what `import { ... } from
 * 'cdk8s-mcp'` gives. Everything else under src/ is internal and may change in any release.
 */

// Constructs: an MCP server and the pieces around it (src/constructs/).
export * from './constructs';
export * from './constructs/gitops';

// The catalog: servers rendered from an environment-file entry (src/servers/).
export { GenericServer } from './servers/generic';
export { KubernetesServer, KUBERNETES_MCP_CONFIG_PATH } from './servers/kubernetes';
export { GithubServer } from './servers/github';
export { PulumiServer } from './servers/pulumi';
export { addServer } from './servers/catalog';
export type { ServerContext } from './servers/server-context';
export type {
  ServerSpec, GenericServerSpec, KubernetesServerSpec, GithubServerSpec, PulumiServerSpec, EnvironmentInput, EnvironmentSpec,
} from './config/schema';

// Whole environments from environment files, as `npm run synth` renders them.
export { EnvironmentChart } from './charts/environment-chart';
export { loadEnvironments, loadEnvironmentText } from './synth/load-environments';
export type { Environment } from './config/load';
export type { ConfigProblem } from './config/problems';

// The policy gate (src/policy/).
export { evaluate, ruleIds, ALL_RULES } from './policy/engine';
export type { PolicyOptions } from './policy/engine';
export { evaluateConstructs } from './synth/gate';
export { hasErrors, formatFinding } from './policy/finding';
export type { Finding } from './policy/finding';
export { RuleCategory, Severity } from './policy/rule';
export type { Rule, RuleContext, RuleExamples, Violation } from './policy/rule';
export type { Manifest, SourcedManifest } from './policy/manifest';
export { readManifests, parseManifests } from './policy/read-manifests';
export type { ReadOptions } from './policy/read-manifests';
export { McpPolicyValidation } from './policy/cdk8s-plugin';
export type { ValidationContextLike, ViolatingResource } from './policy/cdk8s-plugin';
export { WAIVER_ANNOTATION, waiverAnnotation } from './policy/waivers';
export type { Waiver } from './policy/waivers';
