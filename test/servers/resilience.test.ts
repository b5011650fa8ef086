import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { parseAllDocuments } from 'yaml';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { synthesize } from '../../src/synth/synthesize';
import { find, genericServer, render, ROOT, tempDir } from '../support/helpers';

/* Isolation and resilience of every server: NetworkPolicy, PDB, spreading, shutdown, autoscaling, placement. */

const objectsOf = (server: any, env: Record<string, unknown> = {}) => render({ namespace: 'mcp', ...env, servers: [server] } as any);
const podSpec = (objects: any[]) => find(objects, 'Deployment').spec.template.spec;

describe('NetworkPolicy', () => {
  test('by default: deny all but DNS, ingress to the named MCP port from the server\'s namespace', () => {
    const policy = find(objectsOf(genericServer()), 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'demo' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mcp' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    });
  });

  test('declared sources and destinations; servers with API access also reach the API server', () => {
    const policy = find(objectsOf({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66',
      ingressFrom: [{ cidr: '10.8.0.0/24' }, { namespace: 'agents', podLabels: { app: 'agent' } }], egressTo: [{ namespace: 'monitoring', ports: [3000] }] },
    { kubernetesApi: { cidrs: ['192.168.1.10/32'], ports: [6443] } }), 'NetworkPolicy');
    expect(policy.spec.ingress[0].from).toEqual([
      { ipBlock: { cidr: '10.8.0.0/24' } },
      { podSelector: { matchLabels: { app: 'agent' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } },
    ]);
    expect(policy.spec.egress.slice(1)).toEqual([
      { to: [{ ipBlock: { cidr: '192.168.1.10/32' } }], ports: [{ protocol: 'TCP', port: 6443 }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 3000 }] },
    ]);
  });

  test('networkPolicy: false renders none, and the gate reports it', () => {
    expect(objectsOf(genericServer({ networkPolicy: false })).some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });

  test('a source is either a namespace/pods or a CIDR', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ ingressFrom: [{ cidr: '10.0.0.0/8', namespace: 'x' }] })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['servers[0].ingressFrom[0]: expected a source: {namespace and/or podLabels} or {cidr}, not both, got a mapping']);
  });
});

describe('resilience', () => {
  test('one replica: no PDB, no spreading; drain on shutdown by default', () => {
    const objects = objectsOf(genericServer());
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    expect(podSpec(objects).topologySpreadConstraints).toBeUndefined();
    expect(podSpec(objects).terminationGracePeriodSeconds).toBe(60);
    expect(podSpec(objects).containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
  });

  test('several replicas: a PDB of maxUnavailable 1 and spreading over nodes (zones when asked)', () => {
    const objects = objectsOf(genericServer({ replicas: 3, spreadOverZones: true }));
    expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'demo' } } });
    expect(podSpec(objects).topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['kubernetes.io/hostname', 'ScheduleAnyway'], ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
    ]);
  });

  test('placement and pull secrets: the environment\'s and the server\'s', () => {
    const spec = podSpec(objectsOf(genericServer({ priorityClassName: 'mcp-high', nodeSelector: { pool: 'agents' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'mcp', effect: 'NoSchedule' }], imagePullSecrets: ['harbor-own'] }), { imagePullSecrets: ['harbor'] }));
    expect([spec.priorityClassName, spec.nodeSelector, spec.tolerations, spec.imagePullSecrets]).toEqual([
      'mcp-high', { pool: 'agents' }, [{ key: 'dedicated', operator: 'Equal', value: 'mcp', effect: 'NoSchedule' }], [{ name: 'harbor' }, { name: 'harbor-own' }],
    ]);
  });

  test('tolerations of every form, through cdk8s-plus NodeTaintQuery', () => {
    const tolerations = [
      { key: 'dedicated', value: 'mcp' }, { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' },
    ];
    expect(podSpec(objectsOf(genericServer({ tolerations }))).tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'mcp' }, { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { key: '', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' },
    ]);
  });

  test.each([
    [{ value: 'mcp' }, 'operator: expected operator Exists for a toleration without a key (it matches every taint), got nothing'],
    [{ key: 'gpu', operator: 'Exists', value: 'a100' }, 'value: expected no value with operator Exists, got "a100"'],
    [{ key: 'gpu', effect: 'NoSchedule', tolerationSeconds: 60 }, 'effect: expected effect NoExecute with tolerationSeconds (only NoExecute evicts), got "NoSchedule"'],
  ])('a toleration the API server refuses: %j', (toleration, message) => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ tolerations: [toleration] })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([`servers[0].tolerations[0].${message}`]);
  });

  test('autoscale: an HPA on CPU (and memory), the Deployment renders no replicas, and a PDB when min > 1', () => {
    const objects = objectsOf(genericServer({ stateless: true, autoscale: { min: 2, max: 5, memoryPercent: 70 } }));
    const hpa = find(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'demo' }, minReplicas: 2, maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
    expect(find(objects, 'Deployment').spec.replicas).toBeUndefined();
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(true);
  });

  test('autoscale of a stateful server: its Service pins sessions (ClientIP), and a gateway that cannot is refused with the reason', () => {
    const stateful = genericServer({ autoscale: { min: 1, max: 3 } });
    const objects = objectsOf(stateful);
    expect(find(objects, 'Service').spec.sessionAffinity).toBe('ClientIP');
    expect(find(objects, 'HorizontalPodAutoscaler').spec.maxReplicas).toBe(3);
    const exposed = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [{ ...stateful, expose: { httpRoute: { parentRefs: [{ name: 'edge' }] } } }] }), 'environments/dev.yaml', 'dev');
    expect(exposed.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^servers\[0\]\.expose: expected an exposure that keeps each MCP session on one pod, got the standard-channel HTTPRoute has no session persistence/),
    ]);
  });

  test('shutdown: the preStop pause must be shorter than the grace period', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ shutdown: { gracePeriodSeconds: 10, preStopSeconds: 10 } })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['servers[0].shutdown: expected preStopSeconds shorter than gracePeriodSeconds, got a mapping']);
  });
});

