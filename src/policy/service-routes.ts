import { runIndex, workloadsSelectedBy } from './index';
import { Manifest } from './manifest';
import { RuleContext } from './rule';
import { podSpecOf, PodSpecSite } from './workloads';

/*
 * From a Service, Ingress or HTTPRoute to the pods it reaches, within one run: what the
 * rules about exposure (the Inspector's, the ports') need to follow traffic.
 */

/** Pod templates in the Service's namespace that its selector picks. */
export function selectedPods(service: Manifest, context: RuleContext): PodSpecSite[] {
  return workloadsSelectedBy(service, runIndex(context.all)).map((w) => podSpecOf(w)!);
}

/** The Service port an Ingress or HTTPRoute backend names (by number or by name). */
export function servicePortOf(service: Manifest, port: { number?: unknown; name?: unknown }): Manifest | undefined {
  return (service.spec?.ports ?? []).find((p: Manifest) => (port.number !== undefined ? p?.port === port.number : p?.name === port.name));
}

/** The Service of that name in a namespace of the run. */
export function serviceNamed(context: RuleContext, namespace: string, name: unknown): Manifest | undefined {
  return (runIndex(context.all).services.get(namespace) ?? []).find((s) => s.metadata?.name === name);
}

/** Backends of an Ingress (networking.k8s.io/v1; the removed v1beta1 said serviceName/servicePort) and an HTTPRoute. */
export function routeBackends(obj: Manifest): Array<{ path: string; name: unknown; port: { number?: unknown; name?: unknown } }> {
  const out: Array<{ path: string; name: unknown; port: { number?: unknown; name?: unknown } }> = [];
  const ingress = (b: Manifest, path: string) => {
    if (b?.service) out.push({ path, name: b.service.name, port: { number: b.service.port?.number, name: b.service.port?.name } });
    else if (b?.serviceName) out.push({ path, name: b.serviceName, port: typeof b.servicePort === 'number' ? { number: b.servicePort } : { name: b.servicePort } });
  };
  if (obj?.kind === 'Ingress') {
    if (obj.spec?.defaultBackend) ingress(obj.spec.defaultBackend, 'spec.defaultBackend');
    if (obj.spec?.backend) ingress(obj.spec.backend, 'spec.backend');
    (obj.spec?.rules ?? []).forEach((r: Manifest, i: number) => (r?.http?.paths ?? []).forEach((p: Manifest, j: number) => ingress(p?.backend, `spec.rules[${i}].http.paths[${j}].backend`)));
  }
  if (obj?.kind === 'HTTPRoute') {
    (obj.spec?.rules ?? []).forEach((r: Manifest, i: number) => (r?.backendRefs ?? []).forEach((b: Manifest, j: number) => {
      if ((b?.kind ?? 'Service') === 'Service') out.push({ path: `spec.rules[${i}].backendRefs[${j}]`, name: b?.name, port: { number: b?.port } });
    }));
  }
  return out;
}

