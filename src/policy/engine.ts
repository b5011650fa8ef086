import { Finding } from './finding';
import { objectRef, SourcedManifest } from './manifest';
import { Rule, RuleCategory, RuleContext } from './rule';
import { POD_SECURITY_RULES } from './rules/pod-security';
import { SCHEMA_RULES } from './rules/schema';

/** Every rule, in report order. */
export const ALL_RULES: Rule[] = [...SCHEMA_RULES, ...POD_SECURITY_RULES];

export interface PolicyOptions {
  /**
   * Categories to run.
   * @default all
   */
  readonly only?: RuleCategory[];
  /**
   * Categories to leave out.
   * @default none
   */
  readonly skip?: RuleCategory[];
  /**
   * Pod Security Standard level.
   * @default "restricted"
   */
  readonly level?: 'baseline' | 'restricted';
  /**
   * The rules to choose from.
   * @default ALL_RULES
   */
  readonly rules?: Rule[];
}

/** Runs the selected rules over every object and returns the findings, in input order. */
export function evaluate(manifests: readonly SourcedManifest[], options: PolicyOptions = {}): Finding[] {
  const rules = selectRules(options);
  const context: RuleContext = { all: manifests, level: options.level ?? 'restricted' };
  return manifests.flatMap((m) => rules.flatMap((rule) => rule.check(m.object, context).map((v) => ({
    rule: rule.id,
    category: rule.category,
    severity: rule.severity,
    file: m.file,
    object: objectRef(m.object),
    message: v.message,
    path: v.path,
  }))));
}

export function selectRules(options: PolicyOptions): Rule[] {
  return (options.rules ?? ALL_RULES).filter((r) =>
    (!options.only || options.only.includes(r.category)) && !(options.skip ?? []).includes(r.category));
}
