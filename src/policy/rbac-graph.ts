import { PRODUCTION_ANNOTATION } from './annotations';
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
  /** The ServiceAccount each workload of the run runs as: `Kind/namespace/name` -> `namespace/name`. */
  readonly runsAs: ReadonlyMap<string, string>;
  /** ServiceAccounts a production workload runs as. */
  readonly production: ReadonlySet<string>;
  /** Every way one ServiceAccount becomes another (worked out on first use). */
  readonly actsAs: readonly ActsAs[];
  /** Workloads whose Secrets (API tokens, keys) another ServiceAccount may read, or mount into a pod of its own. */
  readonly credentials: readonly ReadsCredentials[];
  /** Who may give itself any permission: bind or escalate on roles, impersonate users or groups. */
  readonly escalations: readonly Escalation[];
  /** The ways to become another that a binding gives. */
  actsAsVia(binding: string): ActsAs[];
  /** The credentials a binding lets its subjects read. */
  credentialsVia(binding: string): ReadsCredentials[];
  /**
   * The same, one at a time and without building the list: a binding may reach thousands.
   * Stops when `visit` returns false.
   */
  visitCredentialsVia(binding: string, visit: (found: ReadsCredentials) => boolean | void): void;
  /**
   * How many (subject, workload) pairs `visitCredentialsVia` would visit once each, counted by
   * namespace instead of one by one: a binding that reads every Secret of a thousand servers.
   */
  countCredentialsVia(binding: string): number;
  /** What acting as `to` adds for `from`: the grants of `to` that `from` does not hold itself. */
  gained(from: string, to: string): Grant[];
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
/** Graphs by the first of their objects, while `sharingGraphs` runs; undefined otherwise. */
let byObjects: WeakMap<object, { objects: readonly Manifest[]; graph: RbacGraph }> | undefined;

/** The graph of a run, computed once per run (and, within `sharingGraphs`, once per list of objects). */
export function rbacGraph(all: readonly SourcedManifest[]): RbacGraph {
  let graph = cache.get(all);
  if (!graph) {
    const objects = all.map((m) => m.object).filter((o) => o && typeof o === 'object');
    const last = byObjects && objects.length > 0 ? byObjects.get(objects[0]) : undefined;
    graph = last && sameObjects(last.objects, objects) ? last.graph : build(objects);
    cache.set(all, graph);
    if (byObjects && objects.length > 0) byObjects.set(objects[0], { objects, graph });
  }
  return graph;
}

/**
 * Runs `work` with one graph for every run of the same objects: synth places waivers and then
 * gates the same rendered objects as two runs, and changes no RBAC field between them. Outside
 * it, a new run of objects changed in between gets a new graph.
 */
export function sharingGraphs<T>(work: () => T): T {
  const outer = byObjects;
  byObjects = new WeakMap();
  try {
    return work();
  } finally {
    byObjects = outer;
  }
}

const sameObjects = (a: readonly Manifest[], b: readonly Manifest[]) => a.length === b.length && a.every((o, i) => o === b[i]);

const key = (namespace: string, name: string) => `${namespace}/${name}`;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

interface Workload {
  readonly ref: string;
  readonly namespace: string;
  readonly account: string;
  readonly secrets: readonly string[];
  /** Marked as a production workload (cdk8s-mcp/production). */
  readonly production: boolean;
}

/** Items by namespace; "*" reads them all. */
class ByNamespace<T> {
  public readonly all: T[] = [];
  private readonly map = new Map<string, T[]>();

  public add(namespace: string, item: T): void {
    this.all.push(item);
    const found = this.map.get(namespace);
    if (found) found.push(item);
    else this.map.set(namespace, [item]);
  }

  public in(namespace: string): readonly T[] {
    return namespace === '*' ? this.all : this.map.get(namespace) ?? [];
  }
}

