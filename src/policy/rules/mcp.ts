import { PRODUCTION_ANNOTATION, STATELESS_ANNOTATION, TRANSPORT_ANNOTATION } from '../annotations';
import { INSPECTOR_PORTS, isInspector, isKubernetesMcp } from '../mcp-facts';
import { runIndex, selects, workloadsSelectedBy } from '../index';
import { Manifest } from '../manifest';
import { Rule, RuleCategory, RuleContext, Severity, Violation } from '../rule';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';

/*
 * The traps MCP deployments actually fall into. What plain YAML cannot show (transport,
 * statelessness, production) comes from the annotations our objects carry; for objects
 * rendered elsewhere the rules recognise the images (Inspector, kubernetes-mcp-server) and
 * their flags.
 */


const envValue = (c: Manifest, name: string): string | undefined => (c?.env ?? []).find((e: Manifest) => e?.name === name)?.value;
const words = (c: Manifest): string[] => [...(c?.command ?? []), ...(c?.args ?? [])].map(String);

/** The value of a `--flag value` or `--flag=value` argument. */
export function flagValue(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

function mcpRule(id: string, severity: Severity, title: string, why: string, fix: string, check: (obj: Manifest, context: RuleContext) => Violation[]): Rule {
  return { id, category: RuleCategory.MCP, severity, title, why, fix, check };
}

function onPods(check: (site: PodSpecSite, obj: Manifest) => Violation[]) {
  return (obj: Manifest) => {
    const site = podSpecOf(obj);
    return site ? check(site, obj) : [];
  };
}

/** Pod templates in the Service's namespace that its selector picks. */
function selectedPods(service: Manifest, context: RuleContext): PodSpecSite[] {
  return workloadsSelectedBy(service, runIndex(context.all)).map((w) => podSpecOf(w)!);
}

function inspectorPortNames(sites: PodSpecSite[]): Array<string | number> {
  return sites.flatMap((site) => allContainers(site).filter((c) => isInspector(c.container))
    .flatMap((c) => (c.container.ports ?? []).flatMap((p: Manifest) => [p.name, p.containerPort]).filter((x: unknown) => x !== undefined)));
}

export const MCP_INSPECTOR_EXPOSED = mcpRule('MCP-INSPECTOR-EXPOSED', Severity.ERROR, 'The Inspector is never reachable through a Service, NodePort, Ingress or hostPort',
  'Anyone who reaches the Inspector can run tools with the pod\'s credentials, and its start page hands out its token.',
  'Remove the port from the Service or Ingress; reach the Inspector with `kubectl port-forward` only.',
  (obj, context) => {
    if (obj?.kind === 'Service') {
      const inspectorTargets = [...INSPECTOR_PORTS, ...inspectorPortNames(selectedPods(obj, context))];
      return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
        const target = p?.targetPort ?? p?.port;
        return INSPECTOR_PORTS.includes(p?.port) || inspectorTargets.includes(target)
          ? [{ path: `spec.ports[${i}]`, message: `Service port ${p?.port} (target ${target}) reaches the MCP Inspector` }] : [];
      });
    }
    if (obj?.kind === 'Ingress') {
      const backends: Array<{ backend: Manifest; path: string }> = [];
      // networking.k8s.io/v1 says defaultBackend/service.port.number; the removed v1beta1 said backend/servicePort.
      const fallback = obj.spec?.defaultBackend ?? obj.spec?.backend;
      if (fallback) backends.push({ backend: fallback, path: obj.spec.defaultBackend ? 'spec.defaultBackend' : 'spec.backend' });
      (obj.spec?.rules ?? []).forEach((r: Manifest, i: number) => (r?.http?.paths ?? []).forEach((p: Manifest, j: number) =>
        backends.push({ backend: p?.backend ?? {}, path: `spec.rules[${i}].http.paths[${j}].backend` })));
      const portOf = (b: Manifest) => b.service?.port?.number ?? b.servicePort;
      return backends.filter(({ backend }) => INSPECTOR_PORTS.includes(portOf(backend)))
        .map(({ backend, path }) => ({ path, message: `Ingress routes to port ${portOf(backend)}, the MCP Inspector's` }));
    }
    return onPods((site) => allContainers(site).filter((c) => isInspector(c.container))
      .flatMap((c) => (c.container.ports ?? []).filter((p: Manifest) => p?.hostPort)
        .map((p: Manifest) => ({ path: `${c.path}.ports`, message: `the Inspector container publishes hostPort ${p.hostPort}` }))))(obj);
  });

