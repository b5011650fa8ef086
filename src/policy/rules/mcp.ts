import {
  compareVersions, ContainerCommand, effectiveCommandLine, factsForImage, formatVersion, imageVersion, lastFlagValue, listenPort, MCP_INSPECTOR, MCP_INSPECTOR_AUTH_SINCE,
  MCP_INSPECTOR_SIDECAR_SINCE, missingSubcommand, serverArgs, unsupportedFlags, version,
} from '../../images';
import { PRODUCTION_ANNOTATION, STATELESS_ANNOTATION, TRANSPORT_ANNOTATION } from '../annotations';
import { INSPECTOR_PORT, isInspector, isKubernetesMcp, STANDARD_CREDENTIALS_DIR } from '../mcp-facts';
import { runIndex, selects, workloadsSelectedBy } from '../index';
import { Manifest } from '../manifest';
import { Rule, RuleCategory, RuleContext, RuleExamples, Severity, Violation } from '../rule';
import { allContainers, ContainerSite, podSpecOf, PodSpecSite } from '../workloads';

/*
 * The traps MCP deployments actually fall into. What plain YAML cannot show (transport,
 * statelessness, production) comes from the annotations our objects carry; for objects
 * rendered elsewhere the rules recognise the images (Inspector, kubernetes-mcp-server) and
 * their flags.
 */


const envValue = (c: Manifest, name: string): string | undefined => (c?.env ?? []).find((e: Manifest) => e?.name === name)?.value;
const words = (c: Manifest): string[] => [...(c?.command ?? []), ...(c?.args ?? [])].map(String);

/** The value of a `--flag value` or `--flag=value` argument (the last one, as flag parsers take). */
export const flagValue = lastFlagValue;

function mcpRule(id: string, severity: Severity, title: string, why: string, fix: string, check: (obj: Manifest, context: RuleContext) => Violation[], examples?: RuleExamples): Rule {
  return { id, category: RuleCategory.MCP, severity, title, why, fix, check, examples };
}

/** A Deployment with one container, for examples in docs/rules.md. */
function exampleDeployment(container: string, pod = ''): string {
  const indent = (text: string, n: number) => text.trim().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: mcp, namespace: mcp}', 'spec:', '  selector: {matchLabels: {app: mcp}}', '  template:',
    '    metadata: {labels: {app: mcp}}', '    spec:', ...(pod ? [indent(pod, 6)] : []), '      containers:', indent(container, 8),
  ].join('\n');
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

/** The port an Inspector container listens on: CLIENT_PORT, else the image default. */
function inspectorListenPort(c: Manifest): number {
  return Number(envValue(c, 'CLIENT_PORT') ?? INSPECTOR_PORT);
}

/**
 * Whether a Service port reaches an Inspector container of the pods it selects: a named
 * targetPort naming one of its ports, or a number it declares or listens on (a Service
 * forwards to any port of the pod, declared or not).
 */
function inspectorBehind(service: Manifest, servicePort: Manifest, context: RuleContext): string | undefined {
  const target = servicePort?.targetPort ?? servicePort?.port;
  for (const site of selectedPods(service, context)) {
    for (const { container } of allContainers(site).filter((c) => isInspector(c.container))) {
      const ports: Manifest[] = container.ports ?? [];
      const reached = typeof target === 'string'
        ? ports.some((p) => p?.name === target)
        : ports.some((p) => p?.containerPort === target) || inspectorListenPort(container) === target;
      if (reached) return `container "${container.name}"`;
    }
  }
  return undefined;
}

/** The Service port an Ingress or HTTPRoute backend names (by number or by name). */
function servicePortOf(service: Manifest, port: { number?: unknown; name?: unknown }): Manifest | undefined {
  return (service.spec?.ports ?? []).find((p: Manifest) => (port.number !== undefined ? p?.port === port.number : p?.name === port.name));
}