describe('every shipped server\'s NetworkPolicy lets in what its Service and probes use', () => {
  for (const env of ['dev', 'prod']) {
    const dir = path.join(ROOT, 'dist', env);
    const objects = readdirSync(dir).flatMap((f: string) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d: any) => d.toJS()));
    for (const deployment of objects.filter((o: any) => o.kind === 'Deployment')) {
      test(`${env}/${deployment.metadata.name}`, () => {
        const labels = deployment.spec.template.metadata.labels;
        const policy = objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.namespace === deployment.metadata.namespace
          && Object.entries(o.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v));
        expect(policy).toBeDefined();
        const service = objects.find((o: any) => o.kind === 'Service' && o.metadata.namespace === deployment.metadata.namespace && o.metadata.name === deployment.metadata.name);
        const allowed = policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port));
        expect(allowed).toContain(service.spec.ports[0].targetPort);
        const main = deployment.spec.template.spec.containers[0];
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          expect(allowed).toContain((main[probe].httpGet ?? main[probe].tcpSocket).port);
        }
      });
    }
  }
});

describe('metrics', () => {
  const kubernetes = { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' };
  test('annotations by default', () => {
    expect(find(objectsOf(kubernetes), 'Deployment').spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
  });

  test.each([
    ['prometheus-operator', 'PodMonitor', 'monitoring.coreos.com/v1'],
    ['victoriametrics', 'VMPodScrape', 'operator.victoriametrics.com/v1beta1'],
  ])('%s: a %s on the named port, and the scraper\'s namespace let in', (scraper, kind, apiVersion) => {
    const objects = objectsOf(kubernetes, { monitoring: { scraper, namespace: 'monitoring' } });
    const scrape = find(objects, kind);
    expect(scrape.apiVersion).toBe(apiVersion);
    expect(scrape.spec).toEqual({ selector: { matchLabels: { 'app.kubernetes.io/name': 'kubernetes-mcp-server', 'app.kubernetes.io/instance': 'k' } }, podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] });
    expect(find(objects, 'Deployment').spec.template.metadata.annotations?.['prometheus.io/scrape']).toBeUndefined();
    expect(find(objects, 'NetworkPolicy').spec.ingress[0].from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } });
  });

  test('generic servers declare metricsPath; none renders nothing', () => {
    expect(find(objectsOf(genericServer({ metricsPath: '/metrics' }), { monitoring: { scraper: 'prometheus-operator' } }), 'PodMonitor').spec.podMetricsEndpoints[0].path).toBe('/metrics');
    expect(objectsOf(kubernetes, { monitoring: { scraper: 'none' } }).some((o) => /PodMonitor|VMPodScrape/.test(o.kind))).toBe(false);
  });
});

