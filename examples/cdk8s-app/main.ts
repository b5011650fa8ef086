// A cdk8s app of its own that uses the cdk8s-mcp constructs directly: kubernetes-mcp-server
// reading the cluster through a kubeconfig of its own ServiceAccount, with the MCP Inspector
// beside it (on 127.0.0.1 only), a NetworkPolicy, and the policy gate before anything is written.
// McpApp works with cdk8s-plus: a cdk8s-plus Service selects its pods, and a cdk8s-plus peer
// says who may reach it.
import { App, Chart } from 'cdk8s';
import {
  ClusterReader, evaluateConstructs, formatFinding, hasErrors, KUBECONFIG_PATH, KubeconfigInit, McpApp, McpInspector,
  McpNetworkPolicy, NetworkPeer,
} from 'cdk8s-mcp';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';

class KubernetesToolsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const server = new McpApp(this, 'Server', {
      name: 'cluster-tools',
      namespace: 'agents',
      image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66',
      port: 8080,
      portFlag: '--port',
      path: '/mcp',
      healthPath: '/healthz',
      // Both flags: with --kubeconfig alone the server detects the pod and ignores the file.
      args: ['--read-only', '--kubeconfig', KUBECONFIG_PATH, '--cluster-provider', 'kubeconfig'],
    });
    new KubeconfigInit(this, 'Kubeconfig', { app: server });
    new McpInspector(this, 'Inspector', { app: server, tokenSecret: { secret: 'mcp-inspector', key: 'token' } });
    new ClusterReader(this, 'Reader', { serviceAccount: server.serviceAccount.name, namespace: server.namespace, labels: server.labels });
    // Only the agent pods (a cdk8s-plus peer) may reach the server; it may reach the API server.
    const agents = kplus.Pods.select(this, 'Agents', { labels: { 'app.kubernetes.io/component': 'agent' } });
    new McpNetworkPolicy(this, 'NetworkPolicy', {
      app: server,
      ingressFrom: [NetworkPeer.of(agents)],
      egressTo: [{ peer: NetworkPeer.cidr('10.96.0.1/32'), ports: [443] }],
    });
    // A second, stable name for the server on port 80, as a cdk8s-plus Service selecting McpApp.
    new kplus.Service(this, 'Tools', {
      metadata: { name: 'tools', namespace: server.namespace },
      selector: server,
      ports: [{ name: 'http', port: 80, targetPort: server.port }],
    });
  }
}

const app = new App();
new KubernetesToolsChart(app, 'cluster-tools');

// The same gate `npm run synth` runs: errors stop the app before it writes anything.
const findings = evaluateConstructs(app);
for (const finding of findings) process.stderr.write(`${formatFinding(finding)}\n`);
if (hasErrors(findings)) {
  process.exitCode = 1;
} else {
  app.synth();
}
