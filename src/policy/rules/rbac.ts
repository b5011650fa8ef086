import { Manifest, objectRef } from '../manifest';
import { describeGrant, rbacGraph } from '../rbac-graph';
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

/** What an RBAC rule says; its check sees each policy rule of a Role or ClusterRole. */
interface RbacRuleOptions extends Omit<Rule, 'category' | 'check'> {
  readonly check: (site: RuleSite, obj: Manifest) => Violation[];
}

function rbacRule({ check, ...rule }: RbacRuleOptions): Rule {
  return { ...rule, category: RuleCategory.RBAC, check: (obj) => rulesOf(obj).flatMap((site) => check(site, obj)) };
}

/** A ClusterRole with these rules, as YAML, for rule examples. */
const clusterRoleYaml = (rules: string, name = 'agent') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules:\n${rules}`;

/** The verbs of a rule that apply to a resource it names explicitly (a wildcard resource is RBAC-WILDCARD's). */
function namedVerbs(rule: Manifest, group: string, resource: string, verbs: readonly string[]): string[] {
  if (!Array.isArray(rule.resources) || !rule.resources.includes(resource) || !has(rule.apiGroups, group)) return [];
  return verbs.filter((v) => has(rule.verbs, v));
}

export const RBAC_WILDCARD = rbacRule({
  id: 'RBAC-WILDCARD',
  severity: Severity.ERROR,
  title: 'No wildcard verbs, resources, subresources or apiGroups',
  why: 'A wildcard grants every present and future resource or verb, including ones added by CRDs later; `pods/*` is every subresource of pods, exec and attach among them.',
  fix: 'List the exact apiGroups, resources (and subresources) and verbs the workload needs.',
  check: ({ rule, path }) => (['apiGroups', 'resources', 'verbs'] as const).flatMap((f) => (Array.isArray(rule[f]) ? rule[f] : [])
    .filter((entry: unknown) => entry === '*' || (f === 'resources' && typeof entry === 'string' && entry.includes('*')))
    .map((entry: string) => ({ path: `${path}.${f}`, message: `rule grants "${entry}" in ${f}` }))),
  examples: { fails: clusterRoleYaml('- {apiGroups: [""], resources: ["pods/*"], verbs: [get]}'), passes: clusterRoleYaml('- {apiGroups: [""], resources: [pods/log], verbs: [get]}') },
});

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

export const RBAC_ESCALATION = rbacRule({
  id: 'RBAC-ESCALATION',
  severity: Severity.ERROR,
  title: 'No escalate, bind or impersonate',
  why: 'These verbs let a subject grant itself any permission or act as any user or ServiceAccount.',
  fix: 'Remove the verb; grant the permissions the workload actually uses.',
  check: ({ rule, path }) => ['escalate', 'bind', 'impersonate'].filter((v) => Array.isArray(rule.verbs) && rule.verbs.includes(v))
    .map((v) => ({ path: `${path}.verbs`, message: `rule grants "${v}"` })),
});

// exec, attach and port-forward are reached with create, and with get over websockets;
// an ephemeral container is added with patch or update of pods/ephemeralcontainers.
const DANGEROUS_SUBRESOURCES: Array<[string, string]> = [
  ['pods/exec', 'create'], ['pods/exec', 'get'], ['pods/attach', 'create'], ['pods/attach', 'get'],
  ['pods/portforward', 'create'], ['pods/portforward', 'get'], ['pods/ephemeralcontainers', 'patch'], ['pods/ephemeralcontainers', 'update'],
  ['nodes/proxy', 'get'], ['nodes/proxy', 'create'], ['serviceaccounts/token', 'create'],
];

export const RBAC_POD_EXEC = rbacRule({
  id: 'RBAC-POD-EXEC',
  severity: Severity.ERROR,
  title: 'No pods/exec, attach, portforward or ephemeralcontainers, nodes/proxy, or serviceaccounts/token create',
  why: 'Exec, attach, ephemeral containers and the node proxy run commands in other workloads; port-forward reaches their ports past every NetworkPolicy; minting ServiceAccount tokens lets a subject become another account.',
  fix: 'Remove the subresource; use logs or purpose-built APIs instead.',
  check: ({ rule, path }) => DANGEROUS_SUBRESOURCES
    .filter(([resource, verb]) => namedVerbs(rule, '', resource, [verb]).length > 0)
    .map(([resource, verb]) => ({ path, message: `rule grants ${verb} on ${resource}` })),
  examples: {
    fails: clusterRoleYaml('- {apiGroups: [""], resources: [pods/portforward, pods/ephemeralcontainers], verbs: [create, patch]}'),
    passes: clusterRoleYaml('- {apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}'),
  },
});

/** Kinds whose pod template runs as a ServiceAccount its writer chooses: [apiGroup, resource]. */
const POD_MAKERS: Array<[string, string]> = [
  ['', 'pods'], ['', 'replicationcontrollers'], ['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['apps', 'daemonsets'],
  ['batch', 'jobs'], ['batch', 'cronjobs'],
];

export const RBAC_CREATE_PODS = rbacRule({
  id: 'RBAC-CREATE-PODS',
  severity: Severity.WARNING,
  title: 'Creating pods, or workloads that make pods, is flagged',
  why: 'Whoever can create pods, or create or patch a Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob or ReplicationController, runs any image as any ServiceAccount of the namespace, and so holds its permissions.',
  fix: 'Create workloads through a controller the platform owns, give the subject a namespace of its own (nothing else to become there), or accept with a waiver.',
  check: ({ rule, path }) => POD_MAKERS.flatMap(([group, resource]) => {
    const verbs = namedVerbs(rule, group, resource, resource === 'pods' ? ['create'] : ['create', 'patch', 'update']);
    return verbs.length > 0 ? [{ path, message: `rule grants ${verbs.join('/')} on ${resource}${group ? ` (${group})` : ''}: pods run as any ServiceAccount of the namespace` }] : [];
  }),
  examples: {
    fails: clusterRoleYaml('- {apiGroups: [apps], resources: [deployments], verbs: [get, list, patch]}\n- {apiGroups: [batch], resources: [cronjobs], verbs: [create]}'),
    passes: clusterRoleYaml('- {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch]}'),
  },
});

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ADMISSION_KINDS = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'];

export const RBAC_ADMISSION_WRITE = rbacRule({
  id: 'RBAC-ADMISSION-WRITE',
  severity: Severity.ERROR,
  title: 'No writes to admission webhooks or policies',
  why: 'A mutating webhook sees and rewrites every object it registers for (Secrets and pod specs included); deleting a validating webhook or policy turns off the cluster\'s guard rails.',
  fix: 'Leave admission configuration to the platform\'s own controllers; grant get/list if the workload only reads it.',
  check: ({ rule, path }) => ADMISSION_KINDS.flatMap((resource) => {
    const verbs = namedVerbs(rule, 'admissionregistration.k8s.io', resource, WRITE_VERBS);
    return verbs.length > 0 ? [{ path, message: `rule grants ${verbs.join('/')} on ${resource}` }] : [];
  }),
  examples: {
    fails: clusterRoleYaml('- {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create, update]}'),
    passes: clusterRoleYaml('- {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list]}'),
  },
});

export const RBAC_CSR_APPROVE = rbacRule({
  id: 'RBAC-CSR-APPROVE',
  severity: Severity.ERROR,
  title: 'No approval of certificate signing requests',
  why: 'Approving a CSR for the kube-apiserver-client signer mints a client certificate for any user or group, system:masters included.',
  fix: 'Leave approval to the platform\'s approver; a workload that needs a certificate asks for one and waits.',
  check: ({ rule, path }) => [
    ...namedVerbs(rule, 'certificates.k8s.io', 'certificatesigningrequests/approval', ['update', 'patch']).map((v) => ({ path, message: `rule grants ${v} on certificatesigningrequests/approval` })),
    ...namedVerbs(rule, 'certificates.k8s.io', 'signers', ['approve']).map(() => ({ path, message: `rule grants approve on signers${Array.isArray(rule.resourceNames) ? ` ${rule.resourceNames.join(', ')}` : ' (every signer)'}` })),
  ],
  examples: {
    fails: clusterRoleYaml('- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n- {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}'),
    passes: clusterRoleYaml('- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get]}'),
  },
});

export const RBAC_NODE_WRITE = rbacRule({
  id: 'RBAC-NODE-WRITE',
  severity: Severity.ERROR,
  title: 'No writes to nodes',
  why: 'Labels and taints decide where pods run: whoever patches a node draws workloads (and their Secrets) onto it, or off the nodes meant for them.',
  fix: 'Leave nodes to the platform; grant get/list to read them.',
  check: ({ rule, path }) => ['nodes', 'nodes/status'].flatMap((resource) => {
    const verbs = namedVerbs(rule, '', resource, ['update', 'patch']);
    return verbs.length > 0 ? [{ path, message: `rule grants ${verbs.join('/')} on ${resource}` }] : [];
  }),
  examples: { fails: clusterRoleYaml('- {apiGroups: [""], resources: [nodes], verbs: [get, patch]}'), passes: clusterRoleYaml('- {apiGroups: [""], resources: [nodes], verbs: [get, list]}') },
});

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

/** Groups every authenticated user, or every ServiceAccount (of the cluster or a namespace), is in. */
const isBroadGroup = (name: unknown) => name === 'system:authenticated' || name === 'system:serviceaccounts' || (typeof name === 'string' && name.startsWith('system:serviceaccounts:'));
const POWERFUL_ROLES = ['cluster-admin', 'admin', 'edit'];

export const RBAC_BROAD_SUBJECT: Rule = {
  id: 'RBAC-BROAD-SUBJECT',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No cluster-admin, admin or edit for every authenticated user or every ServiceAccount',
  why: 'system:authenticated is anyone with any credential; system:serviceaccounts[:<ns>] is every pod\'s token. admin and edit read Secrets and create workloads, so the weakest pod becomes the strongest.',
  fix: 'Bind the role to the users, groups or ServiceAccounts that need it.',
  examples: {
    fails: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: everyone-edits, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts"}]',
    passes: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: deployer-edits, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: ServiceAccount, name: deployer, namespace: team}]',
  },
  check: (obj) => ((obj?.kind === 'RoleBinding' || obj?.kind === 'ClusterRoleBinding') && obj.roleRef?.kind === 'ClusterRole' && POWERFUL_ROLES.includes(obj.roleRef?.name) && Array.isArray(obj.subjects)
    ? obj.subjects.flatMap((s: Manifest, i: number) => (s?.kind === 'Group' && isBroadGroup(s.name)
      ? [{ path: `subjects[${i}]`, message: `${obj.kind} binds ClusterRole ${obj.roleRef.name} to group ${s.name}` }] : []))
    : []),
};

