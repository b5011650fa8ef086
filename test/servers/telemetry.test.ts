import { parse } from 'smol-toml';
import { stringify } from 'yaml';
import { Manifest } from '../../src/policy/manifest';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { find, render } from '../support/helpers';

/* OpenTelemetry traces: which servers send them, how each image is told, and the NetworkPolicy to the collector. */

const KUBERNETES = { name: 'k8s', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' };
const GENERIC = { name: 'app', type: 'generic', image: 'ghcr.io/example/app:1.0.0', port: 8080 };
const TELEMETRY = { otlpEndpoint: 'http://otel-collector.monitoring.svc:4317' };

const configOf = (objects: Manifest[]) => parse(Object.values(find(objects, 'ConfigMap').data as Record<string, string>)[0]) as Record<string, any>;
const egressOf = (objects: Manifest[]) => find(objects, 'NetworkPolicy').spec.egress as Manifest[];
const envOf = (objects: Manifest[]) => Object.fromEntries((find(objects, 'Deployment').spec.template.spec.containers[0].env ?? []).map((e: Manifest) => [e.name, e.value]));

test('a kubernetes server gets the [telemetry] table of its config file and egress to the collector\'s namespace and port', () => {
  const objects = render({ namespace: 'mcp', telemetry: { ...TELEMETRY, sampling: 0.25 }, servers: [KUBERNETES as any] });
  expect(configOf(objects).telemetry).toEqual({ endpoint: 'http://otel-collector.monitoring.svc:4317', protocol: 'grpc', traces_sampler: 'parentbased_traceidratio', traces_sampler_arg: 0.25 });
  expect(egressOf(objects)).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 4317, protocol: 'TCP' }] });
});

test('sampling 1 is written as a float (the key is a float64); an IP address gives a /32, an https endpoint without a port 443', () => {
  const objects = render({ namespace: 'mcp', telemetry: { otlpEndpoint: 'http://10.0.0.9:4317' }, servers: [KUBERNETES as any] });
  const toml = Object.values(find(objects, 'ConfigMap').data as Record<string, string>)[0];
  expect(toml).toContain('traces_sampler_arg = 1.0\n');
  expect(egressOf(objects)).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.9/32' } }], ports: [{ port: 4317, protocol: 'TCP' }] });
  const tls = render({ namespace: 'mcp', telemetry: { otlpEndpoint: 'https://[fd00::9]' }, servers: [KUBERNETES as any] });
  expect(egressOf(tls)).toContainEqual({ to: [{ ipBlock: { cidr: 'fd00::9/128' } }], ports: [{ port: 443, protocol: 'TCP' }] });
});

test('telemetry: false opts a kubernetes server out; a generic server opts in with true and gets the OTEL_* variables', () => {
  const objects = render({ namespace: 'mcp', telemetry: TELEMETRY, servers: [{ ...KUBERNETES, telemetry: false } as any, { ...GENERIC, telemetry: true } as any, { ...GENERIC, name: 'quiet' } as any] });
  const byServer = (name: string) => objects.filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] === name);
  expect(configOf(byServer('k8s')).telemetry).toBeUndefined();
  expect(JSON.stringify(egressOf(byServer('k8s')))).not.toContain('monitoring');
  expect(envOf(byServer('app'))).toMatchObject({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring.svc:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1', OTEL_SERVICE_NAME: 'app',
  });
  expect(JSON.stringify(egressOf(byServer('app')))).toContain('monitoring');
  expect(Object.keys(envOf(byServer('quiet'))).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
});

test('a server\'s own settings replace the environment\'s, with a collector given by hand', () => {
  const objects = render({ namespace: 'mcp', servers: [{ ...GENERIC, telemetry: { otlpEndpoint: 'https://otlp.example.com:4318', protocol: 'http/protobuf', collector: { cidr: '203.0.113.0/24' } } } as any] });
  expect(envOf(objects).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('https://otlp.example.com:4318');
  expect(egressOf(objects)).toContainEqual({ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 4318, protocol: 'TCP' }] });
});

describe('config errors name the field', () => {
  const problems = (input: object) => loadEnvironmentText(stringify(input), 'environments/test.yaml', 'test').problems.map((p) => `${p.path}: ${p.message}`);

  test.each([
    ['a host that is neither a Service name nor an IP, without collector', { namespace: 'mcp', telemetry: { otlpEndpoint: 'http://collector.example.com:4317' }, servers: [] },
      'telemetry.collector: expected collector ({namespace} or {cidr}) for otlpEndpoint host "collector.example.com"'],
    ['a kubernetes-mcp-server release before [telemetry]', { namespace: 'mcp', telemetry: TELEMETRY, servers: [{ ...KUBERNETES, image: 'quay.io/containers/kubernetes_mcp_server:v0.0.54' }] },
      'servers[0].image: expected kubernetes-mcp-server 0.0.57 or later for telemetry'],
    ['telemetry: true without the environment\'s', { namespace: 'mcp', servers: [{ ...GENERIC, telemetry: true }] },
      'servers[0].telemetry: expected telemetry settings in the environment for telemetry: true, got none'],
    ['a github server', { namespace: 'mcp', telemetry: TELEMETRY, servers: [{ name: 'gh', type: 'github', image: 'ghcr.io/github/github-mcp-server:v0.18.0', token: { secret: 's', key: 'k' }, telemetry: true }] },
      'servers[0].telemetry: expected no telemetry on a github server'],
    ['an OTEL_* variable set by hand as well', { namespace: 'mcp', telemetry: TELEMETRY, servers: [{ ...GENERIC, telemetry: true, env: { OTEL_SERVICE_NAME: 'x' } }] },
      'servers[0].env.OTEL_SERVICE_NAME: expected an environment variable cdk8s-mcp does not set itself, got "OTEL_SERVICE_NAME" (set from telemetry)'],
    ['http/protobuf for a kubernetes server (its exporters post to the URL as given)', { namespace: 'mcp', telemetry: { ...TELEMETRY, protocol: 'http/protobuf' }, servers: [KUBERNETES] },
      'servers[0].telemetry: expected protocol grpc for a kubernetes server, got "http/protobuf"'],
    ['a sampling ratio over 1', { namespace: 'mcp', telemetry: { ...TELEMETRY, sampling: 2 }, servers: [] }, 'telemetry.sampling: expected a sampling ratio from 0 to 1'],
    ['an endpoint that is not a URL', { namespace: 'mcp', telemetry: { otlpEndpoint: 'otel:4317' }, servers: [] }, 'telemetry.otlpEndpoint: expected the OTLP endpoint of a collector'],
    ['an unknown protocol', { namespace: 'mcp', telemetry: { ...TELEMETRY, protocol: 'http/json' }, servers: [] }, 'telemetry.protocol: expected an OTLP protocol: grpc or http/protobuf'],
  ])('%s', (_what, input, expected) => {
    expect(problems(input).join('\n')).toContain(expected);
  });
});
