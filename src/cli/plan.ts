import { readFileSync } from 'fs';
import { MCP_INSPECTOR } from '../images/mcp-inspector';
import { PATH_ANNOTATION } from '../policy/annotations';
import { Manifest } from '../policy/manifest';
import { INSPECTOR_PORT, isInspector } from '../policy/mcp-facts';
import { readManifests, UnreadableInputError } from '../policy/read-manifests';
import { allContainers, podSpecOf } from '../policy/workloads';

/*
 * `node lib/src/cli/plan.js dist/<env>`: what scripts/up and scripts/down need to know
 * about a rendered environment, as tab-separated lines, so the shell never parses YAML:
 *   namespace <name>                                  (a namespace the environment owns: rendered)
 *   placed    <name>                                  (a namespace objects go into that it does not own)
 *   secret    <namespace> <name> <key> <deployment>   (key `file:<key>` for Secrets mounted as files)
 *   object    <resource.group> <namespace or -> <name>   (every rendered object but Namespaces; for pruning)
 *   rollout   <namespace> <deployment>
 *   nodeport  <namespace> <service> <path>
 *   inspector <namespace> <deployment> <token secret> <token key> <ports>   (ports: UI/API, MCP Apps sandbox, comma-separated)
 *   prune     <group/version/Kind>      (kubectl --prune-allowlist)
 *   resource  <resource.group>          (kubectl delete)
 */

/** Every kind the project can render (not Namespaces, which are never pruned or bulk-deleted). */
export const RENDERED_KINDS: ReadonlyArray<{ gvk: string; resource: string }> = [
  { gvk: 'core/v1/ConfigMap', resource: 'configmaps' },
  { gvk: 'core/v1/Service', resource: 'services' },
  { gvk: 'core/v1/ServiceAccount', resource: 'serviceaccounts' },
  { gvk: 'apps/v1/Deployment', resource: 'deployments.apps' },
  { gvk: 'rbac.authorization.k8s.io/v1/Role', resource: 'roles.rbac.authorization.k8s.io' },
  { gvk: 'rbac.authorization.k8s.io/v1/RoleBinding', resource: 'rolebindings.rbac.authorization.k8s.io' },
  { gvk: 'rbac.authorization.k8s.io/v1/ClusterRole', resource: 'clusterroles.rbac.authorization.k8s.io' },
  { gvk: 'rbac.authorization.k8s.io/v1/ClusterRoleBinding', resource: 'clusterrolebindings.rbac.authorization.k8s.io' },
  { gvk: 'networking.k8s.io/v1/NetworkPolicy', resource: 'networkpolicies.networking.k8s.io' },
  { gvk: 'policy/v1/PodDisruptionBudget', resource: 'poddisruptionbudgets.policy' },
  { gvk: 'autoscaling/v2/HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers.autoscaling' },
  { gvk: 'monitoring.coreos.com/v1/PodMonitor', resource: 'podmonitors.monitoring.coreos.com' },
  { gvk: 'operator.victoriametrics.com/v1beta1/VMPodScrape', resource: 'vmpodscrapes.operator.victoriametrics.com' },
  { gvk: 'networking.k8s.io/v1/Ingress', resource: 'ingresses.networking.k8s.io' },
  { gvk: 'gateway.networking.k8s.io/v1/HTTPRoute', resource: 'httproutes.gateway.networking.k8s.io' },
  { gvk: 'networking.istio.io/v1/VirtualService', resource: 'virtualservices.networking.istio.io' },
  { gvk: 'networking.istio.io/v1/DestinationRule', resource: 'destinationrules.networking.istio.io' },
  { gvk: 'networking.istio.io/v1/ServiceEntry', resource: 'serviceentries.networking.istio.io' },
  { gvk: 'agentgateway.dev/v1alpha1/AgentgatewayBackend', resource: 'agentgatewaybackends.agentgateway.dev' },
  { gvk: 'agentgateway.dev/v1alpha1/AgentgatewayPolicy', resource: 'agentgatewaypolicies.agentgateway.dev' },
];

