import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { render } from '../support/helpers';

/* A production kubernetes-mcp-server loosened (writes on, the kubeconfig tool back) is an error unless waived. */

const IMAGE = 'quay.io/containers/kubernetes_mcp_server:v0.0.66';

function kubeMcp(args: string[], toml?: string, production = true): Manifest[] {
  const mounts = toml ? [{ name: 'files', mountPath: '/etc/k/config.toml', subPath: 'etc_k_config.toml' }] : [];
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'k', namespace: 'ns', annotations: production ? { 'cdk8s-mcp/production': 'true' } : {} },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: {
      containers: [{ name: 'server', image: IMAGE, args, volumeMounts: mounts }],
      volumes: toml ? [{ name: 'files', configMap: { name: 'k-files' } }] : [],
    } } },
  };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'k-files', namespace: 'ns' }, data: { 'etc_k_config.toml': toml } };
  return toml ? [deployment, configMap] : [deployment];
}

const rules = (objects: Manifest[]) => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), { only: ['MCP-KUBERNETES-WRITABLE', 'MCP-KUBECONFIG-TOOL'] })
  .map((f) => f.rule);
const CONFIG = ['--config', '/etc/k/config.toml'];

test.each([
  ['no --read-only', kubeMcp([]), ['MCP-KUBERNETES-WRITABLE', 'MCP-KUBECONFIG-TOOL']],
  ['--read-only=false over read_only = true in the file', kubeMcp(['--read-only=false', '--toolsets', 'core', ...CONFIG], 'read_only = true\n'), ['MCP-KUBERNETES-WRITABLE']],
  ['read_only = true in the file', kubeMcp(['--toolsets', 'core', ...CONFIG], 'read_only = true\n'), []],
  ['disabled_tools = [] (configuration_view is back)', kubeMcp(['--read-only', ...CONFIG], 'disabled_tools = []\n'), ['MCP-KUBECONFIG-TOOL']],
  ['enabled_tools naming configuration_view', kubeMcp(['--read-only', ...CONFIG], 'enabled_tools = ["configuration_view", "pods_list"]\n'), ['MCP-KUBECONFIG-TOOL']],
  ['disabled over several lines', kubeMcp(['--read-only', ...CONFIG], 'disabled_tools = [\n  "pods_list",\n  "configuration_view",\n]\n'), []],
  ['enabled_tools without it', kubeMcp(['--read-only', ...CONFIG], 'enabled_tools = ["pods_list"]\n'), []],
  ['--toolsets without config', kubeMcp(['--read-only', '--toolsets', 'core,helm']), []],
  ['toolsets in the file without config', kubeMcp(['--read-only', ...CONFIG], 'toolsets = ["core"]\n'), []],
  ['--toolsets with config over a file without it', kubeMcp(['--read-only', '--toolsets', 'core,config', ...CONFIG], 'toolsets = ["core"]\n'), ['MCP-KUBECONFIG-TOOL']],
  ['outside production', kubeMcp([], undefined, false), []],
])('%s', (_what, objects, expected) => {
  expect(rules(objects)).toEqual(expected);
});

describe('through an environment file', () => {
  const prod = (server: Record<string, unknown>) => render({ namespace: 'mcp', production: true, servers: [{ name: 'k', type: 'kubernetes', image: IMAGE, ...server } as any] });
  const found = (objects: Manifest[]) => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })))
    .filter((f) => f.rule.startsWith('MCP-KUBE')).map((f) => `${f.rule}${f.waived ? ' (waived)' : ''}`);

  test('the defaults pass; readOnly: false and disabledTools: [] are errors in production', () => {
    expect(found(prod({}))).toEqual([]);
    expect(found(prod({ readOnly: false }))).toEqual(['MCP-KUBERNETES-WRITABLE']);
    expect(found(prod({ disabledTools: [] }))).toEqual(['MCP-KUBECONFIG-TOOL']);
  });

  test('a waiver with a reason accepts them', () => {
    const objects = prod({ readOnly: false, disabledTools: [], waivers: [
      { rule: 'MCP-KUBERNETES-WRITABLE', reason: 'The platform agent scales Deployments during incidents.' },
      { rule: 'MCP-KUBECONFIG-TOOL', reason: 'Only reachable by the break-glass agent.' },
    ] });
    expect(found(objects)).toEqual(['MCP-KUBERNETES-WRITABLE (waived)', 'MCP-KUBECONFIG-TOOL (waived)']);
  });
});

test('a production image pinned as tag@sha256 keeps the facts of its tag and needs no digest waiver', () => {
  const image = `${IMAGE}@sha256:${'c'.repeat(64)}`;
  const objects = render({ namespace: 'mcp', production: true, servers: [{ name: 'k', type: 'kubernetes', image, stateless: true } as any] });
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  expect(deployment.spec.template.spec.containers[0].image).toBe(image);
  expect(deployment.spec.template.spec.containers[0].args).toContain('--stateless');
  const findings = evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })));
  expect(findings.filter((f) => f.rule === 'HYG-IMAGE-DIGEST' || f.severity === 'error')).toEqual([]);
});

test('the config file is read from a ConfigMap mounted as a directory too, as the upstream chart mounts it', () => {
  const [deployment, configMap] = kubeMcp(['--toolsets', 'core', ...CONFIG], 'read_only = true\n');
  const container = deployment.spec.template.spec.containers[0];
  container.volumeMounts = [{ name: 'files', mountPath: '/etc/k' }];
  configMap.data = { 'config.toml': 'read_only = true\n' };
  expect(rules([deployment, configMap])).toEqual([]);
  configMap.data = { 'config.toml': 'read_only = false\n' };
  expect(rules([deployment, configMap])).toEqual(['MCP-KUBERNETES-WRITABLE']);
});
