import { Testing } from 'cdk8s';
import { McpApp, McpEndpoint } from '../../src/constructs';
import { find, testChart } from '../support/helpers';

/* McpEndpoint as a cdk8s user builds it: validation at the call, quoting the bad value. */

const parentRefs = [{ name: 'agw', namespace: 'agentgateway-system' }];

test('an endpoint over two apps renders one backend with a target each, tools prefixed', () => {
  const chart = testChart();
  const a = new McpApp(chart, 'A', { name: 'a', namespace: 'mcp', image: 'x/a:1', port: 8080, agentgateway: true });
  const b = new McpApp(chart, 'B', { name: 'b', namespace: 'mcp', image: 'x/b:1', port: 8080, agentgateway: true });
  new McpEndpoint(chart, 'Tools', { name: 'tools', members: [{ app: a }, { app: b, tools: { allow: ['search'] } }], parentRefs });
  const objects = Testing.synth(chart);
  expect(find(objects, 'AgentgatewayBackend').spec.mcp.targets.map((t: any) => t.name)).toEqual(['a', 'b']);
  expect(find(objects, 'AgentgatewayBackend').spec.mcp.prefixMode).toBe('Always');
  expect(find(objects, 'AgentgatewayPolicy').spec.backend.mcp).toEqual({
    authorization: { action: 'Require', policy: { matchExpressions: ['!has(mcp.tool) || ((mcp.tool.target != "b" || (mcp.tool.name in ["search"])))'] } },
  });
  // No authentication: the route carries the MCP path only.
  expect(find(objects, 'HTTPRoute').spec.rules.map((r: any) => r.matches[0].path.value)).toEqual(['/mcp']);
});

test.each([
  ['no server', () => [], 'McpEndpoint "tools": expected at least one server, got none'],
  ['two namespaces', (chart: any) => [
    new McpApp(chart, 'A', { name: 'a', namespace: 'one', image: 'x/a:1', port: 8080 }),
    new McpApp(chart, 'B', { name: 'b', namespace: 'two', image: 'x/b:1', port: 8080 }),
  ], 'McpEndpoint "tools": expected servers of one namespace (a backend selects Services of its own), got "one", "two"'],
  ['one app twice', (chart: any) => {
    const a = new McpApp(chart, 'A', { name: 'a', namespace: 'mcp', image: 'x/a:1', port: 8080 });
    return [a, a];
  }, 'McpEndpoint "tools": expected each server once, got "a" twice'],
])('refuses %s', (_what, apps, message) => {
  const chart = testChart();
  const members = (apps(chart) as McpApp[]).map((app) => ({ app }));
  expect(() => new McpEndpoint(chart, 'Tools', { name: 'tools', members, parentRefs })).toThrow(message);
});
