// `npm run bench`: the speed targets of the project, measured side by side in one run and
// printed as figures and ratios. A benchmark, not a test: it asserts nothing and exits 0.
//   1. `npm run synth` of the shipped environments, against the floor `require('cdk8s-plus-30')`
//   2. synth of 1,000 servers in one environment: seconds and peak memory (max RSS)
//   3. `check` of 10,000 objects in 100 files, end to end
//   4. synth of 1,000 servers copied from the shipped dev servers, through `npm run synth`
//   5. `check` of realistic corpora of about 10,000 objects each: our dist/dev copied, the
//      third-party examples copied, chart-like manifests with scripts in ConfigMaps, and what
//      `kubectl get -o yaml` prints of running apps; and of 16 MB of the upstream CRDs in ../shared/crds
// 2 and 3 time the command `npm run` starts (node scripts/run.js synth|check), without npm's
// own start-up (0.13-0.16 s here), which the first figure includes.
// The fixed cost every `npm run synth` pays before rendering (npm run env, node loading the synth
// bundle) is printed beside the targets that include it.
// Each figure is the median of several runs; everything is written to a temp dir, removed after.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { stringify } = require('yaml');

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || 5);
// Realistic corpora: the goal issue 19 sets (1.5 s, 300 MB per 10,000 objects).
// Issue 19's goals: realistic check 1.5 s / 300 MB; shipped synth 2x the floor; 1,000 dev servers 1.0 s /
// 200 MB; a fleet 0.2x helm template; the installed bin within 1.2x of npm run check.
const TARGETS = {
  synthVsFloor: 2, thousandSeconds: 1.5, thousandMiB: 300, checkSeconds: 2, realisticSeconds: 1.5, realisticMiB: 286,
  devThousandSeconds: 1.0, devThousandMiB: 191, fleetVsHelm: 0.2, installedVsCheckout: 1.2,
};

