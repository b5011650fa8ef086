import { labelSelectorMatches } from './index';
import { Manifest, objectRef, SourcedManifest } from './manifest';

/*
 * What each ServiceAccount of a run may really do: the rules its bindings give it, and what
 * it gains by acting as another ServiceAccount. A subject acts as every ServiceAccount of a
 * namespace when it may create or change a pod there, or anything with a pod template (the
 * pod runs as any ServiceAccount it names), mint their tokens, or impersonate them; and as
 * one ServiceAccount when it may read that account's token Secret. Only ServiceAccounts and
 * token Secrets the run holds are counted: the judgement is of these manifests.
 */

/** One permission: verbs on a resource of an API group, in a namespace or everywhere ("*"). */
export interface Grant {
  readonly group: string;
  readonly resource: string;
  readonly verbs: readonly string[];
  /** A namespace, or "*" for every namespace (and cluster-scoped resources). */
  readonly namespace: string;
  /** The binding that gives it, `Kind/namespace/name`. */
  readonly via: string;
  /** resourceNames, when the rule names its objects. */
  readonly names?: readonly string[];
}

/** How one ServiceAccount becomes another. */
export interface ActsAs {
  /** `namespace/name` of the ServiceAccount that gains. */
  readonly from: string;
  /** `namespace/name` of the ServiceAccount it becomes. */
  readonly to: string;
  /** What lets it, e.g. "create deployments in team-a". */
  readonly how: string;
  /** The grant that lets it. */
  readonly grant: Grant;
}

/** How a ServiceAccount gets at the credentials another workload runs with. */
export interface ReadsCredentials {
  /** `namespace/name` of the ServiceAccount that gains. */
  readonly from: string;
  /** The workload whose Secrets it reaches, `Kind/namespace/name`. */
  readonly workload: string;
  /** The Secrets that workload mounts or reads into its environment. */
  readonly secrets: readonly string[];
  readonly how: string;
  readonly grant: Grant;
}

/** A grant that lets its holder give itself any permission in its scope. */
export interface Escalation {
  readonly from: string;
  /** e.g. "escalate clusterroles cluster-wide: can grant itself any permission". */
  readonly how: string;
  readonly grant: Grant;
}

export interface RbacGraph {
  /** Every ServiceAccount of the run (objects, binding subjects, pod templates), with its own grants. */
  readonly accounts: ReadonlyMap<string, readonly Grant[]>;
  readonly actsAs: readonly ActsAs[];
  /** Workloads whose Secrets (API tokens, keys) another ServiceAccount may read, or mount into a pod of its own. */
  readonly credentials: readonly ReadsCredentials[];
  /** The ServiceAccount each workload of the run runs as: `Kind/namespace/name` -> `namespace/name`. */
  readonly runsAs: ReadonlyMap<string, string>;
  /** Who may give itself any permission: bind or escalate on roles, impersonate users or groups. */
  readonly escalations: readonly Escalation[];
}

