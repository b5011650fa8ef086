import { fileKey, pathOfFileKey } from '../../src/constructs/file-key';

const KEY = /^[-._a-zA-Z0-9]+$/;

describe('fileKey', () => {
  test('keeps the common spelling readable', () => {
    expect(fileKey('/etc/app/config.toml')).toBe('etc_app_config.toml');
    expect(fileKey('/etc/kubernetes-mcp-server/config.toml')).toBe('etc_kubernetes--mcp--server_config.toml');
  });

  test('gives /etc/a_b/c and /etc/a/b_c different keys', () => {
    expect(fileKey('/etc/a_b/c')).toBe('etc_a-_b_c');
    expect(fileKey('/etc/a/b_c')).toBe('etc_a_b-_c');
  });

  test('is injective on generated paths: every key is a valid key and reads back as its path', () => {
    // GIVEN paths built from the characters that make spellings collide
    const alphabet = ['a', '_', '/', '-', '.', 'x', '@', 'é', '5', 'f'];
    let seed = 11;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed; };
    const paths = new Set<string>();
    for (let i = 0; i < 20000; i++) {
      const length = 1 + (next() % 8);
      paths.add(`/${Array.from({ length }, () => alphabet[next() % alphabet.length]).join('')}`);
    }
    // WHEN each becomes a key
    const owner = new Map<string, string>();
    for (const p of paths) {
      const key = fileKey(p);
      // THEN the key is valid, names no other path, and decodes to its own
      expect(key).toMatch(KEY);
      expect(owner.get(key) ?? p).toBe(p);
      owner.set(key, p);
      expect(pathOfFileKey(key)).toBe(p);
    }
    expect(owner.size).toBe(paths.size);
  });
});
