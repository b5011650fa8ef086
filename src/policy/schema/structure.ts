/*
 * The exact field names of every Kubernetes 1.30 type, read from the `toJson_<Type>`
 * functions that cdk8s generates (cdk8s-plus-30's `k8s` module, and `cdk8s import` output
 * for CRDs). Each copies only the fields its type has, so their source is a maintained,
 * exact-1.30 field list: the schema for finding unknown fields, which the
 * kubernetes-models validators (merged from many versions) do not report.
 */

/** What a field holds, as far as field names are concerned. */
export type FieldShape =
  | { readonly kind: 'any' }
  | { readonly kind: 'object'; readonly type: string }
  | { readonly kind: 'array'; readonly of: FieldShape }
  | { readonly kind: 'map'; readonly of: FieldShape };

/** The generated module: `toJson_*` functions and classes carrying a static `GVK`. */
export type GeneratedModule = Record<string, unknown>;

const ANY: FieldShape = { kind: 'any' };
// Generated code quotes keys with ' (cdk8s-plus) or " (esbuild output of imports/); the last field may lack a comma.
const FIELD_LINE = /^\s*['"]([^'"]+)['"]: (.*?),?$/gm;

/** Field names per type, and the top-level type of each apiVersion/kind, across modules. */
export class StructureRegistry {
  private readonly converters = new Map<string, (value: unknown) => unknown>();
  private readonly kinds = new Map<string, string>();
  private readonly fields = new Map<string, Map<string, FieldShape>>();
  /** servesGroup's answers; forgotten whenever a module adds kinds. */
  private readonly groups = new Map<string, boolean>();

  /** Adds every type and kind of a generated module. */
  public addModule(mod: GeneratedModule): this {
    for (const [exportName, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue;
      if (exportName.startsWith('toJson_')) this.converters.set(exportName.slice('toJson_'.length), value as (value: unknown) => unknown);
      const gvk = gvkOf(value);
      if (gvk) this.kinds.set(gvkKey(gvk.apiVersion, gvk.kind), `${exportName}Props`);
    }
    this.groups.clear();
    return this;
  }

  /** The type describing an apiVersion/kind, or undefined when no module serves it. */
  public typeOf(apiVersion: string, kind: string): string | undefined {
    return this.kinds.get(gvkKey(apiVersion, kind));
  }

  /** Whether any module serves kinds of an API group (`''` is the core group). */
  public servesGroup(group: string): boolean {
    let served = this.groups.get(group);
    if (served === undefined) {
      served = [...this.kinds.keys()].some((k) => groupOf(k.slice(0, k.lastIndexOf('/'))) === group);
      this.groups.set(group, served);
    }
    return served;
  }

  /** Kinds served for a group (any version), to suggest the right apiVersion. */
  public versionsOf(kind: string): string[] {
    return [...this.kinds.keys()].filter((k) => k.endsWith(`/${kind}`) || k === kind).map((k) => k.slice(0, k.lastIndexOf('/')));
  }

  /** The fields of a type, parsed once from its converter. */
  public fieldsOf(type: string): Map<string, FieldShape> | undefined {
    let fields = this.fields.get(type);
    if (!fields) {
      const converter = this.converters.get(type);
      if (!converter) return undefined;
      fields = new Map([...converter.toString().matchAll(FIELD_LINE)].map((m) => [m[1], shapeOf(m[2])]));
      this.fields.set(type, fields);
    }
    return fields;
  }

  /**
   * Field paths in `value` that `type` does not have, at every depth. `apiVersion` and
   * `kind` are accepted at the top, as the converters add them outside the props.
   */
  public unknownFields(value: unknown, type: string, path = ''): string[] {
    const out: string[] = [];
    this.collectUnknown(value, type, path, out);
    return out;
  }

  // Runs on every field of every object of a run: paths are built only on the way down into
  // objects and lists, never for the scalar leaves that make up most of an object.
  private collectUnknown(value: unknown, type: string, path: string, out: string[]): void {
    const fields = this.fieldsOf(type);
    if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (!path && (key === 'apiVersion' || key === 'kind')) continue;
      const shape = fields.get(key);
      if (!shape) out.push(path ? `${path}.${key}` : key);
      else if (shape.kind !== 'any') this.collectIn((value as Record<string, unknown>)[key], shape, path ? `${path}.${key}` : key, out);
    }
  }

  private collectIn(value: unknown, shape: FieldShape, path: string, out: string[]): void {
    switch (shape.kind) {
      case 'object':
        this.collectUnknown(value, shape.type, path, out);
        return;
      case 'array':
        if (Array.isArray(value) && shape.of.kind !== 'any') value.forEach((item, i) => this.collectIn(item, shape.of, `${path}[${i}]`, out));
        return;
      case 'map':
        if (value !== null && typeof value === 'object' && shape.of.kind !== 'any') {
          for (const [k, v] of Object.entries(value)) this.collectIn(v, shape.of, `${path}.${k}`, out);
        }
        return;
      default:
    }
  }
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** The apiVersion and kind a generated class serves (its static `GVK`), if it is a kind's class. */
function gvkOf(value: unknown): { apiVersion: string; kind: string } | undefined {
  return typeof value === 'function' ? (value as { GVK?: { apiVersion: string; kind: string } }).GVK : undefined;
}

/** The `<apiVersion>/<kind>` of every kind a generated module serves. */
export function kindKeysOf(mod: GeneratedModule): string[] {
  return Object.values(mod).flatMap((value) => {
    const gvk = gvkOf(value);
    return gvk ? [gvkKey(gvk.apiVersion, gvk.kind)] : [];
  });
}

/** Reads one converter expression, e.g. `obj.containers?.map(y => toJson_Container(y))`. */
function shapeOf(expression: string): FieldShape {
  const map = expression.match(/Object\.entries\(obj\.\w+\)\.reduce\(.*\[i\[0\]\]: (.*?) \}\)?, \{\}\)\)?$/);
  if (map) return { kind: 'map', of: elementShape(map[1], 'i[1]') };
  const array = expression.match(/^obj\.\w+\?\.map\(\(?y\)? => (.*)\)$/);
  if (array) return { kind: 'array', of: elementShape(array[1], 'y') };
  const object = expression.match(/^toJson_(\w+)\(obj\.\w+\)$/);
  if (object) return { kind: 'object', type: object[1] };
  return ANY;
}

function elementShape(expression: string, variable: string): FieldShape {
  const object = expression.match(/^toJson_(\w+)\((.*)\)$/);
  if (object && object[2] === variable) return { kind: 'object', type: object[1] };
  if (expression.startsWith(`${variable}?.map(`)) return { kind: 'array', of: ANY };
  if (expression.startsWith(`${variable}?.value`)) return ANY;
  return ANY;
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
