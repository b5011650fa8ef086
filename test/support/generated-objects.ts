/* Objects with every tricky scalar, nesting and empty collection, for tests that compare two YAML paths. */

// A small deterministic generator (no Math.random: failures must reproduce).
export function generator(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chars = 'aZ09 -_.:/#@&*!|>\'"%`,[]{}?=~+\\\t\n\u00e9\u2603';
  const words = ['', 'off', 'On', 'YES', 'y', 'N', '0777', '1_000', '12:30', '2001-12-14', '0b101', '<<', 'true', 'false', 'null', 'Null', '~', 'yes', 'no', 'on', '0', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '.inf', '-.Inf', '.nan',
    '1.0.1', '64Mi', '500m', '10.8.0.0/24', 'ghcr.io/x/y:1.0', '--port', '-', '?', '- a', 'a: b', 'a:b', 'a #b', 'a#b', '#a', 'a:', ' a', 'a ', '---', '--- a', '...', 'a\nb',
    'a\nb\n', 'a\n\nb\n', ' a\nb\n', 'a \nb\n', 'a\nb \n', 'a\nb\n\n', 'a\n  b\n', '#!/bin/sh\nset -eu\n', 'x\n---\ny\n', '---\nx\n', 'a: b\nc\n', '- a\n- b', 'a\n\n', '\na\n', 'a\n\tb\n', 'a\n \nb\n',
    '$(PORT)', '*', '&a', '!a', '"q"', "it's", 'say "hi" it\'s', 'back\\slash', '@x', '`x`', '{a}', '[a]', 'a,b', '%x', 'x'.repeat(1100)];
  const text = (): string => (next() < 0.5 ? pick(words) : Array.from({ length: Math.floor(next() * 12) }, () => pick(chars.split(''))).join(''));
  const scalar = (): unknown => pick([
    () => text(), () => Math.floor(next() * 2000) - 1000, () => next() < 0.5, () => null, () => next() * 10, () => -0,
  ])();
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.45) return scalar();
    if (r < 0.75) return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [next() < 0.8 ? pick(['a', 'name', 'app.kubernetes.io/name', 'x-y_z']) + Math.floor(next() * 9) : text(), value(depth + 1)]));
    return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
  };
  return () => ({ kind: 'Thing', metadata: { name: text() }, spec: value(0) });
}

