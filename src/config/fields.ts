import { z } from 'zod';
import { RESERVED_LABELS } from '../constructs/labels';

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

export function annotationMap(what: string) {
  return z.record(
    z.string().max(316).regex(LABEL_KEY, { error: `expected ${what} keys to be Kubernetes annotation keys ([prefix/]name)` }),
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