function serviceNamed(context: RuleContext, namespace: string, name: unknown): Manifest | undefined {
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

export const MCP_INSPECTOR_EXPOSED = mcpRule('MCP-INSPECTOR-EXPOSED', Severity.ERROR, 'The Inspector is never reachable through a Service, NodePort, Ingress, HTTPRoute or hostPort',
  'Anyone who reaches the Inspector can run tools with the pod\'s credentials, and its start page hands out its token.',
  'Remove the port from the Service (or the route to it); reach the Inspector with `kubectl port-forward` only.',
  (obj, context) => {
    if (obj?.kind === 'Service') {
      return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
        const behind = inspectorBehind(obj, p, context);
        return behind ? [{ path: `spec.ports[${i}]`, message: `Service port ${p?.port} (target ${p?.targetPort ?? p?.port}) reaches the MCP Inspector (${behind})` }] : [];
      });
    }
    if (obj?.kind === 'Ingress' || obj?.kind === 'HTTPRoute') {
      const ns = obj.metadata?.namespace ?? '';
      return routeBackends(obj).flatMap((b) => {
        const service = serviceNamed(context, ns, b.name);
        const port = service && servicePortOf(service, b.port);
        const behind = port && inspectorBehind(service!, port, context);
        return behind ? [{ path: b.path, message: `${obj.kind} routes to Service ${b.name} port ${b.port.number ?? b.port.name}, which reaches the MCP Inspector (${behind})` }] : [];
      });
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

export const MCP_INSPECTOR_NO_AUTH = mcpRule('MCP-INSPECTOR-NO-AUTH', Severity.ERROR, 'The Inspector has authentication: a release that has it, and DANGEROUSLY_OMIT_AUTH never set',
  `With auth off, anything that reaches the Inspector's port can spawn processes in the pod; releases before ${MCP_INSPECTOR_AUTH_SINCE} have no auth at all (CVE-2025-49596).`,
  `Run release ${MCP_INSPECTOR_SIDECAR_SINCE} or later, remove DANGEROUSLY_OMIT_AUTH and give the Inspector MCP_INSPECTOR_API_TOKEN from a Secret.`,
  onPods((site) => allContainers(site).flatMap((c) => {
    const omitted = (c.container.env ?? []).map((e: Manifest, i: number) => ({ e, i }))
      .filter(({ e }: { e: Manifest }) => e?.name === 'DANGEROUSLY_OMIT_AUTH' && /^(true|1|yes)$/i.test(String(e.value)))
      .map(({ i }: { i: number }) => ({ path: `${c.path}.env[${i}]`, message: `container "${c.container.name}" sets DANGEROUSLY_OMIT_AUTH` }));
    const v = factsForImage(c.container.image) === MCP_INSPECTOR ? imageVersion(String(c.container.image)) : undefined;
    const unauthenticated = v && compareVersions(v, version(MCP_INSPECTOR_AUTH_SINCE)) < 0
      ? [{ path: `${c.path}.image`, message: `container "${c.container.name}" runs Inspector ${formatVersion(v)}, a release without authentication (${MCP_INSPECTOR_AUTH_SINCE} added it)` }] : [];
    return [...omitted, ...unauthenticated];
  })));

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

/** A container as the upstream facts read it: image, command, args and plain env. */
function commandOf(c: Manifest): ContainerCommand {
  const env = Object.fromEntries((c?.env ?? []).filter((e: Manifest) => typeof e?.value === 'string').map((e: Manifest) => [e.name, e.value]));
  return { image: String(c?.image), command: c?.command?.map(String), args: c?.args?.map(String), env };
}

/** The port a known image's program listens on, as its effective command line says. */
function knownListenPort(c: Manifest): { port: number; from: string } | { none: string } | undefined {
  const facts = factsForImage(c?.image);
  if (!facts) return undefined;
  const found = listenPort(facts, commandOf(c));
  if (found.kind === 'port') return { port: found.port, from: found.from };
  // A missing subcommand is MCP-SUBCOMMAND-MISSING's finding.
  return found.kind === 'none' && found.why !== 'no subcommand' ? { none: found.why } : undefined;
}

/** A container port (number or name) as a number, if the container declares it. */
function portNumber(c: Manifest, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return (c?.ports ?? []).find((p: Manifest) => p?.name === port)?.containerPort;
}

function servicePortMismatches(obj: Manifest, context: RuleContext): Violation[] {
  const containers = selectedPods(obj, context).flatMap((site) => allContainers(site).map((c) => c.container));
  if (containers.length === 0) return [];
  return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
    const target = p?.targetPort ?? p?.port;
    const reached = containers.filter((c) => (c.ports ?? []).some((cp: Manifest) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target)));
    if (reached.length === 0) {
      return [{ path: `spec.ports[${i}].targetPort`, message: `targetPort ${JSON.stringify(target)} matches no container port of the pods this Service selects` }];
    }
    return reached.flatMap((c) => {
      const listening = knownListenPort(c);
      const number = portNumber(c, target);
      return listening && 'port' in listening && listening.port !== number
        ? [{ path: `spec.ports[${i}].targetPort`, message: `targetPort ${JSON.stringify(target)} is port ${number} of container "${c.name}", which listens on ${listening.port} (${listening.from})` }]
        : [];
    });
  });
}

