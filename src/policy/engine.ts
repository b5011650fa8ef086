import { redactCredentials } from './credentials';
import { Finding } from './finding';
import { objectRef, SourcedManifest } from './manifest';
import { Rule, RuleCategory, RuleContext, Violation } from './rule';
import { AUTH_RULES } from './rules/auth';
import { HYGIENE_RULES } from './rules/hygiene';
import { KUBERNETES_MCP_RULES } from './rules/kubernetes-mcp';
import { MCP_RULES } from './rules/mcp';
import { NETWORK_RULES } from './rules/network';
import { POD_SECURITY_RULES } from './rules/pod-security';
import { RBAC_RULES } from './rules/rbac';
import { SCHEMA_RULES } from './rules/schema';
import { SCHEMA_SEMANTIC_RULES } from './rules/schema-semantics';
import { waiverReason, waiverRules } from './waivers';
import { duringRun } from './workloads';

/** Every rule, in report order. */
export const ALL_RULES: Rule[] = [
  ...SCHEMA_RULES, ...SCHEMA_SEMANTIC_RULES, ...POD_SECURITY_RULES, ...HYGIENE_RULES, ...RBAC_RULES,
  ...MCP_RULES, ...AUTH_RULES, ...KUBERNETES_MCP_RULES, ...NETWORK_RULES,
];
ALL_RULES.push(...waiverRules(() => ALL_RULES.map((r) => r.id)));

/** Every rule id, for waivers in environment files. */
export function ruleIds(): string[] {
  return ALL_RULES.map((r) => r.id);
}

export interface PolicyOptions {
  /**
   * Categories or rule ids to run.
   * @default all
   */
  readonly only?: Array<RuleCategory | string>;
  /**
   * Categories or rule ids to leave out.
   * @default none
   */
  readonly skip?: Array<RuleCategory | string>;
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

/**
 * Runs the selected rules over every object and returns the findings in input order,
 * marking those the object waives (with a reason) as waived.
 */
export function evaluate(manifests: readonly SourcedManifest[], options: PolicyOptions = {}): Finding[] {
  const rules = selectRules(options);
  const context: RuleContext = { all: manifests, level: options.level ?? 'restricted' };
  return duringRun(() => judge(manifests, rules, context));
}

function judge(manifests: readonly SourcedManifest[], rules: Rule[], context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  // Plain loops: this runs rules x objects times, and nearly every check finds nothing.
  for (const m of manifests) {
    for (const rule of rules) {
      const violations = rule.check(m.object, context);
      if (violations.length === 0) continue;
      const waived = waiverReason(m.object, rule.id);
      for (const v of unique(violations)) {
        findings.push({
          rule: rule.id,
          category: rule.category,
          severity: v.severity ?? rule.severity,
          file: m.file,
          object: safeText(objectRef(m.object)),
          message: safeText(v.message),
          path: v.path === undefined ? undefined : safeText(v.path),
          ...(waived !== undefined ? { waived } : {}),
        });
      }
    }
  }
  return findings;
}

/** The longest message a finding carries: rules quote values, and a value can be a whole file. */
const MAX_MESSAGE = 400;

/** What a report may print of a text taken from the input: credentials redacted, and not too long. */
function safeText(text: string): string {
  const redacted = redactCredentials(text);
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}… (cut)` : redacted;
}

/** A rule may reach one fact twice (a pod-level and a container-level path): report it once. */
function unique(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.path ?? ''}\0${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function selectRules(options: PolicyOptions): Rule[] {
  const names = (r: Rule) => [r.category, r.id];
  return (options.rules ?? ALL_RULES).filter((r) =>
    (!options.only || names(r).some((n) => options.only!.includes(n))) && !names(r).some((n) => (options.skip ?? []).includes(n)));
}