export const MCP_INSPECTOR_PRODUCTION = mcpRule('MCP-INSPECTOR-PRODUCTION', Severity.ERROR, 'No Inspector in a production environment',
  'The Inspector is a debugging aid that acts with the server\'s credentials; production refuses debugging aids.',
  'Remove `inspector: true` from servers of production environments.',
  onPods((site, obj) => (obj.metadata?.annotations?.[PRODUCTION_ANNOTATION] === 'true'
    ? allContainers(site).filter((c) => isInspector(c.container)).map((c) => ({ path: c.path, message: 'the MCP Inspector runs in a workload marked production' }))
    : [])));

export const MCP_INSPECTOR_NO_AUTH = mcpRule('MCP-INSPECTOR-NO-AUTH', Severity.ERROR, 'DANGEROUSLY_OMIT_AUTH is never set',
  'With auth off, anything that reaches the Inspector\'s port can spawn processes in the pod.',
  'Remove DANGEROUSLY_OMIT_AUTH and give the Inspector MCP_INSPECTOR_API_TOKEN from a Secret.',
  onPods((site) => allContainers(site).flatMap((c) => (c.container.env ?? []).map((e: Manifest, i: number) => ({ e, i }))
    .filter(({ e }: { e: Manifest }) => e?.name === 'DANGEROUSLY_OMIT_AUTH' && /^(true|1|yes)$/i.test(String(e.value)))
    .map(({ i }: { i: number }) => ({ path: `${c.path}.env[${i}]`, message: `container "${c.container.name}" sets DANGEROUSLY_OMIT_AUTH` })))));

export const MCP_INSPECTOR_ALL_INTERFACES = mcpRule('MCP-INSPECTOR-ALL-INTERFACES', Severity.ERROR, 'The Inspector binds to loopback only',
  'The image defaults to HOST=0.0.0.0 with DANGEROUSLY_BIND_ALL_INTERFACES=true, so any pod in the cluster can reach it.',
  'Set HOST=127.0.0.1 and DANGEROUSLY_BIND_ALL_INTERFACES=false on the Inspector container.',
  onPods((site) => allContainers(site).filter((c) => isInspector(c.container)).flatMap((c) => {
    const host = envValue(c.container, 'HOST');
    const bindAll = envValue(c.container, 'DANGEROUSLY_BIND_ALL_INTERFACES');
    const out: Violation[] = [];
    if (!['127.0.0.1', 'localhost', '::1'].includes(String(host))) out.push({ path: `${c.path}.env`, message: `the Inspector's HOST is ${host === undefined ? 'unset (image default 0.0.0.0)' : `"${host}"`}` });
    if (bindAll !== 'false') out.push({ path: `${c.path}.env`, message: `the Inspector's DANGEROUSLY_BIND_ALL_INTERFACES is ${bindAll === undefined ? 'unset (image default true)' : `"${bindAll}"`}` });
    return out;
  })));

function probePorts(c: ContainerSite): Array<{ port: unknown; path: string }> {
  return (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).flatMap((probe) => {
    const p = c.container[probe];
    const action = p?.httpGet ?? p?.tcpSocket ?? p?.grpc;
    return action?.port !== undefined ? [{ port: action.port, path: `${c.path}.${probe}` }] : [];
  });
}