describe('expose', () => {
  const stateless = genericServer({ stateless: true, replicas: 2 });
  test('a Gateway API HTTPRoute to the Service port and MCP path, with a streaming timeout', () => {
    const objects = objectsOf({ ...stateless, expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }], hostnames: ['mcp.example.com'] } }, auth: { external: { enforcedBy: 'JWT policy on the edge Gateway' } } });
    const route = find(objects, 'HTTPRoute');
    // The declaration is the workload's, for review and MCP-EXPOSED-NO-AUTH; the route carries none.
    expect(JSON.parse(find(objects, 'Deployment').metadata.annotations['cdk8s-mcp/auth'])).toEqual({ enforcedBy: 'JWT policy on the edge Gateway' });
    expect(route.metadata.annotations?.['cdk8s-mcp/auth']).toBeUndefined();
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways' }], hostnames: ['mcp.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/mcp' } }], backendRefs: [{ name: 'demo', port: 8080 }], timeouts: { request: '3600s' } }],
    });
  });

  test('ingress-nginx: buffering off, long timeouts, and sessions hashed on Mcp-Session-Id for stateful servers', () => {
    const ingress = find(objectsOf(genericServer({ transport: 'sse', replicas: 2, expose: { ingress: { className: 'nginx', host: 'mcp.example.com', tlsSecret: 'mcp-tls' } } })), 'Ingress');
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'nginx.ingress.kubernetes.io/proxy-buffering': 'off', 'nginx.ingress.kubernetes.io/upstream-hash-by': '$http_mcp_session_id',
    });
    expect(ingress.spec.rules[0].http.paths[0]).toEqual({ path: '/sse', pathType: 'Prefix', backend: { service: { name: 'demo', port: { number: 8080 } } } });
  });

  test('Istio: a VirtualService without retries, and a DestinationRule hashing on Mcp-Session-Id for stateful servers', () => {
    const objects = objectsOf(genericServer({ replicas: 2, expose: { istio: { hosts: ['mcp.example.com'], gateways: ['istio-system/edge'] } } }));
    expect(find(objects, 'VirtualService').spec.http[0]).toMatchObject({ timeout: '3600s', retries: { attempts: 0 }, route: [{ destination: { host: 'demo.mcp.svc.cluster.local', port: { number: 8080 } } }] });
    expect(find(objects, 'DestinationRule').spec.trafficPolicy).toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'Mcp-Session-Id' } } });
  });

  test('Istio: external hosts the server calls become a MESH_EXTERNAL ServiceEntry visible in its namespace only', () => {
    const objects = objectsOf(genericServer({ stateless: true, expose: { istio: { hosts: ['mcp.example.com'], gateways: ['edge'], externalHosts: [{ host: 'api.github.com' }, { host: 'uploads.github.com', port: 443 }] } } }));
    expect(find(objects, 'ServiceEntry').spec).toEqual({
      hosts: ['api.github.com', 'uploads.github.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }], exportTo: ['.'],
    });
    expect(objects.some((o) => o.kind === 'DestinationRule')).toBe(false);
  });

  test('agentgateway: a backend selecting the Service, session routing as the server keeps sessions, and an HTTPRoute to it', () => {
    const expose = { agentgateway: { parentRefs: [{ name: 'agentgateway', namespace: 'agentgateway-system' }], hostnames: ['mcp.example.com'] } };
    const objects = objectsOf(genericServer({ expose }), { agentgateway: false });
    expect(find(objects, 'AgentgatewayBackend').spec).toEqual({
      mcp: { targets: [{ name: 'demo', selector: { services: { matchLabels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'demo' } } } }], sessionRouting: 'Stateful' },
    });
    expect(find(objects, 'HTTPRoute').spec.rules[0].backendRefs).toEqual([{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'demo' }]);
    // The backend finds the server by its appProtocol, even where the environment turned announcing off.
    expect(find(objects, 'Service').spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp');
    expect(find(objects, 'NetworkPolicy').spec.ingress[0].from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agentgateway-system' } } });
    expect(find(objectsOf(genericServer({ stateless: true, replicas: 3, expose })), 'AgentgatewayBackend').spec.mcp.sessionRouting).toBe('Stateless');
    const refused = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ replicas: 2, expose })] }), 'environments/dev.yaml', 'dev');
    expect(refused.problems.map((p) => p.message)).toEqual([expect.stringContaining('the AgentgatewayBackend targets the Service, and nothing pins an MCP session to one of its pods')]);
  });

  test('refuses a stateful server with several replicas behind a gateway that cannot keep sessions', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ replicas: 2, expose: { httpRoute: { parentRefs: [{ name: 'edge' }] } } })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].expose: expected an exposure that keeps each MCP session on one pod, got the standard-channel HTTPRoute has no session persistence and gateways bypass the Service\'s ClientIP affinity: run one replica, run the server stateless, or expose it through Istio or ingress-nginx, which hash on the Mcp-Session-Id header',
    ]);
  });

  test('in production, a way in from outside the namespace without enforced authentication fails the gate (MCP-EXPOSED-NO-AUTH)', () => {
    const gate = (server: Record<string, unknown>) => synthesize(tempDir({ 'prod.yaml': stringify({ namespace: 'mcp', production: true, servers: [server] }) }))
      .findings.filter((f: any) => f.rule === 'MCP-EXPOSED-NO-AUTH').map((f: any) => `${f.object}: ${f.message}`);
    // GIVEN the case: cluster-wide read, a NodePort, open to every address, no authentication
    expect(gate({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', service: { type: 'NodePort' }, ingressFrom: [{ cidr: '0.0.0.0/0' }] })).toEqual([
      'Deployment/mcp/k: production MCP server reachable from outside its namespace and no authentication is enforced: NodePort Service mcp/k; NetworkPolicy mcp/k lets 0.0.0.0/0 in',
    ]);
    // A route with nothing in front of it.
    expect(gate({ ...stateless, expose: { ingress: { className: 'nginx', host: 'mcp.example.com' } } })).toEqual([
      expect.stringMatching(/^Deployment\/mcp\/demo: production MCP server reachable from outside its namespace and no authentication is enforced: Ingress mcp\/demo/),
    ]);
    // An external declaration covers the route, not a NodePort that skips the gateway.
    expect(gate({ ...stateless, expose: { ingress: { className: 'nginx', host: 'mcp.example.com' } }, auth: { external: { enforcedBy: 'the edge', reason: 'platform-owned' } } })).toEqual([]);
    expect(gate({ ...stateless, service: { type: 'NodePort' }, auth: { external: { enforcedBy: 'the edge', reason: 'platform-owned' } } })).toEqual([
      'Deployment/mcp/demo: production MCP server reachable from outside its namespace and authentication is declared at "the edge", which these paths skip: NodePort Service mcp/demo',
    ]);
    // auth.oauth puts the check in the pod: every path is covered.
    const oauth = { oauth: { issuer: 'https://sso.example.com', audience: 'k', resource: 'https://k.example.com/mcp' } };
    expect(gate({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', service: { type: 'NodePort' }, ingressFrom: [{ cidr: '0.0.0.0/0' }], auth: oauth })).toEqual([]);
  });

  test('auth in production: https URLs, and a reason for external; expose.auth says how to move', () => {
    const problems = (env: Record<string, unknown>) => loadEnvironmentText(stringify({ namespace: 'mcp', production: true, ...env }), 'environments/prod.yaml', 'prod').problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems({ auth: { oauth: { issuer: 'http://sso.example.com', audience: 'a', resource: 'https://a.example.com/mcp' } }, servers: [genericServer({ hostEnv: 'HOST' })] })).toEqual([
      'auth.oauth.issuer: expected an https:// URL in a production environment (tokens and keys travel over it), got "http://sso.example.com"',
    ]);
    expect(problems({ servers: [genericServer({ auth: { external: { enforcedBy: 'the edge' } } })] })).toEqual([
      expect.stringMatching(/^servers\[0\]\.auth\.external\.reason: expected a reason in a production environment/),
    ]);
    expect(problems({ servers: [genericServer({ expose: { ingress: { className: 'nginx', host: 'a.example.com' }, auth: 'OIDC at the edge' } })] })).toEqual([
      expect.stringContaining('servers[0].expose.auth: expected no expose.auth: the sentence is replaced by the server\'s auth field; write auth: {external: {enforcedBy: "<what expose.auth said>"'),
    ]);
    // A server that cannot be told to bind 127.0.0.1 cannot sit behind the proxy.
    expect(problems({ servers: [genericServer({ auth: { oauth: { issuer: 'https://sso.example.com', audience: 'a', resource: 'https://a.example.com/mcp' } } })] })).toEqual([
      expect.stringMatching(/^servers\[0\]\.hostFlag: expected hostFlag or hostEnv with auth\.oauth/),
    ]);
  });
});

test('every kind of exposure passes the policy gate, CRD schemas included', () => {
  const envs = tempDir({ 'dev.yaml': stringify({ namespace: 'mcp', servers: [
    genericServer({ name: 'a', stateless: true, expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gw' }], hostnames: ['a.example.com'] } } }),
    genericServer({ name: 'b', replicas: 2, expose: { istio: { hosts: ['b.example.com'], gateways: ['istio-system/edge'] } } }),
    genericServer({ name: 'c', transport: 'sse', replicas: 2, expose: { ingress: { className: 'nginx', host: 'c.example.com' } } }),
    genericServer({ name: 'd', expose: { agentgateway: { parentRefs: [{ name: 'agentgateway' }] } } }),
    genericServer({ name: 'e', stateless: true, expose: { istio: { hosts: ['e.example.com'], gateways: ['edge'], externalHosts: [{ host: 'api.example.com' }] } } }),
  ] }) });
  const result = synthesize(envs);
  expect(result.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
  expect([...result.files.keys()].sort()).toEqual(['dev/00-namespaces.yaml', 'dev/a.yaml', 'dev/b.yaml', 'dev/c.yaml', 'dev/d.yaml', 'dev/e.yaml']);
  // Strict schema rules judged the new kinds against their CRDs rather than skipping them.
  expect(result.findings.filter((f: any) => f.rule === 'SCHEMA-UNKNOWN-KIND')).toEqual([]);
});

test('the gateway\'s namespace is let in by the NetworkPolicy of an exposed server', () => {
  const policy = find(objectsOf(genericServer({ stateless: true, expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }] } } })), 'NetworkPolicy');
  expect(policy.spec.ingress[0].from).toEqual([
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mcp' } } },
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } } },
  ]);
});

