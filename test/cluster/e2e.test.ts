import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { RENDERED_KINDS } from '../../src/cli/plan';
import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { RuleCategory } from '../../src/policy/rule';
import { importServer } from '../../src/registry/import';
import { synthesize } from '../../src/synth/synthesize';
import { BASELINE_CASES, PASSING_CASES, RESTRICTED_CASES } from '../policy/pod-security-cases';
import { installedOrReported, ROOT, tempDir } from '../support/helpers';
import { serverJsonFixture } from '../support/server-json';
import { ControlPlane } from './harness/control-plane';
import { clusterSource, FAKE_NODE, ok, installCrdsFor, isCustomResource, SHARED_CRDS, sharedCrdsPresent, withCluster } from './support';

/*
 * The rendered output against a real Kubernetes API server (v1.34 built from the Go module
 * proxy, or MCP_E2E_KUBECONFIG): server-side apply with strict field validation, Pod
 * Security admission, upgrades from the previous release, the Argo CD CRDs.
 */

const source = clusterSource();
jest.setTimeout(300_000);

const readDir = (dir: string): Manifest[] => fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()).filter(Boolean));
/** Namespaces and every kind we render that the cluster serves (CRDs may be missing). */
function kinds(plane: ControlPlane): string {
  const served = new Set(plane.kubectl(['api-resources', '-o', 'name']).stdout.split('\n'));
  return ['namespaces', ...RENDERED_KINDS.map((k) => k.resource).filter((r) => served.has(r))].join(',');
}

/** Tests that need ../shared/crds: skipped in a checkout without it, a failure under CI=true (the CRD install then fails). */
const withSharedCrds = sharedCrdsPresent() || process.env.CI === 'true' ? test : test.skip;

const serverSideApply = (plane: ControlPlane, target: string) =>
  plane.kubectl(['apply', '--server-side', '--field-manager=cdk8s-mcp', '--validate=strict', '-f', target]);

/** uid -> resourceVersion of every object of an environment. */
function versions(plane: ControlPlane, env: string): Record<string, string> {
  const list = JSON.parse(ok(plane.kubectl(['get', kinds(plane), '-A', '-l', `cdk8s-mcp/environment=${env}`, '-o', 'json']), 'get'));
  return Object.fromEntries(list.items.map((o: Manifest) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.resourceVersion]));
}

/** A Pod made from a Deployment's template, as the ReplicaSet controller would create it. */
function podOf(deployment: Manifest, name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: deployment.metadata.namespace, labels: deployment.spec.template.metadata.labels }, spec: deployment.spec.template.spec };
}

/** `kubectl auth can-i --list` rows with a resource (not the self-reviews everyone has): resource -> sorted verbs. */
function canIList(plane: ControlPlane, namespace: string, serviceAccount: string): Record<string, string> {
  const out = ok(plane.kubectl(['auth', 'can-i', '--list', '-n', namespace, `--as=${serviceAccount}`]), 'can-i --list');
  const rows: Record<string, Set<string>> = {};
  for (const [resource, , , verbs] of out.trim().split('\n').slice(1).filter((l) => /^\S/.test(l)).map((l) => l.trim().split(/\s{2,}/))) {
    if (/^selfsubject\w*reviews\./.test(resource)) continue;
    for (const v of verbs.replace(/^\[|\]$/g, '').split(' ')) (rows[resource] ??= new Set()).add(v);
  }
  return Object.fromEntries(Object.entries(rows).map(([r, v]) => [r, [...v].sort().join(' ')]).sort());
}

