import { RuleCategory, Severity } from './rule';

/** A rule's verdict on one object, as reports show it. */
export interface Finding {
  readonly rule: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** File the object came from. */
  readonly file: string;
  /** `Kind/namespace/name`. */
  readonly object: string;
  readonly message: string;
  /** Field path inside the object, when known. */
  readonly path?: string;
  /** Set when the object carries a waiver for this rule: the reason given. */
  readonly waived?: string;
}

/** Whether the findings should fail a run: any error that is not waived. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === Severity.ERROR && f.waived === undefined);
}

/** `file: Kind/ns/name: RULE-ID: message`, the one-line form of the check report. */
export function formatFinding(f: Finding): string {
  const waived = f.waived !== undefined ? ` [waived: ${f.waived}]` : '';
  const level = f.severity === Severity.WARNING ? ' (warning)' : '';
  return `${f.file}: ${f.object}: ${f.rule}${level}: ${f.message}${waived}`;
}
