import {
  ContainerCommand, effectiveCommandLine, factsForImage, lastFlagValue, ListenPort, listenPort, missingSubcommand, serverArgs, unsupportedFlags,
} from '../../images';
import { STATELESS_ANNOTATION, TRANSPORT_ANNOTATION } from '../annotations';
import { runIndex, servicesSelecting } from '../index';
import { Manifest } from '../manifest';
import { isKubernetesMcp, STANDARD_CREDENTIALS_DIR } from '../mcp-facts';
import { mayHoldFilesUnder, mountedToml } from '../mounted-files';
import { Rule, RuleContext, Severity, Violation } from '../rule';
import { selectedPods } from '../service-routes';
import { allContainers, ContainerSite, perRun, podSpecOf, PodSpecSite } from '../workloads';
import { envValue, exampleDeployment, mcpRule, onPods, words } from './mcp-rule';

/*
 * The traps MCP servers fall into, judged from the upstream facts about their images (src/images/):
 * ports that disagree, a missing subcommand, missing API credentials, flags a release lacks,
 * sessions split over replicas, the deprecated SSE transport. What plain YAML cannot show
 * (transport, statelessness) comes from the annotations our objects carry.
 */

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

/** Where a known image's program listens: a port, no port (stdio), or undefined when the run cannot tell. */
type Listening = { port: number; from: string } | { none: string } | undefined;

/** The port a known image's program listens on, as its effective command line says. */
// Both port checks ask, for every container.
const knownListenPort = perRun(listenPortOfImage);

function listenPortOfImage(c: Manifest): ListenPort | undefined {
  const facts = factsForImage(c?.image);
  return facts ? listenPort(facts, commandOf(c)) : undefined;
}

/**
 * Where a container of a pod listens, its config file read from the run as the program reads
 * it: a port flag first, then the file's key (a drop-in could set it too: then the run cannot
 * tell), else no port.
 */
function listeningOf(c: Manifest, site: PodSpecSite, namespace: string | undefined, context: RuleContext): Listening {
  const found = knownListenPort(c);
  if (found?.kind === 'port') return { port: found.port, from: found.from };
  // A missing subcommand is MCP-SUBCOMMAND-MISSING's finding.
  if (found?.kind === 'none') return found.why !== 'no subcommand' ? { none: found.why } : undefined;
  if (found?.kind !== 'config' || (found.dropInDir && mayHoldFilesUnder(site, c, found.dropInDir))) return undefined;
  // A file the program refuses is not a port question.
  const file = mountedToml(site, c, found.file, namespace, context);
  if (!file) return undefined;
  const port = file.values[found.key];
  if (port === undefined) return { none: `${found.from} sets no ${found.key} (ConfigMap ${file.configMap}), and no port flag is given (it serves stdio)` };
  return { port: Number(port), from: `${found.key} = ${JSON.stringify(port)} in ${found.file} (ConfigMap ${file.configMap})` };
}

/** A container port (number or name) as a number, if the container declares it. */
function portNumber(c: Manifest, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return (c?.ports ?? []).find((p: Manifest) => p?.name === port)?.containerPort;
}

function servicePortMismatches(obj: Manifest, context: RuleContext): Violation[] {
  const containers = selectedPods(obj, context).flatMap((site) => allContainers(site).map((c) => ({ c: c.container, site })));
  if (containers.length === 0) return [];
  return (obj.spec?.ports ?? []).flatMap((p: Manifest, i: number) => {
    const target = p?.targetPort ?? p?.port;
    const reached = containers.filter(({ c }) => (c.ports ?? []).some((cp: Manifest) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target)));
    if (reached.length === 0) {
      return [{ path: `spec.ports[${i}].targetPort`, message: `targetPort ${JSON.stringify(target)} matches no container port of the pods this Service selects` }];
    }
    return reached.flatMap(({ c, site }) => {
      const listen = listeningOf(c, site, obj.metadata?.namespace, context);
      const number = portNumber(c, target);
      return listen && 'port' in listen && listen.port !== number
        ? [{ path: `spec.ports[${i}].targetPort`, message: `targetPort ${JSON.stringify(target)} is port ${number} of container "${c.name}", which listens on ${listen.port} (${listen.from})` }]
        : [];
    });
  });
}