/** Runs a command `RUNS` times (after one warm-up) and returns the median seconds and the largest max RSS. */
function measure(command, args, options = {}) {
  const rssFile = join(work, 'rss');
  const times = [];
  let rss = 0;
  for (let i = 0; i <= RUNS; i++) {
    rmSync(rssFile, { force: true });
    const start = process.hrtime.bigint();
    const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, ...options, env: { ...process.env, ...options.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${join(__dirname, 'bench-rss.js')}` } });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!(options.okStatus ?? [0]).includes(run.status)) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    if (i === 0) continue; // warm-up: fills the file cache and V8's code cache
    times.push(seconds);
    // Only node processes write it (helm does not).
    if (require('node:fs').existsSync(rssFile)) rss = Math.max(rss, ...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], mib: rss / 1024 };
}

function genericServers(n) {
  return Array.from({ length: n }, (_, i) => ({
    name: `server-${i}`, type: 'generic', image: `ghcr.io/example/server-${i}:1.0.${i}`, port: 8080, portFlag: '--port',
    healthPath: '/healthz', stateless: true, replicas: 2, egressTo: [{ namespace: 'apis', ports: [443] }],
  }));
}

/** 1,000 servers made from the shipped dev servers (catalog types with KubeconfigInit, the Inspector, NetworkPolicies and PDBs), renamed. */
function devServers(n) {
  const dev = require('yaml').parse(readFileSync(join(ROOT, 'environments', 'dev.yaml'), 'utf8'));
  return { ...dev, servers: Array.from({ length: n }, (_, i) => {
    const server = dev.servers[i % dev.servers.length];
    return { ...server, name: `${server.name}-${Math.floor(i / dev.servers.length)}` };
  }) };
}

/**
 * A fleet: 10 kubernetes-mcp-server servers in each of 3 environments (dev from the shipped
 * dev.yaml, staging and prod from prod.yaml, each with its own kubernetes server's settings),
 * each environment its own cluster. Returns the environment names.
 */
function fleetEnvironments(dir) {
  const read = (name) => require('yaml').parse(readFileSync(join(ROOT, 'environments', `${name}.yaml`), 'utf8'));
  const fleet = [['dev', read('dev')], ['staging', read('prod')], ['prod', read('prod')]];
  for (const [name, env] of fleet) {
    const kubernetes = env.servers.find((s) => s.type === 'kubernetes');
    const servers = Array.from({ length: 10 }, (_, i) => ({ ...kubernetes, name: `kubernetes-${i}` }));
    writeFileSync(join(dir, `${name}.yaml`), stringify({ ...env, cluster: name, gitops: undefined, servers }, { aliasDuplicateObjects: false }));
  }
  return fleet.map(([name]) => name);
}

/**
 * The upstream kubernetes-mcp-server chart, from the fetched repository (the issue names it;
 * its templates are not copied into this one), or from CDK8S_MCP_BENCH_CHART. Undefined, with
 * the reason, when it is not here.
 */
function upstreamChart(dir) {
  if (process.env.CDK8S_MCP_BENCH_CHART) return { chart: process.env.CDK8S_MCP_BENCH_CHART };
  const repo = process.env.CDK8S_MCP_BENCH_CHART_REPO || '/work/.mirror/containers+kubernetes-mcp-server/repo';
  const archive = spawnSync('git', ['--git-dir', repo, 'archive', 'HEAD', 'charts/kubernetes-mcp-server'], { maxBuffer: 1 << 26 });
  if (archive.status !== 0) return { missing: `the chart (no git repository of containers/kubernetes-mcp-server at ${repo}; set CDK8S_MCP_BENCH_CHART to the chart's directory)` };
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) return { missing: `the chart (tar: ${untar.stderr})` };
  return { chart: join(dir, 'charts', 'kubernetes-mcp-server') };
}

/** helm, installed by scripts/install-bench-tools (or HELM), or the reason it is not here. */
function helmBinary() {
  if (process.env.HELM) return { helm: process.env.HELM };
  const installed = spawnSync(join(__dirname, 'install-bench-tools'), { encoding: 'utf8' });
  return installed.status === 0 ? { helm: installed.stdout.trim() } : { missing: `helm (scripts/install-bench-tools failed: ${installed.stderr.trim()})` };
}

/**
 * The installed package as a user gets it: `npm pack`, unpacked into an empty project's
 * node_modules with its bin linked, its dependencies and peers this checkout's installed copies
 * (no registry; as test/examples/cdk8s-app.test.ts does). Undefined, with the reason, when it
 * cannot be packed.
 */
function installedPackage(dir) {
  const fs = require('node:fs');
  // --ignore-scripts: lib/ is built (npm run synth above built it).
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  if (packed.status !== 0) return { missing: `the packed package (npm pack: ${packed.stderr.trim()})` };
  const modules = join(dir, 'project', 'node_modules');
  fs.mkdirSync(join(modules, '.bin'), { recursive: true });
  writeFileSync(join(dir, 'project', 'package.json'), '{"name":"bench-user","version":"1.0.0","private":true}\n');
  const untar = spawnSync('tar', ['-xzf', join(dir, packed.stdout.trim().split('\n').pop()), '-C', dir]);
  if (untar.status !== 0) return { missing: `the packed package (tar: ${untar.stderr})` };
  fs.renameSync(join(dir, 'package'), join(modules, 'cdk8s-mcp'));
  const manifest = JSON.parse(readFileSync(join(modules, 'cdk8s-mcp', 'package.json'), 'utf8'));
  for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]) {
    fs.mkdirSync(join(modules, name, '..'), { recursive: true });
    fs.symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  fs.symlinkSync('../cdk8s-mcp/bin/cdk8s-mcp.js', join(modules, '.bin', 'cdk8s-mcp'));
  return { project: join(dir, 'project') };
}

function checkInput(dir) {
  let n = 0;
  for (let f = 0; f < 100; f++) {
    const docs = [];
    for (let i = 0; i < 25; i++, n++) {
      const name = `app-${n}`;
      const labels = { 'app.kubernetes.io/name': name };
      const container = {
        name: 'app', image: `ghcr.io/example/${name}:1.0.${n}`, ports: [{ name: 'http', containerPort: 8080 }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsUser: 1000 },
        readinessProbe: { tcpSocket: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 'http' } },
      };
      docs.push(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'bench', labels }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container] } } } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'bench', labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'bench' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench' }, data: { 'config.toml': `id = ${n}\n` } },
      );
    }
    writeFileSync(join(dir, `file-${String(f).padStart(3, '0')}.yaml`), docs.map((d) => `---\n${stringify(d)}`).join(''));
  }
  return n * 4;
}

