import { ServerSpec, TelemetrySpec } from '../config/schema';
import { NetworkPeer } from '../constructs';
import { compareVersions, imageVersion, KUBERNETES_MCP_TELEMETRY, version } from '../images';
import { peerOf } from './peers';

/*
 * OpenTelemetry traces: where a server sends them and how its image is told. kubernetes-mcp-server
 * reads the `[telemetry]` table of its config file (src/images/kubernetes-mcp-server.ts); a
 * generic server, when it asks, gets the variables every OpenTelemetry SDK reads
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). The
 * NetworkPolicy opens the collector's port, to the collector only.
 */

/** Parent-based trace-id ratio: a caller's sampling decision is followed, others are kept at the ratio. */
export const OTEL_SAMPLER = 'parentbased_traceidratio';

/**
 * The telemetry a server gets: its own settings, the environment's (for `true`, and by
 * default for kubernetes servers, whose image reads them), or none.
 */
export function telemetryOf(spec: ServerSpec, environment: TelemetrySpec | undefined): TelemetrySpec | undefined {
  if (spec.telemetry === false) return undefined;
  if (typeof spec.telemetry === 'object') return spec.telemetry;
  if (spec.telemetry === true || spec.type === 'kubernetes') return environment;
  return undefined;
}

/** Where the collector is: the NetworkPolicy peer and port, or why that cannot be told. */
export function collectorOf(telemetry: TelemetrySpec): { peer: NetworkPeer; port: number } | { problem: string } {
  const url = new URL(telemetry.otlpEndpoint);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (telemetry.collector) return { peer: peerOf(telemetry.collector), port };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const service = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/.exec(host);
  if (service) return { peer: NetworkPeer.namespace(service[2]), port };
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { peer: NetworkPeer.cidr(`${host}/32`), port };
  if (host.includes(':')) return { peer: NetworkPeer.cidr(`${host}/128`), port };
  return { problem: `expected collector ({namespace} or {cidr}) for otlpEndpoint host "${host}", which is neither a Service name (<name>.<namespace>.svc) nor an IP address: the NetworkPolicy must name where the collector is` };
}

/** Why a server's telemetry cannot be rendered, with the field to name; none when it can. */
export function telemetryProblems(spec: ServerSpec, environment: TelemetrySpec | undefined): Array<{ field: string[]; message: string }> {
  if (spec.telemetry === true && !environment) return [{ field: ['telemetry'], message: 'expected telemetry settings in the environment for telemetry: true, got none' }];
  const telemetry = telemetryOf(spec, environment);
  if (!telemetry) return [];
  if (spec.type === 'github' || spec.type === 'pulumi') {
    return [{ field: ['telemetry'], message: `expected no telemetry on a ${spec.type} server: no OpenTelemetry settings of its image are recorded here (use a generic server to set OTEL_* variables)` }];
  }
  const problems: Array<{ field: string[]; message: string }> = [];
  const v = spec.type === 'kubernetes' ? imageVersion(spec.image) : undefined;
  if (v && compareVersions(v, version(KUBERNETES_MCP_TELEMETRY.since)) < 0) {
    problems.push({
      field: [spec.telemetry === undefined ? 'image' : 'telemetry'],
      message: `expected kubernetes-mcp-server ${KUBERNETES_MCP_TELEMETRY.since} or later for telemetry (the [telemetry] table of its config file, ${KUBERNETES_MCP_TELEMETRY.sources[0]}), got "${spec.image}"; or telemetry: false on this server`,
    });
  }
  if (spec.type === 'kubernetes' && telemetry.protocol !== KUBERNETES_MCP_TELEMETRY.protocol) {
    problems.push({
      field: ['telemetry'],
      message: `expected protocol ${KUBERNETES_MCP_TELEMETRY.protocol} for a kubernetes server, got "${telemetry.protocol}": over http/protobuf kubernetes-mcp-server posts traces and logs to the endpoint URL as given, not to a collector's /v1/traces and /v1/logs (${KUBERNETES_MCP_TELEMETRY.sources[1]}); give this server its own telemetry settings, or telemetry: false`,
    });
  }
  if (typeof spec.telemetry === 'object') {
    const collector = collectorOf(spec.telemetry);
    if ('problem' in collector) problems.push({ field: ['telemetry', 'collector'], message: collector.problem });
  }
  return problems;
}

/** The `[telemetry]` table of kubernetes-mcp-server's config file. */
export function kubernetesTelemetryToml(telemetry: TelemetrySpec): string[] {
  const keys = KUBERNETES_MCP_TELEMETRY.keys;
  return [
    '',
    '# OpenTelemetry traces: every HTTP request and MCP call is a span.',
    `[${KUBERNETES_MCP_TELEMETRY.table}]`,
    `${keys.endpoint} = ${JSON.stringify(telemetry.otlpEndpoint)}`,
    `${keys.protocol} = ${JSON.stringify(telemetry.protocol)}`,
    `${keys.sampler} = ${JSON.stringify(OTEL_SAMPLER)}`,
    // A float: the key is a float64, which a TOML integer does not fill.
    `${keys.samplerArg} = ${Number.isInteger(telemetry.sampling) ? telemetry.sampling.toFixed(1) : String(telemetry.sampling)}`,
  ];
}

/** The variables OpenTelemetry SDKs read, for a server that asks for them. */
export function otelEnv(telemetry: TelemetrySpec, serviceName: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: telemetry.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: telemetry.protocol,
    OTEL_TRACES_SAMPLER: OTEL_SAMPLER,
    OTEL_TRACES_SAMPLER_ARG: String(telemetry.sampling),
    OTEL_SERVICE_NAME: serviceName,
  };
}