describe('agentgateway', () => {
  test('Services announce the MCP transport and path by default; opt out per environment', () => {
    const service = find(objectsOf(genericServer({ transport: 'sse' })), 'Service');
    expect(service.spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp-sse');
    expect(service.metadata.annotations['agentgateway.dev/mcp-path']).toBe('/sse');
    expect(find(objectsOf(genericServer()), 'Service').spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp');
    const off = find(objectsOf(genericServer(), { agentgateway: false }), 'Service');
    expect([off.spec.ports[0].appProtocol, off.metadata.annotations?.['agentgateway.dev/mcp-path']]).toEqual(['http', undefined]);
  });

  test('servers exposed through Istio keep appProtocol http, which Istio routes by', () => {
    const service = find(objectsOf(genericServer({ expose: { istio: { hosts: ['a.example.com'], gateways: ['istio-system/edge'] } } })), 'Service');
    expect(service.spec.ports[0].appProtocol).toBe('http');
  });
});

describe('exposure of a server behind the auth proxy', () => {
  const oauth = { oauth: { issuer: 'https://sso.example.com', audience: 'demo', resource: 'https://mcp.example.com/mcp' } };
  const server = genericServer({ stateless: true, hostEnv: 'HOST', auth: oauth });
  test.each([
    ['HTTPRoute', { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }] } }, (o: any) => o.spec.rules.map((r: any) => r.matches[0].path.value)],
    ['Ingress', { ingress: { className: 'nginx', host: 'mcp.example.com' } }, (o: any) => o.spec.rules[0].http.paths.map((p: any) => p.path)],
    ['VirtualService', { istio: { hosts: ['mcp.example.com'], gateways: ['gateways/edge'] } }, (o: any) => o.spec.http[0].match.map((m: any) => m.uri.prefix)],
  ])('the %s routes the RFC 9728 metadata path too, so clients can discover how to authenticate', (kind, expose, paths) => {
    expect(paths(find(objectsOf({ ...server, expose }), kind))).toEqual(['/mcp', '/.well-known/oauth-protected-resource']);
    expect(paths(find(objectsOf({ ...server, auth: undefined, expose }), kind))).toEqual(['/mcp']);
  });

  test('the resource URL must name the server\'s MCP path', () => {
    const problems = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [{ ...server, auth: { oauth: { ...oauth.oauth, resource: 'https://mcp.example.com/' } } }] }), 'environments/dev.yaml', 'dev').problems;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].auth.oauth.resource: expected auth.oauth.resource to end in the server\'s MCP path /mcp (clients connect there and look for its metadata at /.well-known/oauth-protected-resource/mcp), got the path /',
    ]);
  });
});

