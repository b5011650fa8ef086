import { isIPv4, isIPv6 } from 'net';
import { z } from 'zod';
import { RESERVED_LABELS } from '../constructs/labels';
import { isOrigin } from '../constructs/origin';

/*
 * Field types shared by the environment schema. Each carries the sentence that an error
 * message prints after "expected", so every problem reads "expected <what>, got <value>".
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Kubernetes accepts any printable name for env vars since 1.30; we keep the portable shell form.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const CPU = /^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/;
const MEMORY = /^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
// A reference needs a tag or a digest: "latest by omission" is the trap we refuse.
const PINNED_IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function dnsLabel(what: string) {
  const expected = `expected ${what}: a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`;
  return z.string({ error: expected }).max(63, { error: expected }).regex(DNS_1123_LABEL, { error: expected });
}

export function dnsSubdomain(what: string) {
  const expected = `expected ${what}: a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)`;
  return z.string({ error: expected }).max(253, { error: expected }).regex(DNS_1123_SUBDOMAIN, { error: expected });
}

export function serverName() {
  const expected = 'expected a server name: a DNS-1035 label (starts with a lower-case letter; lower-case letters, digits and "-"; at most 40 characters)';
  return z.string({ error: expected }).max(40, { error: expected }).regex(DNS_1035_LABEL, { error: expected });
}

export function port(what = 'a port') {
  const expected = `expected ${what}: an integer 1-65535`;
  return z.int({ error: expected }).min(1, { error: expected }).max(65535, { error: expected });
}

export function nodePort() {
  const expected = 'expected a NodePort: an integer 30000-32767 (the default NodePort range)';
  return z.int({ error: expected }).min(30000, { error: expected }).max(32767, { error: expected });
}

export function uid(what: string) {
  const expected = `expected ${what}: a numeric id 1-2147483647 (0 is root and is refused)`;
  return z.int({ error: expected }).min(1, { error: expected }).max(2147483647, { error: expected });
}

export function count(what: string, max: number) {
  const expected = `expected ${what}: an integer 0-${max}`;
  return z.int({ error: expected }).min(0, { error: expected }).max(max, { error: expected });
}

export function bool(what: string) {
  return z.boolean({ error: `expected ${what}: true or false` });
}

export function text(what: string) {
  return z.string({ error: `expected ${what}: a string` });
}

export function nonEmptyText(what: string) {
  const expected = `expected ${what}: a non-empty string`;
  return z.string({ error: expected }).min(1, { error: expected });
}

export function httpPath(what: string) {
  const expected = `expected ${what}: an HTTP path starting with "/"`;
  return z.string({ error: expected }).regex(/^\/[^\s?#]*$/, { error: expected });
}

export function absolutePath(what: string) {
  const expected = `expected ${what}: an absolute file path without "..", not "/"`;
  return z.string({ error: expected }).regex(/^\/(?!.*(^|\/)\.\.(\/|$))[^\s]+$/, { error: expected });
}

export function image() {
  const expected = 'expected an image reference pinned by tag or digest (e.g. "ghcr.io/org/app:1.2.3" or "...@sha256:<64 hex>"), not "latest"';
  return z.string({ error: expected })
    .regex(PINNED_IMAGE, { error: expected })
    .refine((ref) => imageTag(ref) !== undefined || ref.includes('@sha256:'), { error: expected })
    .refine((ref) => imageTag(ref) !== 'latest', { error: expected })
    // "sha256:<hex>" alone parses as repository "sha256" with a tag.
    .refine((ref) => !/^sha256:/.test(ref), { error: 'expected an image repository before the digest (e.g. "ghcr.io/org/app@sha256:<64 hex>"), not a digest alone' });
}

/** The tag of an image reference, if it has one. */
export function imageTag(ref: string): string | undefined {
  const withoutDigest = ref.split('@')[0];
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

export function envName() {
  return z.string().regex(ENV_NAME, {
    error: 'expected an environment variable name (letters, digits and "_", not starting with a digit)',
  });
}

export function configKey(what: string) {
  const expected = `expected ${what}: a key of letters, digits, "-", "_" and "."`;
  return z.string({ error: expected }).max(253, { error: expected }).regex(CONFIG_KEY, { error: expected });
}

export function labelMap(what: string) {
  return z.record(
    z.string().max(316).regex(LABEL_KEY, { error: `expected ${what} keys to be Kubernetes label keys ([prefix/]name)` })
      .superRefine((key, ctx) => {
        if (RESERVED_LABELS[key]) ctx.addIssue({ code: 'custom', message: `expected a label cdk8s-mcp does not set itself, got "${key}" (${RESERVED_LABELS[key]})` });
      }),
    z.string({ error: `expected ${what} values to be strings (quote numbers and booleans)` })
      .max(63, { error: `expected ${what} values of at most 63 characters` })
      .regex(LABEL_VALUE, { error: `expected ${what} values to be valid label values (letters, digits, "-", "_", ".")` }),
    { error: `expected ${what}: a map of label keys to string values` },
  );
}

/**
 * Key prefixes a user's labels and annotations may not carry on the objects we render: each
 * changes what Kubernetes, Argo CD or our own gate does with the object, not only how it is
 * described. `app.kubernetes.io/` stays open: those are the recommended labels for users.
 */
const RESERVED_PREFIXES: ReadonlyArray<{ readonly test: (prefix: string) => boolean; readonly reason: string }> = [
  { test: (p) => p === 'rbac.authorization.k8s.io', reason: 'its aggregation labels fold an object\'s rules into the built-in admin, edit and view roles' },
  { test: (p) => p === 'pod-security.kubernetes.io', reason: 'Pod Security admission reads it: on a Namespace it sets the level every pod there is held to' },
  { test: (p) => p === 'argocd.argoproj.io', reason: 'Argo CD reads it: instance tracking, sync options, hooks and pruning' },
  { test: (p) => p === 'cdk8s-mcp', reason: 'cdk8s-mcp sets these itself, and the policy gate reads them (auth, production, transport)' },
  {
    test: (p) => p !== 'app.kubernetes.io' && (p === 'kubernetes.io' || p === 'k8s.io' || p.endsWith('.kubernetes.io') || p.endsWith('.k8s.io')),
    reason: 'reserved for Kubernetes\' own components (kubernetes.io/metadata.name selects namespaces, kubernetes.io/service-account.name ties a Secret to a token)',
  },
];

/** Why a label or annotation key may not be set by a user, if it may not. */
export function reservedKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash);
  const reserved = RESERVED_PREFIXES.find((r) => r.test(prefix));
  return reserved ? `expected a key outside the ${prefix}/ prefix, got "${key}": ${reserved.reason}` : undefined;
}

