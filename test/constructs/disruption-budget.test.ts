import { Testing } from 'cdk8s';
import { McpApp, McpDisruptionBudget } from '../../src/constructs';
import { testChart } from '../support/helpers';

/* McpDisruptionBudget on its own. */

const server = (chart = testChart()) => new McpApp(chart, 'Search', { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080, replicas: 3 });

test('one pod at a time by default, selected as the Deployment selects', () => {
  const chart = testChart();
  new McpDisruptionBudget(chart, 'Budget', { app: server(chart) });
  const pdb = Testing.synth(chart).find((o) => o.kind === 'PodDisruptionBudget');
  expect(pdb.metadata).toMatchObject({ name: 'search', namespace: 'tools' });
  expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'search', 'app.kubernetes.io/instance': 'search' } } });
});

test('maxUnavailable as given', () => {
  const chart = testChart();
  new McpDisruptionBudget(chart, 'Budget', { app: server(chart), maxUnavailable: 2 });
  expect(Testing.synth(chart).find((o) => o.kind === 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
});

test('maxUnavailable 0 would block every drain: refused', () => {
  expect(() => new McpDisruptionBudget(testChart(), 'Budget', { app: server(), maxUnavailable: 0 }))
    .toThrow('McpDisruptionBudget "search": expected maxUnavailable: an integer 1-1000, got 0');
});