/** What the rendered roles bound to a ServiceAccount grant in a namespace, in can-i's terms. */
function meantFor(objects: Manifest[], namespace: string, name: string): Record<string, string> {
  const isSubject = (b: Manifest) => (b.subjects ?? []).some((s: Manifest) => s.kind === 'ServiceAccount' && s.name === name && s.namespace === namespace);
  const bindings = objects.filter((o) => (o.kind === 'ClusterRoleBinding' || (o.kind === 'RoleBinding' && o.metadata.namespace === namespace)) && isSubject(o));
  const roles = bindings.map((b) => objects.find((o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name && (o.kind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace)));
  const rows: Record<string, Set<string>> = {};
  for (const rule of roles.flatMap((r) => r?.rules ?? [])) {
    for (const resource of rule.resources) {
      const [base, sub] = resource.split('/');
      const shown = `${base}${rule.apiGroups[0] ? `.${rule.apiGroups[0]}` : ''}${sub ? `/${sub}` : ''}`;
      rule.verbs.forEach((v: string) => (rows[shown] ??= new Set()).add(v));
    }
  }
  return Object.fromEntries(Object.entries(rows).map(([r, v]) => [r, [...v].sort().join(' ')]).sort());
}

if (installedOrReported(source, 'the e2e tests (MCP_E2E_KUBECONFIG names a cluster of your own)')) {
  describe('what the shipped ServiceAccounts may do, as the API server answers it', () => {
    test('kubectl auth can-i --list of pulumi and kubernetes is exactly their rendered rules, and pulumi has nothing outside its namespace', async () => {
      await withCluster(source, async (plane) => {
        const objects = readDir(path.join(ROOT, 'dist', 'prod')).filter((o) => ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
        ok(plane.kubectl(['apply', '--server-side', '-f', '-'], objects.map((o) => stringify(o)).join('---\n')), 'apply RBAC of dist/prod');
        const pulumi = meantFor(objects, 'pulumi', 'pulumi');
        expect(Object.keys(pulumi)).toEqual(expect.arrayContaining(['deployments.apps', 'secrets', 'jobs.batch']));
        expect(canIList(plane, 'pulumi', 'system:serviceaccount:pulumi:pulumi')).toEqual(pulumi);
        expect(canIList(plane, 'my-reforge-ai', 'system:serviceaccount:pulumi:pulumi')).toEqual({});
        expect(canIList(plane, 'my-reforge-ai', 'system:serviceaccount:mcp-system:kubernetes')).toEqual(meantFor(objects, 'mcp-system', 'kubernetes'));
        // can-i exits 1 when the answer is no.
        expect(plane.kubectl(['auth', 'can-i', 'get', 'secrets', '-n', 'my-reforge-ai', '--as=system:serviceaccount:mcp-system:kubernetes'])).toMatchObject({ status: 1, stdout: 'no\n' });
      });
    });
  });


  describe.each(['dev', 'prod'])('dist/%s on an empty cluster', (env) => {
    test('applies server-side with strict validation in one run; a second apply changes nothing; every pod is admitted under restricted', async () => {
      await withCluster(source, async (plane) => {
        let dist = path.join(ROOT, 'dist', env);
        if (!(await installCrdsFor(plane, readDir(dist)))) {
          // Without ../shared/crds/ the custom resources (a VMPodScrape) cannot be applied: leave them out, say so.
          console.info(`${SHARED_CRDS} is missing: applying dist/${env}/ without its custom resources`);
          dist = path.join(plane.dir, 'without-crs');
          fs.mkdirSync(dist);
          fs.writeFileSync(path.join(dist, 'all.yaml'), readDir(path.join(ROOT, 'dist', env)).filter((o) => !isCustomResource(o)).map((o) => `---\n${stringify(o)}`).join(''));
        }
        ok(serverSideApply(plane, dist), `kubectl apply --server-side -f dist/${env}/`);
        const first = versions(plane, env);
        expect(Object.keys(first).length).toBeGreaterThan(10);
        ok(serverSideApply(plane, dist), 'second apply');
        expect(versions(plane, env)).toEqual(first);

        const objects = readDir(dist);
        for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
          const labels = JSON.parse(ok(plane.kubectl(['get', 'namespace', ns.metadata.name, '-o', 'json']), 'get ns')).metadata.labels;
          expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
        }
        // Admission of each pod template, as the ReplicaSet controller's pods would be (a warning is printed for violations even under audit/warn).
        for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
          const run = plane.kubectl(['create', '--dry-run=server', '-o', 'name', '-f', '-'], JSON.stringify(podOf(deployment, `${deployment.metadata.name}-admission`)));
          expect({ deployment: deployment.metadata.name, status: run.status, stderr: run.stderr }).toEqual({ deployment: deployment.metadata.name, status: 0, stderr: '' });
        }
        if (plane.runsPods) {
          ok(plane.kubectl(['apply', '-f', '-'], FAKE_NODE), 'fake node');
          for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
            ok(plane.kubectl(['-n', deployment.metadata.namespace, 'rollout', 'status', `deployment/${deployment.metadata.name}`, '--timeout=120s']), `rollout of ${deployment.metadata.name}`);
          }
        }
      });
    });
  });

  const IMPORTED = ['kubernetes-mcp-server', 'server-everything', 'mcp-server-time', 'airtable-mcp-server', 'oci-with-secret'];

  withSharedCrds('every exposure, scrape and resilience kind is accepted by strict server-side apply, CRDs included', async () => {
    const generic = (name: string, extra: Record<string, unknown>) => ({ name, type: 'generic', image: `ghcr.io/example/${name}:1.0.0`, port: 8080, metricsPath: '/metrics', ...extra });
    const envs = tempDir({ 'e2e.yaml': stringify({ namespace: 'mcp', monitoring: { scraper: 'prometheus-operator', namespace: 'monitoring' }, telemetry: { otlpEndpoint: 'http://otel-collector.monitoring.svc:4317', sampling: 0.5 }, servers: [
      generic('route', { stateless: true, replicas: 2, autoscale: { min: 2, max: 4, cpuPercent: 70 }, expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }], hostnames: ['a.example.com'] } } }),
      generic('mesh', { replicas: 2, spreadOverZones: true, expose: { istio: { hosts: ['b.example.com'], gateways: ['istio-system/edge'], externalHosts: [{ host: 'api.example.com' }] } } }),
      generic('nginx', { transport: 'sse', replicas: 2, expose: { ingress: { className: 'nginx', host: 'c.example.com', tlsSecret: 'c-tls' } } }),
      generic('agw', { stateless: true, expose: { agentgateway: { parentRefs: [{ name: 'agentgateway', namespace: 'agentgateway-system' }] } },
        auth: { gateway: { issuer: 'https://sso.example.com', audience: 'agw', jwksUrl: 'https://sso.example.com/keys', requiredScopes: ['mcp:tools'] } },
        tools: { allow: ['search', 'fetch', 'reindex'], deny: ['fetch'], grants: [{ claim: 'groups', contains: 'search-admins', tools: ['reindex'] }] } }),
      generic('proxied', { hostEnv: 'HOST', expose: { httpRoute: { parentRefs: [{ name: 'edge', namespace: 'gateways' }] } },
        auth: { oauth: { issuer: 'https://sso.example.com', audience: 'proxied', resource: 'https://proxied.example.com/mcp' } } }),
      generic('member-a', { stateless: true, tools: { deny: ['drop_index'] } }),
      generic('member-b', { protocolRevisions: ['2026-07-28'] }),
      // Traces: the OTEL_* variables, the [telemetry] table of kubernetes-mcp-server, egress to the collector.
      generic('traced', { telemetry: true }),
      { name: 'k8s-traced', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' },
      // What `cdk8s-mcp add` makes of the real server.json fixtures (test/registry/import.test.ts).
      ...IMPORTED.map((name) => importServer(serverJsonFixture(name)).server),
    ], endpoints: [{
      name: 'agent-tools', servers: ['member-a', 'member-b'], agentgateway: { parentRefs: [{ name: 'agentgateway', namespace: 'agentgateway-system' }], hostnames: ['tools.example.com'] },
      auth: { gateway: { issuer: 'https://sso.example.com', audience: 'agent-tools', jwksUrl: 'https://sso.example.com/keys' } },
    }] }) });
    const result = synthesize(envs);
    expect(result.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    const objects: Manifest[] = [...result.files.values()].flatMap((text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean));
    expect([...new Set(objects.map((o) => o.kind))].sort()).toEqual([
      'AgentgatewayBackend', 'AgentgatewayPolicy', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'DestinationRule', 'HTTPRoute', 'HorizontalPodAutoscaler', 'Ingress', 'Namespace', 'NetworkPolicy',
      'PodDisruptionBudget', 'PodMonitor', 'Service', 'ServiceAccount', 'ServiceEntry', 'VirtualService',
    ]);
    // The endpoint of several servers is among them, with its auth and tool rule.
    expect(objects.filter((o) => o.metadata.name === 'agent-tools').map((o) => o.kind)).toEqual(['AgentgatewayBackend', 'AgentgatewayPolicy', 'HTTPRoute']);
    await withCluster(source, async (plane) => {
      expect(await installCrdsFor(plane, objects)).toBe(true);
      const dir = path.join(plane.dir, 'exposures');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'all.yaml'), [...result.files.values()].join(''));
      ok(serverSideApply(plane, dir), 'kubectl apply --server-side --validate=strict');
      ok(serverSideApply(plane, dir), 'second apply');
      // As the API server keeps them: the traced servers reach the collector's namespace on its port.
      for (const name of ['traced', 'k8s-traced']) {
        const policy = JSON.parse(ok(plane.kubectl(['get', 'networkpolicy', '-n', 'mcp', name, '-o', 'json']), 'get networkpolicy'));
        expect(policy.spec.egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 4317, protocol: 'TCP' }] });
      }
      const deployments = JSON.parse(ok(plane.kubectl(['get', 'deployments', '-n', 'mcp', '-o', 'json']), 'get deployments')).items.map((d: Manifest) => d.metadata.name);
      expect(deployments).toEqual(expect.arrayContaining(['kubernetes-mcp-server', 'server-everything', 'server-time', 'airtable-mcp-server', 'everything-oci']));
      const config = JSON.parse(ok(plane.kubectl(['get', 'configmap', '-n', 'mcp', '-l', 'app.kubernetes.io/instance=k8s-traced', '-o', 'json']), 'get configmap')).items[0];
      expect(Object.values(config.data).join('')).toContain('[telemetry]\nendpoint = "http://otel-collector.monitoring.svc:4317"');
    });
  });

  test('the pod-security rules agree with the API server\'s Pod Security admission (restricted, v1.30)', async () => {
    await withCluster(source, async (plane) => {
      ok(plane.kubectl(['apply', '-f', '-'], stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pss', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' } } })), 'namespace');
      const cases = [...BASELINE_CASES, ...RESTRICTED_CASES, ...PASSING_CASES];
      const verdicts = cases.map(([name, pod]) => {
        const object = { ...pod, metadata: { ...pod.metadata, namespace: 'pss', name: `p-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` } };
        const ours = evaluate([{ object, file: 'x.yaml', index: 0 }], { only: [RuleCategory.POD_SECURITY] }).length === 0 ? 'admitted' : 'rejected';
        const run = plane.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(object));
        const theirs = run.status === 0 ? 'admitted' : /violates PodSecurity/.test(run.stderr) ? 'rejected' : `error: ${run.stderr.trim()}`;
        return { name, ours, theirs };
      });
      expect(verdicts.filter((v) => v.ours !== v.theirs)).toEqual([]);
      expect(verdicts.filter((v) => v.theirs === 'rejected').length).toBe(BASELINE_CASES.length + RESTRICTED_CASES.length);
    });
  });

  withSharedCrds('a top-level status is unknown to SCHEMA-UNKNOWN-FIELD exactly where strict field validation refuses it (objects as kubectl get -o yaml prints them)', async () => {
    const template = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } };
    const objects: Manifest[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: template.spec },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b' }, spec: { maxUnavailable: 1 } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {} } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [] },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'h' }, spec: { parentRefs: [{ name: 'edge' }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'v' }, spec: { hosts: ['a.example.com'] } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm' }, spec: { selector: {}, podMetricsEndpoints: [{ port: 'http' }] } },
    ].map((o) => ({ ...o, status: {} }));
    await withCluster(source, async (plane) => {
      expect(await installCrdsFor(plane, objects)).toBe(true);
      const verdicts = objects.map((object) => {
        const found = evaluate([{ object, file: 'x.yaml', index: 0 }], { only: ['SCHEMA-UNKNOWN-FIELD'] }).map((f) => f.message);
        const ours = found.includes('unknown field "status"') ? 'unknown' : found.length === 0 ? 'known' : `finding: ${found.join('; ')}`;
        const run = plane.kubectl(['create', '--dry-run=server', '--validate=strict', '-f', '-'], JSON.stringify(object));
        const theirs = run.status === 0 ? 'known' : /unknown field "status"/.test(run.stderr) ? 'unknown' : `error: ${run.stderr.trim()}`;
        return { kind: object.kind, ours, theirs };
      });
      expect(verdicts.filter((v) => v.ours !== v.theirs)).toEqual([]);
      expect(verdicts.filter((v) => v.theirs === 'unknown').map((v) => v.kind)).toEqual(['ConfigMap', 'ServiceAccount', 'NetworkPolicy', 'Role']);
    });
  });

  test('the schema rules refuse what the API server refuses of the workloads charts hold: StatefulSet claims, CronJobs, volume mounts', async () => {
    const container = (mounts: Manifest[]) => ({ name: 'c', image: 'x:1', volumeMounts: mounts });
    const pod = (containers: Manifest[], volumes: Manifest[] = []) => ({ metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', containers, volumes } });
    const cases: Array<[string, Manifest]> = [
      ['a StatefulSet mounting its claim', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { serviceName: 's', selector: { matchLabels: { a: 'b' } },
        template: pod([container([{ name: 'data', mountPath: '/data' }])]), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } }],
      ['a StatefulSet mounting a claim it lacks', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 't' }, spec: { serviceName: 't', selector: { matchLabels: { a: 'b' } },
        template: pod([container([{ name: 'logs', mountPath: '/logs' }])]), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } }],
      ['a CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container([])] } } } } } }],
      ['a Deployment mounting a missing volume', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: pod([container([{ name: 'gone', mountPath: '/x' }])]) } }],
      ['a Pod with a volume twice', { apiVersion: 'v1', kind: 'Pod', ...pod([container([])], [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]), metadata: { name: 'p' } }],
    ];
    await withCluster(source, async (plane) => {
      const verdicts = cases.map(([name, object]) => {
        const errors = evaluate([{ object, file: 'x.yaml', index: 0 }], { only: [RuleCategory.SCHEMA] }).filter((f) => f.severity === 'error');
        const run = plane.kubectl(['create', '--dry-run=server', '--validate=strict', '-f', '-'], JSON.stringify(object));
        return { name, ours: errors.length === 0 ? 'accepted' : 'refused', theirs: run.status === 0 ? 'accepted' : 'refused' };
      });
      expect(verdicts.filter((v) => v.ours !== v.theirs)).toEqual([]);
      expect(verdicts.filter((v) => v.theirs === 'refused').map((v) => v.name)).toEqual(['a StatefulSet mounting a claim it lacks', 'a Deployment mounting a missing volume', 'a Pod with a volume twice']);
    });
  });

  test('upgrade from release 0.1.0: no immutable-field error but the one documented (generic servers\' selector)', async () => {
    await withCluster(source, async (plane) => {
      ok(serverSideApply(plane, path.join(ROOT, 'test/fixtures/dist-0.1.0/dev')), 'apply 0.1.0');
      const upgrade = serverSideApply(plane, path.join(ROOT, 'dist/dev'));
      const errors = upgrade.stderr.split('\n').filter((l) => /immutable|Invalid value|Error/.test(l));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((l) => l.includes('grafana') && l.includes('field is immutable'))).toBe(true);
      // The migration the README documents: delete the Deployment (pods go with it), apply again.
      ok(plane.kubectl(['-n', 'my-reforge-ai', 'delete', 'deployment', 'grafana']), 'delete grafana');
      ok(serverSideApply(plane, path.join(ROOT, 'dist/dev')), 'apply after the migration');
    });
  });

  withSharedCrds(`dist/argocd/ is accepted by the Argo CD CRDs (${SHARED_CRDS})`, async () => {
    await withCluster(source, async (plane) => {
      expect(await installCrdsFor(plane, readDir(path.join(ROOT, 'dist/argocd')))).toBe(true);
      ok(plane.kubectl(['create', 'namespace', 'argocd']), 'argocd namespace');
      ok(serverSideApply(plane, path.join(ROOT, 'dist/argocd')), 'apply dist/argocd/');
      const apps = JSON.parse(ok(plane.kubectl(['-n', 'argocd', 'get', 'applications.argoproj.io,applicationsets.argoproj.io', '-o', 'json']), 'get')).items;
      expect(apps.map((a: Manifest) => a.metadata.name).sort()).toEqual(readDir(path.join(ROOT, 'dist/argocd')).map((o) => o.metadata.name).sort());
    });
  });
}

