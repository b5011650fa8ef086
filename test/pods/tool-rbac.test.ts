import { stringify } from 'yaml';
import { Manifest } from '../../src/policy/manifest';
import { renderEnvironments } from '../../src/synth/render';
import { clusterBinaries, ClusterBinaries, ControlPlane } from '../cluster/harness/control-plane';
import { environment, installedOrReported } from '../support/helpers';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms } from './harness/programs';
import { podTestPrograms } from './support';

/*
 * RBAC derived from the tools, proven against a real kube-apiserver: the rendered
 * ServiceAccount, roles and bindings are applied, kubernetes-mcp-server (the npm build of the
 * pinned release) runs in its pod with that ServiceAccount's real token (TokenRequest), and an
 * MCP client calls every tool tools/list shows, with valid arguments, on objects the test
 * made. No call may fail with Forbidden; the calls that fail for other reasons are named
 * (this API server has no metrics API and no kubelet). `kubectl auth can-i --list` for the
 * ServiceAccount is exactly the rules meant: nothing of Secrets. The API server runs in the
 * pod's network namespace on 198.18.0.7:443, which the pod's /etc/hosts calls
 * kubernetes.default.svc.
 */

const programs = podTestPrograms();
const cluster = clusterBinaries();
jest.setTimeout(180_000);

const API_IP = '198.18.0.7';
const NS = 'mcp-system';

