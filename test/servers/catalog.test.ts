import { stringify } from 'yaml';
import { loadEnvironmentText } from '../../src/synth/load-environments';
import { synthesize } from '../../src/synth/synthesize';
import { find, genericServer, render, tempDir } from '../support/helpers';

const deploymentOf = (objects: any[]) => find(objects, 'Deployment');
const main = (objects: any[]) => deploymentOf(objects).spec.template.spec.containers[0];

const problems = (servers: any[], production = false) => loadEnvironmentText(stringify({ namespace: 'mcp', production, servers }), 'environments/dev.yaml', 'dev')
  .problems.map((p) => `${p.path}: ${p.message}`);

describe('kubernetes server', () => {
  const base = { name: 'kubernetes', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' };

  test('wires port 8080 to --port, the containerPort, /healthz probes and the Service', () => {
    const objects = render({ namespace: 'mcp-system', servers: [base as any] });
    const c = main(objects);
    expect(c.args).toEqual(['--config', '/etc/kubernetes-mcp-server/config.toml', '--toolsets', 'core,config', '--read-only', '--port', '8080']);
    expect(c.ports[0].containerPort).toBe(8080);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(find(objects, 'Service').spec.ports[0].port).toBe(8080);
    expect(c.securityContext.runAsUser).toBe(65532);
  });

  test('mounts a projected ServiceAccount token where in-cluster auth reads it, the pod automount stays off', () => {
    const objects = render({ namespace: 'mcp-system', servers: [base as any] });
    const spec = deploymentOf(objects).spec.template.spec;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(main(objects).volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    expect(spec.volumes.find((v: any) => v.name === 'kube-api-access').projected.sources[0]).toEqual({ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } });
  });

  test('disables configuration_view, the nodes/proxy tools, and the tools its RBAC cannot serve through the mounted TOML config', () => {
    const toml = (server: object) => find(render({ namespace: 'mcp-system', servers: [{ ...base, ...server } as any] }), 'ConfigMap', 'kubernetes-files').data['etc_kubernetes--mcp--server_config.toml'];
    // No kinds listed: resources_get and resources_list would have nothing to read.
    expect(toml({})).toContain('disabled_tools = ["configuration_view", "nodes_log", "nodes_stats_summary", "resources_get", "resources_list"]');
    expect(toml({ access: { tools: { kinds: [{ group: 'apps', resource: 'deployments' }] } } })).toContain('disabled_tools = ["configuration_view", "nodes_log", "nodes_stats_summary"]\n');
    // Namespaced rules: pods_list lists every namespace and cannot be told one.
    expect(toml({ access: { tools: { namespaces: ['team-a'], kinds: [{ group: 'apps', resource: 'deployments' }] } } })).toContain('disabled_tools = ["configuration_view", "nodes_log", "nodes_stats_summary", "pods_list"]');
  });

  test('in kubeconfig mode passes both --kubeconfig and --cluster-provider kubeconfig, and no token at the standard path', () => {
    const objects = render({ namespace: 'mcp-system', servers: [{ ...base, kubeconfig: true } as any] });
    const args: string[] = main(objects).args;
    expect(args.slice(args.indexOf('--kubeconfig'))).toEqual(['--kubeconfig', '/var/run/kubeconfig/config', '--cluster-provider', 'kubeconfig']);
    expect(deploymentOf(objects).spec.template.spec.initContainers[0].name).toBe('kubeconfig');
    expect(main(objects).volumeMounts.map((m: any) => m.mountPath)).not.toContain('/var/run/secrets/kubernetes.io/serviceaccount');
  });

  test('gets exactly the rules its tools need by default; view only when asked', () => {
    const rules = (server: object) => Object.fromEntries(render({ namespace: 'mcp-system', servers: [{ ...base, ...server } as any] })
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.rules.map((r: any) => `${r.apiGroups[0] || 'core'} ${r.resources.join(',')} ${r.verbs.join(',')}`)]));
    expect(rules({})).toEqual({
      'ClusterRole//mcp-system-kubernetes-tools-cluster': ['metrics.k8s.io nodes get,list', 'core namespaces,nodes list'],
      'ClusterRole//mcp-system-kubernetes-tools': ['core events list', 'metrics.k8s.io pods get,list', 'core pods get,list', 'core pods/log get'],
    });
    // Narrowed: tools.allow, namespaces as Roles, listed kinds for resources_*.
    expect(rules({ tools: { allow: ['pods_list', 'resources_get', 'helm_list'] }, toolsets: ['core', 'helm'], access: { tools: { namespaces: ['team-a'], kinds: [{ group: 'apps', resource: 'deployments' }] } } })).toEqual({
      'Role/team-a/kubernetes-tools': ['apps deployments get', 'core secrets list'],
    });
    // Writes, when readOnly is off: the scale subresource of the listed kinds, and the pod tools.
    expect(rules({ readOnly: false, tools: { allow: ['resources_scale', 'pods_delete'] }, access: { tools: { kinds: [{ group: 'apps', resource: 'deployments' }] } } })).toEqual({
      'ClusterRole//mcp-system-kubernetes-tools': ['apps deployments/scale get,update', 'core pods delete,get', 'core services delete,list'],
    });
    const view = render({ namespace: 'mcp-system', servers: [{ ...base, access: { clusterReader: { helmReleases: true } } } as any] });
    expect(view.filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['mcp-system-kubernetes-view', 'mcp-system-kubernetes-nodes', 'mcp-system-kubernetes-helm-releases']);
  });

  test('a release whose tools are not recorded keeps the built-in view by default, and refuses access.tools', () => {
    const old = { ...base, image: 'quay.io/containers/kubernetes_mcp_server:v0.0.60' };
    expect(render({ namespace: 'mcp-system', servers: [old as any] }).filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name))
      .toEqual(['mcp-system-kubernetes-view', 'mcp-system-kubernetes-nodes']);
    expect(problems([{ ...old, access: { tools: {} } }])).toEqual([
      expect.stringMatching(/^servers\[0\]\.access\.tools: expected kubernetes-mcp-server 0\.0\.66 with access\.tools \(the release whose tools' API requests are recorded/),
    ]);
  });

  test('exposes a NodePort with an auto-assigned port', () => {
    const objects = render({ namespace: 'mcp-system', servers: [{ ...base, service: { type: 'NodePort' } } as any] });
    expect(find(objects, 'Service').spec.type).toBe('NodePort');
    expect(find(objects, 'Service').spec.ports[0].nodePort).toBeUndefined();
  });

  test('refuses options the pinned release lacks, naming the field, the version and the first release that has it', () => {
    expect(problems([{ ...base, image: 'quay.io/containers/kubernetes_mcp_server:v0.0.54', stateless: true }])).toEqual([
      'servers[0].stateless: expected an image whose release has --stateless (kubernetes-mcp-server 0.0.56 or later, see https://github.com/containers/kubernetes-mcp-server/blob/v0.0.56/pkg/kubernetes-mcp-server/cmd/root.go), got "quay.io/containers/kubernetes_mcp_server:v0.0.54" (version 0.0.54)',
    ]);
    expect(problems([{ ...base, image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50' }])[0])
      .toMatch(/^servers\[0\]\.toolsets: expected an image whose release has --toolsets \(kubernetes-mcp-server 0\.0\.51 or later/);
    expect(problems([{ ...base, image: 'quay.io/containers/kubernetes_mcp_server:v0.0.56', kubeconfig: true }])[0])
      .toMatch(/^servers\[0\]\.kubeconfig: expected an image whose release has --cluster-provider \(kubernetes-mcp-server 0\.0\.57 or later/);
  });

  test('trusts tags that name no version (forks, branches)', () => {
    expect(problems([{ ...base, image: 'ghcr.io/acme/kubernetes-mcp-server:fork-2026-01', stateless: true }])).toEqual([]);
  });

  test('records /metrics only for releases that serve it', () => {
    const annotations = (image: string) => deploymentOf(render({ namespace: 'm', servers: [{ ...base, image } as any] })).spec.template.metadata.annotations ?? {};
    expect(annotations('quay.io/containers/kubernetes_mcp_server:v0.0.66')['prometheus.io/path']).toBe('/metrics');
    expect(annotations('quay.io/containers/kubernetes_mcp_server:v0.0.54')['prometheus.io/path']).toBeUndefined();
  });
});

describe('github server', () => {
  const base = { name: 'github', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } };

  test('listens on the image\'s 8080 with the whole command line rendered: bridge flags, --, the stdio command and its flags', () => {
    const c = main(render({ namespace: 'mcp', servers: [{ ...base, toolsets: ['repos', 'issues'] } as any] }));
    expect(c.args).toEqual(['--host=0.0.0.0', '--port=8080', '--allow-origin=*', '--pass-environment', '--', '/usr/local/bin/github-mcp-server', 'stdio', '--toolsets', 'repos,issues', '--read-only']);
    expect(c.ports[0].containerPort).toBe(8080);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/status', port: 'http' });
    expect(c.env).toContainEqual({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', valueFrom: { secretKeyRef: { name: 'github-mcp', key: 'token' } } });
    expect(c.securityContext.runAsUser).toBe(65532);
  });

  test('one port value reaches --port, and allowed origins are configurable', () => {
    const objects = render({ namespace: 'mcp', servers: [{ ...base, port: 9000, allowedOrigins: ['https://a.example', 'https://b.example'], readOnly: false } as any] });
    expect(main(objects).args.slice(0, 5)).toEqual(['--host=0.0.0.0', '--port=9000', '--allow-origin=https://a.example', '--allow-origin=https://b.example', '--pass-environment']);
    expect(main(objects).args).not.toContain('--read-only');
    expect(main(objects).ports[0].containerPort).toBe(9000);
    expect(find(objects, 'Service').spec.ports[0].port).toBe(9000);
  });

  test('has no Kubernetes API access', () => {
    const objects = render({ namespace: 'mcp', servers: [base as any] });
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
    expect(deploymentOf(objects).spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('refuses options that do not apply to its type', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [{ ...base, access: { gatewayProvisioner: true } }] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([expect.stringMatching(/^servers\[0\]\.access: unknown key "access"/)]);
  });
});

describe('pulumi server', () => {
  const base = { name: 'pulumi', type: 'pulumi', image: 'ghcr.io/spigell/pulumi-workbench:3.244.0', command: ['pulumi-mcp-server', 'http'], token: { secret: 'pulumi-mcp', key: 'token' } };
  const objects = render({ namespace: 'my-reforge-ai', servers: [base as any] });

  test('listens on 3000 at /mcp with the token from a Secret and a numeric uid', () => {
    const c = main(objects);
    expect(c.ports[0].containerPort).toBe(3000);
    expect(deploymentOf(objects).metadata.annotations['cdk8s-mcp/path']).toBe('/mcp');
    expect(c.env).toContainEqual({ name: 'PULUMI_ACCESS_TOKEN', valueFrom: { secretKeyRef: { name: 'pulumi-mcp', key: 'token' } } });
    expect(c.securityContext.runAsUser).toBe(1000);
  });

  test('always serves http on the one port, after the command or after the image entrypoint', () => {
    expect(main(objects).command).toEqual(['pulumi-mcp-server', 'http']);
    expect(main(objects).args).toEqual(['--port', '3000']);
    const upstream = main(render({ namespace: 'm', servers: [{ ...base, image: 'docker.io/mcp/pulumi:0.1.9', command: undefined, port: 3100 } as any] }));
    expect(upstream.command).toBeUndefined();
    expect(upstream.args).toEqual(['http', '--port', '3100']);
    expect(main(render({ namespace: 'm', servers: [{ ...base, command: ['pulumi-mcp-server'] } as any] })).args).toEqual(['http', '--port', '3000']);
  });

  test('refuses stdio, and the workbench image without a command', () => {
    expect(problems([{ ...base, command: ['pulumi-mcp-server', 'stdio'] }])).toEqual([
      'servers[0].command: expected a command that serves HTTP (the catalog adds "http"), got ["pulumi-mcp-server","stdio"] (stdio serves no port)',
    ]);
    expect(problems([{ ...base, command: undefined }])).toEqual([
      'servers[0].command: expected a command that starts the MCP server, e.g. [pulumi-mcp-server, http], for "ghcr.io/spigell/pulumi-workbench:3.244.0" (its own command prints versions and exits), got none',
    ]);
  });

  test('mounts credentials files from a Secret read-only, and never their value', () => {
    const withFiles = render({ namespace: 'm', servers: [{ ...base, secretFiles: { '/var/run/gcp/credentials.json': { secret: 'pulumi-gcp', key: 'credentials.json' } } } as any] });
    const spec = deploymentOf(withFiles).spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'secret-files-0', secret: { secretName: 'pulumi-gcp', defaultMode: 0o440, items: [{ key: 'credentials.json', path: 'var_run_gcp_credentials.json' }] } });
    expect(main(withFiles).volumeMounts).toContainEqual({ name: 'secret-files-0', mountPath: '/var/run/gcp/credentials.json', subPath: 'var_run_gcp_credentials.json', readOnly: true });
  });

  test('is sized for the Pulumi CLI with a size-limited HOME', () => {
    // ephemeral-storage: /tmp (256Mi) + HOME (2Gi) + 256Mi of logs.
    expect(main(objects).resources).toEqual({ requests: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2560Mi' } });
    expect(deploymentOf(objects).spec.template.spec.volumes.find((v: any) => v.name === 'home').emptyDir.sizeLimit).toBe('2Gi');
  });

  test('manages its namespace as its own ServiceAccount through a kubeconfig', () => {
    expect(find(objects, 'RoleBinding', 'pulumi-deployer').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pulumi', namespace: 'my-reforge-ai' }]);
    expect(main(objects).env).toContainEqual({ name: 'KUBECONFIG', value: '/var/run/kubeconfig/config' });
  });
});

describe('generic server', () => {
  test('portEnv carries the one port value', () => {
    const c = main(render({ namespace: 'm', servers: [genericServer({ port: 8000, portEnv: 'MCP_PORT' })] }));
    expect(c.env).toContainEqual({ name: 'MCP_PORT', value: '8000' });
    expect(c.ports[0].containerPort).toBe(8000);
  });

  test('gets the ServiceAccount token only when it has Kubernetes API access', () => {
    const mounts = (extra: Record<string, unknown>) => main(render({ namespace: 'm', servers: [genericServer(extra)] })).volumeMounts.map((m: any) => m.mountPath);
    expect(mounts({})).not.toContain('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(mounts({ access: { gatewayProvisioner: true } })).toContain('/var/run/secrets/kubernetes.io/serviceaccount');
  });
});

describe('inspector', () => {
  test('is added to any server that asks for it', () => {
    const objects = render({ namespace: 'mcp', servers: [genericServer({ inspector: true })] });
    expect(deploymentOf(objects).spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['mcp-inspector']);
  });

  test('is refused in a production environment with a clear error', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', production: true, servers: [genericServer({ inspector: true })] }), 'environments/prod.yaml', 'prod');
    expect(result.problems).toEqual([{
      file: 'environments/prod.yaml', line: 7, path: 'servers[0].inspector',
      message: 'expected no Inspector in a production environment (it acts with the pod\'s credentials for anyone who reaches it), got true',
    }]);
  });
});

describe('waivers in environment files', () => {
  test('sit only on the objects the waived rule flags, each with only its own waivers', () => {
    const waivers = [
      { rule: 'NET-EGRESS-WIDE', reason: 'the upstream API has no stable address range' },
      { rule: 'RBAC-SECRETS-READ', reason: 'the server manages its own Secrets' },
    ];
    const objects = render({ namespace: 'mcp', servers: [genericServer({
      waivers, egressTo: [{ cidr: '0.0.0.0/0', ports: [443] }], access: { namespaceDeployer: { rbac: false } },
    })] });
    const annotated = objects.filter((o) => o.metadata.annotations?.['cdk8s-mcp/waivers'] !== undefined)
      .map((o) => `${o.kind}/${o.metadata.name}: ${o.metadata.annotations['cdk8s-mcp/waivers']}`);
    expect(annotated).toEqual([
      `Role/demo-deployer: ${JSON.stringify([waivers[1]])}`,
      `NetworkPolicy/demo: ${JSON.stringify([waivers[0]])}`,
    ]);
  });

  test('still waive the findings in the gate', () => {
    const envs = tempDir({ 'dev.yaml': stringify({ namespace: 'mcp', servers: [genericServer({
      egressTo: [{ cidr: '0.0.0.0/0', ports: [443] }], waivers: [{ rule: 'NET-EGRESS-WIDE', reason: 'no stable range' }],
    })] }) });
    const wide = synthesize(envs).findings.filter((f: any) => f.rule === 'NET-EGRESS-WIDE');
    expect(wide.map((f: any) => [f.object, f.waived])).toEqual([['NetworkPolicy/mcp/demo', 'no stable range']]);
  });

  test('must name a known rule and give a reason', () => {
    const result = loadEnvironmentText(stringify({ namespace: 'mcp', servers: [genericServer({ waivers: [{ rule: 'HYG-PROBE', reason: '' }] })] }), 'environments/dev.yaml', 'dev');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'servers[0].waivers[0].rule: expected a rule id from docs/rules.md, got "HYG-PROBE"',
      'servers[0].waivers[0].reason: expected a reason (why the finding is accepted, and when it will be revisited): a non-empty string, got ""',
    ]);
  });

  test('production workloads carry the production annotation that check reads', () => {
    const objects = render({ namespace: 'mcp', production: true, servers: [genericServer()] });
    expect(deploymentOf(objects).metadata.annotations['cdk8s-mcp/production']).toBe('true');
  });
});

describe('Deployment selectors (immutable in Kubernetes)', () => {
  const selectors = (server: any) => render({ namespace: 'm', servers: [server] })
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Service')
    .map((o) => `${o.kind} ${JSON.stringify(o.kind === 'Deployment' ? o.spec.selector : o.spec.selector)}`);
  const servers: Array<[string, any, any]> = [
    ['generic', genericServer(), { image: 'ghcr.io/example/other-name-mcp:9.9.9', replicas: 3, resources: { limits: { cpu: '2' } } }],
    ['kubernetes', { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' }, { image: 'ghcr.io/acme/kubernetes-mcp-server:v0.0.67', replicas: 2 }],
    ['github', { name: 'g', type: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 's', key: 'k' } }, { image: 'ghcr.io/spigell/github-mcp-server:1.4.0-abcdef', port: 9000 }],
    ['pulumi', { name: 'p', type: 'pulumi', image: 'ghcr.io/spigell/pulumi-workbench:3.244.0', command: ['pulumi-mcp-server', 'http'], token: { secret: 's', key: 'k' } }, { image: 'docker.io/mcp/pulumi:0.1.9', command: undefined }],
  ];
  test.each(servers)('%s: unchanged when image, tag, replicas or resources change', (_type, server, change) => {
    expect(selectors({ ...server, ...change })).toEqual(selectors(server));
  });

  test('a generic server is selected by its name, never by its image', () => {
    expect(find(render({ namespace: 'm', servers: [genericServer({ name: 'grafana' })] }), 'Deployment').spec.selector.matchLabels)
      .toEqual({ 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'grafana' });
  });
});

test('two configFiles that once shared a key are both rendered and mounted from their own keys', () => {
  const objects = render({ namespace: 'mcp', servers: [genericServer({ configFiles: { '/etc/a_b/c': 'first', '/etc/a/b_c': 'second' } })] });
  const configMap = find(objects, 'ConfigMap', 'demo-files');
  expect(configMap.data).toEqual({ 'etc_a-_b_c': 'first', 'etc_a_b-_c': 'second' });
  const mounts = find(objects, 'Deployment').spec.template.spec.containers[0].volumeMounts.filter((m: any) => m.name === 'files');
  expect(mounts.map((m: any) => [m.mountPath, m.subPath])).toEqual([['/etc/a/b_c', 'etc_a_b-_c'], ['/etc/a_b/c', 'etc_a-_b_c']]);
});

test('namespaceDeployer manages the kinds named, and reads what a rollout needs', () => {
  const role = (deployer: object) => find(render({ namespace: 'mcp', servers: [genericServer({ access: { namespaceDeployer: deployer } })] }), 'Role');
  expect(role({ kinds: [{ group: 'apps', resource: 'deployments' }, { group: '', resource: 'services' }, { group: '', resource: 'configmaps' }] }).rules).toEqual([
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['endpoints', 'events', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  ]);
  // No Secrets unless named: nothing of the namespace's credentials.
  expect(JSON.stringify(role({ kinds: [{ group: 'apps', resource: 'deployments' }] }).rules)).not.toContain('secrets');
});
