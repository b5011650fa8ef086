/*
 * IPv4 address ranges of NetworkPolicy ipBlocks, as intervals of 32-bit numbers: whether a
 * set of blocks (each less its `except`) covers every address, or a given one. IPv6 blocks
 * are not intervals here; only ::/0 and the exact addresses callers ask about are judged.
 */

type Interval = readonly [number, number];

/** The interval of an IPv4 CIDR (inclusive), or undefined for anything else. */
export function ipv4Range(cidr: unknown): Interval | undefined {
  if (typeof cidr !== 'string') return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return [start, start + size - 1];
}

/** An ipBlock's addresses: its CIDR less each `except` (IPv4 only). */
export function blockIntervals(block: { cidr?: unknown; except?: unknown } | undefined): Interval[] {
  const range = ipv4Range(block?.cidr);
  if (!range) return [];
  let parts: Interval[] = [range];
  for (const excluded of Array.isArray(block?.except) ? block.except : []) {
    const cut = ipv4Range(excluded);
    if (!cut) continue;
    parts = parts.flatMap(([a, b]): Interval[] => {
      if (cut[1] < a || cut[0] > b) return [[a, b]];
      return [...(cut[0] > a ? [[a, cut[0] - 1] as Interval] : []), ...(cut[1] < b ? [[cut[1] + 1, b] as Interval] : [])];
    });
  }
  return parts;
}

/** Whether the intervals together cover every IPv4 address. */
export function coversAllIpv4(intervals: readonly Interval[]): boolean {
  let next = 0;
  for (const [a, b] of [...intervals].sort((x, y) => x[0] - y[0])) {
    if (a > next) return false;
    next = Math.max(next, b + 1);
    if (next > 0xffffffff) return true;
  }
  return false;
}

/** Whether an IPv4 address (dotted) is in any of the intervals. */
export function containsIpv4(intervals: readonly Interval[], address: string): boolean {
  const [n] = ipv4Range(`${address}/32`) ?? [-1];
  return intervals.some(([a, b]) => n >= a && n <= b);
}
