/*
 * Container image references and the versions their tags name. Upstream facts differ by
 * version (a flag appears in one release), so the tag is read as a version when it is one.
 */

/** An image reference split into its parts. */
export interface ImageReference {
  /** Everything before the tag and digest, e.g. `quay.io/containers/kubernetes_mcp_server`. */
  readonly repository: string;
  /** The tag, if any. */
  readonly tag?: string;
  /** The digest, if any. */
  readonly digest?: string;
}

/**
 * Images read lately: the policy rules ask about each container's image many times over, and
 * an input holds few distinct images. Emptied when full, so a large input cannot grow it.
 */
const parsed = new Map<string, ImageReference>();
const MAX_PARSED = 4096;

/** `quay.io/x/y:v1@sha256:..` -> its repository, tag and digest. */
export function parseImage(image: string): ImageReference {
  let reference = parsed.get(image);
  if (!reference) {
    const [name, digest] = image.split('@');
    const match = name.match(/^(.*?)(?::([^/:]+))?$/)!;
    reference = Object.freeze({ repository: match[1], tag: match[2], digest });
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(image, reference);
  }
  return reference;
}

/** A release version as numbers, e.g. `v0.0.54` -> [0, 0, 54]. */
export type Version = readonly [number, number, number];

/**
 * The version a tag names: `v0.0.54`, `0.0.54` and `0.18.0-1b59f5` (a build suffix) all
 * count; anything else (a branch name, a digest only) is unknown.
 */
export function versionOfTag(tag: string | undefined): Version | undefined {
  const match = tag?.match(/^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)?$/);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Parses `"0.0.56"` (a fact written in the source) into a Version. */
export function version(text: string): Version {
  const parsed = versionOfTag(text);
  if (!parsed) throw new Error(`not a version: "${text}"`);
  return parsed;
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: Version): string {
  return v.join('.');
}