/** Kinds whose objects run pods as a ServiceAccount their writer names: [group, resource]. */
const POD_MAKERS: Array<[string, string]> = [
  ['', 'pods'], ['', 'replicationcontrollers'], ['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['apps', 'daemonsets'],
  ['batch', 'jobs'], ['batch', 'cronjobs'],
];
const MAKE_VERBS = ['create', 'update', 'patch'];

/**
 * The built-in roles a run binds without defining, by what matters here: cluster-admin may do
 * anything; admin and edit create workloads and read Secrets in their scope; view reads
 * neither Secrets nor anything that becomes someone.
 */
const BUILT_IN: Record<string, Array<Omit<Grant, 'namespace' | 'via'>>> = {
  'cluster-admin': [{ group: '*', resource: '*', verbs: ['*'] }],
  'admin': [...POD_MAKERS.map(([group, resource]) => ({ group, resource, verbs: ['create', 'update', 'patch', 'delete', 'get', 'list'] })), { group: '', resource: 'secrets', verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
  'edit': [...POD_MAKERS.map(([group, resource]) => ({ group, resource, verbs: ['create', 'update', 'patch', 'delete', 'get', 'list'] })), { group: '', resource: 'secrets', verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
};

const cache = new WeakMap<readonly SourcedManifest[], RbacGraph>();

/** The graph of a run, computed once per run. */
export function rbacGraph(all: readonly SourcedManifest[]): RbacGraph {
  let graph = cache.get(all);
  if (!graph) {
    graph = build(all.map((m) => m.object).filter((o) => o && typeof o === 'object'));
    cache.set(all, graph);
  }
  return graph;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function build(objects: Manifest[]): RbacGraph {
  const accounts = new Map<string, Grant[]>();
  const account = (ns: string, name: string) => {
    const k = key(ns, name);
    if (!accounts.has(k)) accounts.set(k, []);
    return accounts.get(k)!;
  };
  const workloads: Array<{ ref: string; namespace: string; account: string; secrets: string[] }> = [];
  for (const o of objects) {
    if (o.kind === 'ServiceAccount' && o.metadata?.name) account(o.metadata.namespace ?? 'default', o.metadata.name);
    const template = o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
    if (template && POD_MAKERS.some(([, r]) => r === `${String(o.kind).toLowerCase()}s`)) {
      const namespace = o.metadata?.namespace ?? 'default';
      const name = template.serviceAccountName ?? 'default';
      account(namespace, name);
      workloads.push({ ref: objectRef(o), namespace, account: key(namespace, name), secrets: secretsOf(template) });
    }
  }
  const rulesOf = roleRules(objects);
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const namespace = b.kind === 'RoleBinding' ? (b.metadata?.namespace ?? 'default') : '*';
    const rules = rulesOf(b.roleRef?.kind, b.roleRef?.name, b.metadata?.namespace);
    const via = objectRef(b);
    for (const s of Array.isArray(b.subjects) ? b.subjects : []) {
      const targets = s?.kind === 'ServiceAccount' && s.name ? [key(s.namespace ?? b.metadata?.namespace ?? 'default', s.name)]
        : s?.kind === 'Group' ? groupMembers(String(s.name), [...accounts.keys()]) : [];
      for (const t of targets) {
        const [ns, name] = t.split('/');
        account(ns, name).push(...rules.map((r) => ({ ...r, namespace, via })));
      }
    }
  }
  return {
    accounts, actsAs: edges(accounts, objects), credentials: credentialReaders(accounts, workloads),
    runsAs: new Map(workloads.map((w) => [w.ref, w.account])),
    escalations: escalations(accounts),
  };
}

/** bind or escalate on (cluster)roles grants whatever the subject writes into a role; impersonating users or groups is being them (system:masters included). */
function escalations(accounts: Map<string, Grant[]>): Escalation[] {
  const out: Escalation[] = [];
  for (const [from, grants] of accounts) {
    for (const g of grants) {
      const where = g.namespace === '*' ? 'cluster-wide' : `in ${g.namespace}`;
      const rbac = ['roles', 'clusterroles'].filter((r) => ['bind', 'escalate'].some((v) => allows(g, 'rbac.authorization.k8s.io', r, v)));
      if (rbac.length > 0) out.push({ from, grant: g, how: `${g.verbs.filter((v) => v === 'bind' || v === 'escalate' || v === '*').join('/')} ${rbac.join(', ')} ${where}: can grant itself any permission` });
      const who = ['users', 'groups'].filter((r) => allows(g, '', r, 'impersonate'));
      if (who.length > 0) out.push({ from, grant: g, how: `impersonate ${who.join(', ')}: can act as any user${who.includes('groups') ? ', system:masters included' : ''}` });
    }
  }
  return out;
}

/** The Secrets a pod template reads: env and envFrom of every container, secret and projected volumes. */
function secretsOf(spec: Manifest): string[] {
  const containers: Manifest[] = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
  const names = [
    ...containers.flatMap((c) => (Array.isArray(c?.env) ? c.env : []).map((e: Manifest) => e?.valueFrom?.secretKeyRef?.name)),
    ...containers.flatMap((c) => (Array.isArray(c?.envFrom) ? c.envFrom : []).map((e: Manifest) => e?.secretRef?.name)),
    ...(Array.isArray(spec.volumes) ? spec.volumes : []).flatMap((v: Manifest) => [v?.secret?.secretName, ...(Array.isArray(v?.projected?.sources) ? v.projected.sources : []).map((s: Manifest) => s?.secret?.name)]),
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))].sort();
}

/** Who may read a workload's Secrets: Secret read in its namespace, or a pod of one's own there that mounts them. */
function credentialReaders(accounts: Map<string, Grant[]>, workloads: Array<{ ref: string; namespace: string; account: string; secrets: string[] }>): ReadsCredentials[] {
  const out: ReadsCredentials[] = [];
  for (const w of workloads.filter((x) => x.secrets.length > 0)) {
    for (const [from, grants] of accounts) {
      if (from === w.account) continue;
      const grant = grants.find((g) => inScope(g, w.namespace) && (['get', 'list', 'watch'].some((v) => allows(g, '', 'secrets', v) && (v !== 'get' || !g.names || w.secrets.every((s) => g.names!.includes(s))))
        || POD_MAKERS.some(([group, resource]) => allows(g, group, resource, 'create'))));
      if (!grant) continue;
      const reads = ['get', 'list', 'watch'].some((v) => allows(grant, '', 'secrets', v));
      const where = grant.namespace === '*' ? 'cluster-wide' : `in ${grant.namespace}`;
      out.push({ from, workload: w.ref, secrets: w.secrets, grant, how: reads ? `${grant.verbs.filter((v) => ['get', 'list', 'watch', '*'].includes(v)).join('/')} secrets ${where}` : `create ${grant.resource} ${where}, mounting them` });
    }
  }
  return out;
}

/** The ServiceAccounts a group names: system:serviceaccounts (all), system:serviceaccounts:<ns>. */
function groupMembers(group: string, known: string[]): string[] {
  if (group === 'system:serviceaccounts' || group === 'system:authenticated') return known;
  const ns = /^system:serviceaccounts:(.+)$/.exec(group)?.[1];
  return ns ? known.filter((k) => k.startsWith(`${ns}/`)) : [];
}

/** A lookup of role rules: Roles, ClusterRoles (with aggregation over the run's ClusterRoles), and the built-in ones. */
function roleRules(objects: Manifest[]): (kind: string, name: string, namespace?: string) => Array<Omit<Grant, 'namespace' | 'via'>> {
  const toGrants = (rules: unknown) => (Array.isArray(rules) ? rules : []).flatMap((r: Manifest) => list(r?.apiGroups).flatMap((group) => list(r?.resources)
    .map((resource) => ({ group, resource, verbs: list(r?.verbs), ...(list(r?.resourceNames).length > 0 ? { names: list(r?.resourceNames) } : {}) }))));
  const clusterRoles = objects.filter((o) => o.kind === 'ClusterRole');
  return (kind, name, namespace) => {
    if (kind === 'Role') return toGrants(objects.find((o) => o.kind === 'Role' && o.metadata?.name === name && (o.metadata?.namespace ?? 'default') === (namespace ?? 'default'))?.rules);
    const role = clusterRoles.find((o) => o.metadata?.name === name);
    if (!role) return BUILT_IN[name] ?? [];
    const selectors: Manifest[] = Array.isArray(role.aggregationRule?.clusterRoleSelectors) ? role.aggregationRule.clusterRoleSelectors : [];
    const aggregated = selectors.length === 0 ? [] : clusterRoles.filter((o) => o !== role && selectors.some((sel) => labelSelectorMatches(sel ?? {}, o.metadata?.labels ?? {})));
    return [...toGrants(role.rules), ...aggregated.flatMap((o) => toGrants(o.rules))];
  };
}

const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;
const allows = (g: Omit<Grant, 'via'>, group: string, resource: string, verb: string) =>
  matches(g.group, group) && matches(g.resource, resource) && (g.verbs.includes(verb) || g.verbs.includes('*'));
const inScope = (g: Grant, namespace: string) => g.namespace === '*' || g.namespace === namespace;

/** Every way one ServiceAccount of the run becomes another. */
function edges(accounts: Map<string, Grant[]>, objects: Manifest[]): ActsAs[] {
  const out: ActsAs[] = [];
  const tokenSecrets = objects.filter((o) => o.kind === 'Secret' && o.type === 'kubernetes.io/service-account-token' && o.metadata?.annotations?.['kubernetes.io/service-account.name']);
  // Only accounts with grants of their own can add anything to whoever becomes them.
  const holders = [...accounts].filter(([, grants]) => grants.length > 0).map(([k]) => k);
  for (const [from, grants] of accounts) {
    for (const g of grants) {
      const where = g.namespace === '*' ? 'every namespace' : g.namespace;
      const others = holders.filter((to) => to !== from && inScope(g, to.split('/')[0]));
      const maker = POD_MAKERS.find(([group, resource]) => MAKE_VERBS.some((v) => allows(g, group, resource, v)));
      if (maker) others.forEach((to) => out.push({ from, to, grant: g, how: `${g.verbs.filter((v) => MAKE_VERBS.includes(v) || v === '*').join('/')} ${maker[1]} in ${where}` }));
      else if (allows(g, '', 'serviceaccounts/token', 'create')) others.forEach((to) => out.push({ from, to, grant: g, how: `create serviceaccounts/token in ${where}` }));
      else if (allows(g, '', 'serviceaccounts', 'impersonate')) others.forEach((to) => out.push({ from, to, grant: g, how: `impersonate serviceaccounts in ${where}` }));
      if (['get', 'list', 'watch'].some((v) => allows(g, '', 'secrets', v))) {
        for (const s of tokenSecrets) {
          const ns = s.metadata.namespace ?? 'default';
          const to = key(ns, s.metadata.annotations['kubernetes.io/service-account.name']);
          if (to !== from && inScope(g, ns) && accounts.has(to) && (!g.names || g.names.includes(s.metadata.name))) out.push({ from, to, grant: g, how: `read its token Secret ${ns}/${s.metadata.name}` });
        }
      }
    }
  }
  return out;
}

/** The grants of `to` that `from` does not hold itself: what acting as `to` adds. */
export function gained(graph: RbacGraph, from: string, to: string): Grant[] {
  const own = graph.accounts.get(from) ?? [];
  return (graph.accounts.get(to) ?? []).filter((g) => g.verbs.some((v) => !own.some((o) => (o.namespace === '*' || o.namespace === g.namespace) && allows(o, g.group, g.resource, v))))
    .sort((a, b) => weight(b) - weight(a));
}

/** Which gains to name first: everything, then Secrets, then grants of every namespace. */
function weight(g: Grant): number {
  return (g.resource === '*' ? 4 : 0) + (g.resource === 'secrets' ? 2 : 0) + (g.namespace === '*' ? 1 : 0);
}

/** A grant in words: "list secrets cluster-wide", "get pods in team-a". */
export function describeGrant(g: Grant): string {
  return `${g.verbs.join('/')} ${g.resource}${g.group && g.group !== '*' ? `.${g.group}` : g.group === '*' ? ' (every group)' : ''} ${g.namespace === '*' ? 'cluster-wide' : `in ${g.namespace}`}`;
}