function containerPortMismatches(c: ContainerSite): Violation[] {
  const declared: Manifest[] = c.container.ports ?? [];
  if (declared.length === 0) return [];
  const numbers = declared.map((p) => p.containerPort);
  const names = declared.map((p) => p.name).filter(Boolean);
  const out: Violation[] = [];
  const listening = knownListenPort(c.container);
  if (listening && 'none' in listening) {
    out.push({ path: `${c.path}.args`, message: `container "${c.container.name}" declares containerPort ${numbers.join(', ')} but its program listens on no port: ${listening.none}` });
  } else if (listening && !numbers.includes(listening.port)) {
    out.push({ path: `${c.path}.ports`, message: `container "${c.container.name}" listens on ${listening.port} (${listening.from}) but declares containerPort ${numbers.join(', ')}` });
  } else if (!listening) {
    // Unknown images: flag parsers take the last --port.
    const flag = lastFlagValue(words(c.container), '--port');
    if (flag !== undefined && !numbers.includes(Number(flag))) {
      out.push({ path: `${c.path}.args`, message: `container "${c.container.name}" listens on --port ${flag} but declares containerPort ${numbers.join(', ')}` });
    }
  }
  for (const { port, path } of probePorts(c)) {
    const number = portNumber(c.container, port);
    if (number === undefined) {
      out.push({ path, message: `probe port ${JSON.stringify(port)} of container "${c.container.name}" is not one of its ports (${[...numbers, ...names].join(', ')})` });
    } else if (listening && 'port' in listening && number !== listening.port) {
      const named = typeof port === 'string' ? ` (${number})` : '';
      out.push({ path, message: `probe port ${JSON.stringify(port)}${named} of container "${c.container.name}" is not where it listens: ${listening.port} (${listening.from})` });
    }
  }
  return out;
}

export const MCP_PORT_MISMATCH = mcpRule('MCP-PORT-MISMATCH', Severity.ERROR, 'The port the program listens on, containerPort, probe ports and Service targetPort agree',
  'A chart once set containerPort and probes to 8686 while the binary listened on 8080: the pod crash-looped on failed probes and the Service pointed nowhere. For known images the effective command line (ENTRYPOINT, then command/args, or the image\'s CMD when args are unset) decides the listen port.',
  'Drive every port from one value: use named ports in probes and Service targetPort, and pass the same number to the program\'s port flag (or keep the image\'s default port).',
  (obj, context) => (obj?.kind === 'Service' ? servicePortMismatches(obj, context)
    : onPods((site) => allContainers(site).filter((c) => c.kind === 'containers' || c.container.restartPolicy === 'Always').flatMap(containerPortMismatches))(obj)),
  {
    fails: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  ports: [{name: http, containerPort: 8686}]
  readinessProbe: {httpGet: {path: /healthz, port: http}}`),
    passes: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  ports: [{name: http, containerPort: 8080}]
  readinessProbe: {httpGet: {path: /healthz, port: http}}`),
  });

