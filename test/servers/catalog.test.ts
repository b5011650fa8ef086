import { loadEnvironmentText } from '../../src/config/load';
import { find, genericServer, render } from '../support/helpers';
import { stringify } from 'yaml';

const deploymentOf = (objects: any[]) => find(objects, 'Deployment');
const main = (objects: any[]) => deploymentOf(objects).spec.template.spec.containers[0];

describe('kubernetes server', () => {
  const base = { name: 'kubernetes', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50' };

  test('wires port 8080 to --port, the containerPort, /healthz probes and the Service', () => {
    const objects = render({ namespace: 'mcp-system', servers: [base as any] });
    const c = main(objects);
    expect(c.args).toEqual(['--config', '/etc/kubernetes-mcp-server/config.toml', '--toolsets', 'core,config', '--read-only', '--port', '8080']);
    expect(c.ports[0].containerPort).toBe(8080);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(find(objects, 'Service').spec.ports[0].port).toBe(8080);
    expect(c.securityContext.runAsUser).toBe(65532);
  });

  test('disables configuration_view through the mounted TOML config', () => {
    const objects = render({ namespace: 'mcp-system', servers: [base as any] });
    expect(find(objects, 'ConfigMap', 'kubernetes-files').data['etc_kubernetes-mcp-server_config.toml']).toContain('disabled_tools = ["configuration_view"]');
  });

  test('in kubeconfig mode passes both --kubeconfig and --cluster-provider kubeconfig', () => {
    const objects = render({ namespace: 'mcp-system', servers: [{ ...base, kubeconfig: true } as any] });
    const args: string[] = main(objects).args;
    expect(args.slice(args.indexOf('--kubeconfig'))).toEqual(['--kubeconfig', '/var/run/kubeconfig/config', '--cluster-provider', 'kubeconfig']);
    expect(deploymentOf(objects).spec.template.spec.initContainers[0].name).toBe('kubeconfig');
  });

  test('gets cluster read by default, Helm release (Secret) read only when asked', () => {
    const plain = render({ namespace: 'mcp-system', servers: [base as any] });
    expect(plain.filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['mcp-system-kubernetes-view', 'mcp-system-kubernetes-nodes']);
    const helm = render({ namespace: 'mcp-system', servers: [{ ...base, access: { clusterReader: { helmReleases: true } } } as any] });
    expect(helm.some((o) => o.metadata.name === 'mcp-system-kubernetes-helm-releases')).toBe(true);
  });

  test('exposes a NodePort with an auto-assigned port', () => {
    const objects = render({ namespace: 'mcp-system', servers: [{ ...base, service: { type: 'NodePort' } } as any] });
    expect(find(objects, 'Service').spec.type).toBe('NodePort');
    expect(find(objects, 'Service').spec.ports[0].nodePort).toBeUndefined();
  });
});

describe('github server', () => {
  const base = { name: 'github', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } };

  test('reads the token from a Secret and passes toolsets and read-only through the environment', () => {
    const c = main(render({ namespace: 'mcp', servers: [{ ...base, toolsets: ['repos', 'issues'] } as any] }));
    expect(c.env).toEqual(expect.arrayContaining([
      { name: 'GITHUB_TOOLSETS', value: 'repos,issues' },
      { name: 'GITHUB_READ_ONLY', value: '1' },
      { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', valueFrom: { secretKeyRef: { name: 'github-mcp', key: 'token' } } },
    ]));
    expect(c.readinessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(c.ports[0].containerPort).toBe(8000);
    expect(c.securityContext.runAsUser).toBe(65532);
  });

  test('has no Kubernetes API access', () => {
    const objects = render({ namespace: 'mcp', servers: [base as any] });
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
    expect(deploymentOf(objects).spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('refuses options that do not apply to its type', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [{ ...base, access: { gatewayProvisioner: true } }] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([expect.stringMatching(/^servers\[0\]\.access: unknown key "access"/)]);
  });
});

describe('pulumi server', () => {
  const base = { name: 'pulumi', type: 'pulumi', image: 'docker.io/pulumi/mcp-server:0.3.0', token: { secret: 'pulumi-mcp', key: 'token' } };
  const objects = render({ namespace: 'my-reforge-ai', servers: [base as any] });

  test('listens on 3000 at /mcp with the token from a Secret and a numeric uid', () => {
    const c = main(objects);
    expect(c.ports[0].containerPort).toBe(3000);
    expect(deploymentOf(objects).metadata.annotations['cdk8s-mcp/path']).toBe('/mcp');
    expect(c.env).toContainEqual({ name: 'PULUMI_ACCESS_TOKEN', valueFrom: { secretKeyRef: { name: 'pulumi-mcp', key: 'token' } } });
    expect(c.securityContext.runAsUser).toBe(1000);
  });

  test('is sized for the Pulumi CLI with a size-limited HOME', () => {
    expect(main(objects).resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(deploymentOf(objects).spec.template.spec.volumes.find((v: any) => v.name === 'home').emptyDir.sizeLimit).toBe('2Gi');
  });

  test('manages its namespace as its own ServiceAccount through a kubeconfig', () => {
    expect(find(objects, 'RoleBinding', 'pulumi-deployer').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pulumi', namespace: 'my-reforge-ai' }]);
    expect(main(objects).env).toContainEqual({ name: 'KUBECONFIG', value: '/var/run/kubeconfig/config' });
  });
});

describe('inspector', () => {
  test('is added to any server that asks for it', () => {
    const objects = render({ namespace: 'mcp', servers: [genericServer({ inspector: true })] });
    expect(deploymentOf(objects).spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['mcp-inspector']);
  });

  test('is refused in a production environment with a clear error', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', production: true, servers: [genericServer({ inspector: true })] }), 'environments/prod.yaml', 'prod');
    expect(result.problems).toEqual([{
      file: 'environments/prod.yaml', line: 7, path: 'servers[0].inspector',
      message: 'expected no Inspector in a production environment (it acts with the pod\'s credentials for anyone who reaches it), got true',
    }]);
  });
});

describe('waivers in environment files', () => {
  test('render as the waiver annotation on every object of the server', () => {
    const objects = render({ namespace: 'mcp', servers: [genericServer({ waivers: [{ rule: 'HYG-PROBES', reason: 'the bridge has no health route yet' }] })] });
    for (const obj of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(obj.metadata.annotations['cdk8s-mcp/waivers']).toBe('[{"rule":"HYG-PROBES","reason":"the bridge has no health route yet"}]');
    }
  });

  test('must name a known rule and give a reason', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ waivers: [{ rule: 'HYG-PROBE', reason: '' }] })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].waivers[0].rule: expected a rule id from docs/rules.md, got "HYG-PROBE"',
      'servers[0].waivers[0].reason: expected a reason (why the finding is accepted, and when it will be revisited): a non-empty string, got ""',
    ]);
  });

  test('production workloads carry the production annotation that check reads', () => {
    const objects = render({ namespace: 'mcp', production: true, servers: [genericServer()] });
    expect(deploymentOf(objects).metadata.annotations['cdk8s-mcp/production']).toBe('true');
  });
});
