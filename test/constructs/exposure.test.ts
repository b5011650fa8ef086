import { Duration, Testing } from 'cdk8s';
import { Exposure, McpApp, McpExposure, McpTransport } from '../../src/constructs';
import { testChart } from '../support/helpers';

/* McpExposure on its own: what each exposure renders, and the sessions it refuses to split. */

const server = (chart = testChart(), stateless = true) =>
  new McpApp(chart, 'Search', { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080, stateless, transport: McpTransport.STREAMABLE_HTTP });
const kinds = (chart: ReturnType<typeof testChart>) => Testing.synth(chart).map((o) => o.kind);

test('Gateway API: an HTTPRoute to the Service port and the MCP path, with the timeout', () => {
  const chart = testChart();
  new McpExposure(chart, 'Expose', { app: server(chart), via: Exposure.gatewayApi({ parentRefs: [{ name: 'edge', namespace: 'gateways' }], hostnames: ['search.example.com'] }), timeout: Duration.minutes(10) });
  const route = Testing.synth(chart).find((o) => o.kind === 'HTTPRoute');
  expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways' }]);
  expect(route.spec.hostnames).toEqual(['search.example.com']);
  expect(route.spec.rules).toHaveLength(1);
  expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/mcp' } }]);
  expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'search', port: 8080 }]);
  expect(route.spec.rules[0].timeouts).toEqual({ request: '600s' });
});

test('ingress-nginx: no buffering and long timeouts, and the session hash for stateful servers', () => {
  const chart = testChart();
  new McpExposure(chart, 'Expose', { app: server(chart, false), via: Exposure.ingress({ className: 'nginx', host: 'search.example.com', tlsSecret: 'search-tls' }), replicas: 2 });
  const ingress = Testing.synth(chart).find((o) => o.kind === 'Ingress');
  expect(ingress.metadata.annotations).toMatchObject({
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'nginx.ingress.kubernetes.io/proxy-buffering': 'off', 'nginx.ingress.kubernetes.io/upstream-hash-by': '$http_mcp_session_id',
  });
  expect(ingress.spec.tls).toEqual([{ hosts: ['search.example.com'], secretName: 'search-tls' }]);
});

test('Istio: a VirtualService without retries, a DestinationRule hashing on the session for stateful servers, a ServiceEntry for external hosts', () => {
  const chart = testChart();
  new McpExposure(chart, 'Expose', { app: server(chart, false), replicas: 2, via: Exposure.istio({ hosts: ['search.example.com'], gateways: ['istio-system/edge'], externalHosts: [{ host: 'api.example.com' }] }) });
  const objects = Testing.synth(chart);
  expect(objects.find((o) => o.kind === 'VirtualService').spec.http[0].retries).toEqual({ attempts: 0 });
  expect(objects.find((o) => o.kind === 'DestinationRule').spec.trafficPolicy).toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'Mcp-Session-Id' } } });
  expect(objects.find((o) => o.kind === 'ServiceEntry').spec).toMatchObject({ hosts: ['api.example.com'], exportTo: ['.'] });
});

test('agentgateway: a backend and a route, no Ingress', () => {
  const chart = testChart();
  new McpExposure(chart, 'Expose', { app: server(chart), via: Exposure.agentgateway({ parentRefs: [{ name: 'agentgateway', namespace: 'agentgateway-system' }] }) });
  expect(kinds(chart).sort()).toEqual(['AgentgatewayBackend', 'Deployment', 'HTTPRoute', 'Service', 'ServiceAccount']);
});

test.each([
  ['Gateway API', Exposure.gatewayApi({ parentRefs: [{ name: 'edge' }] }), 'the standard-channel HTTPRoute has no session persistence'],
  ['agentgateway', Exposure.agentgateway({ parentRefs: [{ name: 'agentgateway' }] }), 'the AgentgatewayBackend targets the Service, and nothing pins an MCP session to one of its pods'],
  ['an Ingress class other than nginx', Exposure.ingress({ className: 'traefik', host: 'search.example.com' }), 'Ingress class "traefik" has no known way to hash on the Mcp-Session-Id header'],
])('a stateful server with several replicas through %s: refused', (_via, via, message) => {
  expect(() => new McpExposure(testChart(), 'Expose', { app: server(undefined, false), via, replicas: 2 })).toThrow(`McpExposure "search": ${message}`);
});

test.each([
  ['Gateway API without a parent', () => Exposure.gatewayApi({ parentRefs: [] }), 'Exposure.gatewayApi: expected at least one parentRef (the Gateway to attach to), got none'],
  ['a host name with a scheme', () => Exposure.gatewayApi({ parentRefs: [{ name: 'edge' }], hostnames: ['https://mcp.example.com'] }),
    'Exposure.gatewayApi: expected a host name such as "mcp.example.com" or "*.example.com", got "https://mcp.example.com"'],
  ['agentgateway without a parent', () => Exposure.agentgateway({ parentRefs: [] }), 'Exposure.agentgateway: expected at least one parentRef'],
  ['an IngressClass name with capitals', () => Exposure.ingress({ className: 'Nginx', host: 'mcp.example.com' }), 'Exposure.ingress: expected an IngressClass name: a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters), got "Nginx"'],
  ['an Ingress host with a port', () => Exposure.ingress({ className: 'nginx', host: 'mcp.example.com:443' }), 'got "mcp.example.com:443"'],
  ['Istio without gateways', () => Exposure.istio({ hosts: ['mcp.example.com'], gateways: [] }), 'Exposure.istio: expected at least one gateway ("<namespace>/<name>" or "<name>"), got none'],
  ['an Istio external host on port 0', () => Exposure.istio({ hosts: ['mcp.example.com'], gateways: ['edge'], externalHosts: [{ host: 'api.example.com', port: 0 }] }),
    'Exposure.istio externalHosts: expected a port: an integer 1-65535, got 0'],
])('refused at the call: %s', (_what, make, message) => {
  expect(make).toThrow(message);
});
