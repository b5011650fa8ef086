import { ConfigError, formatProblem } from '../../src/config/problems';
import { synthesize } from '../../src/synth/synthesize';
import { tempDir } from '../support/helpers';

/* Environments that could share a cluster must not render the same object. */

function problems(files: Record<string, string>): string[] {
  try {
    synthesize(tempDir(files), 'out');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => formatProblem({ ...p, file: p.file.split('/').pop()! }));
    throw err;
  }
  return [];
}

const env = (extra = '', servers = '  - {name: github, type: generic, image: ghcr.io/x/demo:1.0.0, access: {clusterReader: {}}}\n') =>
  `namespace: mcp\n${extra}servers:\n${servers}`;

test('two environments with the same namespace and server names are refused, naming both files', () => {
  expect(problems({ 'a.yaml': env(), 'b.yaml': env() })).toEqual([
    expect.stringMatching(/^b\.yaml ownedNamespaces: expected objects no other server renders on the same cluster, got core\/Namespace mcp, which \S+\/a\.yaml \(its namespaces\) renders too; rename or move one of them, or say they run on different clusters \(gitops destinations, or cluster: in each file\)$/),
    expect.stringMatching(/^b\.yaml servers\[0\]\.name: expected objects no other server renders on the same cluster, got core\/ServiceAccount mcp\/github, which \S+\/a\.yaml \(servers\[0\] "github"\) renders too/),
  ]);
});

test('environments declared on different clusters may render the same names', () => {
  expect(problems({ 'a.yaml': env('cluster: dev-k0s\n'), 'b.yaml': env('cluster: prod-eu\n') })).toEqual([]);
  const gitops = (name: string) => `gitops: {repoURL: https://example.com/r.git, destination: {name: ${name}}}\n`;
  expect(problems({ 'a.yaml': env(gitops('dev-k0s')), 'b.yaml': env(gitops('prod-eu')) })).toEqual([]);
  // A cluster named in one file and unknown in the other could be the same one.
  expect(problems({ 'a.yaml': env('cluster: dev-k0s\n'), 'b.yaml': env() })).not.toEqual([]);
  expect(problems({ 'a.yaml': env(gitops('dev-k0s')), 'b.yaml': env('cluster: dev-k0s\n') })).not.toEqual([]);
});

test('names derived within one environment meet: namespace "a-b" + server "c" and namespace "a" + server "b-c"', () => {
  const servers = [
    '  - {name: c, namespace: a-b, type: generic, image: ghcr.io/x/demo:1.0.0, access: {clusterReader: {}}}',
    '  - {name: b-c, namespace: a, type: generic, image: ghcr.io/x/demo:1.0.0, access: {clusterReader: {}}}',
    '',
  ].join('\n');
  expect(problems({ 'a.yaml': env('', servers) })).toEqual([
    expect.stringMatching(/^a\.yaml servers\[1\]\.name: expected objects no other server renders on the same cluster, got rbac\.authorization\.k8s\.io\/ClusterRoleBinding a-b-c-view, which \S+\/a\.yaml \(servers\[0\] "c"\) renders too; rename one of the servers or move it to another namespace$/),
  ]);
});

test('one environment owning a namespace and another placing a server in it do not collide', () => {
  const other = env('ownedNamespaces: []\n', '  - {name: other, type: generic, image: ghcr.io/x/demo:1.0.0}\n');
  expect(problems({ 'a.yaml': env(), 'b.yaml': other })).toEqual([]);
});
