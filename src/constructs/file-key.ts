/*
 * The ConfigMap (or Secret item) key a mounted file path becomes. Keys may hold only
 * letters, digits, ".", "-" and "_", so the path must be spelt in those, and two paths must
 * never share a key: `/etc/a_b/c` and `/etc/a/b_c` once both became `etc_a_b_c`, and the
 * second file's content was silently lost. The spelling is a prefix-free code, so every key
 * reads back as exactly one path:
 *
 * - "/" is "_" (`/etc/app/config.toml` -> `etc_app_config.toml`, as readable as before);
 * - "-" is "--" and "_" is "-_" ("-" is the escape);
 * - any other character outside letters, digits and "." is "-x" and the two hex digits of
 *   each of its UTF-8 bytes (`@` -> `-x40`).
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-object
 */

const PLAIN = /[A-Za-z0-9.]/;

/** `/etc/my-app/a_b.toml` -> `etc_my--app_a-_b.toml`. */
export function fileKey(path: string): string {
  let key = '';
  for (const char of path.replace(/^\//, '')) {
    if (char === '/') key += '_';
    else if (char === '-') key += '--';
    else if (char === '_') key += '-_';
    else if (PLAIN.test(char)) key += char;
    else key += [...Buffer.from(char, 'utf8')].map((b) => `-x${b.toString(16).padStart(2, '0')}`).join('');
  }
  return key;
}

/** The path a key was made from: fileKey's inverse, so a key names one path only. */
export function pathOfFileKey(key: string): string {
  const bytes: number[] = [];
  const push = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
  for (let i = 0; i < key.length; i++) {
    const char = key[i];
    if (char === '_') push('/');
    else if (char !== '-') push(char);
    else if (key[i + 1] === '-' || key[i + 1] === '_') push(key[++i]);
    else if (key[i + 1] === 'x' && /^[0-9a-f]{2}$/.test(key.slice(i + 2, i + 4))) {
      bytes.push(parseInt(key.slice(i + 2, i + 4), 16));
      i += 3;
    } else throw new Error(`not a file key: "${key}" (a lone "-" at ${i})`);
  }
  return `/${Buffer.from(bytes).toString('utf8')}`;
}
