import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../src/policy/manifest';
import { installedOrReported, render, tempDir } from '../support/helpers';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms } from './harness/programs';
import { podTestPrograms } from './support';

/*
 * telemetry, for real: kubernetes-mcp-server started from the rendered pod with the rendered
 * config file sends its spans to a collector stand-in (test/pods/harness/otlp-collector.js) at
 * the address the environment names (OTLP over gRPC, as the environment says), and an MCP
 * call shows up there with its tool's name.
 */

const programs = podTestPrograms();
jest.setTimeout(120_000);

const COLLECTOR_IP = '198.18.0.9';

if (installedOrReported(programs, 'the telemetry pod test')) {
  test('kubernetes-mcp-server sends a span for each MCP call to the environment\'s collector', async () => {
    const objects = render({
      namespace: 'mcp',
      telemetry: { otlpEndpoint: `http://${COLLECTOR_IP}:4317` },
      servers: [{ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.67' } as any],
    });
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    const received = path.join(tempDir(), 'otlp.jsonl');
    const pod = await Pod.start(programs as InstalledPrograms, {
      objects, deployment, addresses: [COLLECTOR_IP], timeoutMs: 60_000,
      helpers: [[process.execPath, path.join(__dirname, 'harness', 'otlp-collector.js'), COLLECTOR_IP, '4317', received, 'grpc']],
    });
    try {
      expect(pod.skipped).toEqual([]);
      await pod.waitForProbes();
      const answer = await pod.call('mcp', { url: `http://${POD_ADDRESS}:8080/mcp`, transport: 'streamable-http', calls: [{ name: 'namespaces_list' }] });
      expect(answer.called).toHaveLength(1);
      // The batch exporter sends every few seconds.
      const traces = await waitFor(() => readLines(received).filter((r) => r.path === '/opentelemetry.proto.collector.trace.v1.TraceService/Export' && r.strings.some((s: string) => s.includes('namespaces_list'))), 30_000);
      // On failure, what did arrive.
      expect(traces.length > 0 ? 'a span of the call' : readLines(received).map((r) => r.path)).toBe('a span of the call');
      expect(traces[0]).toMatchObject({ method: 'POST', contentType: 'application/grpc' });
      expect(traces.flatMap((r) => r.strings).join(' ')).toContain('kubernetes-mcp-server');
    } finally {
      await pod.stop();
    }
  });
}

function readLines(file: string): any[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

async function waitFor<T>(found: () => T[], ms: number): Promise<T[]> {
  const until = Date.now() + ms;
  for (;;) {
    const now = found();
    if (now.length > 0 || Date.now() > until) return now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
