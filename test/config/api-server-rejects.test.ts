import { stringify } from 'yaml';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { genericServer } from '../support/helpers';

/*
 * Output the API server would refuse fails at synth as a config error naming the field:
 * two Services with one nodePort, two mounts at one path, a ConfigMap over 1 MiB, an env
 * var set twice (by the user and by the catalog included).
 */

const problems = (servers: any[]) => loadEnvironmentText(stringify({ namespace: 'mcp', servers }), 'environments/dev.yaml', 'dev')
  .problems.map((p) => `${p.path}: ${p.message}`);

test('two servers with one nodePort', () => {
  expect(problems([
    genericServer({ name: 'a', service: { type: 'NodePort', nodePort: 30080 } }),
    genericServer({ name: 'b', service: { type: 'NodePort', nodePort: 30080 } }),
  ])).toEqual(['servers[1].service.nodePort: expected a nodePort no other server of this environment uses, got 30080 (servers[0] uses it; NodePorts are cluster-wide)']);
});

test('two mounts at one path: writablePaths twice, /tmp, HOME, a config file', () => {
  expect(problems([genericServer({ writablePaths: ['/data', '/data/', '/tmp', '/home/mcp'], configFiles: { '/data': 'x' } })])).toEqual([
    'servers[0].writablePaths[1]: expected a path nothing else is mounted at, got "/data/" (already writablePaths[0])',
    'servers[0].writablePaths[2]: expected a path nothing else is mounted at, got "/tmp" (already a writable emptyDir)',
    'servers[0].writablePaths[3]: expected a path nothing else is mounted at, got "/home/mcp" (already the writable home directory)',
    'servers[0].configFiles./data: expected a path nothing else is mounted at, got "/data" (already writablePaths[0])',
  ]);
});

test('a mount where the catalog mounts the ServiceAccount token or its config file', () => {
  expect(problems([{ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', configFiles: { '/etc/kubernetes-mcp-server/config.toml': 'x' }, writablePaths: ['/var/run/secrets/kubernetes.io/serviceaccount'] }])).toEqual([
    'servers[0].configFiles./etc/kubernetes-mcp-server/config.toml: expected a path nothing else is mounted at, got "/etc/kubernetes-mcp-server/config.toml" (already the kubernetes-mcp-server config file (disabledTools))',
    'servers[0].writablePaths[0]: expected a path nothing else is mounted at, got "/var/run/secrets/kubernetes.io/serviceaccount" (already the ServiceAccount token)',
  ]);
});

test('config files over the 1 MiB a ConfigMap may hold', () => {
  expect(problems([genericServer({ configFiles: { '/etc/big.json': 'x'.repeat(1024 * 1024) } })])).toEqual([
    'servers[0].configFiles: expected files that fit one ConfigMap (at most 1048576 bytes), got 1048588 bytes',
  ]);
});

test('env names the catalog sets itself are refused, with what it sets them to', () => {
  expect(problems([genericServer({ env: { HOME: '/data' }, portEnv: 'PORT', secretEnv: { PORT: { secret: 's', key: 'k' } } })])).toEqual([
    'servers[0].env.HOME: expected an environment variable cdk8s-mcp does not set itself, got "HOME" (set to the writable home directory /home/mcp)',
    'servers[0].secretEnv.PORT: expected an environment variable cdk8s-mcp does not set itself, got "PORT" (set to the port (portEnv))',
  ]);
  expect(problems([{ name: 'p', type: 'pulumi', image: 'docker.io/mcp/pulumi:0.1.9', token: { secret: 's', key: 'k' }, env: { KUBECONFIG: '/x', PULUMI_ACCESS_TOKEN: 'y' } }])).toEqual([
    'servers[0].env.KUBECONFIG: expected an environment variable cdk8s-mcp does not set itself, got "KUBECONFIG" (set to the kubeconfig KubeconfigInit writes)',
    'servers[0].env.PULUMI_ACCESS_TOKEN: expected an environment variable cdk8s-mcp does not set itself, got "PULUMI_ACCESS_TOKEN" (set to the token Secret (token))',
  ]);
});

test('one env var in env and secretEnv', () => {
  expect(problems([genericServer({ env: { TOKEN_FILE: 'x' }, secretEnv: { TOKEN_FILE: { secret: 's', key: 'k' } } })])).toEqual([
    'servers[0].secretEnv.TOKEN_FILE: expected each environment variable once across env, secretEnv and configMapEnv, got "TOKEN_FILE" (also in env)',
  ]);
});

test('args that set a flag the catalog owns are refused with the field to use', () => {
  expect(problems([{ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', args: ['--port', '1234', '--list-output=yaml', '--toolsets=core'] }])).toEqual([
    'servers[0].args[0]: expected no --port in args (cdk8s-mcp sets it from the field "port"; set that instead), got "--port"',
    'servers[0].args[3]: expected no --toolsets in args (cdk8s-mcp sets it from the field "toolsets"; set that instead), got "--toolsets=core"',
  ]);
  expect(problems([genericServer({ portFlag: '--port', args: ['--port=9'] })])).toEqual([
    'servers[0].args[0]: expected no --port in args (cdk8s-mcp sets it from the field "port"; set that instead), got "--port=9"',
  ]);
  expect(problems([genericServer({ args: ['--port=9'] })])).toEqual([]);
});
