import { Manifest, SourcedManifest } from './manifest';

/** Rule groups that `check --only/--skip` select. */
export enum RuleCategory {
  SCHEMA = 'schema',
  POD_SECURITY = 'pod-security',
  HYGIENE = 'hygiene',
  RBAC = 'rbac',
  MCP = 'mcp',
  NETWORK = 'network',
}

/** Errors fail a run; warnings are reported and do not. */
export enum Severity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** One thing a rule found wrong with an object. */
export interface Violation {
  readonly message: string;
  /** Field path inside the object, when the rule knows it. */
  readonly path?: string;
  /**
   * This finding's severity, where a rule weighs findings differently (a production
   * workload's against a development one's).
   * @default - the rule's severity
   */
  readonly severity?: Severity;
}

/** What a rule sees besides the object: every object of the run (for cross-object rules). */
export interface RuleContext {
  readonly all: readonly SourcedManifest[];
  /** Pod Security Standard level requested (`check --level`). */
  readonly level: 'baseline' | 'restricted';
}

/**
 * A policy rule over plain manifests. Rules know nothing of cdk8s: they judge any YAML.
 * Ids are stable (waivers and docs refer to them).
 */
export interface Rule {
  readonly id: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** One line: what the rule requires. */
  readonly title: string;
  /** Why it matters, for docs/rules.md. */
  readonly why: string;
  /** How to fix a finding, for docs/rules.md. */
  readonly fix: string;
  /** A manifest it flags and the same manifest fixed, as YAML, for docs/rules.md (a test runs both). */
  readonly examples?: RuleExamples;
  check(obj: Manifest, context: RuleContext): Violation[];
}

/** YAML documents (one or more, `---`-separated) a rule flags, and the fixed version it passes. */
export interface RuleExamples {
  readonly fails: string;
  readonly passes: string;
}
