/*
 * The name and label formats the API server enforces, which JSON schemas do not carry.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDns1123Label(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && DNS_1123_LABEL.test(s);
}

export function isDns1035Label(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && DNS_1035_LABEL.test(s);
}

export function isDns1123Subdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && DNS_1123_SUBDOMAIN.test(s);
}

/** RBAC objects only need a valid path segment. */
export function isPathSegmentName(s: unknown): boolean {
  return typeof s === 'string' && s.length > 0 && s !== '.' && s !== '..' && !/[/%]/.test(s);
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name at most 63. */
export function isQualifiedName(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  // The same few keys (app.kubernetes.io/name, ...) sit on every object of a run.
  let known = qualifiedNames.get(key);
  if (known === undefined) {
    known = checkQualifiedName(key);
    if (qualifiedNames.size < 10_000) qualifiedNames.set(key, known);
  }
  return known;
}

const qualifiedNames = new Map<string, boolean>();

function checkQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0].length === 0 || !isDns1123Subdomain(parts[0]))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}

/** Port names: at most 15 characters, lower-case letters, digits and inner single hyphens, at least one letter. */
export function isIanaServiceName(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 15 && IANA_SVC_NAME.test(name) && !name.includes('--') && /[a-z]/.test(name);
}
