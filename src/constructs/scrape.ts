import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/prometheus-operator-podmonitor-monitoring.coreos.com';
import { VmPodScrape } from '../../imports/victoriametrics-vmpodscrape-operator.victoriametrics.com';
import { selectorLabels } from './labels';
import { MCP_PORT_NAME, McpApp } from './mcp-app';

/** Who collects the metrics of MCP servers. */
export enum Scraper {
  /** A Prometheus Operator `PodMonitor` (monitoring.coreos.com/v1). */
  PROMETHEUS_OPERATOR = 'prometheus-operator',
  /** A VictoriaMetrics `VMPodScrape` (operator.victoriametrics.com/v1beta1). */
  VICTORIA_METRICS = 'victoriametrics',
  /** The conventional `prometheus.io/scrape|port|path` pod annotations. */
  ANNOTATIONS = 'annotations',
}

export interface McpScrapeProps {
  /** The MCP server whose metrics are scraped; it must have a `metricsPath`. */
  readonly app: McpApp;
  /** Who scrapes. */
  readonly by: Scraper;
  /**
   * How often.
   * @default "30s"
   */
  readonly interval?: string;
}

/**
 * Tells a metrics collector about an MCP server's Prometheus endpoint on its named port:
 * a PodMonitor, a VMPodScrape, or pod annotations, as the environment's monitoring uses.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 * @see https://docs.victoriametrics.com/operator/resources/vmpodscrape/
 */
export class McpScrape extends Construct {
  constructor(scope: Construct, id: string, props: McpScrapeProps) {
    super(scope, id);
    const app = props.app;
    const path = app.metricsPath;
    if (!path) throw new Error(`McpScrape: server "${app.name}" serves no metrics (metricsPath is not set)`);
    const interval = props.interval ?? '30s';
    if (!/^\d+(ms|s|m|h)$/.test(interval)) throw new Error(`McpScrape "${app.name}": expected an interval such as "30s" or "1m", got ${JSON.stringify(interval)}`);
    const selector = { matchLabels: selectorLabels(app.identity) };
    switch (props.by) {
      case Scraper.ANNOTATIONS:
        app.addPodAnnotation('prometheus.io/scrape', 'true');
        app.addPodAnnotation('prometheus.io/port', String(app.port));
        app.addPodAnnotation('prometheus.io/path', path);
        break;
      case Scraper.PROMETHEUS_OPERATOR:
        new PodMonitor(this, 'Resource', { metadata: app.metadata(), spec: { selector, podMetricsEndpoints: [{ port: MCP_PORT_NAME, path, interval }] } });
        break;
      case Scraper.VICTORIA_METRICS:
        new VmPodScrape(this, 'Resource', { metadata: app.metadata(), spec: { selector, podMetricsEndpoints: [{ port: MCP_PORT_NAME, path, interval }] } });
        break;
    }
  }
}
