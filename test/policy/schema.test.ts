import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { RuleCategory } from '../../src/policy/rule';
import { defaultSchemaRegistry } from '../../src/policy/schema/registry';

function findings(obj: Manifest): string[] {
  return evaluate([{ object: obj, file: 'f.yaml', index: 0 }], { only: [RuleCategory.SCHEMA] }).map((f) => `${f.rule}: ${f.message}`);
}

const deployment = (spec: Manifest): Manifest => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });
const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } };

describe('schema rules', () => {
  test('a valid object passes', () => {
    expect(findings(deployment({ selector: { matchLabels: { a: 'b' } }, template }))).toEqual([]);
  });

  test('unknown fields are found at every depth', () => {
    const bad = deployment({ selectr: {}, template: { ...template, spec: { containers: [{ name: 'c', image: 'x:1', imagePolicy: 'Always' }] } } });
    expect(findings(bad)).toEqual(expect.arrayContaining([
      'SCHEMA-UNKNOWN-FIELD: unknown field "spec.selectr"',
      'SCHEMA-UNKNOWN-FIELD: unknown field "spec.template.spec.containers[0].imagePolicy"',
    ]));
  });

  test('status is a field of the kinds that have one, as kubectl get -o yaml prints them, and unknown elsewhere', () => {
    const status = { availableReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] };
    expect(findings({ ...deployment({ selector: { matchLabels: { a: 'b' } }, template }), status })).toEqual([]);
    expect(findings({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: template.spec, status: { phase: 'Running' } })).toEqual([]);
    expect(findings({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {}, status: { loadBalancer: {} } })).toEqual([]);
    expect(findings({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a' },
      spec: { project: 'default', destination: {}, source: { repoURL: 'https://example.com/r.git' } }, status: { sync: { status: 'Synced' } } })).toEqual([]);
    expect(findings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, status: {} })).toEqual(['SCHEMA-UNKNOWN-FIELD: unknown field "status"']);
    expect(findings({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {} }, status: {} }))
      .toEqual(['SCHEMA-UNKNOWN-FIELD: unknown field "status"']);
    // Custom resources: the CRDs we have types for all declare one.
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ name: 'edge' }] }, status: { parents: [] } };
    expect(findings(route)).toEqual([]);
    expect(findings({ ...route, statuz: {} })).toEqual(['SCHEMA-UNKNOWN-FIELD: unknown field "statuz"']);
    // Its values are judged by the validator all the same.
    expect(findings({ ...deployment({ selector: { matchLabels: { a: 'b' } }, template }), status: { replicas: 'two' } })).toEqual(['SCHEMA-TYPES: status.replicas must be integer']);
  });

  test('the exposure kinds are judged against their CRDs: agentgateway, Istio ServiceEntry', () => {
    const backend = { apiVersion: 'agentgateway.dev/v1alpha1', kind: 'AgentgatewayBackend', metadata: { name: 'b' },
      spec: { mcp: { targets: [{ name: 't', selector: { services: { matchLabels: { a: 'b' } } } }], sessionRoutng: 'Stateless' } } };
    expect(findings(backend)).toEqual(['SCHEMA-UNKNOWN-FIELD: unknown field "spec.mcp.sessionRoutng"']);
    const entry = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'e' },
      spec: { hosts: ['api.github.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'tls-443', protocol: 'TLS', tls: true }] } };
    expect(findings(entry)).toEqual(['SCHEMA-UNKNOWN-FIELD: unknown field "spec.ports[0].tls"']);
  });

  test('apiVersions Kubernetes 1.30 does not serve are refused, and their values not judged against an old schema', () => {
    expect(findings({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: 'all' } })).toEqual([
      'SCHEMA-KIND: extensions/v1beta1 Ingress is not served by Kubernetes 1.30; Kubernetes 1.30 serves Ingress as networking.k8s.io/v1',
    ]);
  });

  test('wrong value types and enums are refused', () => {
    const bad = deployment({ replicas: '2', selector: {}, template: { spec: { containers: [{ name: 'c', imagePullPolicy: 'Sometimes' }] } } });
    expect(findings(bad)).toEqual(expect.arrayContaining([
      'SCHEMA-TYPES: spec.replicas must be integer',
      'SCHEMA-TYPES: spec.template.spec.containers[0].imagePullPolicy must be equal to one of the allowed values (Always, IfNotPresent, Never)',
    ]));
  });
});

/** The upstream CRDs, beside this repository: required under CI=true, as for the cluster tests. */
const SHARED_CRDS = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');
const withSharedCrds = fs.existsSync(SHARED_CRDS) || process.env.CI === 'true' ? test : test.skip;

withSharedCrds(`the CRD kinds with a known status are those whose every served version declares one (${SHARED_CRDS})`, () => {
  const registry = defaultSchemaRegistry();
  const crds = fs.readdirSync(SHARED_CRDS).filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(SHARED_CRDS, f), 'utf8')).map((d) => d.toJS()))
    .filter((d) => d?.kind === 'CustomResourceDefinition');
  const versions = crds.flatMap((crd) => crd.spec.versions.filter((v: any) => v.served).map((v: any) => ({
    apiVersion: `${crd.spec.group}/${v.name}`, kind: crd.spec.names.kind, declared: Boolean(v.schema?.openAPIV3Schema?.properties?.status),
  }))).filter(({ apiVersion, kind }) => registry.typeOf(apiVersion, kind));
  expect(versions.length).toBeGreaterThan(10);
  const known = versions.map((v) => ({ ...v, known: registry.hasStatus(v.apiVersion, v.kind) }));
  expect(known).toEqual(versions.map((v) => ({ ...v, known: v.declared })));
});
