import { Testing } from 'cdk8s';
import { KubeconfigInit, McpApp } from '../../src/constructs';
import { find, testChart } from '../support/helpers';

describe('KubeconfigInit', () => {
  const chart = testChart();
  const app = new McpApp(chart, 'App', { name: 'demo', namespace: 'mcp', image: 'x/demo:1', port: 8080, runAsUser: 1000 });
  new KubeconfigInit(chart, 'Kubeconfig', { app });
  const spec = find(Testing.synth(chart), 'Deployment').spec.template.spec;
  const init = spec.initContainers[0];

  test('writes a kubeconfig with the in-cluster address, the projected CA, a tokenFile and the pod namespace', () => {
    const script = init.command[2];
    expect(init.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(script).toContain('server: https://${host}:${KUBERNETES_SERVICE_PORT:-443}');
    expect(script).toContain('certificate-authority: /var/run/secrets/mcp/serviceaccount/ca.crt');
    expect(script).toContain('tokenFile: /var/run/secrets/mcp/serviceaccount/token');
    expect(script).toContain('namespace="$(cat /var/run/secrets/mcp/serviceaccount/namespace)"');
    expect(script).toContain('mv /var/run/kubeconfig/config.tmp /var/run/kubeconfig/config');
    expect(script).not.toMatch(/token:\s/);
  });

  test('projects a token with an explicit expiry instead of the legacy automount', () => {
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.volumes.find((v: any) => v.name === 'kube-api-access').projected.sources).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    ]);
  });

  test('shares the kubeconfig with the main container, which gets KUBECONFIG', () => {
    const main = spec.containers[0];
    expect(init.volumeMounts).toEqual([
      { name: 'kube-api-access', mountPath: '/var/run/secrets/mcp/serviceaccount', readOnly: true },
      { name: 'kubeconfig', mountPath: '/var/run/kubeconfig' },
    ]);
    expect(main.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'kube-api-access', mountPath: '/var/run/secrets/mcp/serviceaccount', readOnly: true },
      { name: 'kubeconfig', mountPath: '/var/run/kubeconfig', readOnly: true },
    ]));
    expect(main.env).toContainEqual({ name: 'KUBECONFIG', value: '/var/run/kubeconfig/config' });
  });

  test('runs restricted as the app user with a pinned shell image', () => {
    expect(init.image).toBe('docker.io/library/busybox:1.37.0');
    expect(init.securityContext).toMatchObject({ runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(init.restartPolicy).toBeUndefined();
  });
});
