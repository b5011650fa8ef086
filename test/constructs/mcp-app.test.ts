import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { McpApp, McpServiceType, McpTransport } from '../../src/constructs';
import { evaluate } from '../../src/policy/engine';
import { RuleCategory } from '../../src/policy/rule';
import { find, testChart } from '../support/helpers';

function synth(props: Partial<ConstructorParameters<typeof McpApp>[2]> = {}) {
  const chart = testChart();
  const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'ghcr.io/example/demo-mcp:1.2.3', port: 8080, ...props });
  return { app, objects: Testing.synth(chart) };
}

const podSpec = (objects: any[]) => find(objects, 'Deployment').spec.template.spec;
const mainContainer = (objects: any[]) => podSpec(objects).containers[0];

describe('McpApp', () => {
  test('renders a ServiceAccount, a Deployment and a Service named after the server', () => {
    // GIVEN / WHEN
    const { objects } = synth();
    // THEN
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/mcp/demo', 'Deployment/mcp/demo', 'Service/mcp/demo',
    ]);
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(podSpec(objects).serviceAccountName).toBe('demo');
    expect(podSpec(objects).automountServiceAccountToken).toBe(false);
  });

  test('passes pod security restricted and runs read-only as the numeric user', () => {
    const { objects } = synth({ runAsUser: 1001 });
    expect(podSpec(objects).securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(mainContainer(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('defaults to uid 65532 and gives writable /tmp and HOME', () => {
    const { objects } = synth({ writablePaths: ['/var/cache/app'] });
    expect(mainContainer(objects).securityContext.runAsUser).toBe(65532);
    expect(mainContainer(objects).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'home', mountPath: '/home/mcp' },
      { name: 'writable-0', mountPath: '/var/cache/app' },
    ]);
    expect(podSpec(objects).volumes.map((v: any) => [v.name, v.emptyDir.sizeLimit])).toEqual([
      ['tmp', '256Mi'], ['home', '256Mi'], ['writable-0', '256Mi'],
    ]);
    expect(mainContainer(objects).env).toContainEqual({ name: 'HOME', value: '/home/mcp' });
  });

  test('one port value drives the containerPort, the probes, the Service and the port flag', () => {
    const { objects } = synth({ port: 8000, portFlag: '--port', args: ['--transport', 'sse'] });
    const container = mainContainer(objects);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(container.args).toEqual(['--transport', 'sse', '--port', '8000']);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].tcpSocket).toEqual({ port: 'http' });
    }
    expect(find(objects, 'Service').spec.ports).toEqual([
      { name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
    ]);
  });

  test('probes use HTTP GET on the health path when there is one', () => {
    const { objects } = synth({ healthPath: '/healthz' });
    expect(mainContainer(objects).readinessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3,
    });
    expect(mainContainer(objects).startupProbe.failureThreshold * mainContainer(objects).startupProbe.periodSeconds).toBe(120);
  });

  test('liveness is more lenient than readiness: only the port, and a longer wait before a restart', () => {
    // GIVEN a server whose health route may report a slow dependency
    const container = mainContainer(synth({ healthPath: '/healthz' }).objects);
    // THEN readiness asks the route; liveness only asks whether connections are accepted, and waits longer
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 });
    const patience = (p: any) => p.periodSeconds * p.failureThreshold;
    expect(patience(container.livenessProbe)).toBeGreaterThan(patience(container.readinessProbe));
    expect(container.livenessProbe).not.toEqual(container.readinessProbe);
  });

  test('ephemeral-storage is requested, and its default limit holds the emptyDirs the server writes to', () => {
    // GIVEN /tmp and HOME (256Mi each by default), a 1Gi HOME, and a writable path
    const limitOf = (props: Partial<ConstructorParameters<typeof McpApp>[2]>) => mainContainer(synth(props).objects).resources;
    expect(limitOf({}).requests['ephemeral-storage']).toBe('64Mi');
    expect(limitOf({}).limits['ephemeral-storage']).toBe('768Mi');
    expect(limitOf({ homeSize: '1Gi', writablePaths: ['/data'] }).limits['ephemeral-storage']).toBe(`${256 + 1024 + 256 + 256}Mi`);
    expect(limitOf({ limits: { ephemeralStorage: '5Gi' } }).limits['ephemeral-storage']).toBe('5Gi');
    // WHEN a scratch directory is added after construction, the limit follows
    const { app } = synth();
    app.addScratchDirectory('cache', '/cache', '1Gi');
    expect(Testing.synth(app.node.scope as any).find((o: any) => o.kind === 'Deployment').spec.template.spec.containers[0].resources.limits['ephemeral-storage']).toBe('1792Mi');
  });

  test.each([
    [McpTransport.SSE, false, 'ClientIP'],
    [McpTransport.STREAMABLE_HTTP, false, 'ClientIP'],
    [McpTransport.STDIO_BRIDGE, false, 'ClientIP'],
    [McpTransport.STREAMABLE_HTTP, true, 'None'],
  ])('transport %s with stateless %s gets sessionAffinity %s', (transport, stateless, affinity) => {
    const { objects } = synth({ transport, stateless, replicas: 2 });
    expect(find(objects, 'Service').spec.sessionAffinity).toBe(affinity);
  });

  test('selects pods by name and instance only, never by construct address', () => {
    const { objects } = synth();
    const selector = { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'demo' };
    const deployment = find(objects, 'Deployment');
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(find(objects, 'Service').spec.selector).toEqual(selector);
    expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('labels every object and the pod template with the standard labels and extra ones', () => {
    const { objects } = synth({ labels: { team: 'platform' } });
    const expected = {
      'app.kubernetes.io/name': 'demo',
      'app.kubernetes.io/instance': 'demo',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/component': 'mcp-server',
      'app.kubernetes.io/part-of': 'mcp-servers',
      'app.kubernetes.io/managed-by': 'cdk8s-mcp',
      team: 'platform',
    };
    for (const obj of objects) expect(obj.metadata.labels).toEqual(expected);
    expect(find(objects, 'Deployment').spec.template.metadata.labels).toEqual(expected);
  });

  test('leaves out the version label when the image has only a digest', () => {
    const { objects } = synth({ image: `ghcr.io/example/demo-mcp@sha256:${'a'.repeat(64)}` });
    expect(find(objects, 'Deployment').metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  test('defaults resources to 50m/64Mi/64Mi requests and 500m/256Mi limits', () => {
    expect(mainContainer(synth().objects).resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '768Mi' },
    });
    expect(mainContainer(synth({ limits: { memory: '1Gi' } }).objects).resources.limits).toEqual({ 'cpu': '500m', 'memory': '1Gi', 'ephemeral-storage': '768Mi' });
  });

  test('reads secrets by reference only', () => {
    const { objects } = synth({ secretEnv: { TOKEN: { secret: 'demo-token', key: 'token' } } });
    expect(mainContainer(objects).env).toContainEqual({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'demo-token', key: 'token' } } });
  });

  test('renders config files into a ConfigMap and restarts pods when they change', () => {
    const first = synth({ files: { '/etc/demo/config.toml': 'a = 1\n' } }).objects;
    const second = synth({ files: { '/etc/demo/config.toml': 'a = 2\n' } }).objects;
    expect(find(first, 'ConfigMap', 'demo-files').data).toEqual({ 'etc_demo_config.toml': 'a = 1\n' });
    expect(mainContainer(first).volumeMounts).toContainEqual({ name: 'files', mountPath: '/etc/demo/config.toml', subPath: 'etc_demo_config.toml', readOnly: true });
    const checksum = (objects: any[]) => find(objects, 'Deployment').spec.template.metadata.annotations['checksum/files'];
    expect(checksum(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(first)).not.toEqual(checksum(second));
  });

  test('exposes a NodePort with a fixed port when asked', () => {
    const { objects } = synth({ serviceType: McpServiceType.NODE_PORT, nodePort: 30080 });
    expect(find(objects, 'Service').spec.type).toBe('NodePort');
    expect(find(objects, 'Service').spec.ports[0].nodePort).toBe(30080);
  });

  test('hooks add init containers, native sidecars, volumes and args', () => {
    const chart = testChart();
    const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/y:1', port: 8080 });
    app.addKubeInitContainer({ name: 'init', image: 'busybox:1.36' });
    app.addKubeSidecar({ name: 'side', image: 'busybox:1.36' });
    app.addKubeVolume({ name: 'extra', emptyDir: {} });
    app.addArgs('--verbose');
    const spec = find(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect(spec.initContainers).toEqual([{ name: 'init', image: 'busybox:1.36' }, { name: 'side', image: 'busybox:1.36', restartPolicy: 'Always' }]);
    expect(spec.volumes.map((v: any) => v.name)).toContain('extra');
    expect(spec.containers[0].args).toEqual(['--verbose']);
  });

  test('init containers and sidecars as cdk8s-plus containers, restricted where they say nothing', () => {
    const chart = testChart();
    const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/y:1', port: 8080, runAsUser: 1001 });
    app.addInitContainer({ name: 'migrate', image: 'ghcr.io/example/migrate:1.0.0', args: ['up'] });
    app.addSidecar({ name: 'shipper', image: 'ghcr.io/example/shipper:1.0.0', securityContext: { user: 2000 } });
    const objects = Testing.synth(chart);
    const [init, sidecar] = find(objects, 'Deployment').spec.template.spec.initContainers;
    expect(init).toMatchObject({ name: 'migrate', args: ['up'] });
    expect(init.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
      runAsNonRoot: true, runAsUser: 1001, runAsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(sidecar).toMatchObject({ name: 'shipper', restartPolicy: 'Always', securityContext: { runAsUser: 2000, capabilities: { drop: ['ALL'] } } });
    // Pod security restricted holds for them too.
    const findings = evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), { only: [RuleCategory.POD_SECURITY] });
    expect(findings).toEqual([]);
  });

  test('env and volumes as cdk8s-plus values: EnvValue and Volume', () => {
    const chart = testChart();
    const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/y:1', port: 8080 });
    const credentials = kplus.Secret.fromSecretName(chart, 'Credentials', 'demo-credentials');
    app.addEnv('LOG_LEVEL', kplus.EnvValue.fromValue('debug'));
    app.addEnv('API_TOKEN', kplus.EnvValue.fromSecretValue({ secret: credentials, key: 'token' }));
    app.addEnv('POD_NAME', kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME));
    app.mount('/etc/certs', kplus.Volume.fromSecret(chart, 'CertVolume', credentials, { name: 'certs', items: { 'tls.crt': { path: 'tls.crt' } } }), { readOnly: true });
    const spec = find(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect(spec.containers[0].env.slice(-3)).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'demo-credentials', key: 'token' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(spec.volumes.find((v: any) => v.name === 'certs')).toEqual({ name: 'certs', secret: { secretName: 'demo-credentials', items: [{ key: 'tls.crt', path: 'tls.crt' }] } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'certs', mountPath: '/etc/certs', readOnly: true });
    expect(() => app.addEnv('LOG_LEVEL', kplus.EnvValue.fromValue('info'))).toThrow('environment variable "LOG_LEVEL" is already set');
  });

  test('durations: the grace period and the preStop pause, which must be the shorter', () => {
    const chart = testChart();
    new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/y:1', port: 8080, terminationGracePeriod: Duration.minutes(1), preStop: Duration.seconds(5) });
    const spec = find(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect([spec.terminationGracePeriodSeconds, spec.containers[0].lifecycle]).toEqual([60, { preStop: { sleep: { seconds: 5 } } }]);
    expect(() => new McpApp(testChart(), 'App', { name: 'demo', namespace: 'mcp', image: 'x/y:1', port: 8080, preStop: Duration.seconds(30) }))
      .toThrow('McpApp "demo": preStop 30s must be shorter than terminationGracePeriod 30s');
  });

  test('refuses a port out of range, quoting it', () => {
    expect(() => synth({ port: 70000 })).toThrow('McpApp "demo": port must be an integer 1-65535, got 70000');
  });

  test('refuses root', () => {
    expect(() => synth({ runAsUser: 0 })).toThrow('runAsUser must be a non-zero numeric id, got 0');
  });

  test('refuses a nodePort without a NodePort Service', () => {
    expect(() => synth({ nodePort: 30080 })).toThrow('nodePort 30080 needs serviceType NodePort');
  });
});