function build(objects: Manifest[]): RbacGraph {
  const accounts = new Map<string, Grant[]>();
  const account = (ns: string, name: string) => {
    const k = key(ns, name);
    if (!accounts.has(k)) accounts.set(k, []);
    return accounts.get(k)!;
  };
  const workloads = new ByNamespace<Workload>();
  for (const o of objects) {
    if (o.kind === 'ServiceAccount' && o.metadata?.name) account(o.metadata.namespace ?? 'default', o.metadata.name);
    const template = o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
    if (template && POD_MAKERS.some(([, r]) => r === `${String(o.kind).toLowerCase()}s`)) {
      const namespace = o.metadata?.namespace ?? 'default';
      const name = template.serviceAccountName ?? 'default';
      account(namespace, name);
      workloads.add(namespace, { ref: objectRef(o), namespace, account: key(namespace, name), secrets: secretsOf(template), production: o.metadata?.annotations?.[PRODUCTION_ANNOTATION] === 'true' });
    }
  }
  const rulesOf = roleRules(objects);
  const byVia = new Map<string, Array<{ from: string; grant: Grant }>>();
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const namespace = b.kind === 'RoleBinding' ? (b.metadata?.namespace ?? 'default') : '*';
    const rules = rulesOf(b.roleRef?.kind, b.roleRef?.name, b.metadata?.namespace);
    const via = objectRef(b);
    for (const s of Array.isArray(b.subjects) ? b.subjects : []) {
      const targets = s?.kind === 'ServiceAccount' && s.name ? [key(s.namespace ?? b.metadata?.namespace ?? 'default', s.name)]
        : s?.kind === 'Group' ? groupMembers(String(s.name), [...accounts.keys()]) : [];
      for (const t of targets) {
        const [ns, name] = t.split('/');
        const held = account(ns, name);
        let given = byVia.get(via);
        if (!given) byVia.set(via, (given = []));
        // Plain loops: a tools role of a thousand servers' run gives hundreds of grants per binding.
        for (const r of rules) {
          const grant: Grant = { group: r.group, resource: r.resource, verbs: r.verbs, ...(r.names ? { names: r.names } : {}), namespace, via };
          held.push(grant);
          given.push({ from: t, grant });
        }
      }
    }
  }
  return new Graph(accounts, workloads, objects, byVia);
}

/**
 * The run's accounts with indexes by namespace; the ways between them are worked out per
 * binding when a rule asks (a run of a thousand servers has millions of pairs, and a rule
 * needs a binding's few).
 */
class Graph implements RbacGraph {
  public readonly runsAs: ReadonlyMap<string, string>;
  public readonly production: ReadonlySet<string>;
  public readonly escalations: readonly Escalation[];
  private readonly holders = new ByNamespace<string>();
  private readonly tokenSecrets = new ByNamespace<Manifest>();
  private readonly gains = new Map<string, Grant[]>();
  private allActsAs?: ActsAs[];
  private allCredentials?: ReadsCredentials[];

  constructor(
    public readonly accounts: Map<string, Grant[]>,
    private readonly workloads: ByNamespace<Workload>,
    objects: Manifest[],
    private readonly byVia: Map<string, Array<{ from: string; grant: Grant }>>,
  ) {
    // Only accounts with grants of their own can add anything to whoever becomes them.
    for (const [k, grants] of accounts) if (grants.length > 0) this.holders.add(k.split('/')[0], k);
    for (const o of objects) {
      if (o.kind === 'Secret' && o.type === 'kubernetes.io/service-account-token' && o.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        this.tokenSecrets.add(o.metadata.namespace ?? 'default', o);
      }
    }
    this.runsAs = new Map(workloads.all.map((w) => [w.ref, w.account]));
    this.production = new Set(workloads.all.filter((w) => w.production).map((w) => w.account));
    this.escalations = escalations(accounts);
  }

  public get actsAs(): ActsAs[] {
    this.allActsAs ??= [...this.accounts].flatMap(([from, grants]) => grants.flatMap((g) => this.edgesOf(from, g)));
    return this.allActsAs;
  }

  public get credentials(): ReadsCredentials[] {
    if (!this.allCredentials) {
      const all: ReadsCredentials[] = [];
      for (const [from, grants] of this.accounts) for (const g of grants) this.visitCredentials(from, g, (found) => { all.push({ ...found }); });
      this.allCredentials = all;
    }
    return this.allCredentials;
  }

