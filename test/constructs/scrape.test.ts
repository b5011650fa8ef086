import { Testing } from 'cdk8s';
import { McpApp, McpScrape, Scraper } from '../../src/constructs';
import { testChart } from '../support/helpers';

/* McpScrape on its own: each scraper, and a server without metrics. */

const server = (chart = testChart(), metricsPath: string | null = '/metrics') =>
  new McpApp(chart, 'Search', { name: 'search', namespace: 'tools', image: 'ghcr.io/example/search:1.0.0', port: 8080, metricsPath: metricsPath ?? undefined });
const SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'search', 'app.kubernetes.io/instance': 'search' } };

test('prometheus-operator: a PodMonitor on the named MCP port and the metrics path', () => {
  const chart = testChart();
  new McpScrape(chart, 'Scrape', { app: server(chart), by: Scraper.PROMETHEUS_OPERATOR, interval: '15s' });
  const monitor = Testing.synth(chart).find((o) => o.kind === 'PodMonitor');
  expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
  expect(monitor.spec).toEqual({ selector: SELECTOR, podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '15s' }] });
});

test('victoriametrics: a VMPodScrape, every 30s by default', () => {
  const chart = testChart();
  new McpScrape(chart, 'Scrape', { app: server(chart), by: Scraper.VICTORIA_METRICS });
  const scrape = Testing.synth(chart).find((o) => o.kind === 'VMPodScrape');
  expect(scrape.apiVersion).toBe('operator.victoriametrics.com/v1beta1');
  expect(scrape.spec).toEqual({ selector: SELECTOR, podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] });
});

test('annotations: prometheus.io on the pod template, no object', () => {
  const chart = testChart();
  new McpScrape(chart, 'Scrape', { app: server(chart), by: Scraper.ANNOTATIONS });
  const objects = Testing.synth(chart);
  expect(objects.find((o) => o.kind === 'Deployment').spec.template.metadata.annotations)
    .toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
  expect(objects.map((o) => o.kind)).not.toContain('PodMonitor');
});

test('a server without metricsPath: refused', () => {
  expect(() => new McpScrape(testChart(), 'Scrape', { app: server(undefined, null), by: Scraper.ANNOTATIONS }))
    .toThrow('McpScrape: server "search" serves no metrics (metricsPath is not set)');
});

test('an interval that is no duration: refused', () => {
  expect(() => new McpScrape(testChart(), 'Scrape', { app: server(), by: Scraper.ANNOTATIONS, interval: 'often' }))
    .toThrow('McpScrape "search": expected an interval such as "30s" or "1m", got "often"');
});
