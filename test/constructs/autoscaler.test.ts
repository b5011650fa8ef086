import { Testing } from 'cdk8s';
import { McpApp, McpAutoscaler } from '../../src/constructs';
import { testChart } from '../support/helpers';

/* McpAutoscaler on its own: the HPA, and the Deployment that leaves replicas to it. */

const server = (chart = testChart()) => new McpApp(chart, 'Search', { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080, replicas: 2 });

test('an autoscaling/v2 HPA on CPU (80% by default) for the Deployment, which then renders no replicas', () => {
  const chart = testChart();
  new McpAutoscaler(chart, 'Scale', { app: server(chart), minReplicas: 2, maxReplicas: 5 });
  const objects = Testing.synth(chart);
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  expect(hpa.spec).toEqual({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'search' },
    minReplicas: 2, maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  });
  expect(objects.find((o) => o.kind === 'Deployment').spec.replicas).toBeUndefined();
});

test('memory as a second target', () => {
  const chart = testChart();
  new McpAutoscaler(chart, 'Scale', { app: server(chart), minReplicas: 1, maxReplicas: 3, cpuPercent: 60, memoryPercent: 75 });
  expect(Testing.synth(chart).find((o) => o.kind === 'HorizontalPodAutoscaler').spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization]))
    .toEqual([['cpu', 60], ['memory', 75]]);
});

test.each([[0, 2], [3, 2]])('minReplicas %d, maxReplicas %d: refused with the values', (min, max) => {
  expect(() => new McpAutoscaler(testChart(), 'Scale', { app: server(), minReplicas: min, maxReplicas: max }))
    .toThrow(`McpAutoscaler "search": expected 1 <= minReplicas <= maxReplicas, got ${min} and ${max}`);
});

test('a target percent that is no whole percent: refused', () => {
  expect(() => new McpAutoscaler(testChart(), 'Scale', { app: server(), minReplicas: 1, maxReplicas: 2, cpuPercent: 0.5 }))
    .toThrow('McpAutoscaler "search": expected cpuPercent: an integer 1-1000, got 0.5');
});