  public actsAsVia(binding: string): ActsAs[] {
    return (this.byVia.get(binding) ?? []).flatMap(({ from, grant }) => this.edgesOf(from, grant));
  }

  public credentialsVia(binding: string): ReadsCredentials[] {
    const out: ReadsCredentials[] = [];
    this.visitCredentialsVia(binding, (found) => { out.push({ ...found }); });
    return out;
  }

  public visitCredentialsVia(binding: string, visit: (found: ReadsCredentials) => boolean | void): void {
    for (const { from, grant } of this.byVia.get(binding) ?? []) if (!this.visitCredentials(from, grant, visit)) return;
  }

  public countCredentialsVia(binding: string): number {
    const grantsOf = new Map<string, Grant[]>();
    for (const { from, grant } of this.byVia.get(binding) ?? []) {
      const grants = grantsOf.get(from);
      if (grants) grants.push(grant);
      else grantsOf.set(from, [grant]);
    }
    let count = 0;
    for (const [from, grants] of grantsOf) count += this.credentialReach(from, grants);
    return count;
  }

  private secretRefs?: SecretRefs;

  /** The distinct workloads (with Secrets) one account's grants reach, not counting its own. */
  private credentialReach(from: string, grants: readonly Grant[]): number {
    this.secretRefs ??= secretRefs(this.workloads.all);
    const refs = this.secretRefs;
    const scopes = grants.map((g) => ({ g, scope: credentialScope(g) })).filter((s) => s.scope);
    const whole = new Set(scopes.filter((s) => !s.scope!.namedOnly).map((s) => s.g.namespace));
    // A workload counts when a copy of it with Secrets runs as another account than `from`.
    const own = refs.onlyRunBy.get(from) ?? 0;
    if (whole.has('*')) return refs.total - own;
    let count = 0;
    for (const ns of whole) count += (refs.byNamespace.get(ns) ?? 0) - (from.startsWith(`${ns}/`) ? own : 0);
    const named = new Set<string>();
    for (const { g } of scopes.filter((s) => s.scope!.namedOnly)) {
      for (const w of this.workloads.in(g.namespace)) {
        if (!whole.has(w.namespace) && w.account !== from && w.secrets.length > 0 && w.secrets.every((s) => g.names!.includes(s))) named.add(w.ref);
      }
    }
    return count + named.size;
  }

  public gained(from: string, to: string): Grant[] {
    // Accounts with the same grants (copies of one server in one namespace) add nothing to each other.
    if (this.signature(from) === this.signature(to)) return [];
    const pair = `${from}\0${to}`;
    let found = this.gains.get(pair);
    if (!found) {
      const own = this.accounts.get(from) ?? [];
      found = (this.accounts.get(to) ?? []).filter((g) => g.verbs.some((v) => !own.some((o) => (o.namespace === '*' || o.namespace === g.namespace) && allows(o, g.group, g.resource, v))))
        .sort((a, b) => weight(b) - weight(a));
      this.gains.set(pair, found);
    }
    return found;
  }

  private readonly signatures = new Map<string, string>();

  /** An account's grants as one comparable text (bindings left out). */
  private signature(account: string): string {
    let sig = this.signatures.get(account);
    if (sig === undefined) {
      sig = (this.accounts.get(account) ?? []).map((g) => `${g.namespace} ${g.group} ${g.resource} ${[...g.verbs].sort().join(',')} ${g.names?.join(',') ?? ''}`).sort().join('\n');
      this.signatures.set(account, sig);
    }
    return sig;
  }