/**
 * Realistic check input: copies of a directory of manifests, each copy a run of its own (as
 * `kubectl apply -f <dir>` would apply it), until `objects` objects.
 */
function replicate(source, dir, objects) {
  const fs = require('node:fs');
  const files = fs.readdirSync(source).filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, fs.readFileSync(join(source, f), 'utf8')]);
  const per = files.reduce((n, [, text]) => n + (text.match(/^kind:/gm) ?? []).length, 0);
  let copies = 0;
  for (; copies * per < objects; copies++) {
    const to = join(dir, `copy-${String(copies).padStart(4, '0')}`);
    fs.mkdirSync(to);
    for (const [f, text] of files) writeFileSync(join(to, f), text);
  }
  return copies * per;
}

/**
 * Manifests as they come from charts and hand-written repositories: ConfigMaps holding shell
 * scripts (shebangs, heredocs with <<, tabs, `!` in messages), comments, long descriptions,
 * anchors and aliases, next to Deployments that run them.
 */
function scriptCorpus(dir, objects) {
  const script = (n) => [
    '#!/bin/sh', '# generated entrypoint', 'set -eu', `echo "starting worker ${n}!"`,
    'cat > /tmp/config.ini <<EOF', '[worker]', `id = ${n}`, '\tindent = tab', 'EOF',
    'if [ ! -f /tmp/ready ]; then', '\techo "not ready!" >&2', 'fi', 'exec /app/worker --config /tmp/config.ini', '',
  ].join('\n');
  let n = 0;
  for (let f = 0; n < objects; f++) {
    const docs = [];
    for (let i = 0; i < 10; i++, n += 2) {
      const name = `worker-${n}`;
      docs.push([
        `# ${name}: the worker's script, as a chart would render it`,
        'apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, '  namespace: workers',
        '  labels:', `    app.kubernetes.io/name: ${name}`, '    app.kubernetes.io/part-of: workers',
        '  annotations:', `    description: "Runs worker ${n}; constructor and prototype are words here, not keys. See https://example.com/docs#workers !important"`,
        'data:', '  entrypoint.sh: |', ...script(n).split('\n').map((l) => `    ${l}`),
        '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  namespace: workers', '  labels: &labels', `    app.kubernetes.io/name: ${name}`, '    app.kubernetes.io/part-of: workers',
        'spec:', '  replicas: 1', '  selector:', '    matchLabels: {app.kubernetes.io/name: ' + name + '}', '  template:', '    metadata:', '      labels: *labels',
        '    spec:', '      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}', '      containers:',
        `        - name: worker`, `          image: ghcr.io/example/worker:1.0.${n}`, '          command: [/bin/sh, /scripts/entrypoint.sh]',
        '          # read-only root, no privileges', '          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}',
        '          resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 64Mi}}',
        '          volumeMounts: [{name: scripts, mountPath: /scripts}]', '      volumes:', `        - {name: scripts, configMap: {name: ${name}}}`,
      ].join('\n'));
    }
    writeFileSync(join(dir, `workers-${String(f).padStart(3, '0')}.yaml`), `${docs.join('\n---\n')}\n`);
  }
  return n;
}

/**
 * What `kubectl get deploy,rs,pod,svc,cm -n <ns> -o yaml` prints for a namespace of running
 * apps: one `kind: List` per namespace, keys sorted, with status, the last-applied annotation,
 * owner references, the projected service account token volume, and random uids (one in 256
 * starts with "0b", as real ones do). kubectl leaves managedFields out unless asked
 * (`--show-managed-fields`, since 1.21: https://github.com/kubernetes/kubernetes/pull/96878);
 * `showManagedFields` puts one entry per object in, as field trees of the object's own fields.
 */