/** Labels stamped on every object we render: label keys and values, and no reserved prefix. */
export function objectLabelMap(what: string) {
  return z.record(
    z.string().max(316).regex(LABEL_KEY, { error: `expected ${what} keys to be Kubernetes label keys ([prefix/]name)` })
      .superRefine((key, ctx) => {
        const problem = RESERVED_LABELS[key] ? `expected a label cdk8s-mcp does not set itself, got "${key}" (${RESERVED_LABELS[key]})` : reservedKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    z.string({ error: `expected ${what} values to be strings (quote numbers and booleans)` })
      .max(63, { error: `expected ${what} values of at most 63 characters` })
      .regex(LABEL_VALUE, { error: `expected ${what} values to be valid label values (letters, digits, "-", "_", ".")` }),
    { error: `expected ${what}: a map of label keys to string values` },
  );
}

export function annotationMap(what: string) {
  return z.record(
    z.string().max(316).regex(LABEL_KEY, { error: `expected ${what} keys to be Kubernetes annotation keys ([prefix/]name)` })
      .superRefine((key, ctx) => {
        const problem = reservedKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    z.string({ error: `expected ${what} values to be strings (quote numbers and booleans)` }),
    { error: `expected ${what}: a map of annotation keys to string values` },
  );
}

export function cpu() {
  const expected = 'expected a CPU quantity such as "250m" or "1"';
  return z.string({ error: expected }).regex(CPU, { error: expected });
}

export function memory() {
  const expected = 'expected a memory quantity such as "256Mi" or "1Gi"';
  return z.string({ error: expected }).regex(MEMORY, { error: expected });
}

/**
 * A CIDR as Kubernetes and every CNI read it: an IPv4 address with four decimal octets
 * (0-255, no leading zeros, which some parsers read as octal) and a prefix 0-32, or an IPv6
 * address (no zone) and a prefix 0-128.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
export function cidr(what = 'a CIDR') {
  const expected = `expected ${what} such as 10.8.0.0/24 or fd00::/8 (an IPv4 address with octets 0-255 and a prefix 0-32, or an IPv6 address and a prefix 0-128)`;
  return z.string({ error: expected }).refine(isCidr, { error: expected });
}

export function isCidr(text: string): boolean {
  const match = text.match(/^([^/]+)\/(0|[1-9][0-9]{0,2})$/);
  if (!match) return false;
  const [, address, prefix] = match;
  if (isIPv4(address)) return Number(prefix) <= 32;
  return !address.includes('%') && isIPv6(address) && Number(prefix) <= 128;
}

const HOST_LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);

/**
 * A host name as Gateway API, Ingress and Istio accept it: lower-case DNS labels joined by
 * dots, optionally a leading `*.` wildcard where the object allows one; never an IP address,
 * a bare `*`, spaces, or non-ASCII letters (a look-alike `а` from another alphabet is not an
 * `a`: write internationalised names in their `xn--` form).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#hostname
 */
export function hostname(what: string, options: { readonly wildcard: boolean }) {
  const wildcard = options.wildcard ? ', optionally starting with "*." for a wildcard' : ' (no wildcard)';
  const expected = `expected ${what}: a lower-case DNS name such as mcp.example.com${wildcard}, in ASCII (internationalised names in their xn-- form), not an IP address`;
  return z.string({ error: expected }).max(253, { error: expected })
    .refine((h) => isHostname(h, options.wildcard), { error: expected });
}

export function isHostname(text: string, wildcard: boolean): boolean {
  const name = wildcard && text.startsWith('*.') ? text.slice(2) : text;
  return HOST_NAME.test(name) && !isIPv4(name) && !/^[0-9.]+$/.test(name);
}

export function labelKey(what: string) {
  const expected = `expected ${what}: a Kubernetes label key ([prefix/]name)`;
  return z.string({ error: expected }).max(316, { error: expected }).regex(LABEL_KEY, { error: expected });
}

export function labelValue(what: string) {
  const expected = `expected ${what}: a label value (at most 63 letters, digits, "-", "_" and ".")`;
  return z.string({ error: expected }).max(63, { error: expected }).regex(LABEL_VALUE, { error: expected });
}

/** An MCP tool name (the spec allows letters, digits, "_", "-" and "."). */
export function toolName() {
  const expected = 'expected a tool name: letters, digits, "_", "-" and "."';
  return z.string({ error: expected }).min(1, { error: expected }).max(128, { error: expected }).regex(/^[A-Za-z0-9_.-]+$/, { error: expected });
}

const ORIGIN = 'https?:\\/\\/(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?';

/** A CORS origin: `*`, or scheme://host[:port] with nothing after it. */
export function origin() {
  const expected = 'expected an origin such as https://agents.example.com (scheme, host and optional port, no path), or *';
  return z.string({ error: expected }).regex(new RegExp(`^(\\*|${ORIGIN})$`), { error: expected });
}

/**
 * One origin as a browser sends it in the Origin header, compared byte for byte:
 * scheme://host[:port], lowercase, no default port, no wildcard.
 */
export function exactOrigin() {
  const expected = 'expected an origin as a browser sends it, such as https://agents.example.com (lowercase scheme and host, a port only when not the default, no path, no wildcard)';
  const shape = new RegExp(`^${ORIGIN}$`);
  return z.string({ error: expected }).refine((text) => shape.test(text) && isOrigin(text), { error: expected });
}

/**
 * The URL of a service inside or beside the cluster (an OTLP collector): http:// or https://,
 * with a host, without credentials or a fragment.
 */
export function serviceUrl(what: string) {
  return urlField(`expected ${what}: an http:// or https:// URL with a host, without user:password and without #fragment`);
}

/**
 * An http(s) URL without credentials or a fragment. Production environments may demand
 * https (see the auth checks); http is for loopback test set-ups.
 */
export function httpUrl(what: string) {
  return urlField(`expected ${what}: an https:// URL (http:// only for tests), without user:password and without #fragment`);
}

/** An http(s) URL with a host, without user:password or #fragment; `expected` is the whole message. */
function urlField(expected: string) {
  return z.string({ error: expected }).max(2048, { error: expected }).refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash && url.hostname !== '';
    } catch {
      return false;
    }
  }, { error: expected });
}