function containerPortMismatches(c: ContainerSite, site: PodSpecSite, obj: Manifest, context: RuleContext): Violation[] {
  const declared: Manifest[] = c.container.ports ?? [];
  if (declared.length === 0) return [];
  const numbers = declared.map((p) => p.containerPort);
  const names = declared.map((p) => p.name).filter(Boolean);
  const out: Violation[] = [];
  const listening = listeningOf(c.container, site, obj.metadata?.namespace, context);
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

export const MCP_PORT_MISMATCH = mcpRule({
  id: 'MCP-PORT-MISMATCH',
  severity: Severity.ERROR,
  title: 'The port the program listens on, containerPort, probe ports and Service targetPort agree',
  why: 'A chart once set containerPort and probes to 8686 while the binary listened on 8080: the pod crash-looped on failed probes and the Service pointed nowhere. For known images the effective command line (ENTRYPOINT, then command/args, or the image\'s CMD when args are unset) decides the listen port, and the config file it names when no port flag is given (kubernetes-mcp-server\'s `--config`, read from the ConfigMap of the run mounted there).',
  fix: 'Drive every port from one value: use named ports in probes and Service targetPort, and pass the same number to the program\'s port flag (or keep the image\'s default port).',
  check: (obj, context) => (obj?.kind === 'Service' ? servicePortMismatches(obj, context)
    : onPods((site, pod) => allContainers(site).filter((c) => c.kind === 'containers' || c.container.restartPolicy === 'Always')
      .flatMap((c) => containerPortMismatches(c, site, pod, context)))(obj)),
  examples: {
    fails: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  ports: [{name: http, containerPort: 8686}]
  readinessProbe: {httpGet: {path: /healthz, port: http}}`),
    passes: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  ports: [{name: http, containerPort: 8080}]
  readinessProbe: {httpGet: {path: /healthz, port: http}}`),
  },
});