/** The built-in roles aggregation extends, by the label that feeds each. */
const AGGREGATE_LABELS: Record<string, string> = {
  'rbac.authorization.k8s.io/aggregate-to-admin': 'admin', 'rbac.authorization.k8s.io/aggregate-to-edit': 'edit', 'rbac.authorization.k8s.io/aggregate-to-view': 'view',
};
const READ_VERBS = ['get', 'list', 'watch'];

/** What a ClusterRole adds to a built-in role that the role should not have: Secret read, escalation, and for view any write. */
function aggregatedExcess(obj: Manifest, role: string): Violation[] {
  return rulesOf(obj).flatMap(({ rule, path }) => {
    const verbs: string[] = Array.isArray(rule.verbs) ? rule.verbs : [];
    const problems = [
      ...(READ_VERBS.some((v) => covers(rule, '', 'secrets', v)) ? ['Secret read'] : []),
      ...['escalate', 'bind', 'impersonate'].filter((v) => verbs.includes(v)),
      ...(role === 'view' ? verbs.filter((v) => !READ_VERBS.includes(v)) : []),
    ];
    return problems.length > 0 ? [{ path, message: `aggregated into ${role}, it gives everyone bound to ${role} ${problems.join(', ')}` }] : [];
  });
}

export const RBAC_AGGREGATION: Rule = {
  id: 'RBAC-AGGREGATION',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No Secret read, escalation or writes folded into admin, edit or view, and no role that collects theirs',
  why: 'A ClusterRole labelled aggregate-to-view (edit, admin) adds its rules to that built-in role for everyone bound to it, across the cluster; a role whose aggregationRule selects those labels silently grows with every CRD that extends them.',
  fix: 'Keep aggregated roles to what the built-in role already means (read-only for view, no Secrets); bind a role of your own instead of collecting the built-in ones.',
  examples: {
    fails: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: releases-view\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get, list]}',
    passes: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: widgets-view\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\nrules:\n- {apiGroups: [example.com], resources: [widgets], verbs: [get, list, watch]}',
  },
  check: (obj) => {
    if (obj?.kind !== 'ClusterRole') return [];
    const labels = obj.metadata?.labels ?? {};
    const fed = Object.entries(AGGREGATE_LABELS).filter(([label]) => labels[label] === 'true').flatMap(([, role]) => aggregatedExcess(obj, role));
    const selectors: Manifest[] = Array.isArray(obj.aggregationRule?.clusterRoleSelectors) ? obj.aggregationRule.clusterRoleSelectors : [];
    const collects = selectors.flatMap((sel, i) => {
      const expressionKeys = Array.isArray(sel?.matchExpressions) ? sel.matchExpressions.map((e: Manifest) => e?.key) : [];
      const keys = [...Object.keys(sel?.matchLabels ?? {}), ...expressionKeys];
      return keys.filter((k) => AGGREGATE_LABELS[k]).map((k) => ({ path: `aggregationRule.clusterRoleSelectors[${i}]`, message: `collects every rule of the built-in ${AGGREGATE_LABELS[k]} role (selects ${k}), and whatever is added to it later` }));
    });
    return [...fed, ...collects];
  },
};

