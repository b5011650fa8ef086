import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { McpApp, McpNetworkPolicy, NetworkPeer } from '../../src/constructs';
import { testChart } from '../support/helpers';

/*
 * McpApp with cdk8s-plus, as a cdk8s user would combine them: it is an IPodSelector and an
 * INetworkPolicyPeer by the labels its Deployment selects on, its default child is the
 * Deployment, and NetworkPeer takes cdk8s-plus peers. In the style of cdk8s-plus's own tests:
 * a fresh chart each, the synthesized objects, errors by message.
 */

function app(chart = testChart(), props: Partial<ConstructorParameters<typeof McpApp>[2]> = {}): McpApp {
  const name = props.name ?? 'search';
  return new McpApp(chart, name, { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080, ...props });
}

const SELECTOR = { 'app.kubernetes.io/name': 'search', 'app.kubernetes.io/instance': 'search' };

test('a cdk8s-plus NetworkPolicy selects the server\'s pods, in its namespace', () => {
  const chart = testChart();
  const search = app(chart);
  new kplus.NetworkPolicy(chart, 'Extra', { selector: search, egress: { default: kplus.NetworkPolicyTrafficDefault.DENY } });
  const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name !== 'search');
  expect(policy.metadata.namespace).toBe('tools');
  expect(policy.spec.podSelector).toEqual({ matchLabels: SELECTOR });
});

test('the server is a peer of a cdk8s-plus policy: its pods, by name label of its namespace', () => {
  const chart = testChart();
  const search = app(chart);
  const client = new kplus.Deployment(chart, 'Client', { metadata: { namespace: 'agents' }, containers: [{ image: 'ghcr.io/example/agent:1.0.0' }] });
  client.connections.allowTo(search, { isolation: kplus.PodConnectionsIsolation.POD, ports: [kplus.NetworkPolicyPort.tcp(8080)] });
  const egress = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'agents');
  expect(egress.spec.egress[0].to).toEqual([{ podSelector: { matchLabels: SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } }]);
});

test('a cdk8s-plus Service selects the server\'s pods', () => {
  const chart = testChart();
  const search = app(chart);
  const service = new kplus.Service(chart, 'Internal', { metadata: { namespace: 'tools' }, ports: [{ port: 80, targetPort: 8080 }] });
  service.select(search);
  expect(Testing.synth(chart).find((o) => o.kind === 'Service' && o.metadata.name !== 'search').spec.selector).toEqual(SELECTOR);
});

test('ApiObject.of(app) is the Deployment', () => {
  const search = app();
  expect(ApiObject.of(search)).toBe(search.deployment);
  ApiObject.of(search).metadata.addLabel('team', 'search');
  expect(search.deployment.metadata.getLabel('team')).toBe('search');
});

describe('NetworkPeer.of takes cdk8s-plus peers', () => {
  test('an McpApp: its pods in its namespace', () => {
    const chart = testChart();
    const search = app(chart);
    const other = app(chart, { name: 'indexer', namespace: 'tools' });
    new McpNetworkPolicy(chart, 'Policy', { app: other, egressTo: [{ peer: NetworkPeer.of(search), ports: [8080] }] });
    const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
    expect(policy.spec.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: SELECTOR }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('pods by label, a namespace, an address block', () => {
    const chart = testChart();
    expect(NetworkPeer.of(kplus.Pods.select(chart, 'Web', { labels: { app: 'web' } })).peer).toEqual({ podSelector: { matchLabels: { app: 'web' } } });
    expect(NetworkPeer.of(kplus.Namespaces.select(chart, 'Monitoring', { names: ['monitoring'] })).peer)
      .toEqual({ podSelector: {}, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } });
    expect(NetworkPeer.of(kplus.NetworkPolicyIpBlock.ipv4(chart, 'Vpn', '10.8.0.0/24')).peer).toEqual({ ipBlock: { cidr: '10.8.0.0/24' } });
  });

  test('pods of several namespaces: refused, one peer per namespace', () => {
    const chart = testChart();
    const both = kplus.Pods.select(chart, 'Both', { labels: { app: 'web' }, namespaces: kplus.Namespaces.select(chart, 'Two', { names: ['a', 'b'] }) });
    expect(() => NetworkPeer.of(both)).toThrow('NetworkPeer.of(test/Both): expected pods of one namespace, got 2 (a, b); add one peer per namespace');
  });
});

describe('checks at the call, with the value quoted', () => {
  test('NetworkPeer.cidr', () => {
    expect(() => NetworkPeer.cidr('10.8.0.0')).toThrow('NetworkPeer.cidr: expected an IPv4 or IPv6 CIDR such as "10.8.0.0/24" or "fd00::/64", got "10.8.0.0"');
    expect(() => NetworkPeer.cidr('10.8.0.0/33')).toThrow('got "10.8.0.0/33"');
    expect(() => NetworkPeer.cidr('vpn.example.com/24')).toThrow('got "vpn.example.com/24"');
    expect(NetworkPeer.cidr('fd00::/64').peer).toEqual({ ipBlock: { cidr: 'fd00::/64' } });
  });

  test('addVolumeMount of a volume that does not exist, or at a path already mounted', () => {
    const search = app();
    expect(() => search.addKubeVolumeMount({ name: 'cache', mountPath: '/cache' }))
      .toThrow('test/search: cannot mount volume "cache" at "/cache": no such volume (add it with addVolume first; volumes: "tmp", "home")');
    search.addKubeVolume({ name: 'cache', emptyDir: {} });
    expect(() => search.addKubeVolumeMount({ name: 'cache', mountPath: '/tmp' })).toThrow('test/search: "/tmp" is already a mount path of the MCP container');
  });

  test('addSidecar and addInitContainer with a name the pod has', () => {
    const search = app();
    search.addSidecar({ name: 'log-shipper', image: 'ghcr.io/example/shipper:1.0.0' });
    expect(() => search.addInitContainer({ name: 'log-shipper', image: 'busybox:1.37' }))
      .toThrow('test/search: a container named "log-shipper" exists already (containers: "mcp-server", "log-shipper")');
    expect(() => search.addSidecar({ name: 'mcp-server', image: 'busybox:1.37' })).toThrow('a container named "mcp-server" exists already');
  });
});