function kubectlDumps(dir, objects, { showManagedFields = false } = {}) {
  let seed = 19;
  const hex = (n) => Array.from({ length: n }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % 16).map((d) => d.toString(16)).join('');
  const uid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const time = '2026-11-02T10:11:12Z';
  // FieldsV1 as the API server writes it: `f:<field>` for fields, `.: {}` for an object set as a whole, 3 levels deep.
  const fields = (value, depth) => Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [`f:${k}`,
    depth > 1 && v !== null && typeof v === 'object' && !Array.isArray(v) ? { '.': {}, ...fields(v, depth - 1) } : {}]));
  const withManagedFields = (o) => (!showManagedFields ? o : { ...o, metadata: { ...o.metadata, managedFields: [{
    apiVersion: o.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': fields({ labels: o.metadata.labels, annotations: o.metadata.annotations }, 2), [o.spec ? 'f:spec' : 'f:data']: fields(o.spec ?? o.data, 3) },
    manager: 'kubectl-client-side-apply', operation: 'Update', time,
  }] } });
  let n = 0;
  for (let f = 0; n < objects; f++) {
    const namespace = `team-${f}`;
    const items = [];
    for (let a = 0; a < 34 && n < objects; a++, n += 6) {
      const app = `web-${a}`;
      const labels = { app, 'app.kubernetes.io/managed-by': 'Helm' };
      const hash = hex(10);
      const container = {
        image: `ghcr.io/example/${app}:1.4.${a}`, imagePullPolicy: 'IfNotPresent', name: 'web', ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        readinessProbe: { failureThreshold: 3, httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      };
      const podSpec = { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, terminationGracePeriodSeconds: 30 };
      const spec = { progressDeadlineSeconds: 600, replicas: 2, revisionHistoryLimit: 10, selector: { matchLabels: { app } }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' }, template: { metadata: { creationTimestamp: null, labels }, spec: podSpec } };
      const deployUid = uid();
      const rsUid = uid();
      const lastApplied = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, labels, name: app, namespace }, spec: { replicas: 2, selector: spec.selector, template: spec.template } });
      const meta = (name, extra) => ({ creationTimestamp: time, name, namespace, resourceVersion: String(100000 + n), uid: uid(), ...extra });
      items.push(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta(app, { annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': `${lastApplied}\n` }, generation: 1, labels }), uid: deployUid },
          spec, status: { availableReplicas: 2, conditions: [{ lastTransitionTime: time, lastUpdateTime: time, message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' }], observedGeneration: 1, readyReplicas: 2, replicas: 2, updatedReplicas: 2 } },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { ...meta(`${app}-${hash}`, { annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' }, generation: 1, labels: { ...labels, 'pod-template-hash': hash } }), uid: rsUid, ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: app, uid: deployUid }] },
          spec: { replicas: 2, selector: { matchLabels: { app, 'pod-template-hash': hash } }, template: { metadata: { creationTimestamp: null, labels: { ...labels, 'pod-template-hash': hash } }, spec: podSpec } }, status: { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2 } },
      );
      for (let p = 0; p < 2; p++) {
        const token = `kube-api-access-${hex(5)}`;
        items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { ...meta(`${app}-${hash}-${hex(5)}`, { generateName: `${app}-${hash}-`, labels: { ...labels, 'pod-template-hash': hash } }), ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `${app}-${hash}`, uid: rsUid }] },
          spec: { ...podSpec, containers: [{ ...container, volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: token, readOnly: true }] }], enableServiceLinks: true, nodeName: `node-${p}`, preemptionPolicy: 'PreemptLowerPriority', priority: 0, serviceAccount: 'default', serviceAccountName: 'default',
            tolerations: ['not-ready', 'unreachable'].map((t) => ({ effect: 'NoExecute', key: `node.kubernetes.io/${t}`, operator: 'Exists', tolerationSeconds: 300 })),
            volumes: [{ name: token, projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } }, { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } }] } }] },
          status: { conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ lastProbeTime: null, lastTransitionTime: time, status: 'True', type })),
            containerStatuses: [{ containerID: `containerd://${hex(64)}`, image: container.image, imageID: `ghcr.io/example/${app}@sha256:${hex(64)}`, lastState: {}, name: 'web', ready: true, restartCount: 0, started: true, state: { running: { startedAt: time } } }],
            hostIP: `10.0.0.${p + 10}`, phase: 'Running', podIP: `10.244.${f % 250}.${a * 2 + p}`, podIPs: [{ ip: `10.244.${f % 250}.${a * 2 + p}` }], qosClass: 'Burstable', startTime: time } });
      }
      items.push(
        { apiVersion: 'v1', kind: 'Service', metadata: meta(app, { labels }), spec: { clusterIP: `10.96.${f % 250}.${a}`, clusterIPs: [`10.96.${f % 250}.${a}`], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector: { app }, sessionAffinity: 'None', type: 'ClusterIP' }, status: { loadBalancer: {} } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${app}-config`, { labels }), data: { 'app.properties': `# ${app}\nserver.port=8080\nlog.level=info\nfeature.flags=a,b,c\n`, 'ca.crt': `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 18 }, () => Buffer.from(hex(48), 'hex').toString('base64')).join('\n')}\n-----END CERTIFICATE-----\n` } },
      );
    }
    writeFileSync(join(dir, `${namespace}.yaml`), stringify({ apiVersion: 'v1', items: items.map(withManagedFields), kind: 'List', metadata: { resourceVersion: '' } }, { sortMapEntries: true, aliasDuplicateObjects: false }));
  }
  return n;
}

