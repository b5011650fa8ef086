import { stringify } from 'yaml';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { renderEnvironments } from '../../src/synth/render';
import { synthesize } from '../../src/synth/synthesize';
import { environment, find, genericServer, tempDir } from '../support/helpers';

/* Endpoints: several servers behind one agentgateway URL, one auth policy, prefixed tools. */

const agentgateway = { parentRefs: [{ name: 'agw', namespace: 'agentgateway-system' }], hostnames: ['tools.example.com'] };
const gateway = { gateway: { issuer: 'https://sso.example.com', audience: 'tools', jwksUrl: 'https://sso.example.com/keys' } };
const github = { type: 'github', name: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } };
const search = genericServer({ name: 'search', stateless: true, tools: { deny: ['drop_index'] } });
const base = { namespace: 'mcp', servers: [github, search], endpoints: [{ name: 'tools', servers: ['github', 'search'], agentgateway, auth: gateway }] };

const problems = (env: Record<string, unknown>, production = false) =>
  loadEnvironmentText(stringify({ ...base, ...env, ...(production ? { production: true } : {}) }), 'environments/dev.yaml', 'dev').problems.map((p) => `${p.path}: ${p.message}`);

describe('an endpoint of several servers', () => {
  const files = renderEnvironments([environment(base as any, 'dev')]);
  const endpoint = files.find((f) => f.path === 'dev/tools.yaml')!.objects;
  const all = files.flatMap((f) => f.objects);

  test('is its own output file with a backend, a route and a policy, named after it', () => {
    expect(files.map((f) => f.path)).toEqual(['dev/00-namespaces.yaml', 'dev/github.yaml', 'dev/search.yaml', 'dev/tools.yaml']);
    expect(endpoint.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['AgentgatewayBackend/mcp/tools', 'AgentgatewayPolicy/mcp/tools', 'HTTPRoute/mcp/tools']);
    expect(find(endpoint, 'HTTPRoute').metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'mcp-endpoint', 'app.kubernetes.io/instance': 'tools', 'cdk8s-mcp/environment': 'dev' });
  });

  test('one target per server, tools always prefixed with the server name, sessions kept while any server keeps them', () => {
    expect(find(endpoint, 'AgentgatewayBackend').spec.mcp).toEqual({
      targets: [
        { name: 'github', selector: { services: { matchLabels: { 'app.kubernetes.io/name': 'github-mcp-server', 'app.kubernetes.io/instance': 'github' } } } },
        { name: 'search', selector: { services: { matchLabels: { 'app.kubernetes.io/name': 'search', 'app.kubernetes.io/instance': 'search' } } } },
      ],
      sessionRouting: 'Stateful',
      prefixMode: 'Always',
    });
    // agentgateway names a selected target after this annotation; the prefix and mcp.tool.target are that name.
    expect(find(all, 'Service', 'github').metadata.annotations['agentgateway.dev/mcp-target-name']).toBe('github');
    const stateless = renderEnvironments([environment({ ...base, servers: [search, genericServer({ name: 'other', stateless: true })], endpoints: [{ name: 'tools', servers: ['search', 'other'], agentgateway }] } as any, 'dev')]);
    expect(find(stateless.flatMap((f) => f.objects), 'AgentgatewayBackend').spec.mcp.sessionRouting).toBe('Stateless');
  });

  test('one policy checks tokens for every server and applies each server\'s tool limits to its own tools', () => {
    expect(find(endpoint, 'AgentgatewayPolicy').spec.backend.mcp).toEqual({
      authentication: { issuer: 'https://sso.example.com', audiences: ['tools'], jwks: { url: 'https://sso.example.com/keys' }, mode: 'Strict' },
      authorization: { action: 'Require', policy: { matchExpressions: ['!has(mcp.tool) || ((mcp.tool.target != "search" || (!(mcp.tool.name in ["drop_index"]))))'] } },
    });
    const backend = { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'tools' };
    expect(find(endpoint, 'HTTPRoute').spec).toMatchObject({
      hostnames: ['tools.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/mcp' } }], backendRefs: [backend] }, { matches: [{ path: { type: 'PathPrefix', value: '/.well-known/oauth-protected-resource' } }], backendRefs: [backend] }],
    });
  });

  test('each server announces itself to agentgateway and lets the gateway\'s namespace in', () => {
    const service = find(all, 'Service', 'search');
    expect(service.spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp');
    const off = renderEnvironments([environment({ ...base, agentgateway: false } as any, 'dev')]).flatMap((f) => f.objects);
    expect(find(off, 'Service', 'search').spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp');
    expect(find(off, 'Service', 'github').spec.ports[0].appProtocol).toBe('agentgateway.dev/mcp');
    expect(find(all, 'NetworkPolicy', 'search').spec.ingress[0].from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agentgateway-system' } } });
  });

  test('a server\'s tools need no expose.agentgateway when an endpoint reaches it', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ endpoints: undefined })).toEqual([
      'servers[1].tools: expected expose.agentgateway, or an endpoint, with tools on a generic server: agentgateway enforces them (the auth proxy, thv proxy v0.47.0, has no tool filter and the server has no list of its own), and no agentgateway route reaches it',
    ]);
  });

  test('in production, a server behind the endpoint is covered by its token check (MCP-EXPOSED-NO-AUTH)', () => {
    const gate = (env: Record<string, unknown>) => synthesize(tempDir({ 'prod.yaml': stringify({ ...base, production: true, ...env }) }))
      .findings.filter((f: any) => f.rule === 'MCP-EXPOSED-NO-AUTH').map((f: any) => `${f.object}: ${f.message}`);
    expect(gate({})).toEqual([]);
    // A route of its own without a token check is still a way in: the endpoint's check does not cover it.
    expect(gate({ servers: [github, { ...search, expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }] } } }] })).toEqual([
      'Deployment/mcp/search: production MCP server reachable from outside its namespace and no authentication is enforced: HTTPRoute mcp/search; NetworkPolicy mcp/search lets namespace gateways in; NetworkPolicy mcp/search lets namespace agentgateway-system in',
    ]);
    expect(gate({ endpoints: [{ name: 'tools', servers: ['github', 'search'], agentgateway }] })).toEqual([
      'Deployment/mcp/github: production MCP server reachable from outside its namespace and no authentication is enforced: AgentgatewayBackend mcp/tools; NetworkPolicy mcp/github lets namespace agentgateway-system in',
      'Deployment/mcp/search: production MCP server reachable from outside its namespace and no authentication is enforced: AgentgatewayBackend mcp/tools; NetworkPolicy mcp/search lets namespace agentgateway-system in',
    ]);
  });
});