/** At most this many accounts are named per binding; the rest are counted. */
const MAX_PATHS = 5;

export const RBAC_ACTS_AS: Rule = {
  id: 'RBAC-ACTS-AS',
  category: RuleCategory.RBAC,
  severity: Severity.ERROR,
  title: 'No ServiceAccount that can become another with more permissions, or read the credentials other workloads run with',
  why: 'Creating or changing a pod (or a Deployment, Job or other pod template), minting tokens, impersonating, or reading a token Secret in a namespace lets a subject act as the ServiceAccounts there; reading Secrets, or mounting them into a pod of its own, hands it the API tokens and keys the other workloads there run with. Its real permissions are theirs too, whatever its own role says. An error; for our own development environments a warning.',
  fix: 'Give the subject a namespace of its own, drop the verbs that let it become others (pod-template writes, serviceaccounts/token, impersonate, Secret read), or move the stronger ServiceAccount out of its reach.',
  examples: {
    fails: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: deployer, namespace: apps}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: reader, namespace: apps}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: deploy, namespace: apps}\nrules: [{apiGroups: [apps], resources: [deployments], verbs: [create]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: deployer, namespace: apps}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deploy}\nsubjects: [{kind: ServiceAccount, name: deployer, namespace: apps}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: secret-reader}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: reader}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}\nsubjects: [{kind: ServiceAccount, name: reader, namespace: apps}]',
    passes: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: deployer, namespace: apps}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: reader, namespace: reading}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: deploy, namespace: apps}\nrules: [{apiGroups: [apps], resources: [deployments], verbs: [create]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: deployer, namespace: apps}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deploy}\nsubjects: [{kind: ServiceAccount, name: deployer, namespace: apps}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: secret-reader}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: reader}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}\nsubjects: [{kind: ServiceAccount, name: reader, namespace: reading}]',
  },
  check: (obj, context) => {
    if (obj?.kind !== 'RoleBinding' && obj?.kind !== 'ClusterRoleBinding') return [];
    const graph = rbacGraph(context.all);
    const ref = objectRef(obj);
    // Each (subject, account or workload) pair once; messages for the first few only, the rest
    // counted (a binding that reads every Secret of a large cluster reaches thousands).
    const reached = new Map<string, Set<string>>();
    const messages: string[] = [];
    const firstTime = (from: string, to: string): boolean => {
      let targets = reached.get(from);
      if (!targets) reached.set(from, (targets = new Set()));
      if (targets.has(to)) return false;
      targets.add(to);
      return true;
    };
    let actsAs = 0;
    for (const edge of graph.actsAsVia(ref)) {
      if (reached.get(edge.from)?.has(edge.to)) continue;
      const extra = graph.gained(edge.from, edge.to);
      if (extra.length === 0 || !firstTime(edge.from, edge.to)) continue;
      actsAs++;
      if (messages.length < MAX_PATHS) messages.push(`${edge.from} can act as ${edge.to} (${edge.how}) → ${describeGrant(extra[0])}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''}`);
    }
    // The first few credentials by visiting them; all of them by counting.
    graph.visitCredentialsVia(ref, (c) => {
      if (messages.length >= MAX_PATHS) return false;
      if (firstTime(c.from, c.workload)) messages.push(`${c.from} can read the credentials of ${c.workload} (${c.how}) → Secret ${c.secrets.join(', ')}`);
      return true;
    });
    const count = actsAs + graph.countCredentialsVia(ref);
    if (count === 0) return [];
    const severity = actsAsSeverity(obj, graph.production);
    return [
      ...messages.map((message) => ({ path: 'subjects', message, severity })),
      ...(count > MAX_PATHS ? [{ path: 'subjects', message: `and ${count - MAX_PATHS} more it can act as or read the credentials of`, severity }] : []),
    ];
  },
};

/**
 * An error, but a warning for a binding we rendered whose subjects run no production
 * workload: a development environment states it, production refuses it.
 */
function actsAsSeverity(binding: Manifest, production: ReadonlySet<string>): Severity {
  if (binding.metadata?.labels?.['app.kubernetes.io/managed-by'] !== 'cdk8s-mcp') return Severity.ERROR;
  const subjects = (Array.isArray(binding.subjects) ? binding.subjects : []).map((s: Manifest) => `${s?.namespace ?? binding.metadata?.namespace ?? 'default'}/${s?.name}`);
  return subjects.some((s: string) => production.has(s)) ? Severity.ERROR : Severity.WARNING;
}

export const RBAC_RULES: Rule[] = [
  RBAC_WILDCARD, RBAC_SECRETS_READ_CLUSTER, RBAC_SECRETS_READ, RBAC_ESCALATION, RBAC_POD_EXEC, RBAC_CREATE_PODS, RBAC_CLUSTER_ADMIN, RBAC_ANONYMOUS,
  RBAC_BROAD_SUBJECT, RBAC_ADMISSION_WRITE, RBAC_CSR_APPROVE, RBAC_NODE_WRITE, RBAC_AGGREGATION, RBAC_ACTS_AS,
];
