// A cdk8s app of its own that uses the cdk8s-mcp constructs directly: kubernetes-mcp-server
// reading the cluster through a kubeconfig of its own ServiceAccount, with the MCP Inspector
// beside it (on 127.0.0.1 only), a NetworkPolicy, and the policy gate before anything is written.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClusterReader, evaluateConstructs, formatFinding, hasErrors, KUBECONFIG_PATH, KubeconfigInit, McpApp, McpInspector,
  McpNetworkPolicy, NetworkPeer,
} from 'cdk8s-mcp';

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
    new McpNetworkPolicy(this, 'NetworkPolicy', {
      app: server,
      ingressFrom: [NetworkPeer.namespace('agents')],
      egressTo: [{ peer: NetworkPeer.cidr('10.96.0.1/32'), ports: [443] }],
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
