import { Manifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';

/*
 * RBAC risk: grants that let a subject read every credential, become someone else, or run
 * code in other pods. An MCP server's ServiceAccount is driven by an AI agent: give it the
 * least that works.
 */

interface RuleSite {
  readonly rule: Manifest;
  readonly path: string;
}

function rulesOf(obj: Manifest): RuleSite[] {
  if (obj?.kind !== 'Role' && obj?.kind !== 'ClusterRole') return [];
  return (obj.rules ?? []).map((rule: Manifest, i: number) => ({ rule: rule ?? {}, path: `rules[${i}]` }));
}

const has = (list: unknown, value: string) => Array.isArray(list) && (list.includes(value) || list.includes('*'));
const covers = (rule: Manifest, group: string, resource: string, verb: string) =>
  has(rule.apiGroups, group) && has(rule.resources, resource) && has(rule.verbs, verb);

function rbacRule(id: string, severity: Severity, title: string, why: string, fix: string, check: (site: RuleSite, obj: Manifest) => Violation[]): Rule {
  return {
    id, category: RuleCategory.RBAC, severity, title, why, fix,
    check: (obj) => rulesOf(obj).flatMap((site) => check(site, obj)),
  };
}

export const RBAC_WILDCARD = rbacRule('RBAC-WILDCARD', Severity.ERROR, 'No wildcard verbs, resources or apiGroups',
  'A wildcard grants every present and future resource or verb, including ones added by CRDs later.',
  'List the exact apiGroups, resources and verbs the workload needs.',
  ({ rule, path }) => (['apiGroups', 'resources', 'verbs'] as const).filter((f) => Array.isArray(rule[f]) && rule[f].includes('*'))
    .map((f) => ({ path: `${path}.${f}`, message: `rule grants "*" in ${f}` })));

function secretReads(obj: Manifest): Violation[] {
  return rulesOf(obj).flatMap(({ rule, path }) => {
    const verbs = ['get', 'list', 'watch'].filter((v) => covers(rule, '', 'secrets', v));
    // get on named Secrets only is the narrow, acceptable form.
    const namedGetOnly = Array.isArray(rule.resourceNames) && rule.resourceNames.length > 0 && verbs.every((v) => v === 'get');
    if (verbs.length === 0 || namedGetOnly) return [];
    const scope = obj.kind === 'ClusterRole' ? 'in every namespace it is bound for' : `in namespace ${obj.metadata?.namespace ?? '(default)'}`;
    return [{ path, message: `${obj.kind} grants ${verbs.join('/')} on secrets ${scope}` }];
  });
}

export const RBAC_SECRETS_READ_CLUSTER: Rule = {
  id: 'RBAC-SECRETS-READ-CLUSTER',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No ClusterRole that reads Secrets',
  why: 'A ClusterRole that reads Secrets, bound cluster-wide, reads every token and password in the cluster (Helm releases included; RBAC cannot narrow Secrets by type).',
  fix: 'Use a Role in the namespaces that need it, name the Secrets in resourceNames, or waive with a reason (a dev cluster\'s "broad now, tighten later").',
  check: (obj) => (obj?.kind === 'ClusterRole' ? secretReads(obj) : []),
};

export const RBAC_SECRETS_READ: Rule = {
  id: 'RBAC-SECRETS-READ',
  category: RuleCategory.RBAC,
  severity: Severity.WARNING,
  title: 'Reading Secrets in a namespace is flagged',
  why: 'Namespaced Secret read still exposes every credential of that namespace.',
  fix: 'Name the Secrets in resourceNames where you can; otherwise keep the namespace free of unrelated Secrets.',
  check: (obj) => (obj?.kind === 'Role' ? secretReads(obj) : []),
};

export const RBAC_ESCALATION = rbacRule('RBAC-ESCALATION', Severity.ERROR, 'No escalate, bind or impersonate',
  'These verbs let a subject grant itself any permission or act as any user or ServiceAccount.',
  'Remove the verb; grant the permissions the workload actually uses.',
  ({ rule, path }) => ['escalate', 'bind', 'impersonate'].filter((v) => Array.isArray(rule.verbs) && rule.verbs.includes(v))
    .map((v) => ({ path: `${path}.verbs`, message: `rule grants "${v}"` })));

// exec and attach are reached with create, and with get over websockets.
const DANGEROUS_SUBRESOURCES: Array<[string, string]> = [
  ['pods/exec', 'create'], ['pods/exec', 'get'], ['pods/attach', 'create'], ['pods/attach', 'get'],
  ['nodes/proxy', 'get'], ['nodes/proxy', 'create'], ['serviceaccounts/token', 'create'],
];

export const RBAC_POD_EXEC = rbacRule('RBAC-POD-EXEC', Severity.ERROR, 'No pods/exec, pods/attach, nodes/proxy or serviceaccounts/token create',
  'Exec, attach and the node proxy run commands in other workloads; minting ServiceAccount tokens lets a subject become another account.',
  'Remove the subresource; use logs or purpose-built APIs instead.',
  ({ rule, path }) => DANGEROUS_SUBRESOURCES
    .filter(([resource, verb]) => Array.isArray(rule.resources) && rule.resources.includes(resource) && covers(rule, '', resource, verb))
    .map(([resource, verb]) => ({ path, message: `rule grants ${verb} on ${resource}` })));


export const RBAC_CREATE_PODS = rbacRule('RBAC-CREATE-PODS', Severity.WARNING, 'Creating pods is flagged',
  'Whoever can create pods can run any image with any ServiceAccount of the namespace, and so inherit its permissions.',
  'Create workloads through a controller the platform owns, or accept with a waiver.',
  ({ rule, path }) => (covers(rule, '', 'pods', 'create') && Array.isArray(rule.resources) && rule.resources.includes('pods')
    ? [{ path, message: 'rule grants create on pods' }] : []));

export const RBAC_CLUSTER_ADMIN: Rule = {
  id: 'RBAC-CLUSTER-ADMIN',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No bindings to cluster-admin',
  why: 'cluster-admin is every permission on every resource: an agent holding it owns the cluster.',
  fix: 'Bind a Role or ClusterRole with exactly the rules needed.',
  check: (obj) => ((obj?.kind === 'RoleBinding' || obj?.kind === 'ClusterRoleBinding') && obj.roleRef?.kind === 'ClusterRole' && obj.roleRef?.name === 'cluster-admin'
    ? [{ path: 'roleRef.name', message: `${obj.kind} binds cluster-admin` }] : []),
};

/** Subjects every request without credentials (or with an invalid token) is. */
const ANONYMOUS = ['system:unauthenticated', 'system:anonymous'];

export const RBAC_ANONYMOUS: Rule = {
  id: 'RBAC-ANONYMOUS',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No bindings to system:unauthenticated or system:anonymous',
  why: 'Those subjects are anyone who can reach the API server without credentials: whatever the role grants, the internet may have.',
  fix: 'Bind the role to the ServiceAccount (or group) that needs it.',
  check: (obj) => ((obj?.kind === 'RoleBinding' || obj?.kind === 'ClusterRoleBinding') && Array.isArray(obj.subjects)
    ? obj.subjects.flatMap((s: Manifest, i: number) => (ANONYMOUS.includes(s?.name)
      ? [{ path: `subjects[${i}]`, message: `${obj.kind} binds ${obj.roleRef?.kind ?? 'a role'} ${obj.roleRef?.name ?? ''} to ${s.kind ?? 'subject'} ${s.name}`.replace(/\s+/g, ' ') }] : []))
    : []),
};

export const RBAC_RULES: Rule[] = [RBAC_WILDCARD, RBAC_SECRETS_READ_CLUSTER, RBAC_SECRETS_READ, RBAC_ESCALATION, RBAC_POD_EXEC, RBAC_CREATE_PODS, RBAC_CLUSTER_ADMIN, RBAC_ANONYMOUS];
