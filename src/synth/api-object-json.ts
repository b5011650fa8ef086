import { ApiObject, App, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Manifest } from '../policy/manifest';

/*
 * The JSON of a Kubernetes object (a `k8s.Kube*` L1 construct), the same as its `toJson()`
 * gives. That is cdk8s's ApiObject.toJson, which resolves the props (Lazy values, tokens,
 * IntOrString and Quantity), drops null and undefined and sorts the keys, then the kind's
 * generated `toJson_Kube*Props`, which keeps the declared fields, names them as in JSON
 * (`downwardApi` is `downwardAPI`) and unwraps the unions. The first walks the whole object
 * with a fresh key path at every step, and was the larger part of rendering a large
 * environment. Here it is one plain pass:
 *   - a Lazy gives what it produces, a token what it resolves to, a union instance (IntOrString,
 *     Quantity) `{value}`: the app's three built-in resolvers, in their order;
 *   - null and undefined are dropped from objects, keys sorted;
 * and the generated converter of the kind does the rest, as in toJson(). Anything else (custom
 * resolvers, JSON patches, kinds of other modules, a value no resolver takes) goes through
 * toJson() itself. test/synth/api-object-json.test.ts compares the two on the shipped
 * environments, and every environment the tests render is compared too.
 * https://github.com/cdk8s-team/cdk8s-core/blob/2.x/src/api-object.ts (toJson),
 * https://github.com/cdk8s-team/cdk8s-core/blob/2.x/src/resolve.ts, src/_util.ts (sanitizeValue)
 */

type Converter = (props: unknown) => Record<string, unknown>;

/** The generated converter of each Kubernetes kind's props, by its class. */
const CONVERTERS: ReadonlyMap<unknown, Converter> = new Map(Object.entries(k8s)
  .filter(([name, value]) => typeof value === 'function' && (value as { GVK?: unknown }).GVK !== undefined && typeof (k8s as Record<string, unknown>)[`toJson_${name}Props`] === 'function')
  .map(([name, value]) => [value, (k8s as unknown as Record<string, Converter>)[`toJson_${name}Props`]]));

/** The number of resolvers an App has when none were added (Lazy, implicit token, number/string union). */
const BUILT_IN_RESOLVERS = new App().resolvers.length;

/** Read once: in a bundle each access to an imported binding of a CommonJS module is a getter call. */
const LAZY = Lazy;

/** Thrown inside when a value is not one the fast path knows; the caller falls back. */
const UNKNOWN = Symbol('unknown');

/** What `o.toJson()` returns, computed without cdk8s's generic resolving pass where that is the same. */
export function apiObjectJson(o: ApiObject): Manifest {
  const convert = CONVERTERS.get(o.constructor);
  if (!convert || App.of(o).resolvers.length !== BUILT_IN_RESOLVERS || (o as unknown as { patches: unknown[] }).patches.length > 0) {
    return o.toJson();
  }
  try {
    const props = (o as unknown as { props: Record<string, unknown> }).props;
    const resolved = plain({ ...props, metadata: metadataJson(o) });
    return { ...(o.constructor as unknown as { GVK: object }).GVK, ...convert(resolved) };
  } catch (err) {
    if (err === UNKNOWN) return o.toJson();
    throw err;
  }
}

/** The fields ApiObjectMetadataDefinition.toJson() resolves, as cdk8s 2.x keeps them. */
interface MetadataFields {
  readonly _additionalAttributes?: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
  readonly ownerReferences?: unknown[];
  readonly labels?: Record<string, string>;
}

/** What o.metadata.toJson() gives: resolved, sorted, and here empty lists and objects dropped too. */
function metadataJson(o: ApiObject): unknown {
  const m = o.metadata as unknown as MetadataFields;
  if (m._additionalAttributes === undefined) return o.metadata.toJson();
  const { name, namespace, annotations, finalizers, ownerReferences, labels } = m;
  return plain({ ...m._additionalAttributes, name, namespace, annotations, finalizers, ownerReferences, labels }, true);
}

/**
 * A value as resolve() then sanitizeValue() of cdk8s leave it (with `dropEmpty`, as the
 * metadata's sanitizeValue with filterEmptyArrays and filterEmptyObjects), for the generated
 * converters to take.
 */
function plain(value: unknown, dropEmpty = false): any {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  // The resolvers first, in the app's order, as cdk8s's resolve() tries them on every value.
  if (value instanceof LAZY) return plain(value.produce(), dropEmpty);
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return plain((value as { resolve: () => unknown }).resolve(), dropEmpty);
  if (Array.isArray(value)) return dropEmpty && value.length === 0 ? undefined : value.map((v) => plain(v, dropEmpty));
  if (value.constructor !== Object) {
    // IntOrString, Quantity and the like: the converters take their value.
    const union = (value as { value?: unknown }).value;
    if (typeof union === 'number' || typeof union === 'string') return { value: union };
    throw UNKNOWN;
  }
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key of Object.keys(value).sort()) {
    const v = plain((value as Record<string, unknown>)[key], dropEmpty);
    if (v !== undefined) {
      out[key] = v;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : out;
}