export const MCP_SUBCOMMAND_MISSING = mcpRule({
  id: 'MCP-SUBCOMMAND-MISSING',
  severity: Severity.ERROR,
  title: 'A program that demands a subcommand gets one, and an image whose own command is not the server is told what to run',
  why: 'The Pulumi MCP server (`node dist/index.js`) prints usage and exits without `http` or `stdio`; the Pulumi workbench image\'s own command prints versions and exits. Either way the pod crash-loops.',
  fix: 'Pass the serving subcommand (`args: [http, --port, "3000"]`), or set `command` to start the server (`[pulumi-mcp-server, http]`).',
  check: onPods((site) => allContainers(site).filter((c) => c.kind === 'containers').flatMap((c) => {
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
  examples: {
    fails: exampleDeployment(`- name: server
  image: ghcr.io/spigell/pulumi-workbench:3.244.0
  ports: [{name: http, containerPort: 3000}]`),
    passes: exampleDeployment(`- name: server
  image: ghcr.io/spigell/pulumi-workbench:3.244.0
  command: [pulumi-mcp-server, http]
  args: [--port, "3000"]
  ports: [{name: http, containerPort: 3000}]`),
  },
});

/** Whether a container can read the ServiceAccount token where in-cluster clients look, or has a kubeconfig. */
function hasKubeCredentials(site: PodSpecSite, c: Manifest): boolean {
  const mounts: Manifest[] = c?.volumeMounts ?? [];
  const volumes: Manifest[] = site.spec.volumes ?? [];
  const projectsToken = (v: Manifest) => (v.projected?.sources ?? []).some((s: Manifest) => s?.serviceAccountToken);
  const tokenVolume = (name: string) => volumes.some((v) => v?.name === name && (v.secret || projectsToken(v)));
  const atStandardPath = mounts.some((m) => String(m?.mountPath).replace(/\/$/, '') === STANDARD_CREDENTIALS_DIR && tokenVolume(m.name));
  // Unset means true: the admission plugin mounts the token unless the ServiceAccount opts out.
  const automounted = site.spec.automountServiceAccountToken !== false
    && !mounts.some((m) => String(m?.mountPath).startsWith(STANDARD_CREDENTIALS_DIR));
  const kubeconfig = envValue(c, 'KUBECONFIG') !== undefined || lastFlagValue(words(c), '--kubeconfig') !== undefined;
  return atStandardPath || automounted || kubeconfig;
}

export const MCP_KUBE_CREDENTIALS_MISSING = mcpRule({
  id: 'MCP-KUBE-CREDENTIALS-MISSING',
  severity: Severity.ERROR,
  title: 'A server that needs the Kubernetes API has a ServiceAccount token or a kubeconfig',
  why: 'kubernetes-mcp-server builds its client at start: with automountServiceAccountToken: false and no token at /var/run/secrets/kubernetes.io/serviceaccount it exits with "failed to create kubernetes rest config from kubeconfig: invalid configuration: no configuration has been provided", and the RBAC it was given is never used.',
  fix: 'Mount a projected ServiceAccount token (token, kube-root-ca.crt, namespace) at /var/run/secrets/kubernetes.io/serviceaccount in that container, or give it a kubeconfig (with --kubeconfig and --cluster-provider kubeconfig).',
  check: onPods((site) => allContainers(site).filter((c) => c.kind === 'containers' && factsForImage(c.container.image)?.needsKubernetesApi)
    .filter((c) => !hasKubeCredentials(site, c.container))
    .map((c) => ({ path: c.path, message: `container "${c.container.name}" (${factsForImage(c.container.image)!.title}) has no Kubernetes API credentials: no token at ${STANDARD_CREDENTIALS_DIR} (automountServiceAccountToken is false) and no kubeconfig; it exits at start` }))),
  examples: {
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
  },
});

export const MCP_FLAG_UNSUPPORTED = mcpRule({
  id: 'MCP-FLAG-UNSUPPORTED',
  severity: Severity.ERROR,
  title: 'Every flag passed to a known program exists in the image\'s release',
  why: 'Flags come and go between releases: kubernetes-mcp-server v0.0.54 exits with "Error: unknown flag: --stateless" (the flag arrived in v0.0.56).',
  fix: 'Pin an image release that has the flag (docs/rules.md names none; the finding names the first release), or drop the flag.',
  check: onPods((site) => allContainers(site).flatMap((c) => {
    const facts = factsForImage(c.container.image);
    if (!facts) return [];
    return unsupportedFlags(facts, commandOf(c.container)).map((f) => ({
      path: `${c.path}.args`,
      message: `container "${c.container.name}" passes ${f.flag}, which ${facts.title} has only from ${f.since} on, to ${c.container.image} (${f.source}): it exits with "unknown flag: ${f.flag}"`,
    }));
  })),
  examples: {
    fails: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.54
  args: [--stateless, --port, "8080"]`),
    passes: exampleDeployment(`- name: server
  image: quay.io/containers/kubernetes_mcp_server:v0.0.66
  args: [--stateless, --port, "8080"]`),
  },
});

export const MCP_KUBECONFIG_FLAGS = mcpRule({
  id: 'MCP-KUBECONFIG-FLAGS',
  severity: Severity.ERROR,
  title: 'kubernetes-mcp-server with a kubeconfig passes --kubeconfig and --cluster-provider kubeconfig',
  why: 'Inside a pod kubernetes-mcp-server detects the in-cluster environment and ignores a kubeconfig file unless given both flags, so it silently runs with other credentials.',
  fix: 'Pass `--kubeconfig <file>` and `--cluster-provider kubeconfig` together (or drop the kubeconfig).',
  check: onPods((site) => allContainers(site).filter((c) => isKubernetesMcp(c.container)).flatMap((c) => {
    const args = words(c.container);
    const mounted = envValue(c.container, 'KUBECONFIG') !== undefined
      || (c.container.volumeMounts ?? []).some((m: Manifest) => /kubeconfig/i.test(String(m?.mountPath)))
      || lastFlagValue(args, '--kubeconfig') !== undefined;
    const complete = lastFlagValue(args, '--kubeconfig') !== undefined && lastFlagValue(args, '--cluster-provider') === 'kubeconfig';
    return mounted && !complete ? [{ path: `${c.path}.args`, message: `kubernetes-mcp-server "${c.container.name}" has a kubeconfig but not both --kubeconfig and --cluster-provider kubeconfig` }] : [];
  })),
});

/** Whether a workload keeps MCP sessions in memory, when that can be known. */
function isStateful(obj: Manifest, site: PodSpecSite): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  if (annotations[TRANSPORT_ANNOTATION] === 'sse') return true;
  if (annotations[STATELESS_ANNOTATION] !== undefined) return annotations[STATELESS_ANNOTATION] !== 'true';
  return allContainers(site).some((c) => isKubernetesMcp(c.container) && !words(c.container).includes('--stateless'));
}

export const MCP_STATEFUL_REPLICAS = mcpRule({
  id: 'MCP-STATEFUL-REPLICAS',
  severity: Severity.ERROR,
  title: 'A stateful MCP server with several replicas has session affinity',
  why: 'An MCP session (SSE stream, stateful Streamable HTTP, stdio bridge) lives in one pod\'s memory; without affinity the next request lands on a replica that does not know it.',
  fix: 'Set the Service\'s sessionAffinity: ClientIP, run one replica, or run the server stateless.',
  check: (obj, context) => {
    const site = podSpecOf(obj);
    if (!site || !['Deployment', 'StatefulSet', 'ReplicaSet'].includes(obj.kind) || !((obj.spec?.replicas ?? 1) > 1) || !isStateful(obj, site)) return [];
    const services = servicesSelecting(runIndex(context.all), obj.metadata?.namespace ?? '', site.metadata.labels);
    return services.some((s) => s.spec?.sessionAffinity === 'ClientIP') ? []
      : [{ path: 'spec.replicas', message: `${obj.spec.replicas} replicas of a stateful MCP server, and no Service selecting them has sessionAffinity: ClientIP` }];
  },
});

export const MCP_SSE_TRANSPORT = mcpRule({
  id: 'MCP-SSE-TRANSPORT',
  severity: Severity.WARNING,
  title: 'New MCP servers speak Streamable HTTP, not the deprecated HTTP+SSE transport',
  why: 'The MCP specification deprecated HTTP+SSE (revision 2026-07-28, SEP-2596): a long-lived GET stream plus POSTs pins every session to one pod and to long proxy timeouts; Streamable HTTP needs neither, and without protocol sessions needs no affinity at all.',
  fix: 'Run the server with Streamable HTTP (transport: streamable-http) where the image offers it; waive with the reason where it does not yet.',
  check: (obj) => (podSpecOf(obj) && obj.kind !== 'Pod' && obj.metadata?.annotations?.[TRANSPORT_ANNOTATION] === 'sse'
    ? [{ path: `metadata.annotations.${TRANSPORT_ANNOTATION}`, message: 'the server speaks HTTP+SSE, deprecated since MCP 2026-07-28' }] : []),
});


export const MCP_SERVER_RULES: Rule[] = [
  MCP_PORT_MISMATCH, MCP_SUBCOMMAND_MISSING, MCP_KUBE_CREDENTIALS_MISSING, MCP_FLAG_UNSUPPORTED,
  MCP_KUBECONFIG_FLAGS, MCP_STATEFUL_REPLICAS, MCP_SSE_TRANSPORT,
];
