import { Testing } from 'cdk8s';
import { INSPECTOR_PORT, McpApp, McpInspector, McpTransport } from '../../src/constructs';
import { find, testChart } from '../support/helpers';

function synth() {
  const chart = testChart();
  const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/demo:1', port: 8080 });
  new McpInspector(chart, 'Inspector', { app, tokenSecret: { secret: 'mcp-inspector', key: 'token' } });
  return Testing.synth(chart);
}

describe('McpInspector', () => {
  const objects = synth();
  const spec = find(objects, 'Deployment').spec.template.spec;
  const inspector = spec.initContainers.find((c: any) => c.name === 'mcp-inspector');

  test('is a native sidecar with the pinned v2 image', () => {
    expect(inspector.restartPolicy).toBe('Always');
    expect(inspector.image).toBe('ghcr.io/modelcontextprotocol/inspector:2.3.0');
  });

  test('binds to loopback only and keeps auth on with a token from a Secret', () => {
    const env = Object.fromEntries(inspector.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.DANGEROUSLY_BIND_ALL_INTERFACES).toBe('false');
    expect(env.MCP_INSPECTOR_API_TOKEN).toEqual({ secretKeyRef: { name: 'mcp-inspector', key: 'token' } });
    expect(env.DANGEROUSLY_OMIT_AUTH).toBeUndefined();
  });

  test('declares no port, has no probes, and no Service reaches it', () => {
    expect(inspector.ports).toBeUndefined();
    expect(inspector.readinessProbe).toBeUndefined();
    expect(inspector.livenessProbe).toBeUndefined();
    expect(inspector.startupProbe).toBeUndefined();
    const service = find(objects, 'Service');
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([8080]);
    expect(JSON.stringify(service)).not.toContain(String(INSPECTOR_PORT));
  });

  test('runs restricted as uid 1000 with a writable HOME', () => {
    expect(inspector.securityContext).toMatchObject({
      runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    });
    expect(inspector.volumeMounts).toContainEqual({ name: 'inspector-home', mountPath: '/home/node' });
    expect(spec.volumes.map((v: any) => v.name)).toEqual(expect.arrayContaining(['inspector-home', 'inspector-tmp']));
  });

  test('starts the web UI with the pod\'s own server in it, at its loopback URL', () => {
    expect(inspector.args).toEqual(['--web', '--transport', 'http', '--server-url', 'http://127.0.0.1:8080/mcp']);
  });

  test('an SSE server is offered over SSE; behind a front container, at the port the server itself listens on', () => {
    const chart = testChart();
    const sse = new McpApp(chart, 'Sse', { name: 'sse', namespace: 'mcp', image: 'x/sse:1', port: 8080, transport: McpTransport.SSE, path: '/sse' });
    expect(McpInspector.serverArgs(sse)).toEqual(['--web', '--transport', 'sse', '--server-url', 'http://127.0.0.1:8080/sse']);
    const fronted = new McpApp(chart, 'Fronted', { name: 'fronted', namespace: 'mcp', image: 'x/f:1', port: 8080, loopbackPort: 18080 });
    expect(McpInspector.serverArgs(fronted)).toEqual(['--web', '--transport', 'http', '--server-url', 'http://127.0.0.1:18080/mcp']);
  });

  test('prints the port-forward command that reaches it', () => {
    expect(McpInspector.portForwardCommand('my-reforge-ai', 'github')).toBe('kubectl -n my-reforge-ai port-forward deploy/github 6274:6274');
  });
});

describe('Inspector releases', () => {
  const withImage = (image: string) => {
    const chart = testChart();
    const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/demo:1', port: 8080 });
    return () => new McpInspector(chart, 'Inspector', { app, image, tokenSecret: { secret: 'mcp-inspector', key: 'token' } });
  };

  test.each([
    ['0.14.0, which has no authentication', 'ghcr.io/modelcontextprotocol/inspector:0.14.0', '0.14.0 has no authentication at all'],
    ['1.0.1, which reads MCP_PROXY_AUTH_TOKEN and serves 6277 as root', 'ghcr.io/modelcontextprotocol/inspector:1.0.1', '1.0.1 is a 1.x-era release: it reads MCP_PROXY_AUTH_TOKEN'],
    ['a digest alone, which names no release', `ghcr.io/modelcontextprotocol/inspector@sha256:${'a'.repeat(64)}`, 'its release cannot be read from the tag'],
  ])('refuses %s', (_what, image, message) => {
    expect(withImage(image)).toThrow(message);
  });

  test('takes 2.x by tag, with or without a digest', () => {
    expect(withImage('ghcr.io/modelcontextprotocol/inspector:2.0.0')).not.toThrow();
    expect(withImage(`ghcr.io/modelcontextprotocol/inspector:2.3.0@sha256:${'b'.repeat(64)}`)).not.toThrow();
  });
});
