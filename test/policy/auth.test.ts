import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { render } from '../support/helpers';

/* The auth rules on anyone's manifests: who reaches a production MCP server, and whether a proxy can be bypassed. */

const run = (objects: Manifest[], rule: string) => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), { only: [rule] })
  .map((f) => `${f.object}: ${f.message}`);
const OAUTH = { oauth: { issuer: 'https://sso.example.com', audience: 'a', resource: 'https://a.example.com/mcp' } };

describe('MCP-AUTH-PROXY-BYPASS', () => {
  const rendered = (server: Record<string, unknown>) => render({ namespace: 'mcp', auth: OAUTH, servers: [server as any] });

  test('what auth.oauth renders passes for every server type', () => {
    for (const server of [
      { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' },
      { name: 'g', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 's', key: 'k' } },
      { name: 'p', type: 'pulumi', image: 'ghcr.io/example/pulumi/mcp-server:0.1.9', token: { secret: 's', key: 'k' } },
      { name: 'x', type: 'generic', image: 'ghcr.io/example/x:1.0.0', hostEnv: 'HOST' },
    ]) expect({ server: server.name, found: run(rendered(server), 'MCP-AUTH-PROXY-BYPASS') }).toEqual({ server: server.name, found: [] });
  });

  test('a server still on every interface, or a proxy forwarding to the pod address, is caught', () => {
    const objects = rendered({ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' });
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const [proxy, server] = deployment.spec.template.spec.containers;
    server.args = server.args.filter((a: string, i: number, all: string[]) => a !== '--bind-address' && all[i - 1] !== '--bind-address');
    expect(run(objects, 'MCP-AUTH-PROXY-BYPASS')).toEqual([
      'Deployment/mcp/k: container "mcp-server" (kubernetes-mcp-server) listens on 0.0.0.0, reachable on the pod address past the auth proxy',
    ]);
    proxy.args[proxy.args.indexOf('--target-uri') + 1] = 'http://10.1.2.3:18080';
    expect(run(objects, 'MCP-AUTH-PROXY-BYPASS')).toContain('Deployment/mcp/k: the auth proxy forwards to http://10.1.2.3:18080, not to 127.0.0.1: the server it protects is reachable on the pod address');
  });

  test('an image we know nothing about is caught when it declares a port beside the proxy', () => {
    const objects = rendered({ name: 'x', type: 'generic', image: 'ghcr.io/example/x:1.0.0', hostEnv: 'HOST' });
    objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[1].ports = [{ name: 'direct', containerPort: 18080 }];
    expect(run(objects, 'MCP-AUTH-PROXY-BYPASS')).toEqual(['Deployment/mcp/x: container "mcp-server" beside the auth proxy declares a port, reachable on the pod address without a token']);
  });
});

describe('MCP-EXPOSED-NO-AUTH', () => {
  test('no NetworkPolicy at all is a way in from every namespace', () => {
    const objects = render({ namespace: 'mcp', production: true, servers: [{ name: 'x', type: 'generic', image: 'ghcr.io/example/x:1.0.0', networkPolicy: false } as any] });
    expect(run(objects, 'MCP-EXPOSED-NO-AUTH')).toEqual([
      'Deployment/mcp/x: production MCP server reachable from outside its namespace and no authentication is enforced: no NetworkPolicy selects its pods, so every pod of the cluster reaches it',
    ]);
  });

  test('a server its own namespace only reaches needs nothing more', () => {
    expect(run(render({ namespace: 'mcp', production: true, servers: [{ name: 'x', type: 'generic', image: 'ghcr.io/example/x:1.0.0' } as any] }), 'MCP-EXPOSED-NO-AUTH')).toEqual([]);
  });

  test('outside production it does not apply', () => {
    expect(run(render({ namespace: 'mcp', servers: [{ name: 'x', type: 'generic', image: 'ghcr.io/example/x:1.0.0', service: { type: 'NodePort' } } as any] }), 'MCP-EXPOSED-NO-AUTH')).toEqual([]);
  });
});