  /** The ServiceAccounts one grant lets its holder become. */
  private edgesOf(from: string, g: Grant): ActsAs[] {
    const out: ActsAs[] = [];
    const where = g.namespace === '*' ? 'every namespace' : g.namespace;
    const others = () => this.holders.in(g.namespace).filter((to) => to !== from);
    const maker = POD_MAKERS.find(([group, resource]) => MAKE_VERBS.some((v) => allows(g, group, resource, v)));
    if (maker) {
      const how = `${g.verbs.filter((v) => MAKE_VERBS.includes(v) || v === '*').join('/')} ${maker[1]} in ${where}`;
      others().forEach((to) => out.push({ from, to, grant: g, how }));
    }
    else if (allows(g, '', 'serviceaccounts/token', 'create')) others().forEach((to) => out.push({ from, to, grant: g, how: `create serviceaccounts/token in ${where}` }));
    else if (allows(g, '', 'serviceaccounts', 'impersonate')) others().forEach((to) => out.push({ from, to, grant: g, how: `impersonate serviceaccounts in ${where}` }));
    if (['get', 'list', 'watch'].some((v) => allows(g, '', 'secrets', v))) {
      for (const s of this.tokenSecrets.in(g.namespace)) {
        const ns = s.metadata.namespace ?? 'default';
        const to = key(ns, s.metadata.annotations['kubernetes.io/service-account.name']);
        if (to !== from && this.accounts.has(to) && (!g.names || g.names.includes(s.metadata.name))) out.push({ from, to, grant: g, how: `read its token Secret ${ns}/${s.metadata.name}` });
      }
    }
    return out;
  }

  /**
   * The workloads whose Secrets one grant lets its holder read, or mount into a pod of its own.
   * `visit` gets one object, changed between calls: it copies what it keeps.
   */
  private visitCredentials(from: string, g: Grant, visit: (found: ReadsCredentials) => boolean | void): boolean {
    const scope = credentialScope(g);
    if (!scope) return true;
    const found = { from, workload: '', secrets: [] as readonly string[], grant: g, how: scope.how };
    for (const w of this.workloads.in(g.namespace)) {
      if (w.account === from || w.secrets.length === 0 || (scope.namedOnly && !w.secrets.every((s) => g.names!.includes(s)))) continue;
      found.workload = w.ref;
      found.secrets = w.secrets;
      if (visit(found) === false) return false;
    }
    return true;
  }
}

/**
 * Whether a grant reaches the Secrets of the workloads in its scope, by reading them or by
 * mounting them into a pod of its own, and in what words; undefined when it does not.
 */
function credentialScope(g: Grant): { how: string; namedOnly: boolean } | undefined {
  const reads = ['get', 'list', 'watch'].some((v) => allows(g, '', 'secrets', v));
  const mounts = POD_MAKERS.some(([group, resource]) => allows(g, group, resource, 'create'));
  if (!reads && !mounts) return undefined;
  const where = g.namespace === '*' ? 'cluster-wide' : `in ${g.namespace}`;
  const how = reads ? `${g.verbs.filter((v) => ['get', 'list', 'watch', '*'].includes(v)).join('/')} secrets ${where}` : `create ${g.resource} ${where}, mounting them`;
  // get on named Secrets reaches only those.
  const namedOnly = Boolean(reads && !mounts && g.names && !['list', 'watch'].some((v) => allows(g, '', 'secrets', v)));
  return { how, namedOnly };
}

/** The distinct workloads with Secrets, counted per namespace and in all. */
interface SecretRefs {
  readonly total: number;
  readonly byNamespace: ReadonlyMap<string, number>;
  /** Per account, the workloads every copy of which (with Secrets) runs as that account. */
  readonly onlyRunBy: ReadonlyMap<string, number>;
}

function secretRefs(workloads: readonly Workload[]): SecretRefs {
  // A run may hold one workload twice (two files): a ref counts once, with every account it runs as.
  const accountsOf = new Map<string, { namespace: string; accounts: Set<string> }>();
  for (const w of workloads) {
    if (w.secrets.length === 0) continue;
    const found = accountsOf.get(w.ref);
    if (found) found.accounts.add(w.account);
    else accountsOf.set(w.ref, { namespace: w.namespace, accounts: new Set([w.account]) });
  }
  const byNamespace = new Map<string, number>();
  const onlyRunBy = new Map<string, number>();
  for (const { namespace, accounts } of accountsOf.values()) {
    byNamespace.set(namespace, (byNamespace.get(namespace) ?? 0) + 1);
    if (accounts.size === 1) {
      const [account] = accounts;
      onlyRunBy.set(account, (onlyRunBy.get(account) ?? 0) + 1);
    }
  }
  return { total: accountsOf.size, byNamespace, onlyRunBy };
}

