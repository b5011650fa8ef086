import { createHash } from 'crypto';
import { ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import {
  Container, ContainerProps, EnvValue, INetworkPolicyPeer, IPodSelector, k8s, LabelSelector, NetworkPolicyPeerConfig, NodeTaintQuery,
  PodSelectorConfig, ServiceAccount, Volume,
} from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { knownProtocolRevisions } from '../images';
import { PATH_ANNOTATION, STATELESS_ANNOTATION, TRANSPORT_ANNOTATION } from '../policy/annotations';
import { fileKey } from './file-key';
import { AppIdentity, standardLabels, selectorLabels } from './labels';
import { namespacedName } from './naming';
import { McpProbes } from './probes';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import { defaultPath, isStateful, McpTransport } from './transport';

/** Name of the MCP container and of its port; other constructs refer to them. */
export const MCP_CONTAINER_NAME = 'mcp-server';
export const MCP_PORT_NAME = 'http';
/** The writable home directory (an emptyDir) unless `homePath` says otherwise; `HOME` points at it. */
export const DEFAULT_HOME_PATH = '/home/mcp';
/** The writable scratch directory every MCP container gets. */
export const TMP_PATH = '/tmp';


/** A key of a Secret, read into an environment variable. */
export interface SecretKeyReference {
  /** Name of the Secret, in the app's namespace. */
  readonly secret: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** A key of a ConfigMap, read into an environment variable. */
export interface ConfigMapKeyReference {
  /** Name of the ConfigMap, in the app's namespace. */
  readonly configMap: string;
  /** Key inside the ConfigMap. */
  readonly key: string;
}

/** CPU and memory amounts as Kubernetes quantities. */
export interface ResourceAmounts {
  /** e.g. "250m". */
  readonly cpu?: string;
  /** e.g. "256Mi". */
  readonly memory?: string;
  /**
   * Local disk: the container's logs and writable layer, and the emptyDirs of the pod.
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
   */
  readonly ephemeralStorage?: string;
}

/** Service exposure of an MCP server. */
export enum McpServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also reachable on a port of every node. */
  NODE_PORT = 'NodePort',
}

export interface McpAppProps {
  /**
   * Name of the Deployment, Service and ServiceAccount; also the `app.kubernetes.io/instance` label.
   */
  readonly name: string;

  /** Namespace of every object. */
  readonly namespace: string;

  /** Container image, pinned by tag or digest. */
  readonly image: string;

  /**
   * What the application is, for the `app.kubernetes.io/name` label. It is part of the
   * Deployment selector, which Kubernetes never lets change: give a value that stays
   * when the image does (never derive it from the image).
   * @default the name
   */
  readonly appName?: string;

  /**
   * The one port the server listens on. It drives the containerPort, the probes, the
   * Service and, with `portFlag`, the server's own flag, so they cannot drift apart.
   */
  readonly port: number;

  /**
   * Command-line flag that sets the listen port (e.g. `--port`); when set, the args carry it.
   * @default - the server is assumed to listen on `port` already
   */
  readonly portFlag?: string;

  /**
   * Environment variable that carries the port value, for images that read their port
   * from one (e.g. `MCP_PORT`).
   * @default - none
   */
  readonly portEnv?: string;

  /**
   * Keep the client's address on NodePort (and LoadBalancer) traffic: `externalTrafficPolicy:
   * Local`. A NetworkPolicy that admits only some address ranges needs it; with the default
   * the source is rewritten to a node's address before the policy sees it.
   * @default false
   * @see https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
   */
  readonly preserveClientAddress?: boolean;

  /**
   * A port on 127.0.0.1 the server listens on instead of `port`, behind a front container
   * (an auth proxy, see McpAuthProxy) that takes `port`, the Service and the probes. The
   * server then declares no port and has no probes (the kubelet cannot reach loopback), and
   * `portFlag`/`portEnv` carry this port. Binding 127.0.0.1 is the server's own flag or
   * variable: the catalog sets it from the image facts.
   * @default - the server listens on `port` on the pod address
   */
  readonly loopbackPort?: number;

  /**
   * MCP transport; decides the default path and session affinity.
   * @default McpTransport.STREAMABLE_HTTP
   */
  readonly transport?: McpTransport;

  /**
   * MCP endpoint path, recorded as an annotation for clients and tools.
   * @default "/sse" for SSE, "/mcp" otherwise
   */
  readonly path?: string;

  /**
   * HTTP path answering GET with 200 when healthy; probes use it when set.
   * @default - TCP probes (Streamable HTTP only requires POST, so a GET on the MCP path can fail)
   */
  readonly healthPath?: string;

  /**
   * HTTP path of Prometheus metrics on the MCP port; McpScrape tells a scraper about it.
   * @default - no metrics
   */
  readonly metricsPath?: string;

  /**
   * The server keeps no session state, so any replica can answer any request.
   * @default false
   */
  readonly stateless?: boolean;

  /**
   * MCP protocol revisions the server speaks (e.g. `2025-11-25`, `2026-07-28`). A server
   * speaking only `2026-07-28` or later has no protocol sessions, so it needs no affinity.
   * @default - what src/images/ records for the image's release; for other images, an older revision (sessions kept)
   */
  readonly protocolRevisions?: readonly string[];

  /**
   * Pod replicas.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Overrides the image entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments for the command.
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Plain environment variables. Secrets belong in `secretEnv`.
   * @default {}
   */
  readonly env?: Record<string, string>;

  /**
   * Environment variables from Secret keys; only the reference is rendered.
   * @default {}
   */
  readonly secretEnv?: Record<string, SecretKeyReference>;

  /**
   * Environment variables from ConfigMap keys.
   * @default {}
   */
  readonly configMapEnv?: Record<string, ConfigMapKeyReference>;

  /**
   * Files rendered into a ConfigMap named `<name>-files` and mounted read-only at these paths.
   * A checksum of their content on the pod template restarts pods when it changes.
   * @default {}
   */
  readonly files?: Record<string, string>;

  /**
   * Secret keys mounted read-only as files at these paths (e.g. cloud credentials). Only
   * the reference is rendered; the kubelet writes the file.
   * @default {}
   */
  readonly secretFiles?: Record<string, SecretKeyReference>;

  /**
   * Resource requests.
   * @default {cpu: "50m", memory: "64Mi", ephemeralStorage: "64Mi"}
   */
  readonly requests?: ResourceAmounts;

  /**
   * Resource limits.
   * @default {cpu: "500m", memory: "256Mi", ephemeralStorage: the emptyDirs it writes to plus 256Mi}
   */
  readonly limits?: ResourceAmounts;

  /**
   * Numeric user id of the container; never 0.
   * @default 65532
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id of the container.
   * @default - the user id
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns mounted volumes.
   * @default - the group id
   */
  readonly fsGroup?: number;

  /**
   * Path of the writable home directory (an emptyDir); `HOME` points at it.
   * @default "/home/mcp"
   */
  readonly homePath?: string;

  /**
   * Size limit of each writable emptyDir (`/tmp`, HOME, `writablePaths`).
   * @default "256Mi"
   */
  readonly scratchSize?: string;

  /**
   * Size limit of the HOME emptyDir (tools that download plugins need more).
   * @default - the scratchSize
   */
  readonly homeSize?: string;

  /**
   * Extra writable directories under the read-only root filesystem.
   * @default []
   */
  readonly writablePaths?: string[];

  /**
   * Service type.
   * @default McpServiceType.CLUSTER_IP
   */
  readonly serviceType?: McpServiceType;

  /**
   * Fixed NodePort, with `McpServiceType.NODE_PORT`.
   * @default - assigned by Kubernetes
   */
  readonly nodePort?: number;

  /**
   * Announce the server to agentgateway on its Service: the port's appProtocol
   * `agentgateway.dev/mcp` (Streamable HTTP) or `agentgateway.dev/mcp-sse`, and the
   * `agentgateway.dev/mcp-path` and `agentgateway.dev/mcp-target-name` (the server's name)
   * annotations.
   * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/controller/pkg/syncer/backend/mcp.go
   * @default false (appProtocol "http")
   */
  readonly agentgateway?: boolean;

  /**
   * How long a pod may take to stop, so SSE and streaming sessions drain on rollouts.
   * @default Duration.seconds(30) (the Kubernetes default)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * How long the container keeps serving after it is taken out of the Service's endpoints
   * (a preStop sleep), so no new request lands on a pod that is going away.
   * @default - no preStop pause
   */
  readonly preStop?: Duration;

  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Node labels the pods must run on.
   * @default {}
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints the pods tolerate, as cdk8s-plus queries them: `NodeTaintQuery.is(key, value)`,
   * `.exists(key)`, `.any()`, with an effect and, for NoExecute, how long to stay.
   * @default []
   */
  readonly tolerations?: NodeTaintQuery[];

  /**
   * Secrets with registry credentials for pulling the image.
   * @default []
   */
  readonly imagePullSecrets?: string[];

  /**
   * Topology keys to spread replicas over (e.g. `kubernetes.io/hostname`,
   * `topology.kubernetes.io/zone`), when there is more than one replica.
   * @default ["kubernetes.io/hostname"]
   */
  readonly spreadOver?: string[];

  /**
   * Extra labels on every object and on the pod template.
   * @default {}
   */
  readonly labels?: Record<string, string>;

  /**
   * Extra annotations on every object.
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

/**
 * One MCP server as Kubernetes objects: a Deployment, a Service in front of it and a
 * ServiceAccount of its own whose token is not mounted. The pod passes the Pod Security
 * Standard "restricted" with a read-only root filesystem, and one port value drives the
 * container port, the probes, the Service and the server's port flag.
 *
 * Other constructs extend the pod through `addInitContainer`, `addSidecar`, `addVolume`
 * and the main container's `addEnv`, `addArgs` and `mount` (`addKubeVolume`, `addKubeVolumeMount`
 * and `addKubeEnv` take Kubernetes types as written, as an escape hatch).
 */
export class McpApp extends Construct implements IPodSelector, INetworkPolicyPeer {
  public readonly name: string;
  public readonly namespace: string;
  public readonly port: number;
  /** The port the server itself listens on: `port`, or the loopback port behind a front container. */
  public readonly listenPort: number;
  /** Whether the server listens on 127.0.0.1 only, behind a front container on `port`. */
  public readonly fronted: boolean;
  /** How long the server keeps serving after it leaves the Service endpoints (a preStop sleep), if set. */
  public readonly preStop?: Duration;
  public readonly path: string;
  public readonly transport: McpTransport;
  public readonly stateful: boolean;
  /** HTTP path of Prometheus metrics on the MCP port, if the server serves them. */
  public readonly metricsPath?: string;
  public readonly identity: AppIdentity;
  public readonly serviceAccount: ServiceAccount;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  /** Labels on every object of this app (standard labels plus the extra ones). */
  public readonly labels: Record<string, string>;

  private readonly props: McpAppProps;
  private readonly env: k8s.EnvVar[] = [];
  private readonly args: string[];
  private readonly mounts: k8s.VolumeMount[] = [];
  private readonly volumes: k8s.Volume[] = [];
  private readonly initContainers: k8s.Container[] = [];
  private readonly sidecars: k8s.Container[] = [];
  private readonly fronts: k8s.Container[] = [];
  private resourceMetadata = false;
  private readonly podAnnotations: Record<string, string> = {};
  private readonly runAs: { user: number; group?: number };
  private readonly scratchSize: string;
  /** The size limits of the emptyDirs the MCP container writes to, which its ephemeral-storage limit must hold. */
  private scratchBytes = 0;
  private readonly ephemeralLimitGiven: boolean;
  private autoscaled = false;

  constructor(scope: Construct, id: string, props: McpAppProps) {
    super(scope, id);
    validateProps(props);
    this.props = props;
    this.name = props.name;
    this.namespace = props.namespace;
    this.port = props.port;
    this.listenPort = props.loopbackPort ?? props.port;
    this.fronted = props.loopbackPort !== undefined;
    this.preStop = props.preStop;
    this.transport = props.transport ?? McpTransport.STREAMABLE_HTTP;
    this.path = props.path ?? defaultPath(this.transport);
    this.stateful = isStateful(this.transport, props.stateless ?? false, props.protocolRevisions ?? knownProtocolRevisions(props.image));
    this.metricsPath = props.metricsPath;
    this.identity = { appName: props.appName ?? props.name, instance: props.name };
    this.labels = { ...standardLabels(this.identity, 'mcp-server', imageVersion(props.image)), ...props.labels };
    this.runAs = { user: props.runAsUser ?? 65532, group: props.runAsGroup };
    this.scratchSize = props.scratchSize ?? '256Mi';
    this.ephemeralLimitGiven = props.limits?.ephemeralStorage !== undefined;
    this.args = [...(props.args ?? []), ...(props.portFlag ? [props.portFlag, String(this.listenPort)] : [])];

    const metadata = this.metadata(props.annotations);
    const mcpMetadata = this.metadata({
      ...props.annotations,
      [TRANSPORT_ANNOTATION]: this.transport,
      [PATH_ANNOTATION]: this.path,
      [STATELESS_ANNOTATION]: String(!this.stateful),
    });
    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: false });

    const homePath = props.homePath ?? DEFAULT_HOME_PATH;
    this.addScratchDirectory('tmp', TMP_PATH);
    this.addScratchDirectory('home', homePath, props.homeSize);
    writableVolumeNames(props.writablePaths ?? []).forEach(({ name, path }) => this.addScratchDirectory(name, path));
    this.addEnv('HOME', EnvValue.fromValue(homePath));
    this.env.push(...plainEnv(props.env), ...secretEnv(props.secretEnv), ...configMapEnv(props.configMapEnv));
    if (props.portEnv) this.addEnv(props.portEnv, EnvValue.fromValue(String(this.listenPort)));
    this.addFiles(props.files ?? {}, metadata);
    this.addSecretFiles(props.secretFiles ?? {});

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: mcpMetadata,
      // Produced whole at synth, after every construct has added to the pod.
      spec: Lazy.any({ produce: () => this.deploymentSpec() }) as unknown as k8s.DeploymentSpec,
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: props.agentgateway
        ? { ...mcpMetadata, annotations: { ...mcpMetadata.annotations, ...agentgatewayAnnotations(this.name, this.path) } }
        : mcpMetadata,
      spec: {
        type: props.serviceType ?? McpServiceType.CLUSTER_IP,
        selector: selectorLabels(this.identity),
        ports: [{
          name: MCP_PORT_NAME,
          port: props.port,
          targetPort: k8s.IntOrString.fromString(MCP_PORT_NAME),
          protocol: 'TCP',
          appProtocol: props.agentgateway ? (this.transport === McpTransport.SSE ? 'agentgateway.dev/mcp-sse' : 'agentgateway.dev/mcp') : 'http',
          nodePort: props.nodePort,
        }],
        // A session lives in one pod's memory; without affinity a second replica would not know it.
        sessionAffinity: this.stateful ? 'ClientIP' : 'None',
        ...(props.preserveClientAddress && props.serviceType === McpServiceType.NODE_PORT ? { externalTrafficPolicy: 'Local' } : {}),
      },
    });
    // ApiObject.of(app) and aspects that look for the main resource find the Deployment.
    this.node.defaultChild = this.deployment;
  }

  /**
   * The server's pods, for cdk8s-plus: `Service.select(app)`, `new NetworkPolicy({selector: app})`,
   * `policy.addIngressRule(app)`. By the name/instance labels the Deployment selects on, in the
   * server's namespace.
   */
  public toPodSelectorConfig(): PodSelectorConfig {
    return { labelSelector: LabelSelector.of({ labels: selectorLabels(this.identity) }), namespaces: { names: [this.namespace] } };
  }

  /** The server's pods as a cdk8s-plus network policy peer. */
  public toNetworkPolicyPeerConfig(): NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** The server's pods as a cdk8s-plus pod selector. */
  public toPodSelector(): IPodSelector {
    return this;
  }

  /** Leaves the replica count to an autoscaler: the Deployment renders no `replicas`. */
  public releaseReplicas(): void {
    this.autoscaled = true;
  }

  /**
   * Adds an environment variable to the MCP container, as cdk8s-plus values it:
   * `EnvValue.fromValue('x')`, `.fromSecretValue(...)`, `.fromConfigMap(...)`, `.fromFieldRef(...)`.
   */
  public addEnv(name: string, value: EnvValue): void {
    this.addKubeEnv({ name, value: value.value, valueFrom: value.valueFrom });
  }

  /** Escape hatch: adds a Kubernetes `EnvVar` to the MCP container as written. */
  public addKubeEnv(env: k8s.EnvVar): void {
    if (this.env.some((e) => e.name === env.name)) {
      throw new Error(`${this.node.path}: environment variable "${env.name}" is already set`);
    }
    this.env.push(env);
  }

  /** Appends arguments to the MCP container's args. */
  public addArgs(...args: string[]): void {
    this.args.push(...args);
  }

  /**
   * Mounts a cdk8s-plus volume into the MCP container at `path`, adding the volume to the
   * pod unless it is there already (as cdk8s-plus's `Container.mount` does).
   */
  public mount(path: string, volume: Volume, options: { readonly readOnly?: boolean; readonly subPath?: string } = {}): void {
    if (!this.volumes.some((v) => v.name === volume.name)) this.addVolume(volume);
    this.addKubeVolumeMount({
      name: volume.name, mountPath: path, ...(options.readOnly ? { readOnly: true } : {}), ...(options.subPath ? { subPath: options.subPath } : {}),
    });
  }

  /** Escape hatch: mounts a volume of the pod (added with `addVolume` or `addKubeVolume`) into the MCP container. */
  public addKubeVolumeMount(mount: k8s.VolumeMount): void {
    if (!this.volumes.some((v) => v.name === mount.name)) {
      throw new Error(`${this.node.path}: cannot mount volume "${mount.name}" at "${mount.mountPath}": no such volume (add it with addVolume first; volumes: ${this.volumes.map((v) => `"${v.name}"`).join(', ') || 'none'})`);
    }
    if (this.mounts.some((m) => m.mountPath === mount.mountPath)) {
      throw new Error(`${this.node.path}: "${mount.mountPath}" is already a mount path of the MCP container`);
    }
    this.mounts.push(mount);
  }

  /**
   * Adds a cdk8s-plus volume to the pod: `Volume.fromEmptyDir(...)`, `.fromSecret(...)`,
   * `.fromConfigMap(...)`; `mount(path, volume)` adds and mounts one in a single call.
   */
  public addVolume(volume: Volume): void {
    this.addKubeVolume(volume._toKube());
  }

  /** Escape hatch: adds a Kubernetes `Volume` to the pod as written (projected volumes, exact sizes). */
  public addKubeVolume(volume: k8s.Volume): void {
    if (this.volumes.some((v) => v.name === volume.name)) {
      throw new Error(`${this.node.path}: volume "${volume.name}" already exists`);
    }
    this.volumes.push(volume);
  }

  /**
   * Adds an init container, described as cdk8s-plus describes containers, that runs to
   * completion before the server starts. Restricted security settings it leaves unset
   * (capabilities, seccomp, the pod's user) are filled in.
   */
  public addInitContainer(props: ContainerProps): void {
    this.addKubeInitContainer(this.restricted(props));
  }

  /** Escape hatch: adds an init container given as a Kubernetes `Container`, as written. */
  public addKubeInitContainer(container: k8s.Container): void {
    this.assertNewContainerName(container.name);
    this.initContainers.push(container);
  }

  /**
   * Adds a native sidecar (an init container with `restartPolicy: Always`, started before
   * the server and kept running beside it, Kubernetes 1.29+), described as cdk8s-plus
   * describes containers, with the restricted settings it leaves unset filled in.
   */
  public addSidecar(props: ContainerProps): void {
    this.addKubeSidecar(this.restricted(props));
  }

  /** Escape hatch: adds a native sidecar given as a Kubernetes `Container`, as written. */
  public addKubeSidecar(container: k8s.Container): void {
    this.assertNewContainerName(container.name);
    this.sidecars.push({ ...container, restartPolicy: 'Always' });
  }

  /** A cdk8s-plus container as Kubernetes sees it, restricted where it says nothing. */
  private restricted(props: ContainerProps): k8s.Container {
    const container = new Container(props)._toKube();
    // cdk8s-plus leaves capabilities, seccomp and the user unset (undefined): ours stand there.
    const given = Object.fromEntries(Object.entries(container.securityContext ?? {}).filter(([, v]) => v !== undefined));
    return { ...container, securityContext: { ...restrictedContainerSecurityContext(this.runAs), ...given } };
  }

  /** Container names are unique across a pod's containers and init containers. */
  private assertNewContainerName(name: string): void {
    const taken = [MCP_CONTAINER_NAME, ...[...this.initContainers, ...this.sidecars, ...this.fronts].map((c) => c.name)];
    if (taken.includes(name)) throw new Error(`${this.node.path}: a container named "${name}" exists already (containers: ${taken.map((n) => `"${n}"`).join(', ')})`);
  }

  /**
   * Records that the pod serves OAuth protected-resource metadata (RFC 9728) under
   * `/.well-known/oauth-protected-resource`, so exposures route that path too.
   */
  public announceResourceMetadata(): void {
    this.resourceMetadata = true;
  }

  /** Whether the pod serves OAuth protected-resource metadata, which clients fetch before they call the MCP path. */
  public get servesResourceMetadata(): boolean {
    return this.resourceMetadata;
  }

  /**
   * Adds the container in front of the server: it listens on `port` (its port is named
   * `http`, which the Service, the probes of the gate and the NetworkPolicy follow) and
   * forwards to the server on 127.0.0.1. Only for an app with `loopbackPort`, and only one.
   */
  public addFront(container: k8s.Container): void {
    if (!this.fronted) throw new Error(`McpApp "${this.name}": a front container needs loopbackPort, so the server listens on 127.0.0.1 behind it`);
    if (this.fronts.length > 0) throw new Error(`McpApp "${this.name}": it already has a front container ("${this.fronts[0].name}")`);
    this.assertNewContainerName(container.name);
    this.fronts.push(container);
  }

  /** Adds an annotation to the pod template (e.g. a checksum that restarts pods). */
  public addPodAnnotation(key: string, value: string): void {
    this.podAnnotations[key] = value;
  }

  /** A writable emptyDir under the read-only root filesystem, mounted into the MCP container. */
  public addScratchDirectory(volumeName: string, path: string, sizeLimit: string = this.scratchSize): void {
    this.addKubeVolume({ name: volumeName, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } });
    this.addKubeVolumeMount({ name: volumeName, mountPath: path });
    this.scratchBytes += quantityBytes(sizeLimit);
  }

  /** The Deployment's spec, from everything added to the pod. */
  private deploymentSpec(): k8s.DeploymentSpec {
    const props = this.props;
    const selector = selectorLabels(this.identity);
    return {
      // Omitted once an autoscaler owns the count, or every apply would reset it.
      replicas: this.autoscaled ? undefined : props.replicas ?? 1,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
      template: {
        metadata: {
          labels: this.labels,
          annotations: Object.keys(this.podAnnotations).length > 0 ? this.podAnnotations : undefined,
        },
        spec: {
          ...podPlacement(props, selector),
          serviceAccountName: this.serviceAccount.name,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext({ ...this.runAs, fsGroup: props.fsGroup }),
          initContainers: this.allInitContainers(),
          containers: [...this.fronts, this.mainContainer()],
          volumes: this.volumes,
        },
      },
    };
  }

  /** The MCP container. */
  private mainContainer(): k8s.Container {
    const props = this.props;
    return {
      name: MCP_CONTAINER_NAME,
      image: props.image,
      imagePullPolicy: 'IfNotPresent',
      command: props.command,
      args: this.args.length > 0 ? this.args : undefined,
      // Behind a front container the server listens on loopback: no port to declare, nothing the kubelet could probe.
      ports: this.fronted ? undefined : [{ name: MCP_PORT_NAME, containerPort: props.port, protocol: 'TCP' }],
      env: this.env,
      resources: this.resources(),
      securityContext: restrictedContainerSecurityContext(this.runAs),
      ...(this.fronted ? {} : McpProbes.forPort(MCP_PORT_NAME, props.healthPath)),
      ...(props.preStop ? { lifecycle: { preStop: { sleep: { seconds: props.preStop.toSeconds() } } } } : {}),
      volumeMounts: this.mounts,
    };
  }

  /**
   * The kubelet evicts a pod whose logs, writable layers and emptyDirs outgrow the sum of its
   * containers' ephemeral-storage limits, so unless one was given, the MCP container's limit
   * holds the emptyDirs it writes to and some room for logs.
   */
  private resources(): k8s.ResourceRequirements {
    const resources = resourceRequirements(this.props.requests, this.props.limits);
    if (!this.ephemeralLimitGiven) {
      resources.limits!['ephemeral-storage'] = k8s.Quantity.fromString(`${Math.ceil((this.scratchBytes + LOG_HEADROOM_BYTES) / 1024 ** 2)}Mi`);
    }
    return resources;
  }

  /** Metadata for a new object of this app: its name (with an optional suffix), namespace and labels. */
  public metadata(annotations?: Record<string, string>, name = this.name): ApiObjectMetadata {
    return {
      name,
      namespace: this.namespace,
      labels: this.labels,
      ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
  }

  /** The numeric user and group of the MCP container. */
  public get user(): { user: number; group: number } {
    return { user: this.runAs.user, group: this.runAs.group ?? this.runAs.user };
  }

  private allInitContainers(): k8s.Container[] | undefined {
    const all = [...this.initContainers, ...this.sidecars];
    return all.length > 0 ? all : undefined;
  }

  /** One Secret volume per Secret, each key mounted as a file at its path. */
  private addSecretFiles(files: Record<string, SecretKeyReference>): void {
    const paths = Object.keys(files).sort();
    const secrets = [...new Set(paths.map((p) => files[p].secret))];
    secrets.forEach((secret, i) => {
      const volume = `secret-files-${i}`;
      const mine = paths.filter((p) => files[p].secret === secret);
      this.addKubeVolume({
        name: volume,
        // 0440 with fsGroup: readable by the pod's group, never world-readable.
        secret: { secretName: secret, defaultMode: 0o440, items: mine.map((p) => ({ key: files[p].key, path: fileKey(p) })) },
      });
      mine.forEach((p) => this.addKubeVolumeMount({ name: volume, mountPath: p, subPath: fileKey(p), readOnly: true }));
    });
  }

  private addFiles(files: Record<string, string>, metadata: ApiObjectMetadata): void {
    const paths = Object.keys(files).sort();
    if (paths.length === 0) return;
    const data = Object.fromEntries(paths.map((p) => [fileKey(p), files[p]]));
    const name = namespacedName(this.name, 'files');
    new k8s.KubeConfigMap(this, 'Files', { metadata: { ...metadata, name }, data });
    this.addKubeVolume({ name: 'files', configMap: { name } });
    paths.forEach((p) => this.addKubeVolumeMount({ name: 'files', mountPath: p, subPath: fileKey(p), readOnly: true }));
    // subPath mounts never see ConfigMap updates; a changed checksum rolls the pods instead.
    this.addPodAnnotation('checksum/files', checksum(data));
  }
}

