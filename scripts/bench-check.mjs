// Benchmark of the policy gate: `npm run bench`. Writes 10,000 objects (Deployments, Services,
// Roles, ConfigMaps) into 100 files and times `check` over them, end to end and in parts.
// Prints figures; asserts nothing (speed targets do not belong in tests).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { stringify } = require('yaml');
const { readManifests } = require('../lib/src/policy/read-manifests.js');
const { evaluate } = require('../lib/src/policy/engine.js');

const FILES = 100;
const PER_FILE = 100;

function objectsFor(i) {
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name };
  const container = {
    name: 'app', image: `ghcr.io/example/${name}:1.0.${i}`, ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsUser: 1000 },
    readinessProbe: { tcpSocket: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 'http' } },
  };
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'bench', labels }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [container] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'bench', labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'bench' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench' }, data: { 'config.toml': `id = ${i}\n` } },
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'cdk8s-mcp-bench-'));
try {
  let n = 0;
  for (let f = 0; f < FILES; f++) {
    const docs = [];
    while (docs.length < PER_FILE) docs.push(...objectsFor(n++));
    writeFileSync(join(dir, `file-${String(f).padStart(3, '0')}.yaml`), docs.slice(0, PER_FILE).map((d) => `---\n${stringify(d)}`).join(''));
  }

  const t0 = performance.now();
  const manifests = readManifests([dir]);
  const t1 = performance.now();
  const findings = evaluate(manifests);
  const t2 = performance.now();
  const heap = process.memoryUsage();

  const cliStart = performance.now();
  execFileSync(process.execPath, ['lib/src/cli/check.js', dir], { stdio: 'ignore' });
  const cliSeconds = (performance.now() - cliStart) / 1000;

  console.log(`objects:            ${manifests.length} in ${FILES} files`);
  console.log(`findings:           ${findings.length}`);
  console.log(`read + parse:       ${((t1 - t0) / 1000).toFixed(2)} s`);
  console.log(`evaluate (49 rules): ${((t2 - t1) / 1000).toFixed(2)} s (${((t2 - t1) * 1000 / manifests.length).toFixed(0)} µs per object)`);
  console.log(`check CLI, end to end: ${cliSeconds.toFixed(2)} s`);
  console.log(`heap used:          ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
