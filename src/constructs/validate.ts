/*
 * Checks the constructs make at the call, as cdk8s-plus does: a wrong value fails where it
 * is passed, with the value quoted, not later in the gate or at the API server.
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// A DNS name, optionally with a leading "*." (Gateway API and Istio hostnames).
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws unless `value` is a DNS-1123 label (a namespace, a class name). */
export function assertDnsLabel(where: string, what: string, value: string): void {
  if (!DNS_1123_LABEL.test(value) || value.length > 63) {
    throw new Error(`${where}: expected ${what}: a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got ${JSON.stringify(value)}`);
  }
}

/** Throws unless `value` is a host name, optionally `*.`-prefixed. */
export function assertHostname(where: string, value: string): void {
  if (!HOSTNAME.test(value) || value.length > 253) {
    throw new Error(`${where}: expected a host name such as "mcp.example.com" or "*.example.com", got ${JSON.stringify(value)}`);
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function assertInteger(where: string, what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${where}: expected ${what}: an integer ${min}-${max}, got ${JSON.stringify(value)}`);
  }
}

/** Throws when a list that must name something is empty. */
export function assertNotEmpty(where: string, what: string, values: readonly unknown[]): void {
  if (values.length === 0) throw new Error(`${where}: expected at least one ${what}, got none`);
}