describe('auth.gateway', () => {
  const gateway = { gateway: { issuer: 'https://sso.example.com', audience: 'demo', jwksUrl: 'https://sso.example.com/keys' } };
  test('renders an AgentgatewayPolicy that makes agentgateway check tokens for the backend', () => {
    const objects = objectsOf(genericServer({ stateless: true, expose: { agentgateway: { parentRefs: [{ name: 'agw', namespace: 'agentgateway-system' }] } }, auth: gateway }));
    expect(find(objects, 'AgentgatewayPolicy').spec).toEqual({
      targetRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'demo' }],
      backend: { mcp: { authentication: { issuer: 'https://sso.example.com', audiences: ['demo'], jwks: { url: 'https://sso.example.com/keys' }, mode: 'Strict' } } },
    });
    expect(JSON.parse(find(objects, 'Deployment').metadata.annotations['cdk8s-mcp/auth']).enforcedBy).toMatch(/^AgentgatewayPolicy mcp\/demo/);
    // agentgateway answers the RFC 9728 paths itself, on requests routed to the backend.
    const backend = { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'demo' };
    expect(find(objects, 'HTTPRoute').spec.rules.map((r: any) => [r.matches[0].path.value, r.backendRefs[0]])).toEqual([['/mcp', backend], ['/.well-known/oauth-protected-resource', backend]]);
  });

  test('needs expose.agentgateway', () => {
    const problems = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ auth: gateway })] }), 'environments/dev.yaml', 'dev').problems;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].auth.gateway: expected expose.agentgateway with auth.gateway: the AgentgatewayPolicy that checks tokens attaches to the AgentgatewayBackend of that exposure, and there is none',
    ]);
  });
});

