/*
 * The recommended `app.kubernetes.io/*` labels. Selectors use only name and instance, which
 * never change for a running server (selectors are immutable on Deployments).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */

export const MANAGED_BY = 'cdk8s-mcp';
/** Label on every object and pod of an environment; `scripts/up` and `down` select by it. */
export const ENVIRONMENT_LABEL = 'cdk8s-mcp/environment';
export const PART_OF = 'mcp-servers';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export interface AppIdentity {
  /** What the application is, e.g. `kubernetes-mcp-server`. */
  readonly appName: string;
  /** Which one: the server name, unique in its namespace. */
  readonly instance: string;
}

/** Labels a Deployment selects its pods by, and a Service its endpoints by. */
export function selectorLabels(id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.appName,
    'app.kubernetes.io/instance': id.instance,
  };
}

/** The full set of standard labels for every object of an app. */
export function standardLabels(id: AppIdentity, component: string, version?: string): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(id),
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (version !== undefined && isLabelValue(version)) labels['app.kubernetes.io/version'] = version;
  return labels;
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A label value made from free text: invalid characters become "-", trimmed to 63. */
export function toLabelValue(text: string): string {
  return text.replace(/[^-A-Za-z0-9_.]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Label keys the renderer sets itself, with why a user may not set them. */
export const RESERVED_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'part of the Deployment selector, set from the server type or name',
  'app.kubernetes.io/instance': 'part of the Deployment selector, set to the server name',
  'app.kubernetes.io/component': 'set by cdk8s-mcp',
  'app.kubernetes.io/part-of': 'set by cdk8s-mcp',
  'app.kubernetes.io/managed-by': 'set by cdk8s-mcp; scripts/up prunes by it',
  'app.kubernetes.io/version': 'set from the image tag',
  [ENVIRONMENT_LABEL]: 'set to the environment name; scripts/up and down select by it',
};