function main() {
work = mkdtempSync(join(tmpdir(), 'cdk8s-mcp-bench-'));
try {
  const envs = join(work, 'environments');
  require('node:fs').mkdirSync(envs);
  writeFileSync(join(envs, 'big.yaml'), stringify({ namespace: 'mcp', servers: genericServers(1000) }));
  const devEnvs = join(work, 'environments-dev');
  require('node:fs').mkdirSync(devEnvs);
  writeFileSync(join(devEnvs, 'dev.yaml'), stringify(devServers(1000), { aliasDuplicateObjects: false }));
  const checkDir = join(work, 'check');
  require('node:fs').mkdirSync(checkDir);
  const objects = checkInput(checkDir);
  const corpora = [['our dist/dev, copied', join(ROOT, 'dist', 'dev')], ['examples/third-party, copied', join(ROOT, 'examples', 'third-party')]].map(([what, source], i) => {
    const dir = join(work, `corpus-${i}`);
    require('node:fs').mkdirSync(dir);
    return { what, dir, objects: replicate(source, dir, 10000) };
  });
  const scripts = join(work, 'corpus-scripts');
  require('node:fs').mkdirSync(scripts);
  corpora.push({ what: 'scripts in ConfigMaps, comments, anchors', dir: scripts, objects: scriptCorpus(scripts, 10000) });
  const dumps = join(work, 'corpus-kubectl');
  require('node:fs').mkdirSync(dumps);
  corpora.push({ what: 'kubectl get -o yaml of running apps', dir: dumps, objects: kubectlDumps(dumps, 10000) });
  const managed = join(work, 'corpus-kubectl-managed');
  require('node:fs').mkdirSync(managed);
  corpora.push({ what: 'the same with --show-managed-fields', dir: managed, objects: kubectlDumps(managed, 10000, { showManagedFields: true }) });
  // Large objects: the upstream CRDs of ../shared/crds (long descriptions, enums, patterns), 16 MB.
  const crds = join(ROOT, '..', 'shared', 'crds');
  if (require('node:fs').existsSync(crds)) {
    const dir = join(work, 'corpus-crds');
    require('node:fs').mkdirSync(dir);
    corpora.push({ what: 'upstream CRDs (../shared/crds) copied, 16 MB', dir, objects: replicate(crds, dir, 52) });
  } else {
    console.log(`check of CRDs: not measured: no ${crds}`);
  }

  const floor = measure(process.execPath, ['-e', "require('cdk8s-plus-30')"]);
  // What any `npm run` pays before our code runs: node's start, and npm's (`npm run env` runs no script file).
  const nodeStart = measure(process.execPath, ['-e', '0']);
  const npmStart = measure('npm', ['run', '--silent', 'env']);
  const synth = measure('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'dist')]);
  // What every synth pays before it renders anything: node's start and loading the synth bundle
  // (cdk8s, cdk8s-plus, zod, yaml and ours) from V8's code cache, as scripts/run.js does.
  const synthLoad = measure(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'lib', 'src', 'cli', 'fast-start.js'))}).loadBundle('synth')`]);
  const run = join(__dirname, 'run.js');
  const synthRun = measure(process.execPath, [run, 'synth', '--out', join(work, 'dist')]);
  const thousand = measure(process.execPath, [run, 'synth', '--out', join(work, 'big')], { env: { MCP_ENVIRONMENTS_DIR: envs } });
  const check = measure(process.execPath, [run, 'check', checkDir]);
  const devThousand = measure('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'dev-big')], { env: { MCP_ENVIRONMENTS_DIR: devEnvs } });
  // check exits 1 when it finds errors, which realistic corpora may hold: time it all the same.
  const realistic = corpora.map((c) => ({ ...c, ...measure(process.execPath, [run, 'check', c.dir], { okStatus: [0, 1] }) }));
  // The fleet: npm run synth of 3 environments x 10 servers, against helm template of the
  // upstream chart once per server per environment (as a script or Argo CD would run it).
  const fleetEnvs = join(work, 'environments-fleet');
  require('node:fs').mkdirSync(fleetEnvs);
  const fleet = fleetEnvironments(fleetEnvs);
  const fleetSynth = measure('npm', ['run', '--silent', 'synth', '--', '--out', join(work, 'fleet')], { env: { MCP_ENVIRONMENTS_DIR: fleetEnvs } });
  const fleetRun = measure(process.execPath, [run, 'synth', '--out', join(work, 'fleet')], { env: { MCP_ENVIRONMENTS_DIR: fleetEnvs } });
  const { helm, missing: noHelm } = helmBinary();
  const { chart, missing: noChart } = upstreamChart(work);
  const helmFleet = helm && chart ? measure('bash', ['-c', [
    'set -e', 'for env in "$@"; do for i in $(seq 0 9); do',
    `  ${JSON.stringify(helm)} template "kubernetes-$i" ${JSON.stringify(chart)} --namespace "$env" --set ingress.host="kubernetes-$i.$env.example.com" >/dev/null`,
    'done; done',
  ].join('\n'), 'helm-fleet', ...fleet]) : undefined;
  // The installed bin against npm run check, on our dist/dev copied (the first realistic corpus).
  const { project, missing: noPackage } = installedPackage(work);
  const installedCheck = project ? measure('npx', ['--no-install', 'cdk8s-mcp', 'check', corpora[0].dir], { cwd: project, okStatus: [0, 1] }) : undefined;
  const checkoutCheck = measure('npm', ['run', '--silent', 'check', '--', corpora[0].dir], { okStatus: [0, 1] });

  const row = (what, value, target, ok) => console.log(`${what.padEnd(52)} ${value.padStart(16)}   target ${target.padEnd(10)} ${ok ? 'met' : 'MISSED'}`);
  console.log(`median of ${RUNS} runs after a warm-up, ${require('node:os').cpus().length} cores, Node ${process.version}`);
  console.log(`${'floor: node -e "require(\'cdk8s-plus-30\')"'.padEnd(52)} ${`${floor.seconds.toFixed(3)} s`.padStart(16)}`);
  console.log(`${'  fixed costs: node -e 0 / npm run env (no work)'.padEnd(52)} ${`${nodeStart.seconds.toFixed(3)} s / ${npmStart.seconds.toFixed(3)} s`.padStart(16)}`);
  const fixed = npmStart.seconds + synthLoad.seconds;
  console.log(`${'  npm run env + node loading the synth bundle'.padEnd(52)} ${`${(fixed / floor.seconds).toFixed(2)}x (${fixed.toFixed(3)} s)`.padStart(16)}   before any rendering`);
  const ratio = synth.seconds / floor.seconds;
  row('npm run synth (shipped environments) / floor', `${ratio.toFixed(2)}x (${synth.seconds.toFixed(3)} s)`, `<= ${TARGETS.synthVsFloor}x`, ratio <= TARGETS.synthVsFloor);
  const runRatio = synthRun.seconds / floor.seconds;
  row('  the same without npm (node scripts/run.js) / floor', `${runRatio.toFixed(2)}x (${synthRun.seconds.toFixed(3)} s)`, `<= ${TARGETS.synthVsFloor}x`, runRatio <= TARGETS.synthVsFloor);
  row('synth, 1,000 servers: seconds (node scripts/run.js)', `${thousand.seconds.toFixed(3)} s`, `<= ${TARGETS.thousandSeconds} s`, thousand.seconds <= TARGETS.thousandSeconds);
  row('synth, 1,000 servers: peak memory (max RSS)', `${thousand.mib.toFixed(0)} MiB`, `<= ${TARGETS.thousandMiB} MiB`, thousand.mib <= TARGETS.thousandMiB);
  row('synth, 1,000 servers copied from dev, npm run synth', `${devThousand.seconds.toFixed(3)} s ${(devThousand.seconds / TARGETS.devThousandSeconds).toFixed(2)}x`, `<= ${TARGETS.devThousandSeconds} s`, devThousand.seconds <= TARGETS.devThousandSeconds);
  row('  peak memory', `${devThousand.mib.toFixed(0)} MiB ${(devThousand.mib / TARGETS.devThousandMiB).toFixed(2)}x`, `<= ${TARGETS.devThousandMiB} MiB`, devThousand.mib <= TARGETS.devThousandMiB);
  row(`check, ${objects.toLocaleString('en')} objects (node scripts/run.js)`, `${check.seconds.toFixed(3)} s`, `<= ${TARGETS.checkSeconds} s`, check.seconds <= TARGETS.checkSeconds);
  for (const c of realistic) {
    row(`check, ${c.objects.toLocaleString('en')} objects: ${c.what}`, `${c.seconds.toFixed(3)} s ${(c.seconds / TARGETS.realisticSeconds).toFixed(2)}x`, `<= ${TARGETS.realisticSeconds} s`, c.seconds <= TARGETS.realisticSeconds);
    row(`  peak memory`, `${c.mib.toFixed(0)} MiB ${(c.mib / TARGETS.realisticMiB).toFixed(2)}x`, `<= ${TARGETS.realisticMiB} MiB`, c.mib <= TARGETS.realisticMiB);
  }
  if (helmFleet) {
    const r = fleetSynth.seconds / helmFleet.seconds;
    row('fleet 3 envs x 10 servers: npm run synth / helm', `${r.toFixed(2)}x (${fleetSynth.seconds.toFixed(3)} s)`, `<= ${TARGETS.fleetVsHelm}x`, r <= TARGETS.fleetVsHelm);
    const r2 = fleetRun.seconds / helmFleet.seconds;
    row('  the same without npm (node scripts/run.js) / helm', `${r2.toFixed(2)}x (${fleetRun.seconds.toFixed(3)} s)`, `<= ${TARGETS.fleetVsHelm}x`, r2 <= TARGETS.fleetVsHelm);
    console.log(`${'  helm template of the upstream chart, 30 times'.padEnd(52)} ${`${helmFleet.seconds.toFixed(3)} s`.padStart(16)}`);
    console.log(`${'  npm run env + node loading the synth bundle / helm'.padEnd(52)} ${`${(fixed / helmFleet.seconds).toFixed(2)}x`.padStart(16)}   before any rendering`);
  } else {
    console.log(`fleet 3 envs x 10 servers: npm run synth ${fleetSynth.seconds.toFixed(3)} s; not compared: missing ${noHelm ?? noChart}`);
  }
  if (installedCheck) {
    const r = installedCheck.seconds / checkoutCheck.seconds;
    row('installed bin: npx cdk8s-mcp check / npm run check', `${r.toFixed(2)}x (${installedCheck.seconds.toFixed(3)} s)`, `<= ${TARGETS.installedVsCheckout}x`, r <= TARGETS.installedVsCheckout);
  } else {
    console.log(`installed bin: not measured: missing ${noPackage}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
}

let work;
if (require.main === module) main();
module.exports = { replicate, scriptCorpus, kubectlDumps, checkInput, devServers, fleetEnvironments };