/** Scheduling and lifecycle fields of the pod spec, only those that are set. */
function podPlacement(props: McpAppProps, selector: Record<string, string>): Partial<k8s.PodSpec> {
  const spread = (props.replicas ?? 1) > 1 ? (props.spreadOver ?? ['kubernetes.io/hostname']) : [];
  return {
    ...(props.terminationGracePeriod !== undefined ? { terminationGracePeriodSeconds: props.terminationGracePeriod.toSeconds() } : {}),
    ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
    ...(props.nodeSelector && Object.keys(props.nodeSelector).length > 0 ? { nodeSelector: props.nodeSelector } : {}),
    ...(props.tolerations && props.tolerations.length > 0 ? { tolerations: props.tolerations.map((t) => t._toKube()) } : {}),
    ...(props.imagePullSecrets && props.imagePullSecrets.length > 0 ? { imagePullSecrets: props.imagePullSecrets.map((name) => ({ name })) } : {}),
    // ScheduleAnyway: a single-node dev cluster still runs every replica.
    ...(spread.length > 0 ? {
      topologySpreadConstraints: spread.map((topologyKey) => ({ topologyKey, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } })),
    } : {}),
  };
}

function validateProps(props: McpAppProps): void {
  const grace = props.terminationGracePeriod?.toSeconds() ?? 30;
  if (props.preStop !== undefined && props.preStop.toSeconds() >= grace) {
    throw new Error(`McpApp "${props.name}": preStop ${props.preStop.toSeconds()}s must be shorter than terminationGracePeriod ${grace}s`);
  }
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
    throw new Error(`McpApp "${props.name}": port must be an integer 1-65535, got ${props.port}`);
  }
  const loopback = props.loopbackPort;
  if (loopback !== undefined && (!Number.isInteger(loopback) || loopback < 1 || loopback > 65535 || loopback === props.port)) {
    throw new Error(`McpApp "${props.name}": loopbackPort must be an integer 1-65535 other than port ${props.port}, got ${props.loopbackPort}`);
  }
  if ((props.runAsUser ?? 65532) === 0) {
    throw new Error(`McpApp "${props.name}": runAsUser must be a non-zero numeric id, got 0`);
  }
  if (props.nodePort !== undefined && props.serviceType !== McpServiceType.NODE_PORT) {
    throw new Error(`McpApp "${props.name}": nodePort ${props.nodePort} needs serviceType NodePort`);
  }
}

