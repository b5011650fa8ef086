import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';

/*
 * MCP-INSPECTOR-EXPOSED flags exactly the paths that reach an Inspector container:
 * Service -> selected pods -> container and port (named ports too), and Ingress or
 * HTTPRoute -> Service -> port. A server that merely uses 6274 is not flagged.
 */

const pod = (containers: Manifest[], initContainers: Manifest[] = []) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'ns' },
  spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers, initContainers } } },
});
const server = { name: 'mcp-server', image: 'ghcr.io/x/app:1.0.0', ports: [{ name: 'http', containerPort: 6274 }] };
const sidecar = (ports: Manifest[] = []) => ({ name: 'mcp-inspector', image: 'ghcr.io/modelcontextprotocol/inspector:2.3.0', restartPolicy: 'Always', ports });
const service = (ports: Manifest[], name = 'app') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns' }, spec: { selector: { app: 'x' }, ports } });
const ingress = (port: Manifest) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'ns' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port } } }] } }] } });
const route = (port: number) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'ns' }, spec: { rules: [{ backendRefs: [{ name: 'app', port }] }] } });

const exposed = (objects: Manifest[]) => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), { only: ['MCP-INSPECTOR-EXPOSED'] })
  .map((f) => `${f.object}: ${f.message}`);

test('a generic server on 6274 with no Inspector behind it is not flagged', () => {
  expect(exposed([pod([server]), service([{ name: 'http', port: 6274, targetPort: 'http' }]), ingress({ number: 6274 })])).toEqual([]);
});

test('a Service on port 80 whose targetPort is the Inspector\'s listen port', () => {
  expect(exposed([pod([{ ...server, ports: [{ name: 'http', containerPort: 8080 }] }], [sidecar()]), service([{ name: 'web', port: 80, targetPort: 6274 }])]))
    .toEqual(['Service/ns/app: Service port 80 (target 6274) reaches the MCP Inspector (container "mcp-inspector")']);
});

test('a named targetPort of the Inspector container, and an Ingress by port name to it', () => {
  const objects = [pod([server], [sidecar([{ name: 'ui', containerPort: 7000 }])]), service([{ name: 'http', port: 8080, targetPort: 'http' }, { name: 'debug', port: 80, targetPort: 'ui' }]), ingress({ name: 'debug' })];
  expect(exposed(objects)).toEqual([
    'Service/ns/app: Service port 80 (target ui) reaches the MCP Inspector (container "mcp-inspector")',
    'Ingress/ns/i: Ingress routes to Service app port debug, which reaches the MCP Inspector (container "mcp-inspector")',
  ]);
});

test('an HTTPRoute to the Service port that reaches the Inspector; not to the server\'s port', () => {
  const objects = [pod([{ ...server, ports: [{ name: 'http', containerPort: 8080 }] }], [sidecar()]), service([{ name: 'http', port: 8080, targetPort: 'http' }, { name: 'x', port: 9000, targetPort: 6274 }])];
  expect(exposed([...objects, route(8080)]).filter((f) => f.startsWith('HTTPRoute'))).toEqual([]);
  expect(exposed([...objects, route(9000)]).filter((f) => f.startsWith('HTTPRoute'))).toEqual([
    'HTTPRoute/ns/r: HTTPRoute routes to Service app port 9000, which reaches the MCP Inspector (container "mcp-inspector")',
  ]);
});
