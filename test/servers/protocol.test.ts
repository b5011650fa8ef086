import { stringify } from 'yaml';
import { knownProtocolRevisions } from '../../src/images';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { find, genericServer, render } from '../support/helpers';

const objectsOf = (server: any) => render({ namespace: 'mcp', servers: [server] } as any);
const loadProblems = (server: any) => loadEnvironmentText(stringify({ namespace: 'mcp', servers: [server] }), 'environments/dev.yaml', 'dev')
  .problems.map((p) => `${p.path}: ${p.message}`);

describe('MCP protocol revisions', () => {
  test('recorded per release of the catalog images, from the SDK each pins', () => {
    expect(knownProtocolRevisions('quay.io/containers/kubernetes_mcp_server:v0.0.54')).toEqual(['2024-11-05', '2025-03-26', '2025-06-18']);
    expect(knownProtocolRevisions('quay.io/containers/kubernetes_mcp_server:v0.0.60')).toEqual(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']);
    expect(knownProtocolRevisions('quay.io/containers/kubernetes_mcp_server:v0.0.66')).toContain('2026-07-28');
    expect(knownProtocolRevisions('ghcr.io/spigell/github-mcp-server:0.18.0-1')).toEqual(['2024-11-05', '2025-03-26']);
    expect(knownProtocolRevisions('ghcr.io/example/unknown:1.0.0')).toBeUndefined();
  });

  test('a server that also speaks a session revision keeps ClientIP affinity, even one that speaks 2026-07-28', () => {
    // kubernetes-mcp-server v0.0.66 speaks 2026-07-28 but still accepts clients that open sessions.
    const service = find(objectsOf({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' }), 'Service');
    expect(service.spec.sessionAffinity).toBe('ClientIP');
  });

  test('a generic server speaking only 2026-07-28 needs no affinity, no DestinationRule, and routes Stateless', () => {
    const sessionless = genericServer({ protocolRevisions: ['2026-07-28'], replicas: 3 });
    const objects = objectsOf({ ...sessionless, expose: { istio: { hosts: ['mcp.example.com'], gateways: ['edge'] } } });
    expect(find(objects, 'Service').spec.sessionAffinity).toBe('None');
    expect(find(objects, 'Deployment').metadata.annotations['cdk8s-mcp/stateless']).toBe('true');
    expect(objects.some((o) => o.kind === 'DestinationRule')).toBe(false);
    const agw = objectsOf({ ...sessionless, expose: { agentgateway: { parentRefs: [{ name: 'agentgateway' }] } } });
    expect(find(agw, 'AgentgatewayBackend').spec.mcp.sessionRouting).toBe('Stateless');
  });

  test('a sessionless server may autoscale and sit behind a gateway without session persistence', () => {
    expect(loadProblems(genericServer({ protocolRevisions: ['2026-07-28'], replicas: 2, autoscale: { min: 2, max: 5 }, expose: { httpRoute: { parentRefs: [{ name: 'edge' }] } } }))).toEqual([]);
    // The same server speaking an older revision too keeps sessions, so the same file is refused.
    expect(loadProblems(genericServer({ protocolRevisions: ['2025-11-25', '2026-07-28'], replicas: 2, expose: { httpRoute: { parentRefs: [{ name: 'edge' }] } } })))
      .toEqual([expect.stringMatching(/^servers\[0\]\.expose: expected an exposure that keeps each MCP session on one pod/)]);
  });

  test('SSE keeps the GET stream and the POSTs on one pod whatever the revision', () => {
    expect(find(objectsOf(genericServer({ transport: 'sse', protocolRevisions: ['2026-07-28'] })), 'Service').spec.sessionAffinity).toBe('ClientIP');
  });

  test('a revision that is not a date is refused with the field named', () => {
    expect(loadProblems(genericServer({ protocolRevisions: ['latest'] }))).toEqual(['servers[0].protocolRevisions[0]: expected an MCP protocol revision such as "2025-11-25", got "latest"']);
  });
});