describe('auth.oauth origins', () => {
  const oauth = { issuer: 'https://sso.example.com', audience: 'demo', resource: 'https://mcp.example.com/mcp' };
  const proxyArgs = (auth: Record<string, unknown>) => find(objectsOf(genericServer({ hostEnv: 'HOST', auth: { oauth: { ...oauth, ...auth } } })), 'Deployment')
    .spec.template.spec.containers.find((c: any) => c.name === 'auth-proxy').args;
  const originArgs = (args: string[]) => args.flatMap((a, i) => (a === '--allowed-origins' ? [args[i + 1]] : []));

  test('the proxy admits browser pages of the resource\'s origin only, unless told more', () => {
    expect(originArgs(proxyArgs({}))).toEqual(['https://mcp.example.com']);
    expect(originArgs(proxyArgs({ allowedOrigins: ['https://agents.example.com', 'http://localhost:6274'] }))).toEqual(['https://agents.example.com', 'http://localhost:6274']);
  });

  test.each([
    ['*', 'a wildcard'],
    ['https://agents.example.com/', 'a path'],
    ['https://Agents.example.com', 'uppercase'],
    ['https://agents.example.com:443', 'the default port'],
  ])('refuses %s (%s): browsers never send it, so it would match nothing', (bad) => {
    const problems = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ hostEnv: 'HOST', auth: { oauth: { ...oauth, allowedOrigins: [bad] } } })] }), 'environments/dev.yaml', 'dev').problems;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^servers\[0\]\.auth\.oauth\.allowedOrigins\[0\]: expected an origin as a browser sends it, such as https:\/\/agents\.example\.com .*got/),
    ]);
  });
});

test('the github bridge\'s CORS origins still take "*" (its own flag allows it, unlike the auth proxy\'s exact list)', () => {
  const github = { type: 'github', name: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } };
  const problems = (allowedOrigins: string[]) => loadEnvironmentText(stringify({ namespace: 'mcp', servers: [{ ...github, allowedOrigins }] }), 'environments/dev.yaml', 'dev').problems;
  expect(problems(['*', 'https://a.example'])).toEqual([]);
  expect(problems(['https://a.example/x']).map((p) => p.path)).toEqual(['servers[0].allowedOrigins[0]']);
});

describe('tools through agentgateway', () => {
  const agentgateway = { agentgateway: { parentRefs: [{ name: 'agw', namespace: 'agentgateway-system' }] } };
  const gateway = { gateway: { issuer: 'https://sso.example.com', audience: 'demo', jwksUrl: 'https://sso.example.com/keys' } };
  const policyOf = (server: Record<string, unknown>) => find(objectsOf(genericServer({ stateless: true, expose: agentgateway, ...server })), 'AgentgatewayPolicy').spec;

  test('a generic server\'s tools become a CEL rule agentgateway requires of every tool it lists or calls', () => {
    expect(policyOf({ tools: { allow: ['search', 'fetch'], deny: ['fetch'] } })).toEqual({
      targetRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'demo' }],
      backend: { mcp: { authorization: { action: 'Require', policy: { matchExpressions: ['!has(mcp.tool) || (mcp.tool.name in ["search", "fetch"] && !(mcp.tool.name in ["fetch"]))'] } } } },
    });
  });

  test('with auth.gateway, one policy checks the token and the tools', () => {
    const mcp = policyOf({ auth: gateway, tools: { deny: ['delete_everything'] } }).backend.mcp;
    expect(Object.keys(mcp)).toEqual(['authentication', 'authorization']);
    expect(mcp.authorization.policy.matchExpressions).toEqual(['!has(mcp.tool) || (!(mcp.tool.name in ["delete_everything"]))']);
  });

  test('kubernetes-mcp-server keeps enforcing its own tools; no rule is added at the gateway', () => {
    const objects = objectsOf({ type: 'kubernetes', name: 'k', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', stateless: true, expose: agentgateway, tools: { allow: ['pods_list'] } });
    expect(objects.filter((o: any) => o.kind === 'AgentgatewayPolicy')).toEqual([]);
  });

  test('without an agentgateway route, tools on a server with no list of its own are a config error', () => {
    const problems = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ tools: { allow: ['search'] } })] }), 'environments/dev.yaml', 'dev').problems;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].tools: expected expose.agentgateway, or an endpoint, with tools on a generic server: agentgateway enforces them (the auth proxy, thv proxy v0.47.0, has no tool filter and the server has no list of its own), and no agentgateway route reaches it',
    ]);
    const empty = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ expose: agentgateway, tools: {} })] }), 'environments/dev.yaml', 'dev').problems;
    expect(empty.map((p) => `${p.path}: ${p.message}`)).toEqual(['servers[0].tools: expected tools to allow, deny or grant something, got a mapping']);
  });
});