/** What the tools work on: a namespace with a pod, a Deployment, an event, and a node. */
const TEST_OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-a}
---
apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {kubernetes.io/hostname: node-a}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-a}
spec: {nodeName: node-a, containers: [{name: web, image: registry.k8s.io/pause:3.10}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10}]}
---
apiVersion: v1
kind: Event
metadata: {name: web.1, namespace: team-a}
involvedObject: {kind: Pod, name: web, namespace: team-a}
reason: Tested
message: made by the tool-rbac test
type: Normal
---
apiVersion: v1
kind: Secret
metadata: {name: not-for-the-server, namespace: team-a}
stringData: {password: hunter2}
`;

/** Valid arguments for each tool the server may show, on the objects above. */
const CALLS: Record<string, Record<string, unknown>> = {
  events_list: { namespace: 'team-a' },
  namespaces_list: {},
  nodes_top: {},
  pods_list: {},
  pods_list_in_namespace: { namespace: 'team-a' },
  pods_get: { namespace: 'team-a', name: 'web' },
  pods_log: { namespace: 'team-a', name: 'web' },
  pods_top: { namespace: 'team-a' },
  resources_list: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a' },
  resources_get: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'web' },
  configuration_contexts_list: {},
  targets_list: {},
  projects_list: {},
};

/** Calls that fail here for a reason other than RBAC, and the reason. */
const EXPECTED_FAILURES: Record<string, RegExp> = {
  nodes_top: /metrics API is not available/,
  pods_top: /metrics API is not available/,
  // No kubelet serves the pod's log: node-a is an object with no address.
  pods_log: /no preferred addresses found/,
  // OpenShift's Project kind, which this API server does not serve.
  projects_list: /project|no matches|not found|could not find/i,
};

const RBAC_KINDS = ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

if (installedOrReported(programs, 'the tool-RBAC pod test') && installedOrReported(cluster, 'the tool-RBAC pod test\'s API server')) {
  describe('RBAC from tools: kubernetes-mcp-server with its ServiceAccount\'s real token', () => {
    const objects = renderEnvironments([environment({
      namespace: NS,
      servers: [{ type: 'kubernetes', name: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', access: { tools: { kinds: [{ group: 'apps', resource: 'deployments' }] } } } as any],
    })]).flatMap((f) => f.objects);
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    let pod: Pod | undefined;
    let plane: ControlPlane | undefined;

    beforeAll(async () => {
      pod = await Pod.start(programs as InstalledPrograms, {
        objects, deployment, addresses: [API_IP], timeoutMs: 60_000,
        beforeContainers: async (started) => {
          plane = await ControlPlane.start(cluster as ClusterBinaries, { netns: started.networkNamespace, address: API_IP, port: 443 });
          const rbac = objects.filter((o) => RBAC_KINDS.includes(o.kind)).map((o) => stringify(o)).join('---\n');
          for (const [what, text] of [['rendered RBAC', rbac], ['test objects', TEST_OBJECTS]]) {
            const applied = plane.kubectl(['apply', '--server-side', '-f', '-'], text);
            if (applied.status !== 0) throw new Error(`kubectl apply (${what}): ${applied.stderr}`);
          }
          const token = plane.kubectl(['-n', NS, 'create', 'token', 'kubernetes', '--duration=1h']);
          if (token.status !== 0) throw new Error(`kubectl create token: ${token.stderr}`);
          started.useApiServer({ host: API_IP, port: 443, caFile: plane.caFile, serviceAccountToken: token.stdout.trim() });
        },
      });
      expect(pod.skipped).toEqual([]);
      await pod.waitForProbes();
    });
    afterAll(async () => {
      await plane?.stop();
      await pod?.stop();
    });

    test('every tool tools/list shows works, or fails for a named reason other than RBAC', async () => {
      const first = await pod!.call('mcp', { url: `http://${POD_ADDRESS}:8080/mcp`, transport: 'streamable-http' });
      const shown: string[] = first.tools.map((t: { name: string }) => t.name).sort();
      expect(shown.filter((t) => !(t in CALLS))).toEqual([]);
      const answer = await pod!.call('mcp', { url: `http://${POD_ADDRESS}:8080/mcp`, transport: 'streamable-http', calls: shown.map((name) => ({ name, arguments: CALLS[name] })) });
      const outcomes: Array<{ name: string; isError?: boolean; text?: string; error?: string }> = answer.called;
      expect(outcomes.filter((o) => /forbidden/i.test(`${o.text ?? ''}${o.error ?? ''}`))).toEqual([]);
      const failed = outcomes.filter((o) => o.isError || o.error);
      for (const f of failed) {
        expect({ tool: f.name, reason: f.text ?? f.error }).toEqual({ tool: f.name, reason: expect.stringMatching(EXPECTED_FAILURES[f.name] ?? /^$/) });
      }
      // What the calls found, through the rules and nothing else.
      const text = (name: string) => outcomes.find((o) => o.name === name)?.text ?? '';
      expect(text('pods_list_in_namespace')).toContain('web');
      expect(text('events_list')).toContain('made by the tool-rbac test');
      expect(text('resources_get')).toContain('web');
      expect(text('namespaces_list')).toContain('kube-system');
    });

    test('kubectl auth can-i --list is exactly the rules meant: no Secrets, no writes', () => {
      const canI = plane!.kubectl(['auth', 'can-i', '--list', '-n', 'team-a', `--as=system:serviceaccount:${NS}:kubernetes`]);
      expect(canI.status).toBe(0);
      // Rows: resource, non-resource URLs, resource names, verbs; rows without a resource are URLs every user may get.
      const granted = canI.stdout.trim().split('\n').slice(1).filter((line) => /^\S/.test(line)).map((line) => line.trim().split(/\s{2,}/))
        .filter(([resource]) => !/^selfsubject\w*reviews\./.test(resource))
        .map(([resource, , names, verbs]) => `${resource} ${names === '[]' ? '' : `${names} `}${verbs}`).sort();
      expect(granted).toEqual([
        'deployments.apps [get list]',
        'events [list]',
        'namespaces [list]',
        'nodes [list]',
        'nodes.metrics.k8s.io [get list]',
        'pods [get list]',
        'pods.metrics.k8s.io [get list]',
        'pods/log [get]',
      ]);
      expect(plane!.kubectl(['auth', 'can-i', 'get', 'secrets', '-n', 'team-a', `--as=system:serviceaccount:${NS}:kubernetes`]).stdout.trim()).toBe('no');
    });
  });
}
