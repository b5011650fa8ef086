import { Manifest } from './manifest';

/** A pod spec found inside an object, with the field path that leads to it. */
export interface PodSpecSite {
  readonly spec: Manifest;
  /** Pod metadata (annotations matter to AppArmor), if the object has any. */
  readonly metadata: Manifest;
  /** Field path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
}

/** Where each workload kind keeps its pod template. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/*
 * Nearly every rule looks up the pod spec and containers of the object it judges: during a
 * policy run (duringRun), each is worked out once per object (perRun). Outside a run nothing
 * is kept, so objects changed between two checks are seen as they are.
 */

/** The current run, for the lookups of `perRun`; undefined outside a run. */
let run: object | undefined;

/** Runs `judge` with the lookups of `perRun` (pod specs, containers, ...) remembered per object. */
export function duringRun<T>(judge: () => T): T {
  const outer = run;
  run = {};
  try {
    return judge();
  } finally {
    run = outer;
  }
}

/**
 * A lookup several rules make of one object (its pod spec, its containers, a container's
 * listen port), worked out once per object during a policy run, and every time outside one.
 */
export function perRun<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  let of: object | undefined;
  let known = new WeakMap<K, V>();
  return (key) => {
    if (!run || key === null || typeof key !== 'object') return compute(key);
    if (of !== run) [of, known] = [run, new WeakMap()];
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/** The pod spec of a workload object, or undefined for other kinds. */
export const podSpecOf: (obj: Manifest) => PodSpecSite | undefined = perRun(findPodSpec);

function findPodSpec(obj: Manifest): PodSpecSite | undefined {
  const route = POD_SPEC_PATHS[obj?.kind];
  if (!route) return undefined;
  const template = route.reduce<any>((node, key) => node?.[key], obj);
  if (!template || typeof template !== 'object' || !template.spec || typeof template.spec !== 'object') return undefined;
  return { spec: template.spec, metadata: template.metadata ?? {}, path: [...route, 'spec'].join('.') };
}

/** A container of a pod spec and the field path to it. */
export interface ContainerSite {
  readonly container: Manifest;
  readonly path: string;
  readonly kind: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Containers, init containers and ephemeral containers alike. */
export const allContainers: (site: PodSpecSite) => ContainerSite[] = perRun(findContainers);

function findContainers(site: PodSpecSite): ContainerSite[] {
  const kinds = ['containers', 'initContainers', 'ephemeralContainers'] as const;
  return kinds.flatMap((kind) => (Array.isArray(site.spec[kind]) ? site.spec[kind] : [])
    .map((container: Manifest, i: number) => ({ container: container ?? {}, path: `${site.path}.${kind}[${i}]`, kind })));
}
