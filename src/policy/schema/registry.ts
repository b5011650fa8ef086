import { k8s } from 'cdk8s-plus-30';
import { GeneratedModule, groupOf, kindKeysOf, StructureRegistry } from './structure';

/** A type/enum/format validator for one kind; throws with a list of errors. */
export type ModelValidator = (obj: unknown) => void;

/** What a CRD module's types leave out. */
export interface CustomResourceOptions {
  /**
   * The CRDs declare a `status` for every kind of the module (`cdk8s import` leaves it out of
   * the types), so objects as `kubectl get -o yaml` prints them have a known `status`.
   * @default false
   */
  readonly withStatus?: boolean;
}

/**
 * Where the schema rules look things up: the field structure of every served kind, and a
 * validator of values per kind. Kubernetes 1.30 is built in; CRD modules are added.
 */
export class SchemaRegistry {
  public readonly structure = new StructureRegistry().addModule(k8s as unknown as GeneratedModule);
  private readonly validators = new Map<string, ModelValidator | null>();
  private readonly extraValidators = new Map<string, ModelValidator>();
  private readonly lazyGroups = new Map<string, () => void>();
  private readonly statusKinds = new Map<string, boolean>();

  /**
   * Registers CRD types to load the first time an object of the API group is seen, so
   * checking plain Kubernetes objects never pays for large generated modules.
   */
  public addLazyGroup(group: string, load: (registry: SchemaRegistry) => void): this {
    this.lazyGroups.set(group, () => load(this));
    return this;
  }

  /** The type of an apiVersion/kind, loading its CRD group first if needed. */
  public typeOf(apiVersion: unknown, kind: unknown): string | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
    this.loadGroupOf(apiVersion);
    return this.structure.typeOf(apiVersion, kind);
  }

  /**
   * Whether an apiVersion belongs to Kubernetes itself (a group without a dot, or one the
   * built-in types serve) or to a CRD group we have types for: then an unknown kind or
   * version is an error. Other groups are custom resources we cannot validate.
   */
  public ownsGroup(apiVersion: string): boolean {
    this.loadGroupOf(apiVersion);
    const group = groupOf(apiVersion);
    return !group.includes('.') || this.structure.servesGroup(group);
  }

  private loadGroupOf(apiVersion: string): void {
    if (this.lazyGroups.size === 0) return;
    const group = groupOf(apiVersion);
    const load = this.lazyGroups.get(group);
    if (load) {
      this.lazyGroups.delete(group);
      load();
    }
  }

  /** Adds a `cdk8s import` module (CRD types) and, optionally, validators for its kinds. */
  public addCustomResources(mod: GeneratedModule, validators: Record<string, ModelValidator> = {}, options: CustomResourceOptions = {}): this {
    this.structure.addModule(mod);
    for (const [gvk, validate] of Object.entries(validators)) this.extraValidators.set(gvk, validate);
    if (options.withStatus) kindKeysOf(mod).forEach((key) => this.statusKinds.set(key, true));
    return this;
  }

  /**
   * Whether objects of a kind have a top-level `status` (as `kubectl get -o yaml` prints them):
   * the field structure, from cdk8s's generated props, leaves status out. The maintained
   * validator knows: it rejects a `status` that is not an object only when its kind has one
   * (Deployment, Pod, Service, but not ConfigMap, nor NetworkPolicy in 1.30).
   */
  public hasStatus(apiVersion: string, kind: string): boolean {
    this.loadGroupOf(apiVersion);
    const key = `${apiVersion}/${kind}`;
    let has = this.statusKinds.get(key);
    if (has === undefined) {
      has = checksStatus(this.validatorOf(apiVersion, kind));
      this.statusKinds.set(key, has);
    }
    return has;
  }

  /** The value validator for an apiVersion/kind, if a maintained one exists. */
  public validatorOf(apiVersion: string, kind: string): ModelValidator | undefined {
    this.loadGroupOf(apiVersion);
    const key = `${apiVersion}/${kind}`;
    const extra = this.extraValidators.get(key);
    if (extra) return extra;
    if (!this.validators.has(key)) this.validators.set(key, loadKubernetesModel(apiVersion, kind));
    return this.validators.get(key) ?? undefined;
  }
}

/** Whether a validator checks a top-level `status`: given a number there, it says so at /status. */
function checksStatus(validate: ModelValidator | undefined): boolean {
  if (!validate) return false;
  try {
    validate({ status: 0 });
    return false;
  } catch (err: any) {
    return (err?.errors ?? []).some((e: { instancePath?: string }) => e.instancePath === '/status');
  }
}

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The kinds synth renders, and the workloads and other kinds `kubectl get all` and charts hold
 * that check meets most, required by literal path so the command bundles carry their
 * validators (and V8's code cache covers them: a validator loaded by name is compiled from its
 * source on every run); any other kind loads by name when seen.
 */
