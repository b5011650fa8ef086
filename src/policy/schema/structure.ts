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
  private readonly converters = new Map<string, Function>();
  private readonly kinds = new Map<string, string>();
  private readonly fields = new Map<string, Map<string, FieldShape>>();

  /** Adds every type and kind of a generated module. */
  public addModule(mod: GeneratedModule): this {
    for (const [exportName, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue;
      if (exportName.startsWith('toJson_')) this.converters.set(exportName.slice('toJson_'.length), value);
      const gvk = (value as { GVK?: { apiVersion: string; kind: string } }).GVK;
      if (gvk) this.kinds.set(gvkKey(gvk.apiVersion, gvk.kind), `${exportName}Props`);
    }
    return this;
  }

  /** The type describing an apiVersion/kind, or undefined when no module serves it. */
  public typeOf(apiVersion: string, kind: string): string | undefined {
    return this.kinds.get(gvkKey(apiVersion, kind));
  }

  /** Whether any module serves kinds of an API group (`''` is the core group). */
  public servesGroup(group: string): boolean {
    return [...this.kinds.keys()].some((k) => groupOf(k.slice(0, k.lastIndexOf('/'))) === group);
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
    const fields = this.fieldsOf(type);
    if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([key, child]) => {
      const childPath = path ? `${path}.${key}` : key;
      if (!path && (key === 'apiVersion' || key === 'kind')) return [];
      const shape = fields.get(key);
      return shape ? this.unknownIn(child, shape, childPath) : [childPath];
    });
  }

  private unknownIn(value: unknown, shape: FieldShape, path: string): string[] {
    switch (shape.kind) {
      case 'object':
        return this.unknownFields(value, shape.type, path);
      case 'array':
        return Array.isArray(value) ? value.flatMap((item, i) => this.unknownIn(item, shape.of, `${path}[${i}]`)) : [];
      case 'map':
        return value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => this.unknownIn(v, shape.of, `${path}.${k}`))
          : [];
      default:
        return [];
    }
  }
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
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
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}
