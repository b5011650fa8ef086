import { k8s } from 'cdk8s-plus-30';
import { GeneratedModule, StructureRegistry } from './structure';

/** A type/enum/format validator for one kind; throws with a list of errors. */
export type ModelValidator = (obj: unknown) => void;

/**
 * Where the schema rules look things up: the field structure of every served kind, and a
 * validator of values per kind. Kubernetes 1.30 is built in; CRD modules are added.
 */
export class SchemaRegistry {
  public readonly structure = new StructureRegistry().addModule(k8s as unknown as GeneratedModule);
  private readonly validators = new Map<string, ModelValidator | null>();
  private readonly extraValidators = new Map<string, ModelValidator>();

  /** Adds a `cdk8s import` module (CRD types) and, optionally, validators for its kinds. */
  public addCustomResources(mod: GeneratedModule, validators: Record<string, ModelValidator> = {}): this {
    this.structure.addModule(mod);
    for (const [gvk, validate] of Object.entries(validators)) this.extraValidators.set(gvk, validate);
    return this;
  }

  /** The value validator for an apiVersion/kind, if a maintained one exists. */
  public validatorOf(apiVersion: string, kind: string): ModelValidator | undefined {
    const key = `${apiVersion}/${kind}`;
    const extra = this.extraValidators.get(key);
    if (extra) return extra;
    if (!this.validators.has(key)) this.validators.set(key, loadKubernetesModel(apiVersion, kind));
    return this.validators.get(key) ?? undefined;
  }
}

/** kubernetes-models lays its classes out as `<group>/<version>/<Kind>` (core: `v1/<Kind>`). */
function loadKubernetesModel(apiVersion: string, kind: string): ModelValidator | null {
  if (!/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`kubernetes-models/${apiVersion}/${kind}`);
    const Model = mod[kind];
    if (typeof Model !== 'function') return null;
    return (obj: unknown) => new Model(obj).validate();
  } catch {
    return null;
  }
}

let shared: SchemaRegistry | undefined;

/** The registry with Kubernetes 1.30 and the CRDs this project renders. */
export function defaultSchemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}
