import { Testing } from 'cdk8s';
import { McpNamespace } from '../../src/constructs/mcp-namespace';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { render, genericServer, testChart } from '../support/helpers';

/* Only namespaces the environment owns are created, labelled and enforced. */

const namespacesOf = (objects: any[]) => objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);

describe('namespaces', () => {
  test('a server placed in a namespace the environment does not own is rendered there, the namespace is not', () => {
    // GIVEN servers in foreign namespaces: istio-system, kube-system, default, argocd, monitoring
    const foreign = ['istio-system', 'kube-system', 'default', 'argocd', 'monitoring'];
    const objects = render({ namespace: 'agents', servers: [genericServer(), ...foreign.map((ns, i) => genericServer({ name: `s${i}`, namespace: ns }))] });
    // THEN only the environment's own namespace is a Namespace object, and the servers sit where they were placed
    expect(namespacesOf(objects)).toEqual(['agents']);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.namespace)).toEqual(['agents', ...foreign]);
  });

  test('ownedNamespaces lists every namespace the environment owns; the default one only when listed', () => {
    const objects = render({ namespace: 'agents', ownedNamespaces: ['mcp-system'], servers: [genericServer(), genericServer({ name: 'k', namespace: 'mcp-system' })] });
    expect(namespacesOf(objects)).toEqual(['mcp-system']);
    expect(objects.find((o) => o.kind === 'Namespace')!.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('an environment whose namespace is default or kube-* owns nothing by default', () => {
    expect(namespacesOf(render({ namespace: 'default', servers: [genericServer()] }))).toEqual([]);
    expect(namespacesOf(render({ namespace: 'kube-public', servers: [genericServer()] }))).toEqual([]);
  });

  test('refuses to own kube-* or default, naming the field', () => {
    const result = loadEnvironmentText('namespace: agents\nownedNamespaces: [agents, kube-system, default]\nservers: []\n', 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'ownedNamespaces[1]: expected a namespace this environment may own, not kube-* or default (they belong to the cluster: servers may be placed there, but they are never created, labelled or deleted), got "kube-system"',
      'ownedNamespaces[2]: expected a namespace this environment may own, not kube-* or default (they belong to the cluster: servers may be placed there, but they are never created, labelled or deleted), got "default"',
    ]);
  });

  test('McpNamespace refuses a namespace that belongs to the cluster', () => {
    const chart = testChart();
    expect(() => new McpNamespace(chart, 'ns', { name: 'kube-system' })).toThrow('McpNamespace: "kube-system" belongs to the cluster');
    new McpNamespace(chart, 'ok', { name: 'agents' });
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual(['agents']);
  });
});