export const MCP_SUBCOMMAND_MISSING = mcpRule('MCP-SUBCOMMAND-MISSING', Severity.ERROR, 'A program that demands a subcommand gets one, and an image whose own command is not the server is told what to run',
  'The Pulumi MCP server (`node dist/index.js`) prints usage and exits without `http` or `stdio`; the Pulumi workbench image\'s own command prints versions and exits. Either way the pod crash-loops.',
  'Pass the serving subcommand (`args: [http, --port, "3000"]`), or set `command` to start the server (`[pulumi-mcp-server, http]`).',
  onPods((site) => allContainers(site).filter((c) => c.kind === 'containers').flatMap((c) => {
    const facts = factsForImage(c.container.image);
    if (!facts || facts.programs.length === 0) return [];
    const cmd = commandOf(c.container);
    const argv = effectiveCommandLine(facts, cmd);
    if (!serverArgs(facts, argv)) {
      return c.container.command === undefined
        ? [{ path: c.path, message: `container "${c.container.name}" runs the image's own command line (${argv.join(' ')}), which does not start the ${facts.title}` }]
        : [];
    }
    const missing = missingSubcommand(facts, cmd);
    return missing !== undefined
      ? [{ path: `${c.path}.args`, message: `container "${c.container.name}" starts the ${facts.title} as \`${missing}\` without a subcommand (${[facts.subcommand!.serving, ...facts.subcommand!.others].join(' or ')}): it prints usage and exits` }]
      : [];
  })),
  {
    fails: exampleDeployment(`- name: server
  image: ghcr.io/spigell/pulumi-workbench:3.244.0
  ports: [{name: http, containerPort: 3000}]`),
    passes: exampleDeployment(`- name: server
  image: ghcr.io/spigell/pulumi-workbench:3.244.0
  command: [pulumi-mcp-server, http]
  args: [--port, "3000"]
  ports: [{name: http, containerPort: 3000}]`),
  });

/** Whether a container can read the ServiceAccount token where in-cluster clients look, or has a kubeconfig. */
function hasKubeCredentials(site: PodSpecSite, c: Manifest): boolean {
  const mounts: Manifest[] = c?.volumeMounts ?? [];
  const volumes: Manifest[] = site.spec.volumes ?? [];
  const tokenVolume = (name: string) => volumes.some((v) => v?.name === name && (v.secret || (v.projected?.sources ?? []).some((s: Manifest) => s?.serviceAccountToken)));
  const atStandardPath = mounts.some((m) => String(m?.mountPath).replace(/\/$/, '') === STANDARD_CREDENTIALS_DIR && tokenVolume(m.name));
  // Unset means true: the admission plugin mounts the token unless the ServiceAccount opts out.
  const automounted = site.spec.automountServiceAccountToken !== false && !mounts.some((m) => String(m?.mountPath).startsWith(STANDARD_CREDENTIALS_DIR));
  const kubeconfig = envValue(c, 'KUBECONFIG') !== undefined || flagValue(words(c), '--kubeconfig') !== undefined;
  return atStandardPath || automounted || kubeconfig;
}

