import { runIndex, selects, servicesSelecting } from '../../src/policy/index';
import { Manifest } from '../../src/policy/manifest';

/* The run's lookups give what a scan of every object gives, only faster. */

const sourced = (objects: Manifest[]) => objects.map((object, index) => ({ object, index, file: 'x.yaml' }));
const service = (namespace: string, name: string, selector?: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector } });

test('the Services that select a pod are those a scan finds, in input order', () => {
  const services = [
    service('a', 'by-component', { component: 'api' }),
    service('a', 'by-app', { app: 'x' }),
    service('a', 'both', { app: 'x', component: 'api' }),
    service('a', 'other-value', { app: 'y' }),
    service('a', 'no-selector'),
    service('a', 'empty-selector', {}),
    service('a', 'number', { app: 1 }),
    service('b', 'other-namespace', { app: 'x' }),
    service('a', 'too-narrow', { app: 'x', tier: 'db' }),
  ];
  const index = runIndex(sourced(services));
  const scan = (ns: string, labels: Record<string, string>) => services
    .filter((s) => s.metadata.namespace === ns && selects(s.spec.selector as Record<string, string>, labels)).map((s) => s.metadata.name);
  for (const [ns, labels] of [['a', { app: 'x', component: 'api' }], ['a', { component: 'api', app: 'x' }], ['a', { app: '1' }], ['b', { app: 'x' }], ['a', {}]] as Array<[string, Record<string, string>]>) {
    expect(servicesSelecting(index, ns, labels).map((s) => s.metadata.name)).toEqual(scan(ns, labels));
  }
  expect(servicesSelecting(index, 'a', { component: 'api', app: 'x' }).map((s) => s.metadata.name)).toEqual(['by-component', 'by-app', 'both']);
});
