import { Manifest } from '../manifest';
import { Rule, RuleCategory, Severity, Violation } from '../rule';
import { defaultSchemaRegistry, SchemaRegistry } from '../schema/registry';

/*
 * Schema rules: the object is something Kubernetes 1.30 (or an installed CRD) serves, has
 * no field its type lacks, and has values of the right types, enums and formats.
 */

/** What a schema rule says; its check gets the schema registry; an error unless it says otherwise. */
interface SchemaRuleOptions extends Omit<Rule, 'category' | 'severity' | 'check'> {
  readonly check: (obj: Manifest, registry: SchemaRegistry) => Violation[];
  readonly severity?: Severity;
}

function schemaRule({ check, severity, ...rule }: SchemaRuleOptions): Rule {
  return { ...rule, category: RuleCategory.SCHEMA, severity: severity ?? Severity.ERROR, check: (obj) => check(obj, defaultSchemaRegistry()) };
}

export const SCHEMA_KIND = schemaRule({
  id: 'SCHEMA-KIND',
  title: 'apiVersion and kind of Kubernetes (or of a CRD group with known types: Argo CD v3.5.1) must be served by Kubernetes 1.30 or that CRD',
  why: 'The API server rejects kinds it does not serve; removed apiVersions (extensions/v1beta1 and friends) fail only at apply time.',
  fix: 'Use the apiVersion Kubernetes 1.30 serves for the kind (the message names it).',
  check: (obj, registry) => {
    if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
      return [{ message: 'object has no apiVersion and kind' }];
    }
    if (registry.typeOf(obj.apiVersion, obj.kind) || !registry.ownsGroup(obj.apiVersion)) return [];
    const served = registry.structure.versionsOf(obj.kind);
    const hint = served.length > 0 ? `; Kubernetes 1.30 serves ${obj.kind} as ${served.join(', ')}` : '';
    return [{ path: 'apiVersion', message: `${obj.apiVersion} ${obj.kind} is not served by Kubernetes 1.30${hint}` }];
  },
});

export const SCHEMA_UNKNOWN_KIND = schemaRule({
  id: 'SCHEMA-UNKNOWN-KIND',
  title: 'Custom resources of API groups without a known schema are reported as not validated',
  why: 'Their fields and values are not checked here, so typos there reach the cluster; the API server checks them against the installed CRD.',
  fix: 'Nothing to fix in the object; add the CRD types to imports/ (cdk8s import) to have them validated.',
  check: (obj, registry) => {
    if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string' || registry.typeOf(obj.apiVersion, obj.kind) || registry.ownsGroup(obj.apiVersion)) return [];
    return [{ path: 'apiVersion', message: `${obj.apiVersion} ${obj.kind} is a custom resource without a known schema: not validated` }];
  },
  severity: Severity.WARNING,
});

export const SCHEMA_UNKNOWN_FIELD = schemaRule({
  id: 'SCHEMA-UNKNOWN-FIELD',
  title: 'Every field must exist in the object\'s type (typos are not ignored)',
  why: 'kubectl apply drops or refuses unknown fields depending on its mode: a typo such as `selectr` or `imagePolicy` silently loses the setting.',
  fix: 'Fix the spelling or the indentation of the field the message names.',
  check: (obj, registry) => {
    const type = registry.typeOf(obj?.apiVersion, obj?.kind);
    if (!type) return [];
    return registry.structure.unknownFields(obj, type)
      .filter((path) => path !== 'status' || !registry.hasStatus(obj.apiVersion, obj.kind))
      .map((path) => ({ path, message: `unknown field "${path}"` }));
  },
});

export const SCHEMA_TYPES = schemaRule({
  id: 'SCHEMA-TYPES',
  title: 'Field values must have the types, enums and formats of the schema',
  why: 'A string where an integer belongs, or an enum value Kubernetes does not know, is rejected by the API server.',
  fix: 'Give the field a value of the type the message names (quote strings, leave numbers unquoted).',
  check: (obj, registry) => {
    // A kind Kubernetes 1.30 does not serve (extensions/v1beta1 Ingress) is SCHEMA-KIND's: its
    // values have no 1.30 schema, and loading an old model's validator costs more than the rest.
    if (!registry.typeOf(obj?.apiVersion, obj?.kind)) return [];
    const validate = registry.validatorOf(obj.apiVersion, obj.kind);
    if (!validate) return [];
    try {
      validate(obj);
      return [];
    } catch (err: any) {
      const errors: Array<{ instancePath: string; message: string; params?: any }> = err?.errors ?? [{ instancePath: '', message: String(err?.message ?? err) }];
      return errors.map((e) => {
        const path = e.instancePath.replace(/^\//, '').split('/').map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
        const allowed = e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '';
        return { path, message: `${path || 'object'} ${e.message}${allowed}` };
      });
    }
  },
});

export const SCHEMA_RULES: Rule[] = [SCHEMA_KIND, SCHEMA_UNKNOWN_KIND, SCHEMA_UNKNOWN_FIELD, SCHEMA_TYPES];