describe('endpoint config errors', () => {
  test.each([
    ['an unknown server', { endpoints: [{ name: 'tools', servers: ['search', 'nope'], agentgateway }] },
      'endpoints[0].servers[1]: expected the name of a server of this environment, got "nope" (servers: github, search)'],
    ['a server twice', { endpoints: [{ name: 'tools', servers: ['search', 'search'], agentgateway }] },
      'endpoints[0].servers[1]: expected each server once, got "search" again'],
    ['a server\'s name', { endpoints: [{ name: 'search', servers: ['search'], agentgateway }] },
      'endpoints[0].name: expected a name no server of the environment has (the endpoint\'s objects and output file take it), got "search"'],
    ['two namespaces', { servers: [github, { ...search, namespace: 'other' }], ownedNamespaces: ['mcp', 'other'] },
      'endpoints[0].servers: expected servers of one namespace (a backend selects Services of its own), got "github" in "mcp", "search" in "other"'],
    ['a server behind its own auth proxy', { servers: [github, { ...search, hostEnv: 'HOST', auth: { oauth: { issuer: 'https://sso.example.com', audience: 's', resource: 'https://s.example.com/mcp' } } }] },
      'endpoints[0].servers[1]: expected a server without auth.oauth behind an endpoint, got "search" (its auth proxy wants a token agentgateway does not have; let the endpoint check tokens with auth.gateway)'],
    ['a server exposed through Istio', { servers: [github, { ...search, expose: { istio: { hosts: ['s.example.com'], gateways: ['istio-system/edge'] } } }] },
      'endpoints[0].servers[1]: expected a server not exposed through Istio behind an endpoint, got "search" (its Service keeps appProtocol http for Istio, and agentgateway selects agentgateway.dev/mcp)'],
    ['a server whose own auth.gateway the endpoint would skip', {
      servers: [github, { ...search, expose: { agentgateway }, auth: gateway }], endpoints: [{ name: 'tools', servers: ['github', 'search'], agentgateway }],
    }, 'endpoints[0].servers[1]: expected auth.gateway on an endpoint in front of "search", whose own auth.gateway covers its own route only: the endpoint would be a way in without a token'],
    ['a server keeping sessions on two pods', { servers: [{ ...github, replicas: 2 }, search] },
      'endpoints[0].servers[0]: expected one replica of "github", which keeps MCP sessions in memory: agentgateway keeps a session on a target, not on one of its pods (run it stateless, or with one replica)'],
  ])('%s', (_what, env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  test('in production, the endpoint\'s issuer and keys need https', () => {
    expect(problems({ endpoints: [{ name: 'tools', servers: ['search'], agentgateway, auth: { gateway: { ...gateway.gateway, jwksUrl: 'http://sso.example.com/keys' } } }] }, true)).toEqual([
      'endpoints[0].auth.gateway.jwksUrl: expected an https:// URL in a production environment (tokens and keys travel over it), got "http://sso.example.com/keys"',
    ]);
  });

  test('a broken endpoint is reported by the schema, and the others still by the checks', () => {
    expect(problems({ endpoints: [{ name: 'tools', servers: [], agentgateway }, { name: 'more', servers: ['search', 'nope'], agentgateway }] })).toEqual([
      'endpoints[0].servers: expected at least one server, got a list',
      'endpoints[1].servers[1]: expected the name of a server of this environment, got "nope" (servers: github, search)',
    ]);
  });
});