/** `apps/v1` + `Deployment` -> `apps/v1/Deployment`; core objects get the `core` group kubectl expects. */
export function gvkOf(obj: Manifest): string {
  return `${String(obj.apiVersion).includes('/') ? obj.apiVersion : `core/${obj.apiVersion}`}/${obj.kind}`;
}

export function planLines(objects: Manifest[]): string[] {
  const lines = new Set<string>();
  for (const obj of objects) {
    const ns = obj.metadata?.namespace ?? '';
    if (obj.kind === 'Namespace') lines.add(`namespace\t${obj.metadata.name}`);
    const kind = RENDERED_KINDS.find((k) => k.gvk === gvkOf(obj));
    if (kind) lines.add(`object\t${kind.resource}\t${ns || '-'}\t${obj.metadata.name}`);
    if (obj.kind === 'Deployment') lines.add(`rollout\t${ns}\t${obj.metadata.name}`);
    if (obj.kind === 'Service' && obj.spec?.type === 'NodePort') {
      lines.add(`nodeport\t${ns}\t${obj.metadata.name}\t${obj.metadata.annotations?.[PATH_ANNOTATION] ?? '/'}`);
    }
    const site = podSpecOf(obj);
    for (const c of site ? allContainers(site) : []) {
      for (const e of c.container.env ?? []) {
        const ref = e?.valueFrom?.secretKeyRef;
        if (ref) lines.add(`secret\t${ns}\t${ref.name}\t${ref.key}\t${obj.metadata.name}`);
      }
      if (isInspector(c.container)) lines.add(`inspector\t${ns}\t${obj.metadata.name}\t${inspectorAccess(c.container)}`);
    }
    // Secrets mounted as files (secretFiles): created from a file, so marked `file:`.
    for (const v of site?.spec.volumes ?? []) {
      for (const item of v?.secret?.items ?? []) lines.add(`secret\t${ns}\t${v.secret.secretName}\tfile:${item.key}\t${obj.metadata.name}`);
    }
  }
  const owned = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
  for (const ns of new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === 'string' && n !== ''))) {
    if (!owned.has(ns)) lines.add(`placed\t${ns}`);
  }
  for (const kind of RENDERED_KINDS) {
    lines.add(`prune\t${kind.gvk}`);
    lines.add(`resource\t${kind.resource}`);
  }
  return [...lines];
}

/** The Inspector sidecar's token Secret and key, and its two ports (as its env sets them, else the image's). */
function inspectorAccess(container: Manifest): string {
  const env = (name: string): Manifest | undefined => (container.env ?? []).find((e: Manifest) => e?.name === name);
  const ref = env('MCP_INSPECTOR_API_TOKEN')?.valueFrom?.secretKeyRef ?? {};
  const ports = [env('CLIENT_PORT')?.value ?? INSPECTOR_PORT, env('MCP_SANDBOX_PORT')?.value ?? MCP_INSPECTOR.env!.MCP_SANDBOX_PORT];
  return `${ref.name ?? '-'}\t${ref.key ?? '-'}\t${ports.join(',')}`;
}

/**
 * `kubectl get -o custom-columns=KIND,APIVERSION,NAMESPACE,NAME --no-headers` lines as
 * `<resource.group> <namespace or -> <name>`, the form `object` lines of the plan have.
 */
export function clusterObjects(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).flatMap((line) => {
    const [kind, apiVersion, ns, name] = line.split(/\s+/);
    const known = RENDERED_KINDS.find((k) => k.gvk === gvkOf({ kind, apiVersion }));
    return known ? [`${known.resource} ${ns === '<none>' ? '-' : ns} ${name}`] : [];
  });
}

if (require.main === module && process.argv[2] === '--resources') {
  process.stdout.write(clusterObjects(readFileSync(0, 'utf8')).map((l) => `${l}\n`).join(''));
} else if (require.main === module) {
  try {
    const lines = planLines(readManifests(process.argv.slice(2)).map((m) => m.object));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    if (!(err instanceof UnreadableInputError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  }
}
