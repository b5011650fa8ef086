import { Testing } from 'cdk8s';
import { McpApp, McpNetworkPolicy, NetworkPeer } from '../../src/constructs';
import { testChart } from '../support/helpers';

/* McpNetworkPolicy and NetworkPeer on their own: a fresh chart each, the synthesized policy. */

const server = (chart = testChart()) => new McpApp(chart, 'Search', { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080 });
const policyOf = (chart: ReturnType<typeof testChart>) => Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

test('by default: the server\'s pods, ingress to the MCP port from its own namespace, egress to DNS only', () => {
  const chart = testChart();
  new McpNetworkPolicy(chart, 'Policy', { app: server(chart) });
  expect(policyOf(chart).spec).toEqual({
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'search', 'app.kubernetes.io/instance': 'search' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
    egress: [DNS],
  });
});

test('no sources: no ingress at all; egress rules with and without ports', () => {
  const chart = testChart();
  new McpNetworkPolicy(chart, 'Policy', {
    app: server(chart), ingressFrom: [],
    egressTo: [{ peer: NetworkPeer.cidr('10.96.0.1/32'), ports: [443, 6443] }, { peer: NetworkPeer.pods({ app: 'cache' }, 'data') }],
  });
  const spec = policyOf(chart).spec;
  expect(spec.ingress).toEqual([]);
  expect(spec.egress).toEqual([
    DNS,
    { to: [{ ipBlock: { cidr: '10.96.0.1/32' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
    { to: [{ podSelector: { matchLabels: { app: 'cache' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }] },
  ]);
});

test('NetworkPeer factories', () => {
  expect(NetworkPeer.namespace('monitoring').peer).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } });
  expect(NetworkPeer.pods({ role: 'agent' }).peer).toEqual({ podSelector: { matchLabels: { role: 'agent' } } });
  expect(NetworkPeer.cidr('10.8.0.0/24').peer).toEqual({ ipBlock: { cidr: '10.8.0.0/24' } });
});

test('NetworkPeer factories check at the call', () => {
  expect(() => NetworkPeer.namespace('Monitoring')).toThrow('NetworkPeer.namespace: expected a namespace: a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Monitoring"');
  expect(() => NetworkPeer.pods({})).toThrow('NetworkPeer.pods: expected labels to select pods by, got none');
  expect(() => NetworkPeer.pods({ app: 'cache' }, 'data_ns')).toThrow('got "data_ns"');
});
