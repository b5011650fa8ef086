import * as path from 'path';
import { evaluate } from '../../src/policy/engine';
import { readManifests } from '../../src/policy/read-manifests';
import { ROOT } from '../support/helpers';

/*
 * The rules that read upstream image facts, on the output `main` rendered before they
 * existed (test/fixtures/dist-0.1.0/, the shipped environments of release 0.1.0): each of
 * the four crash loops found there is caught, with the message a user needs.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/dist-0.1.0');

function findings(env: string) {
  return evaluate(readManifests([path.join(FIXTURES, env)])).map((f) => `${f.rule} ${f.object} ${f.message}`);
}

describe.each(['dev', 'prod'])('the %s output of release 0.1.0', (env) => {
  const all = findings(env);

  test('github: the bridge listens on 8080 (image CMD) while the pod declares and probes 8000', () => {
    expect(all).toContain('MCP-PORT-MISMATCH Deployment/my-reforge-ai/github container "mcp-server" listens on 8080 (--port 8080 in the image\'s own command line) but declares containerPort 8000');
    expect(all).toContain('MCP-PORT-MISMATCH Service/my-reforge-ai/github targetPort "http" is port 8000 of container "mcp-server", which listens on 8080 (--port 8080 in the image\'s own command line)');
  });

  test('pulumi: started without the subcommand it demands', () => {
    expect(all).toContain('MCP-SUBCOMMAND-MISSING Deployment/my-reforge-ai/pulumi container "mcp-server" starts the Pulumi MCP server as `node dist/index.js` without a subcommand (http or stdio): it prints usage and exits');
  });

  test('kubernetes: no ServiceAccount token and no kubeconfig', () => {
    expect(all.filter((f) => f.startsWith('MCP-KUBE-CREDENTIALS-MISSING Deployment/mcp-system/kubernetes'))).toHaveLength(1);
  });

  test('kubernetes: v0.0.50 has no --toolsets', () => {
    expect(all.some((f) => f.startsWith('MCP-FLAG-UNSUPPORTED Deployment/mcp-system/kubernetes container "mcp-server" passes --toolsets, which kubernetes-mcp-server has only from 0.0.51 on'))).toBe(true);
  });
});

test('prod of release 0.1.0: --stateless on v0.0.50', () => {
  expect(findings('prod')).toContainEqual(expect.stringContaining('MCP-FLAG-UNSUPPORTED Deployment/mcp-system/kubernetes container "mcp-server" passes --stateless, which kubernetes-mcp-server has only from 0.0.56 on'));
});

test('today\'s dist/ has none of these findings', () => {
  for (const env of ['dev', 'prod']) {
    const ids = evaluate(readManifests([path.join(ROOT, 'dist', env)])).map((f) => f.rule);
    expect(ids.filter((id) => ['MCP-PORT-MISMATCH', 'MCP-SUBCOMMAND-MISSING', 'MCP-KUBE-CREDENTIALS-MISSING', 'MCP-FLAG-UNSUPPORTED'].includes(id))).toEqual([]);
  }
});

/*
 * The upstream kubernetes-mcp-server chart passes `--config` and sets `port = "8080"` in a
 * ConfigMap mounted as a directory (charts/kubernetes-mcp-server, helm template): the program
 * listens where its config file says, a --port flag overrides the file, and a file the run
 * does not show (or drop-ins that may override it) leaves the port unknown.
 */