export const MCP_PORT_MISMATCH = mcpRule('MCP-PORT-MISMATCH', Severity.ERROR, 'containerPort, probe ports, --port and Service targetPort agree',
  'A chart once set containerPort and probes to 8686 while the binary listened on 8080: the pod crash-looped on failed probes and the Service pointed nowhere.',
  'Drive every port from one value: use named ports in probes and Service targetPort, and pass the same number to --port.',
  (obj, context) => {
    if (obj?.kind === 'Service') {
      const pods = selectedPods(obj, context);
      if (pods.length === 0) return [];
      const ports = pods.flatMap((site) => allContainers(site).flatMap((c) => c.container.ports ?? []));
      return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
        const target = p?.targetPort ?? p?.port;
        const found = ports.some((cp: Manifest) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target));
        return found ? [] : [{ path: `spec.ports[${i}].targetPort`, message: `targetPort ${JSON.stringify(target)} matches no container port of the pods this Service selects` }];
      });
    }
    return onPods((site) => allContainers(site).flatMap((c) => {
      const declared: Manifest[] = c.container.ports ?? [];
      if (declared.length === 0) return [];
      const numbers = declared.map((p) => p.containerPort);
      const names = declared.map((p) => p.name).filter(Boolean);
      const out: Violation[] = [];
      const flag = flagValue(words(c.container), '--port');
      if (flag !== undefined && !numbers.includes(Number(flag))) {
        out.push({ path: `${c.path}.args`, message: `container "${c.container.name}" listens on --port ${flag} but declares containerPort ${numbers.join(', ')}` });
      }
      for (const { port, path } of probePorts(c)) {
        const ok = typeof port === 'number' ? numbers.includes(port) : names.includes(port);
        if (!ok) out.push({ path, message: `probe port ${JSON.stringify(port)} of container "${c.container.name}" is not one of its ports (${[...numbers, ...names].join(', ')})` });
      }
      return out;
    }))(obj);
  });

export const MCP_KUBECONFIG_FLAGS = mcpRule('MCP-KUBECONFIG-FLAGS', Severity.ERROR, 'kubernetes-mcp-server with a kubeconfig passes --kubeconfig and --cluster-provider kubeconfig',
  'Inside a pod kubernetes-mcp-server detects the in-cluster environment and ignores a kubeconfig file unless given both flags, so it silently runs with other credentials.',
  'Pass `--kubeconfig <file>` and `--cluster-provider kubeconfig` together (or drop the kubeconfig).',
  onPods((site) => allContainers(site).filter((c) => isKubernetesMcp(c.container)).flatMap((c) => {
    const args = words(c.container);
    const mounted = envValue(c.container, 'KUBECONFIG') !== undefined
      || (c.container.volumeMounts ?? []).some((m: Manifest) => /kubeconfig/i.test(String(m?.mountPath)))
      || flagValue(args, '--kubeconfig') !== undefined;
    const complete = flagValue(args, '--kubeconfig') !== undefined && flagValue(args, '--cluster-provider') === 'kubeconfig';
    return mounted && !complete ? [{ path: `${c.path}.args`, message: `kubernetes-mcp-server "${c.container.name}" has a kubeconfig but not both --kubeconfig and --cluster-provider kubeconfig` }] : [];
  })));

/** Whether a workload keeps MCP sessions in memory, when that can be known. */
function isStateful(obj: Manifest, site: PodSpecSite): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  if (annotations[TRANSPORT_ANNOTATION] === 'sse') return true;
  if (annotations[STATELESS_ANNOTATION] !== undefined) return annotations[STATELESS_ANNOTATION] !== 'true';
  return allContainers(site).some((c) => isKubernetesMcp(c.container) && !words(c.container).includes('--stateless'));
}

export const MCP_STATEFUL_REPLICAS = mcpRule('MCP-STATEFUL-REPLICAS', Severity.ERROR, 'A stateful MCP server with several replicas has session affinity',
  'An MCP session (SSE stream, stateful Streamable HTTP, stdio bridge) lives in one pod\'s memory; without affinity the next request lands on a replica that does not know it.',
  'Set the Service\'s sessionAffinity: ClientIP, run one replica, or run the server stateless.',
  (obj, context) => {
    const site = podSpecOf(obj);
    if (!site || !['Deployment', 'StatefulSet', 'ReplicaSet'].includes(obj.kind) || !((obj.spec?.replicas ?? 1) > 1) || !isStateful(obj, site)) return [];
    const services = (runIndex(context.all).services.get(obj.metadata?.namespace ?? '') ?? []).filter((s) => selects(s.spec?.selector, site.metadata.labels));
    return services.some((s) => s.spec?.sessionAffinity === 'ClientIP') ? []
      : [{ path: 'spec.replicas', message: `${obj.spec.replicas} replicas of a stateful MCP server, and no Service selecting them has sessionAffinity: ClientIP` }];
  });

export const MCP_RULES: Rule[] = [
  MCP_INSPECTOR_EXPOSED, MCP_INSPECTOR_PRODUCTION, MCP_INSPECTOR_NO_AUTH, MCP_INSPECTOR_ALL_INTERFACES,
  MCP_PORT_MISMATCH, MCP_KUBECONFIG_FLAGS, MCP_STATEFUL_REPLICAS,
];