describe('auth.oauth.tokenExchange (the caller\'s identity at the API server)', () => {
  const kubernetes = { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' };
  const tokenExchange = { tokenUrl: 'https://sts.example.com/token', clientId: 'kubernetes-mcp', clientSecret: { secret: 'kubernetes-mcp-sts', key: 'client-secret' }, audience: 'kubernetes', scopes: ['openid', 'groups'] };
  const oauth = { issuer: 'https://sso.example.com', audience: 'k', resource: 'https://k.example.com/mcp' };
  const objects = objectsOf({ ...kubernetes, auth: { oauth: { ...oauth, tokenExchange } } });
  const pod = podSpec(objects);
  const proxy = pod.containers.find((c: any) => c.name === 'auth-proxy');

  test('the proxy exchanges every validated token, reading the client secret from the mounted Secret', () => {
    expect(proxy.args.slice(proxy.args.indexOf('--token-exchange-url'))).toEqual([
      '--token-exchange-url', 'https://sts.example.com/token', '--token-exchange-client-id', 'kubernetes-mcp',
      '--token-exchange-client-secret-file', '/etc/thv/token-exchange/client-secret', '--token-exchange-audience', 'kubernetes',
      '--token-exchange-scopes', 'openid,groups',
    ]);
    expect(proxy.volumeMounts).toContainEqual({ name: 'auth-proxy-token-exchange', mountPath: '/etc/thv/token-exchange', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'auth-proxy-token-exchange', secret: { secretName: 'kubernetes-mcp-sts', defaultMode: 0o440, items: [{ key: 'client-secret', path: 'client-secret' }] } });
    // Only the reference: no value of the Secret anywhere.
    expect(objects.filter((o: any) => o.kind === 'Secret')).toEqual([]);
  });

  test('the server calls the API with the exchanged token (passthrough), and its ServiceAccount gets no RBAC unless access asks', () => {
    const config = objects.find((o: any) => o.kind === 'ConfigMap' && Object.values(o.data ?? {}).some((v: any) => String(v).includes('cluster_auth_mode')));
    expect(Object.values(config!.data).join('\n')).toMatch(/^cluster_auth_mode = "passthrough"$/m);
    expect(objects.filter((o: any) => /Role/.test(o.kind))).toEqual([]);
    const withAccess = objectsOf({ ...kubernetes, access: { clusterReader: {} }, auth: { oauth: { ...oauth, tokenExchange } } });
    expect(withAccess.filter((o: any) => o.kind === 'ClusterRoleBinding').length).toBeGreaterThan(0);
    // Without an exchange the server keeps its own credentials: the client's token never reaches the API server.
    const plain = objectsOf({ ...kubernetes, auth: { oauth } });
    expect(Object.values(plain.find((o: any) => o.kind === 'ConfigMap' && Object.values(o.data ?? {}).some((v: any) => String(v).includes('cluster_auth_mode')))!.data).join('\n'))
      .toMatch(/^cluster_auth_mode = "kubeconfig"$/m);
  });

  test('other server types, and an http token endpoint in production, are config errors', () => {
    const problems = (env: Record<string, unknown>) => loadEnvironmentText(stringify({ namespace: 'mcp', ...env }), 'environments/prod.yaml', 'prod').problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems({ servers: [genericServer({ hostEnv: 'HOST', auth: { oauth: { ...oauth, tokenExchange } } })] })).toEqual([
      'servers[0].auth.oauth.tokenExchange: expected no tokenExchange on a generic server: it passes the caller\'s identity to the Kubernetes API through kubernetes-mcp-server (cluster_auth_mode passthrough), and a generic server calls its APIs with credentials of its own',
    ]);
    expect(problems({ production: true, servers: [{ ...kubernetes, auth: { oauth: { ...oauth, tokenExchange: { ...tokenExchange, tokenUrl: 'http://sts.example.com/token' } } } }] })).toEqual([
      'servers[0].auth.oauth.tokenExchange.tokenUrl: expected an https:// URL in a production environment (tokens and keys travel over it), got "http://sts.example.com/token"',
    ]);
    expect(problems({ servers: [{ ...kubernetes, auth: { oauth: { ...oauth, tokenExchange: { ...tokenExchange, clientSecret: 'hunter2' } } } }] })).toEqual([
      expect.stringMatching(/^servers\[0\]\.auth\.oauth\.tokenExchange\.clientSecret: expected a Secret reference: \{secret: <name>, key: <key>\}/),
    ]);
  });
});