describe('MCP-PORT-MISMATCH reads the port from the config file as kubernetes-mcp-server does', () => {
  const configMap = (toml: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'k-config', namespace: 'mcp' }, data: { 'config.toml': toml } });
  const deployment = (args: string[], containerPort = 8080, mounts: object[] = [{ name: 'config', mountPath: '/etc/kubernetes-mcp-server' }], volumes: object[] = [{ name: 'config', configMap: { name: 'k-config' } }]) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'k', namespace: 'mcp' },
    spec: { selector: { matchLabels: { app: 'k' } }, template: { metadata: { labels: { app: 'k' } }, spec: { volumes, containers: [{
      name: 'server', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', args, ports: [{ name: 'http', containerPort }],
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' } }, volumeMounts: mounts,
    }] } } },
  });
  const portFindings = (...objects: object[]) => evaluate(objects.map((object, index) => ({ object, file: 'f.yaml', index })), { only: ['MCP-PORT-MISMATCH'] }).map((f) => f.message);
  const CONFIG = ['--config', '/etc/kubernetes-mcp-server/config.toml'];

  test('the chart as rendered: the file\'s port is the declared one', () => {
    expect(portFindings(configMap('port = "8080"\n'), deployment(CONFIG))).toEqual([]);
  });

  test('a file port other than the declared one, or none at all, is found with the file named', () => {
    expect(portFindings(configMap('port = "9090"\n'), deployment(CONFIG))).toEqual([
      'container "server" listens on 9090 (port = "9090" in /etc/kubernetes-mcp-server/config.toml (ConfigMap k-config)) but declares containerPort 8080',
      'probe port "http" (8080) of container "server" is not where it listens: 9090 (port = "9090" in /etc/kubernetes-mcp-server/config.toml (ConfigMap k-config))',
    ]);
    expect(portFindings(configMap('read_only = true\n'), deployment(CONFIG))).toEqual([
      'container "server" declares containerPort 8080 but its program listens on no port: --config /etc/kubernetes-mcp-server/config.toml sets no port (ConfigMap k-config), and no port flag is given (it serves stdio)',
    ]);
  });

  test('--port overrides the file; a subPath mount and items are read too', () => {
    expect(portFindings(configMap('port = "9090"\n'), deployment([...CONFIG, '--port', '8080']))).toEqual([]);
    const subPath = deployment(CONFIG, 9090, [{ name: 'config', mountPath: '/etc/kubernetes-mcp-server/config.toml', subPath: 'server.toml' }],
      [{ name: 'config', configMap: { name: 'k-config', items: [{ key: 'config.toml', path: 'server.toml' }] } }]);
    expect(portFindings(configMap('port = "9090"\n'), subPath)).toEqual([]);
    expect(portFindings(configMap('port = "8080"\n'), subPath)).toHaveLength(2);
  });

  test('a file the run does not show, or drop-ins that may set the port, leave it unknown', () => {
    expect(portFindings(deployment(CONFIG, 1234))).toEqual([]);
    expect(portFindings(configMap('port = "9090"\n'), deployment(CONFIG, 8080, [{ name: 'config', mountPath: '/etc/kubernetes-mcp-server' }], [{ name: 'config', secret: { secretName: 's' } }]))).toEqual([]);
    const dropIns = deployment(CONFIG, 8080, [{ name: 'config', mountPath: '/etc/kubernetes-mcp-server' }, { name: 'more', mountPath: '/etc/kubernetes-mcp-server/conf.d' }],
      [{ name: 'config', configMap: { name: 'k-config' } }, { name: 'more', configMap: { name: 'k-more' } }]);
    expect(portFindings(configMap('port = "9090"\n'), dropIns)).toEqual([]);
    const named = deployment([...CONFIG, '--config-dir', '/srv/conf'], 8080, [{ name: 'config', mountPath: '/etc/kubernetes-mcp-server' }, { name: 'more', mountPath: '/srv/conf' }],
      [{ name: 'config', configMap: { name: 'k-config' } }, { name: 'more', emptyDir: {} }]);
    expect(portFindings(configMap('port = "9090"\n'), named)).toEqual([]);
    // Releases before v0.0.58 start with --port 8080 in their ENTRYPOINT, which overrides the file.
    const old = deployment(CONFIG);
    (old.spec.template.spec.containers[0] as { image: string }).image = 'quay.io/containers/kubernetes_mcp_server:v0.0.55';
    expect(portFindings(configMap('port = "9090"\n'), old)).toEqual([]);
  });
});
