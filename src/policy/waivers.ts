import { Manifest } from './manifest';
import { Rule, RuleCategory, Severity, Violation } from './rule';

/*
 * Waivers accept a finding on one object, on the record. The annotation holds a JSON list:
 *   cdk8s-mcp/waivers: '[{"rule": "RBAC-SECRETS-READ-CLUSTER", "reason": "broad now, tighten later"}]'
 * Waived findings still show in reports, marked with their reason; a waiver without a
 * reason is itself a finding.
 */

export const WAIVER_ANNOTATION = 'cdk8s-mcp/waivers';

export interface Waiver {
  readonly rule: string;
  readonly reason: string;
}

/** The annotation value for a list of waivers. */
export function waiverAnnotation(waivers: readonly Waiver[]): string {
  return JSON.stringify(waivers.map((w) => ({ rule: w.rule, reason: w.reason })));
}

/** The waivers an object declares, or a description of why the annotation cannot be read. */
export function readWaivers(obj: Manifest): ReadWaivers {
  const annotations = obj?.metadata?.annotations;
  const raw = annotations?.[WAIVER_ANNOTATION];
  if (raw === undefined) return NONE;
  // The gate asks for each rule that fires and for each waiver rule: read each annotation once.
  const last = typeof annotations === 'object' ? read.get(annotations) : undefined;
  if (last && last.raw === raw) return last.result;
  const result = parseWaivers(raw);
  if (typeof annotations === 'object') read.set(annotations, { raw, result });
  return result;
}

/** What readWaivers gives; shared between callers, so not to be changed. */
type ReadWaivers = { readonly waivers: ReadonlyArray<Partial<Waiver>>; readonly error?: string };

const NONE: ReadWaivers = { waivers: [] };
const read = new WeakMap<object, { raw: unknown; result: ReadWaivers }>();

function parseWaivers(raw: unknown): ReadWaivers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    return { waivers: [], error: `annotation ${WAIVER_ANNOTATION} is not JSON: expected [{"rule": ..., "reason": ...}]` };
  }
  if (!Array.isArray(parsed) || parsed.some((w) => w === null || typeof w !== 'object')) {
    return { waivers: [], error: `annotation ${WAIVER_ANNOTATION} must be a JSON list of {"rule", "reason"} objects` };
  }
  return { waivers: parsed as Array<Partial<Waiver>> };
}

/** The reason an object gives for waiving a rule, if it waives it with a reason. */
export function waiverReason(obj: Manifest, ruleId: string): string | undefined {
  const w = readWaivers(obj).waivers.find((x) => x.rule === ruleId && typeof x.reason === 'string' && x.reason.trim() !== '');
  return w?.reason;
}

/** Rules about the waivers themselves; `knownRules` are the ids a waiver may name. */
export function waiverRules(knownRules: () => string[]): Rule[] {
  const invalid: Rule = {
    id: 'WAIVER-INVALID',
    category: RuleCategory.HYGIENE,
    severity: Severity.ERROR,
    title: 'Waiver annotations are readable',
    why: 'A waiver that cannot be read waives nothing, and hides that someone meant to accept a risk.',
    fix: `Write ${WAIVER_ANNOTATION} as a JSON list: [{"rule": "RULE-ID", "reason": "why"}].`,
    check: (obj) => {
      const { error } = readWaivers(obj);
      return error ? [{ path: `metadata.annotations.${WAIVER_ANNOTATION}`, message: error }] : [];
    },
  };
  const noReason: Rule = {
    id: 'WAIVER-NO-REASON',
    category: RuleCategory.HYGIENE,
    severity: Severity.ERROR,
    title: 'Every waiver gives a reason',
    why: 'An accepted risk without a reason cannot be reviewed or revisited.',
    fix: 'Add a "reason" saying why the finding is accepted and when it will be revisited.',
    check: (obj) => readWaivers(obj).waivers.filter((w) => typeof w.reason !== 'string' || w.reason.trim() === '')
      .map((w): Violation => ({ path: `metadata.annotations.${WAIVER_ANNOTATION}`, message: `waiver of ${w.rule ?? '(no rule)'} has no reason` })),
  };
  const unknown: Rule = {
    id: 'WAIVER-UNKNOWN-RULE',
    category: RuleCategory.HYGIENE,
    severity: Severity.WARNING,
    title: 'Waivers name existing rules',
    why: 'A waiver for a misspelt rule id waives nothing.',
    fix: 'Use a rule id from docs/rules.md.',
    check: (obj) => readWaivers(obj).waivers.filter((w) => typeof w.rule !== 'string' || !knownRules().includes(w.rule))
      .map((w): Violation => ({ path: `metadata.annotations.${WAIVER_ANNOTATION}`, message: `waiver names unknown rule ${JSON.stringify(w.rule)}` })),
  };
  return [invalid, noReason, unknown];
}
