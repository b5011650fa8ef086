import { Environment } from '../config/load';
import { ConfigProblem } from '../config/problems';
import { EnvironmentSpec } from '../config/schema';
import { Manifest } from '../policy/manifest';
import { groupOf } from '../policy/schema/structure';
import { RenderedFile } from './render';

/*
 * Two environments applied to one cluster must not render the same object: the second apply
 * takes the first's Deployment (or ClusterRoleBinding, or Namespace) over, and `scripts/down`
 * of either removes what the other applied. Within one environment, derived names can meet
 * too (namespace "a-b" with server "c", namespace "a" with server "b-c": one ClusterRole
 * "a-b-c-view"). The rendered objects are compared, so every kind and every name we derive
 * is covered, and the problem names the environment file and the server that caused it.
 */

/** Argo CD's name for the cluster it runs in, and that cluster's API server URL. */
const IN_CLUSTER_NAME = 'in-cluster';
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * The clusters an environment is applied to, as far as its file says: its gitops
 * destinations, or `cluster`. Undefined when it says nothing: then it may share a cluster
 * with any other environment.
 */
export function clustersOf(spec: EnvironmentSpec): ReadonlySet<string> | undefined {
  const g = spec.gitops;
  if (g) {
    const destinations = g.destinations ?? [g.destination ?? { server: IN_CLUSTER_SERVER }];
    return new Set(destinations.map((d) => (d.server === IN_CLUSTER_SERVER ? IN_CLUSTER_NAME : d.name ?? d.server!)));
  }
  return spec.cluster ? new Set([spec.cluster]) : undefined;
}

function mayShareCluster(a: EnvironmentSpec, b: EnvironmentSpec): boolean {
  const [ca, cb] = [clustersOf(a), clustersOf(b)];
  if (!ca || !cb) return true;
  return [...ca].some((c) => cb.has(c));
}

/** `rbac.authorization.k8s.io/ClusterRole my-ns-x-view`: what the API server keys an object by. */
function identity(obj: Manifest): string {
  const group = groupOf(String(obj.apiVersion ?? '')) || 'core';
  const ns = obj.metadata?.namespace;
  return `${group}/${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name}`;
}

interface Owner {
  readonly env: Environment;
  /** The output file's construct id: a server name, or 00-namespaces. */
  readonly child: string;
}

/** Where in the environment file an object comes from, for the problem's field path. */
function fieldOf(owner: Owner): string {
  const index = owner.env.spec.servers.findIndex((s) => s.name === owner.child);
  return index >= 0 ? `servers[${index}].name` : 'ownedNamespaces';
}

function describe(owner: Owner): string {
  const index = owner.env.spec.servers.findIndex((s) => s.name === owner.child);
  return `${owner.env.file} (${index >= 0 ? `servers[${index}] "${owner.child}"` : 'its namespaces'})`;
}

/** Every object rendered twice where both could land on one cluster: one problem per pair of sources. */
export function collisionProblems(environments: Environment[], files: RenderedFile[]): ConfigProblem[] {
  const byName = new Map(environments.map((e) => [e.name, e]));
  const seen = new Map<string, Owner[]>();
  const problems: ConfigProblem[] = [];
  const reported = new Set<string>();
  for (const file of files) {
    const [envName, fileName] = file.path.split('/');
    const env = byName.get(envName);
    if (!env) continue; // dist/argocd: one object per environment, named after it
    const owner: Owner = { env, child: fileName.replace(/\.yaml$/, '') };
    for (const obj of file.objects) {
      const id = identity(obj);
      const earlier = seen.get(id) ?? [];
      const clash = earlier.find((o) => (o.env === env ? o.child !== owner.child : mayShareCluster(o.env.spec, env.spec)));
      const pair = clash && `${clash.env.name}/${clash.child}\0${env.name}/${owner.child}`;
      if (clash && !reported.has(pair!)) {
        reported.add(pair!);
        const apart = clash.env === env ? 'rename one of the servers or move it to another namespace'
          : 'rename or move one of them, or say they run on different clusters (gitops destinations, or cluster: in each file)';
        problems.push({
          file: env.file,
          path: fieldOf(owner),
          message: `expected objects no other server renders on the same cluster, got ${id}, which ${describe(clash)} renders too; ${apart}`,
        });
      }
      seen.set(id, [...earlier, owner]);
    }
  }
  return problems;
}