function imageVersion(image: string): string | undefined {
  const match = image.split('@')[0].match(/:([^/:]+)$/);
  return match?.[1];
}

function checksum(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

function writableVolumeNames(paths: string[]): Array<{ name: string; path: string }> {
  return paths.map((path, i) => ({ name: `writable-${i}`, path }));
}

function plainEnv(env: Record<string, string> = {}): k8s.EnvVar[] {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

function secretEnv(env: Record<string, SecretKeyReference> = {}): k8s.EnvVar[] {
  return Object.entries(env).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } }));
}

function configMapEnv(env: Record<string, ConfigMapKeyReference> = {}): k8s.EnvVar[] {
  return Object.entries(env).map(([name, ref]) => ({ name, valueFrom: { configMapKeyRef: { name: ref.configMap, key: ref.key } } }));
}

/** Logs and writable-layer slack on top of the emptyDirs a container writes to. */
const LOG_HEADROOM_BYTES = 256 * 1024 ** 2;

function resourceRequirements(requests: ResourceAmounts = {}, limits: ResourceAmounts = {}): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(value);
  return {
    requests: { 'cpu': q(requests.cpu ?? '50m'), 'memory': q(requests.memory ?? '64Mi'), 'ephemeral-storage': q(requests.ephemeralStorage ?? '64Mi') },
    // Without a given ephemeral-storage limit, McpApp.resources sets it from the emptyDirs.
    limits: { 'cpu': q(limits.cpu ?? '500m'), 'memory': q(limits.memory ?? '256Mi'), ...(limits.ephemeralStorage ? { 'ephemeral-storage': q(limits.ephemeralStorage) } : {}) },
  };
}

/** Bytes of a binary-suffixed quantity as we write them (`256Mi`, `2Gi`); plain numbers are bytes. */
function quantityBytes(quantity: string): number {
  const match = quantity.match(/^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/);
  if (!match) throw new Error(`McpApp: size "${quantity}" is not a quantity such as 256Mi or 2Gi`);
  const scale: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(match[1]) * (match[2] ? scale[match[2]] : 1);
}

/**
 * How agentgateway finds a server on its Service: the MCP path, and the target name it gives
 * the server (the prefix of its tools in a backend of several servers, `mcp.tool.target` in
 * CEL rules). Without a name it would use `<service>-<port name>`.
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/controller/pkg/syncer/backend/mcp.go
 * @see https://github.com/agentgateway/agentgateway/blob/75b4e6c/controller/api/annotations/agentgateway.go
 */
function agentgatewayAnnotations(name: string, path: string): Record<string, string> {
  return { 'agentgateway.dev/mcp-path': path, 'agentgateway.dev/mcp-target-name': name };
}
