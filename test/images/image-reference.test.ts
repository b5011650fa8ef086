import { parseImage, versionOfTag } from '../../src/images/image-reference';

test('an image reference splits into repository, tag and digest; a registry port is not a tag', () => {
  expect(parseImage('busybox')).toEqual({ repository: 'busybox', tag: undefined, digest: undefined });
  expect(parseImage('quay.io/containers/kubernetes_mcp_server:v0.0.66')).toEqual({ repository: 'quay.io/containers/kubernetes_mcp_server', tag: 'v0.0.66', digest: undefined });
  expect(parseImage('localhost:5000/x/y')).toEqual({ repository: 'localhost:5000/x/y', tag: undefined, digest: undefined });
  expect(parseImage(`localhost:5000/y:1.2.3@sha256:${'a'.repeat(64)}`)).toEqual({ repository: 'localhost:5000/y', tag: '1.2.3', digest: `sha256:${'a'.repeat(64)}` });
  expect(versionOfTag(parseImage('ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5').tag)).toEqual([0, 18, 0]);
});

test('a reference read again is the same frozen object; past the limit of remembered images, answers stay right', () => {
  const first = parseImage('ghcr.io/example/a:1.0.0');
  expect(parseImage('ghcr.io/example/a:1.0.0')).toBe(first);
  expect(Object.isFrozen(first)).toBe(true);
  for (let i = 0; i < 10_000; i++) expect(parseImage(`ghcr.io/example/s-${i}:1.0.${i}`).tag).toBe(`1.0.${i}`);
  expect(parseImage('ghcr.io/example/a:1.0.0')).toEqual(first);
});
