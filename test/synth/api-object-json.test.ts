import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { apiObjectJson } from '../../src/synth/api-object-json';
import { loadEnvironments } from '../../src/synth/load-environments';
import { renderEnvironments } from '../../src/synth/render';
import { checkedJson, ROOT, tempDir, testChart } from '../support/helpers';

/*
 * apiObjectJson must give what cdk8s's toJson() gives, byte for byte (key order included):
 * here on the shipped environments and on the edge cases of resolving; every environment the
 * other tests render is checked too (test/support/helpers.ts render()).
 */

const same = (o: ApiObject) => expect(JSON.stringify(apiObjectJson(o))).toBe(JSON.stringify(o.toJson()));

test('every object of the shipped environments is the same as toJson() gives', () => {
  let objects = 0;
  const files = renderEnvironments(loadEnvironments(path.join(ROOT, 'environments')), { toJson: (o) => (objects++, checkedJson(o)) });
  expect(files.length).toBeGreaterThan(5);
  expect(objects).toBeGreaterThan(40);
});

describe('the cases resolving has', () => {
  let chart: Chart;
  beforeEach(() => {
    // An app whose output directory is a temporary one the test support removes.
    chart = testChart();
  });

  test('IntOrString and Quantity give their values; Lazy values what they produce, also Lazy in Lazy', () => {
    same(new k8s.KubeService(chart, 'Service', {
      metadata: { name: 's', labels: { b: '2', a: '1' }, annotations: {} },
      spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }, { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) }], selector: Lazy.any({ produce: () => Lazy.any({ produce: () => ({ z: 'z', a: 'a' }) }) }) as never },
    }));
    same(new k8s.KubeDeployment(chart, 'Deployment', {
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromNumber(64) } }, env: Lazy.any({ produce: () => undefined }) as never }] },
        },
      },
    }));
  });

  test('null and undefined are dropped from objects, kept as holes in lists; empty lists and objects stay', () => {
    same(new k8s.KubeConfigMap(chart, 'Map', { metadata: { name: 'm', finalizers: [] }, data: { b: 'x', a: undefined as never, c: null as never }, immutable: undefined }));
    same(new k8s.KubeRole(chart, 'Role', { rules: [{ apiGroups: [], resources: ['pods'], verbs: ['get'], resourceNames: undefined }] }));
    same(new k8s.KubeNetworkPolicy(chart, 'Policy', { spec: { podSelector: {}, ingress: [], egress: [{}] } }));
  });

  test('metadata: empty lists and maps dropped, extra attributes, owner references, labels added later', () => {
    const owned = new k8s.KubeConfigMap(chart, 'Owned', {
      metadata: { name: 'o', generateName: 'g-', labels: {}, annotations: { empty: '' }, finalizers: [], ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'n', uid: 'u', controller: undefined }] },
    });
    owned.metadata.addLabel('z', 'last');
    owned.metadata.addLabel('a', 'first');
    owned.metadata.addFinalizers('example.com/keep');
    same(owned);
    same(new k8s.KubeNamespace(chart, 'Bare'));
  });

  test('objects with JSON patches, custom resolvers or kinds of other modules go through toJson() itself', () => {
    const patched = new k8s.KubeConfigMap(chart, 'Patched', { data: { a: '1' } });
    patched.addJsonPatch(JsonPatch.add('/data/b', '2'));
    expect(apiObjectJson(patched).data).toEqual({ a: '1', b: '2' });
    same(patched);
    const resolving = new Chart(new App({ outdir: tempDir(), resolvers: [{ resolve: (c) => (c.value === 'x' ? c.replaceValue('resolved') : undefined) }] }), 'c');
    const custom = new k8s.KubeConfigMap(resolving, 'Map', { data: { a: 'x' } });
    expect(apiObjectJson(custom).data).toEqual({ a: 'resolved' });
    const generic = new ApiObject(chart, 'Generic', { apiVersion: 'example.com/v1', kind: 'Thing', spec: { b: 1, a: 2 } });
    expect(apiObjectJson(generic)).toEqual(generic.toJson());
  });

  test('a value no resolver takes is the same error as toJson() gives', () => {
    class Opaque { public readonly x = 1; }
    const bad = new k8s.KubeConfigMap(chart, 'Bad', { data: { a: new Opaque() as never } });
    expect(() => bad.toJson()).toThrow(/can't render non-simple object of type 'Opaque'/);
    expect(() => apiObjectJson(bad)).toThrow(/can't render non-simple object of type 'Opaque'/);
  });
});