describe('per-caller tools and required scopes (agentgateway)', () => {
  const agentgateway = { agentgateway: { parentRefs: [{ name: 'agw', namespace: 'agentgateway-system' }] } };
  const gateway = { issuer: 'https://sso.example.com', audience: 'demo', jwksUrl: 'https://sso.example.com/keys' };
  const problems = (env: Record<string, unknown>) => loadEnvironmentText(stringify({ namespace: 'mcp', ...env }), 'environments/dev.yaml', 'dev').problems.map((p) => `${p.path}: ${p.message}`);

  test('scopes and grants become Require rules of the backend\'s policy, each its own expression', () => {
    const objects = objectsOf(genericServer({
      stateless: true, expose: agentgateway, auth: { gateway: { ...gateway, requiredScopes: ['mcp:tools'], scopeClaim: 'scp' } },
      tools: { grants: [{ claim: 'roles', contains: 'Search.Admin', tools: ['reindex'] }, { claim: 'sub', equals: 'indexer', tools: ['reindex'] }] },
    }));
    expect(find(objects, 'AgentgatewayPolicy').spec.backend.mcp.authorization).toEqual({
      action: 'Require',
      policy: {
        matchExpressions: [
          'jwt["scp"].matches("(^| )mcp:tools( |$)")',
          '!has(mcp.tool) || ((!(mcp.tool.name in ["reindex"]) || (mcp.tool.name in ["reindex"] && "Search.Admin" in jwt["roles"]) || (mcp.tool.name in ["reindex"] && jwt["sub"] == "indexer")))',
        ],
      },
    });
  });

  test('kubernetes-mcp-server keeps its own lists; only its grants go to the gateway', () => {
    const objects = objectsOf({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', expose: agentgateway, auth: { gateway },
      tools: { deny: ['pods_delete'], grants: [{ claim: 'groups', contains: 'sre', tools: ['pods_log'] }] } });
    expect(find(objects, 'AgentgatewayPolicy').spec.backend.mcp.authorization.policy.matchExpressions)
      .toEqual(['!has(mcp.tool) || ((!(mcp.tool.name in ["pods_log"]) || (mcp.tool.name in ["pods_log"] && "sre" in jwt["groups"])))']);
  });

  test('grants need a token check on every agentgateway way in, and one of equals or contains', () => {
    const grants = [{ claim: 'groups', contains: 'sre', tools: ['restart'] }];
    expect(problems({ servers: [genericServer({ stateless: true, expose: agentgateway, tools: { grants } })] })).toEqual([
      'servers[0].tools.grants: expected auth.gateway with tools.grants and expose.agentgateway: grants match claims of the caller\'s token, and without a token check agentgateway has none (every granted tool would be refused to everyone)',
    ]);
    expect(problems({
      servers: [genericServer({ stateless: true, tools: { grants } })],
      endpoints: [{ name: 'tools', servers: ['demo'], agentgateway: { parentRefs: [{ name: 'agw', namespace: 'agentgateway-system' }] } }],
    })).toEqual(['servers[0].tools.grants: expected auth.gateway on endpoint "tools" with tools.grants: grants match claims of the caller\'s token, and that endpoint checks none']);
    expect(problems({ servers: [genericServer({ stateless: true, expose: agentgateway, auth: { gateway }, tools: { grants: [{ claim: 'groups', equals: 'a', contains: 'b', tools: ['x'] }] } })] }))
      .toEqual(['servers[0].tools.grants[0]: expected exactly one of equals or contains, got a mapping']);
    expect(problems({ servers: [genericServer({ stateless: true, expose: agentgateway, auth: { gateway: { ...gateway, requiredScopes: ['a b'] } } })] }))
      .toEqual([expect.stringMatching(/^servers\[0\]\.auth\.gateway\.requiredScopes\[0\]: expected a scope such as mcp:tools/)]);
  });
});