// Rollouts need pods that start: kwok nodes on our control plane (another cluster would pull the shipped images).
if (!('missing' in source) && !('kubeconfig' in source)) {
  describe('scripts/up and scripts/down against the cluster', () => {
    const script = (plane: ControlPlane, name: string, args: string[], env: Record<string, string> = {}) => spawnSync(path.join(ROOT, 'scripts', name), args, {
      cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, KUBECONFIG: plane.kubeconfig, ...env },
    });
    const secrets: Array<[string, string, string]> = [
      ['my-reforge-ai', 'github-mcp', '--from-literal=token=t'], ['my-reforge-ai', 'mcp-grafana', '--from-literal=api-key=k'], ['my-reforge-ai', 'mcp-inspector', '--from-literal=token=t'],
      ['pulumi', 'mcp-inspector', '--from-literal=token=t'], ['pulumi', 'pulumi-mcp', '--from-literal=token=t'],
    ];

    test('lists missing Secrets first, applies and rolls out, changes nothing the second time, prunes exactly a removed server, and down keeps namespaces and Secrets', async () => {
      await withCluster(source, async (plane) => {
        const first = script(plane, 'up', ['dev', '--node-ip', '127.0.0.1', '--timeout', '120s']);
        expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 1, stderr: expect.stringContaining('Secret(s) missing') });
        expect(first.stdout).toContain('missing Secret my-reforge-ai/github-mcp (blocks github); create it with:\n  kubectl -n my-reforge-ai create secret generic github-mcp --from-literal=token=<value>');
        expect(first.stdout).toContain('missing Secret pulumi/pulumi-gcp (blocks pulumi); create it with:\n  kubectl -n pulumi create secret generic pulumi-gcp --from-file=credentials.json=<path>');
        expect(ok(plane.kubectl(['get', 'deployments', '-A', '-o', 'name']), 'get')).toBe('');

        ok(plane.kubectl(['apply', '-f', '-'], FAKE_NODE), 'fake node');
        for (const [ns, name, from] of secrets) ok(plane.kubectl(['-n', ns, 'create', 'secret', 'generic', name, from]), `secret ${ns}/${name}`);
        const credentials = path.join(plane.dir, 'credentials.json');
        fs.writeFileSync(credentials, '{}');
        ok(plane.kubectl(['-n', 'pulumi', 'create', 'secret', 'generic', 'pulumi-gcp', `--from-file=credentials.json=${credentials}`]), 'secret pulumi-gcp');

        const up = script(plane, 'up', ['dev', '--node-ip', '127.0.0.1', '--timeout', '120s']);
        expect({ status: up.status, stderr: up.stderr }).toEqual({ status: 0, stderr: '' });
        const nodePort = ok(plane.kubectl(['-n', 'mcp-system', 'get', 'service', 'kubernetes', '-o', 'jsonpath={.spec.ports[0].nodePort}']), 'nodePort');
        expect(Number(nodePort)).toBeGreaterThanOrEqual(30000);
        expect(up.stdout).toContain(`mcp-system/kubernetes: http://127.0.0.1:${nodePort}/mcp\n`);

        const before = versions(plane, 'dev');
        expect(script(plane, 'up', ['dev', '--node-ip', '127.0.0.1']).status).toBe(0);
        expect(versions(plane, 'dev')).toEqual(before);

        // Objects up must leave alone: unlabelled, and another environment's.
        ok(plane.kubectl(['-n', 'my-reforge-ai', 'create', 'configmap', 'made-by-hand']), 'unlabelled');
        ok(plane.kubectl(['apply', '-f', '-'], stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'of-prod', namespace: 'my-reforge-ai', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-mcp', 'cdk8s-mcp/environment': 'prod' } } })), 'other environment');
        // dev without grafana, as synth would render it.
        const out = path.join(plane.dir, 'out');
        fs.mkdirSync(path.join(out, 'dev'), { recursive: true });
        for (const f of fs.readdirSync(path.join(ROOT, 'dist/dev')).filter((f) => f !== 'grafana.yaml')) fs.copyFileSync(path.join(ROOT, 'dist/dev', f), path.join(out, 'dev', f));
        const pruned = script(plane, 'up', ['dev', '--node-ip', '127.0.0.1'], { MCP_DIST_DIR: out });
        expect(pruned.status).toBe(0);
        const grafana = ['deployments.apps', 'networkpolicies.networking.k8s.io', 'poddisruptionbudgets.policy', 'serviceaccounts', 'services'];
        expect(pruned.stdout.split('\n').filter((l) => l.startsWith('pruning')).sort()).toEqual(grafana.map((r) => `pruning ${r} my-reforge-ai/grafana`));
        const left = Object.keys(versions(plane, 'dev'));
        expect(left.filter((k) => k.includes('grafana'))).toEqual([]);
        expect(left.length).toBe(Object.keys(before).length - grafana.length);
        ok(plane.kubectl(['-n', 'my-reforge-ai', 'get', 'configmap', 'made-by-hand', 'of-prod']), 'untouched objects');

        expect(script(plane, 'down', ['dev']).status).toBe(0);
        expect(Object.keys(versions(plane, 'dev')).filter((k) => !k.startsWith('Namespace/'))).toEqual([]);
        ok(plane.kubectl(['get', 'namespace', 'my-reforge-ai', 'mcp-system', 'pulumi']), 'namespaces kept');
        ok(plane.kubectl(['-n', 'my-reforge-ai', 'get', 'secret', 'github-mcp']), 'Secrets kept');
        ok(plane.kubectl(['-n', 'pulumi', 'get', 'secret', 'pulumi-gcp']), 'Secrets kept');
      });
    });
  });
}
