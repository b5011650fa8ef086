import { gzipSync } from 'zlib';
import { stringify } from 'yaml';
import { Manifest } from '../../src/policy/manifest';
import { renderEnvironments } from '../../src/synth/render';
import { clusterBinaries, ClusterBinaries, ControlPlane } from '../cluster/harness/control-plane';
import { FAKE_NODE } from '../cluster/support';
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

/** What the tools work on: a namespace with a pod on a kwok node, a Deployment, an event. */
const TEST_OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-a}
---
${FAKE_NODE}---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-a}
spec: {nodeName: kwok-node-0, containers: [{name: web, image: registry.k8s.io/pause:3.10}]}
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

/**
 * A Helm release as Helm's Secret storage driver writes it: type helm.sh/release.v1, labels
 * owner=helm, and `release` = base64 of the gzipped release JSON (base64 again as Secret data).
 * @see https://github.com/helm/helm/blob/v3.18.0/pkg/storage/driver/secrets.go
 */
function helmReleaseSecret(): string {
  const release = { name: 'web', namespace: 'team-a', version: 1, info: { status: 'deployed', description: 'Install complete' }, chart: { metadata: { name: 'web', version: '1.0.0', apiVersion: 'v2' } } };
  const encoded = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return stringify({
    apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1',
    metadata: { name: 'sh.helm.release.v1.web.v1', namespace: 'team-a', labels: { name: 'web', owner: 'helm', status: 'deployed', version: '1' } },
    data: { release: Buffer.from(encoded).toString('base64') },
  });
}

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
  helm_list: { namespace: 'team-a' },
};

/** Calls that fail here for a reason other than RBAC, and the reason. */
const EXPECTED_FAILURES: Record<string, RegExp> = {
  nodes_top: /metrics API is not available/,
  pods_top: /metrics API is not available/,
  // kwok runs the pod but is no kubelet: nothing answers on the node's kubelet port.
  pods_log: /containerLogs\/team-a\/web\/web.*connect: connection refused/,
  // OpenShift's Project kind, which this API server does not serve.
  projects_list: /project|no matches|not found|could not find/i,
};

const RBAC_KINDS = ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

interface Case {
  readonly title: string;
  readonly server: Record<string, unknown>;
  /** What the calls must have found, by tool. */
  readonly found: Record<string, string>;
  /** `kubectl auth can-i --list -n team-a` rows: resource [names] verbs. */
  readonly canI: string[];
}

const CASES: Case[] = [
  {
    title: 'read-only core and config, Deployments listed for resources_*, every namespace',
    server: { access: { tools: { kinds: [{ group: 'apps', resource: 'deployments' }] } } },
    found: { pods_list_in_namespace: 'Running', events_list: 'made by the tool-rbac test', resources_get: 'web', namespaces_list: 'kube-system' },
    canI: ['deployments.apps [get list]', 'events [list]', 'namespaces [list]', 'nodes [list]', 'nodes.metrics.k8s.io [get list]', 'pods [get list]', 'pods.metrics.k8s.io [get list]', 'pods/log [get]'],
  },
  {
    title: 'helm as well, its release Secrets read in team-a only',
    server: { toolsets: ['core', 'config', 'helm'], access: { tools: { namespaces: ['team-a'] } } },
    found: { helm_list: 'web', pods_list_in_namespace: 'web' },
    canI: ['events [list]', 'namespaces [list]', 'nodes [list]', 'nodes.metrics.k8s.io [get list]', 'pods [get list]', 'pods.metrics.k8s.io [get list]', 'pods/log [get]', 'secrets [list]'],
  },
];

if (installedOrReported(programs, 'the tool-RBAC pod test') && installedOrReported(cluster, 'the tool-RBAC pod test\'s API server')) {
  describe.each(CASES)('RBAC from tools, with the ServiceAccount\'s real token: $title', ({ server, found, canI }) => {
    const objects = renderEnvironments([environment({
      namespace: NS,
      servers: [{ type: 'kubernetes', name: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', ...server } as any],
    })]).flatMap((f) => f.objects);
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    let pod: Pod | undefined;
    let plane: ControlPlane | undefined;

    beforeAll(async () => {
      pod = await Pod.start(programs as InstalledPrograms, {
        objects, deployment, addresses: [API_IP], timeoutMs: 60_000,
        beforeContainers: async (started) => {
          plane = await ControlPlane.start(cluster as ClusterBinaries, { netns: started.networkNamespace, address: API_IP, port: 443, kwok: true });
          const rbac = objects.filter((o) => RBAC_KINDS.includes(o.kind)).map((o) => stringify(o)).join('---\n');
          // The namespaces first: the roles of access.tools.namespaces live in team-a.
          for (const [what, text] of [['test objects', `${TEST_OBJECTS}---\n${helmReleaseSecret()}`], ['rendered RBAC', rbac]]) {
            const applied = plane.kubectl(['apply', '--server-side', '-f', '-'], text);
            if (applied.status !== 0) throw new Error(`kubectl apply (${what}): ${applied.stderr}`);
          }
          const running = plane.kubectl(['-n', 'team-a', 'wait', '--for=jsonpath={.status.phase}=Running', 'pod/web', '--timeout=60s']);
          if (running.status !== 0) throw new Error(`the pod on the kwok node did not run: ${running.stderr}`);
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
      const url = `http://${POD_ADDRESS}:8080/mcp`;
      const first = await pod!.call('mcp', { url, transport: 'streamable-http' });
      const shown: string[] = first.tools.map((t: { name: string }) => t.name).sort();
      expect(shown.filter((t) => !(t in CALLS))).toEqual([]);
      const answer = await pod!.call('mcp', { url, transport: 'streamable-http', calls: shown.map((name) => ({ name, arguments: CALLS[name] })) });
      const outcomes: Array<{ name: string; isError?: boolean; text?: string; error?: string }> = answer.called;
      expect(outcomes.filter((o) => /forbidden/i.test(`${o.text ?? ''}${o.error ?? ''}`))).toEqual([]);
      for (const f of outcomes.filter((o) => o.isError || o.error)) {
        expect({ tool: f.name, reason: f.text ?? f.error }).toEqual({ tool: f.name, reason: expect.stringMatching(EXPECTED_FAILURES[f.name] ?? /^$/) });
      }
      // What the calls found, through the rules and nothing else.
      for (const [tool, text] of Object.entries(found)) {
        expect({ tool, text: outcomes.find((o) => o.name === tool)?.text ?? '' }).toEqual({ tool, text: expect.stringContaining(text) });
      }
    });

    test('kubectl auth can-i --list is exactly the rules meant', () => {
      const as = `--as=system:serviceaccount:${NS}:kubernetes`;
      const list = plane!.kubectl(['auth', 'can-i', '--list', '-n', 'team-a', as]);
      expect(list.status).toBe(0);
      // Rows: resource, non-resource URLs, resource names, verbs; rows without a resource are URLs every user may get.
      const granted = list.stdout.trim().split('\n').slice(1).filter((line) => /^\S/.test(line)).map((line) => line.trim().split(/\s{2,}/))
        .filter(([resource]) => !/^selfsubject\w*reviews\./.test(resource))
        .map(([resource, , names, verbs]) => `${resource} ${names === '[]' ? '' : `${names} `}${verbs}`).sort();
      expect(granted).toEqual(canI);
      const secretsElsewhere = plane!.kubectl(['auth', 'can-i', 'list', 'secrets', '-n', NS, as]);
      expect(secretsElsewhere.stdout.trim()).toBe('no');
    });
  });
}