/**
 * bind or escalate on (cluster)roles grants whatever the subject writes into a role;
 * impersonating users or groups is being them (system:masters included).
 */
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
  const listOf = (value: unknown): Manifest[] => (Array.isArray(value) ? value : []);
  const names = new Set<string>();
  const add = (name: unknown) => {
    if (typeof name === 'string') names.add(name);
  };
  for (const c of [...listOf(spec.containers), ...listOf(spec.initContainers)]) {
    for (const e of listOf(c?.env)) add(e?.valueFrom?.secretKeyRef?.name);
    for (const e of listOf(c?.envFrom)) add(e?.secretRef?.name);
  }
  for (const v of listOf(spec.volumes)) {
    add(v?.secret?.secretName);
    for (const source of listOf(v?.projected?.sources)) add(source?.secret?.name);
  }
  return [...names].sort();
}

/** The ServiceAccounts a group names: system:serviceaccounts (all), system:serviceaccounts:<ns>. */
function groupMembers(group: string, known: string[]): string[] {
  if (group === 'system:serviceaccounts' || group === 'system:authenticated') return known;
  const ns = /^system:serviceaccounts:(.+)$/.exec(group)?.[1];
  return ns ? known.filter((k) => k.startsWith(`${ns}/`)) : [];
}

/** A lookup of role rules: Roles, ClusterRoles (with aggregation over the run's ClusterRoles), and the built-in ones. */
function roleRules(objects: Manifest[]): (kind: string, name: string, namespace?: string) => Array<Omit<Grant, 'namespace' | 'via'>> {
  const names = (r: Manifest) => (list(r?.resourceNames).length > 0 ? { names: list(r?.resourceNames) } : {});
  const toGrants = (rules: unknown) => {
    const out: Array<Omit<Grant, 'namespace' | 'via'>> = [];
    for (const r of Array.isArray(rules) ? rules : []) {
      const verbs = list(r?.verbs);
      const named = names(r);
      for (const group of list(r?.apiGroups)) for (const resource of list(r?.resources)) out.push({ group, resource, verbs, ...named });
    }
    return out;
  };
  const clusterRoles = objects.filter((o) => o.kind === 'ClusterRole');
  const byName = new Map(clusterRoles.map((o) => [o.metadata?.name, o]));
  const roles = new Map(objects.filter((o) => o.kind === 'Role').map((o) => [key(o.metadata?.namespace ?? 'default', o.metadata?.name), o]));
  return (kind, name, namespace) => {
    if (kind === 'Role') return toGrants(roles.get(key(namespace ?? 'default', name))?.rules);
    const role = byName.get(name);
    if (!role) return BUILT_IN[name] ?? [];
    const selectors: Manifest[] = Array.isArray(role.aggregationRule?.clusterRoleSelectors) ? role.aggregationRule.clusterRoleSelectors : [];
    const selected = (o: Manifest) => selectors.some((sel) => labelSelectorMatches(sel ?? {}, o.metadata?.labels ?? {}));
    const aggregated = selectors.length === 0 ? [] : clusterRoles.filter((o) => o !== role && selected(o));
    return [...toGrants(role.rules), ...aggregated.flatMap((o) => toGrants(o.rules))];
  };
}

const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;
const allows = (g: Omit<Grant, 'via'>, group: string, resource: string, verb: string) =>
  matches(g.group, group) && matches(g.resource, resource) && (g.verbs.includes(verb) || g.verbs.includes('*'));

/** Which gains to name first: everything, then Secrets, then grants of every namespace. */
function weight(g: Grant): number {
  return (g.resource === '*' ? 4 : 0) + (g.resource === 'secrets' ? 2 : 0) + (g.namespace === '*' ? 1 : 0);
}

/** A grant in words: "list secrets cluster-wide", "get pods in team-a". */
export function describeGrant(g: Grant): string {
  return `${g.verbs.join('/')} ${g.resource}${g.group && g.group !== '*' ? `.${g.group}` : g.group === '*' ? ' (every group)' : ''} ${g.namespace === '*' ? 'cluster-wide' : `in ${g.namespace}`}`;
}
