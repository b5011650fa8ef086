import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../support/helpers';

/*
 * examples/cdk8s-app against the package as `npm pack` ships it: packed from this checkout
 * (lib/ with declarations, built by the global setup), unpacked into the app's node_modules,
 * type-checked with the app's own tsconfig, synthesized, and its output judged by the packed
 * `cdk8s-mcp check`. No registry: the peers and dependencies are this checkout's installed
 * copies, linked in, so the app and the package share one cdk8s.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'cdk8s-app');
// What the app itself needs to compile, besides what the package declares.
const APP_NEEDS = ['typescript', '@types/node'];

let app: string;
let packedFiles: string[];

beforeAll(() => {
  const work = tempDir();
  // --ignore-scripts: lib/ is already built; prepack would rebuild it under the other tests' feet.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  const tarPath = path.join(work, tarball);
  packedFiles = execFileSync('tar', ['tzf', tarPath], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  app = path.join(work, 'app');
  fs.cpSync(EXAMPLE, app, { recursive: true });
  const modules = path.join(app, 'node_modules');
  fs.mkdirSync(modules);
  execFileSync('tar', ['xzf', tarPath, '-C', work]);
  fs.renameSync(path.join(work, 'package'), path.join(modules, 'cdk8s-mcp'));
  // Exactly what the packed package.json declares, so a dependency it forgets fails here.
  const packed = JSON.parse(fs.readFileSync(path.join(modules, 'cdk8s-mcp', 'package.json'), 'utf8'));
  for (const name of [...Object.keys(packed.dependencies), ...Object.keys(packed.peerDependencies), ...APP_NEEDS]) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
  }
}, 120_000);

test('the package ships the compiled library with declarations, and none of the sources or test harness', () => {
  expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'lib/src/index.js', 'lib/src/index.d.ts', 'bin/cdk8s-mcp.js', 'lib/imports/agentgateway-backend-agentgateway.dev.js', 'lib/bundle/check.js', 'lib/bundle/synth.js', 'lib/bundle/THIRD-PARTY-NOTICES.txt']));
  // The code cache is made on the first run where the package is installed, never shipped.
  expect(packedFiles.filter((f) => f.endsWith('.cache'))).toEqual([]);
  expect(packedFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('lib/test/') || f.startsWith('environments/') || f.startsWith('dist/'))).toEqual([]);
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'cdk8s-mcp', 'package.json'), 'utf8'));
  expect(manifest.private).toBeUndefined();
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-30', 'constructs']);
  expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(['cdk8s']));
});

test('examples/cdk8s-app type-checks, synthesizes and passes the packed policy gate', () => {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);

  const outdir = path.join(app, 'dist');
  const synth = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  const text = fs.readFileSync(path.join(outdir, 'cluster-tools.k8s.yaml'), 'utf8');
  const objects = parseAllDocuments(text).map((d) => d.toJS());
  expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ClusterRoleBinding', 'Deployment', 'NetworkPolicy', 'Service', 'Service', 'ServiceAccount']);
  // The cdk8s-plus Service selects the server's pods by the labels its Deployment selects on.
  const deployment = objects.find((o) => o.kind === 'Deployment');
  expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'tools').spec.selector).toEqual(deployment.spec.selector.matchLabels);
  // The cdk8s-plus peer became the NetworkPolicy's only source.
  expect(objects.find((o) => o.kind === 'NetworkPolicy').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'agent' } } }]);
  const pod = objects.find((o) => o.kind === 'Deployment').spec.template.spec;
  expect(pod.initContainers.map((c: any) => c.name)).toEqual(['kubeconfig', 'mcp-inspector']);

  const check = spawnSync(process.execPath, [path.join(app, 'node_modules', 'cdk8s-mcp', 'bin', 'cdk8s-mcp.js'), 'check', outdir], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});