export const MCP_KUBE_CREDENTIALS_MISSING = mcpRule('MCP-KUBE-CREDENTIALS-MISSING', Severity.ERROR, 'A server that needs the Kubernetes API has a ServiceAccount token or a kubeconfig',
  'kubernetes-mcp-server builds its client at start: with automountServiceAccountToken: false and no token at /var/run/secrets/kubernetes.io/serviceaccount it exits with "failed to create kubernetes rest config from kubeconfig: invalid configuration: no configuration has been provided", and the RBAC it was given is never used.',
  'Mount a projected ServiceAccount token (token, kube-root-ca.crt, namespace) at /var/run/secrets/kubernetes.io/serviceaccount in that container, or give it a kubeconfig (with --kubeconfig and --cluster-provider kubeconfig).',
  onPods((site) => allContainers(site).filter((c) => c.kind === 'containers' && factsForImage(c.container.image)?.needsKubernetesApi)
    .filter((c) => !hasKubeCredentials(site, c.container))
    .map((c) => ({ path: c.path, message: `container "${c.container.name}" (${factsForImage(c.container.image)!.title}) has no Kubernetes API credentials: no token at ${STANDARD_CREDENTIALS_DIR} (automountServiceAccountToken is false) and no kubeconfig; it exits at start` }))),
  {
    fails: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66`, 'automountServiceAccountToken: false'),
    passes: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  volumeMounts: [{name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}]`, `automountServiceAccountToken: false
volumes:
  - name: token
    projected:
      sources:
        - serviceAccountToken: {path: token, expirationSeconds: 3600}
        - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
        - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}`),
  });

export const MCP_FLAG_UNSUPPORTED = mcpRule('MCP-FLAG-UNSUPPORTED', Severity.ERROR, 'Every flag passed to a known program exists in the image\'s release',
  'Flags come and go between releases: kubernetes-mcp-server v0.0.54 exits with "Error: unknown flag: --stateless" (the flag arrived in v0.0.56).',
  'Pin an image release that has the flag (docs/rules.md names none; the finding names the first release), or drop the flag.',
  onPods((site) => allContainers(site).flatMap((c) => {
    const facts = factsForImage(c.container.image);
    if (!facts) return [];
    return unsupportedFlags(facts, commandOf(c.container)).map((f) => ({
      path: `${c.path}.args`,
      message: `container "${c.container.name}" passes ${f.flag}, which ${facts.title} has only from ${f.since} on, to ${c.container.image} (${f.source}): it exits with "unknown flag: ${f.flag}"`,
    }));
  })),
  {
    fails: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.54
  args: [--stateless, --port, "8080"]`),
    passes: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  args: [--stateless, --port, "8080"]`),
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

export const MCP_SSE_TRANSPORT = mcpRule('MCP-SSE-TRANSPORT', Severity.WARNING, 'New MCP servers speak Streamable HTTP, not the deprecated HTTP+SSE transport',
  'The MCP specification deprecated HTTP+SSE (revision 2026-07-28, SEP-2596): a long-lived GET stream plus POSTs pins every session to one pod and to long proxy timeouts; Streamable HTTP needs neither, and without protocol sessions needs no affinity at all.',
  'Run the server with Streamable HTTP (transport: streamable-http) where the image offers it; waive with the reason where it does not yet.',
  (obj) => (podSpecOf(obj) && obj.kind !== 'Pod' && obj.metadata?.annotations?.[TRANSPORT_ANNOTATION] === 'sse'
    ? [{ path: `metadata.annotations.${TRANSPORT_ANNOTATION}`, message: 'the server speaks HTTP+SSE, deprecated since MCP 2026-07-28' }] : []));

export const MCP_RULES: Rule[] = [
  MCP_INSPECTOR_EXPOSED, MCP_INSPECTOR_PRODUCTION, MCP_INSPECTOR_NO_AUTH, MCP_INSPECTOR_ALL_INTERFACES,
  MCP_PORT_MISMATCH, MCP_SUBCOMMAND_MISSING, MCP_KUBE_CREDENTIALS_MISSING, MCP_FLAG_UNSUPPORTED,
  MCP_KUBECONFIG_FLAGS, MCP_STATEFUL_REPLICAS, MCP_SSE_TRANSPORT,
];
