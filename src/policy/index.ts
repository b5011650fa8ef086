import { Manifest, SourcedManifest } from './manifest';
import { groupOf } from './schema/structure';
import { podSpecOf } from './workloads';

/*
 * Lookups across all objects of a run, built once per run: duplicates, and the workloads a
 * Service selects. Rules see one object at a time; these let them see its neighbours.
 */

export interface RunIndex {
  /** Objects by identity key, in input order. */
  readonly byKey: Map<string, Manifest[]>;
  /** Workloads with their pod template labels, by namespace. */
  readonly workloads: Map<string, Manifest[]>;
  /** Services by namespace. */
  readonly services: Map<string, Manifest[]>;
  /** Services by namespace and the first label of their selector (`ns\0key=value`), to find the Services that select a pod fast. */
  readonly servicesByLabel: Map<string, Manifest[]>;
  /** Each Service's place in the run, to list what a pod's labels find in input order. */
  readonly servicePosition: Map<Manifest, number>;
  /** Workloads by namespace and one pod template label (`ns\0key=value`), to find what a selector picks fast. */
  readonly workloadsByLabel: Map<string, Manifest[]>;
  /** Pod templates each Service selects, computed once per Service. */
  readonly selected: WeakMap<Manifest, Manifest[]>;
}

const indexes = new WeakMap<readonly SourcedManifest[], RunIndex>();

/** `group/Kind/namespace/name`: what makes two objects the same object to the API server. */
export function identityKey(obj: Manifest): string {
  const group = typeof obj?.apiVersion === 'string' ? groupOf(obj.apiVersion) : '';
  return `${group}/${obj?.kind}/${obj?.metadata?.namespace ?? ''}/${obj?.metadata?.name}`;
}

export function runIndex(all: readonly SourcedManifest[]): RunIndex {
  let index = indexes.get(all);
  if (!index) {
    index = {
      byKey: new Map(), workloads: new Map(), services: new Map(), servicesByLabel: new Map(), servicePosition: new Map(),
      workloadsByLabel: new Map(), selected: new WeakMap(),
    };
    for (const { object } of all) {
      push(index.byKey, identityKey(object), object);
      const ns = object?.metadata?.namespace ?? '';
      const site = podSpecOf(object);
      if (site) {
        push(index.workloads, ns, object);
        for (const [k, v] of Object.entries(site.metadata.labels ?? {})) push(index.workloadsByLabel, `${ns}\0${k}=${v}`, object);
      }
      if (object?.kind === 'Service') {
        push(index.services, ns, object);
        // A Service without a selector selects no pod.
        const first = Object.entries(object.spec?.selector ?? {})[0];
        if (first) push(index.servicesByLabel, `${ns}\0${first[0]}=${first[1]}`, object);
        if (!index.servicePosition.has(object)) index.servicePosition.set(object, index.servicePosition.size);
      }
    }
    indexes.set(all, index);
  }
  return index;
}

/** The workloads (in the Service's namespace) whose pod template a Service selects. */
export function workloadsSelectedBy(service: Manifest, index: RunIndex): Manifest[] {
  let found = index.selected.get(service);
  if (!found) {
    const selector: Record<string, string> = service.spec?.selector ?? {};
    const first = Object.entries(selector)[0];
    const candidates = first ? index.workloadsByLabel.get(`${service.metadata?.namespace ?? ''}\0${first[0]}=${first[1]}`) ?? [] : [];
    found = candidates.filter((w) => selects(selector, podSpecOf(w)!.metadata.labels));
    index.selected.set(service, found);
  }
  return found;
}

/** The Services of a namespace that select a pod with these labels, in input order. */
export function servicesSelecting(index: RunIndex, ns: string, labels: Record<string, string> | undefined): Manifest[] {
  const found: Manifest[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const service of index.servicesByLabel.get(`${ns}\0${k}=${v}`) ?? []) if (selects(service.spec?.selector, labels)) found.push(service);
  }
  return found.length > 1 ? found.sort((a, b) => index.servicePosition.get(a)! - index.servicePosition.get(b)!) : found;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether a Service selector (plain map) selects a pod with these labels. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Whether a LabelSelector (matchLabels + matchExpressions) matches labels. */
export function labelSelectorMatches(selector: Manifest | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const matchLabels: Record<string, string> = selector.matchLabels ?? {};
  const okLabels = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
  const okExpressions = (selector.matchExpressions ?? []).every((e: Manifest) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return okLabels && okExpressions;
}