const BUNDLED_MODELS: Record<string, () => Record<string, any>> = {
  'v1/Namespace': () => require('kubernetes-models/v1/Namespace'),
  'v1/ServiceAccount': () => require('kubernetes-models/v1/ServiceAccount'),
  'v1/Service': () => require('kubernetes-models/v1/Service'),
  'v1/ConfigMap': () => require('kubernetes-models/v1/ConfigMap'),
  'apps/v1/Deployment': () => require('kubernetes-models/apps/v1/Deployment'),
  'rbac.authorization.k8s.io/v1/Role': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/Role'),
  'rbac.authorization.k8s.io/v1/RoleBinding': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  'networking.k8s.io/v1/NetworkPolicy': () => require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  'networking.k8s.io/v1/Ingress': () => require('kubernetes-models/networking.k8s.io/v1/Ingress'),
  'policy/v1/PodDisruptionBudget': () => require('kubernetes-models/policy/v1/PodDisruptionBudget'),
  'autoscaling/v2/HorizontalPodAutoscaler': () => require('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  'v1/Pod': () => require('kubernetes-models/v1/Pod'),
  'v1/Secret': () => require('kubernetes-models/v1/Secret'),
  'v1/PersistentVolumeClaim': () => require('kubernetes-models/v1/PersistentVolumeClaim'),
  'apps/v1/ReplicaSet': () => require('kubernetes-models/apps/v1/ReplicaSet'),
  'apps/v1/StatefulSet': () => require('kubernetes-models/apps/v1/StatefulSet'),
  'apps/v1/DaemonSet': () => require('kubernetes-models/apps/v1/DaemonSet'),
  'batch/v1/Job': () => require('kubernetes-models/batch/v1/Job'),
  'batch/v1/CronJob': () => require('kubernetes-models/batch/v1/CronJob'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A model class's validation run on the object itself: `new Model(obj)` would first copy it
 * whole (dropping undefined values, which parsed and rendered objects do not have), and that
 * copy was a good part of the gate's time. The validators only read.
 */
 
function validatorOfModel(Model: any): ModelValidator {
  const validate: (this: unknown) => void = Model.prototype.validate;
  return (obj: unknown) => validate.call(obj);
}

/** kubernetes-models lays its classes out as `<group>/<version>/<Kind>` (core: `v1/<Kind>`). */
function loadKubernetesModel(apiVersion: string, kind: string): ModelValidator | null {
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = BUNDLED_MODELS[`${apiVersion}/${kind}`]?.() ?? require(`kubernetes-models/${apiVersion}/${kind}`);
    const Model = mod[kind];
    if (typeof Model !== 'function') return null;
    return validatorOfModel(Model);
  } catch {
    return null;
  }
}

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Argo CD v3.5.1: field structure from the `cdk8s import` output in imports/, values checked
 * by the maintained @kubernetes-models/argo-cd validators (2.7.2, the last that loads with require).
 */
function loadArgoCd(registry: SchemaRegistry): void {
  // Literal paths, so the command bundles carry them.
  const models = {
    Application: require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application').Application,
    ApplicationSet: require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet').ApplicationSet,
    AppProject: require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject').AppProject,
  };
  const validators: Record<string, ModelValidator> = {};
  for (const [kind, Model] of Object.entries(models)) validators[`argoproj.io/v1alpha1/${kind}`] = validatorOfModel(Model);
  registry.addCustomResources(require('../../../imports/argocd-application-argoproj.io'), validators);
  registry.addCustomResources(require('../../../imports/argocd-applicationset-argoproj.io'));
  registry.addCustomResources(require('../../../imports/argocd-appproject-argoproj.io'));
}

/**
 * The other CRDs this project can render, from `cdk8s import` of ../shared/crds/ (Gateway API
 * HTTPRoute, Istio, Prometheus Operator, VictoriaMetrics, agentgateway's AgentgatewayPolicy) and of
 * agentgateway's AgentgatewayBackend (agentgateway/agentgateway `controller/install/helm/agentgateway-crds/`,
 * the URL in cdk8s.yaml): field structure only, since no maintained value validators load here.
 */
const CRD_MODULES: Record<string, () => GeneratedModule[]> = {
  'agentgateway.dev': () => [require('../../../imports/agentgateway-backend-agentgateway.dev'), require('../../../imports/agentgateway-policy-agentgateway.dev')],
  'gateway.networking.k8s.io': () => [require('../../../imports/gateway-api-httproute-gateway.networking.k8s.io')],
  'networking.istio.io': () => [
    require('../../../imports/istio-virtualservice-networking.istio.io'),
    require('../../../imports/istio-destinationrule-networking.istio.io'),
    require('../../../imports/istio-serviceentry-networking.istio.io'),
  ],
  'monitoring.coreos.com': () => [require('../../../imports/prometheus-operator-podmonitor-monitoring.coreos.com')],
  'operator.victoriametrics.com': () => [require('../../../imports/victoriametrics-vmpodscrape-operator.victoriametrics.com')],
};

let shared: SchemaRegistry | undefined;

/** The registry with Kubernetes 1.30 and the CRDs this project renders. */
export function defaultSchemaRegistry(): SchemaRegistry {
  if (!shared) {
    shared = new SchemaRegistry().addLazyGroup('argoproj.io', loadArgoCd);
    // Every served version of each of these CRDs declares a status (test/policy/schema.test.ts
    // reads ../shared/crds to check it), which `kubectl get -o yaml` prints.
    for (const [group, modules] of Object.entries(CRD_MODULES)) {
      shared.addLazyGroup(group, (registry) => modules().forEach((m) => registry.addCustomResources(m, {}, { withStatus: true })));
    }
  }
  return shared;
}
