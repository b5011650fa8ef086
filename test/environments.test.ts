import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { evaluate } from '../src/policy/engine';
import { Severity } from '../src/policy/rule';
import { synthesize } from '../src/synth/synthesize';
import { readTree, ROOT, tempDir } from './support/helpers';

const ENVIRONMENTS = path.join(ROOT, 'environments');
const DIST = path.join(ROOT, 'dist');

const OLD_OUTPUT = '# Rendered by cdk8s-mcp from environments/dev.yaml: the last good output\n';

function synthCli(envDir: string, out: string, args: string[] = ['--out', out]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/synth.js'), ...args], {
    cwd: ROOT, env: { ...process.env, MCP_ENVIRONMENTS_DIR: envDir }, encoding: 'utf8',
  });
}

// One copy of each golden output: the shipped environments' is dist/ (compared file by file
// below); the snapshot holds an environment of every feature they do not use.
describe('an environment of every feature (test/fixtures/environments/features)', () => {
  const FEATURES = path.join(ROOT, 'test/fixtures/environments/features');
  const result = synthesize(FEATURES);

  test('renders and passes the gate', () => {
    expect(result.findings.filter((f) => f.severity === Severity.ERROR && f.waived === undefined)).toEqual([]);
  });

  test('matches its snapshot, file by file', () => {
    expect([...result.files.keys()].every((file) => file.startsWith('features/'))).toBe(true);
    expect(result.files.size).toBeGreaterThan(10);
    for (const [file, text] of result.files) expect(text).toMatchSnapshot(file);
  });
});

describe('shipped environments', () => {
  const result = synthesize(ENVIRONMENTS);

  test('dist/ is exactly what synth renders (run `npm run synth` and commit dist/)', () => {
    expect(readTree(DIST)).toEqual(Object.fromEntries(result.files));
  });

  test.each(['argocd', 'dev', 'prod'])('every object of %s is valid Kubernetes 1.30, passes pod security restricted and every rule, but for documented waivers', (env) => {
    const manifests = [...result.files].filter(([file]) => file.startsWith(`${env}/`)).flatMap(([file, text]) =>
      parseAllDocuments(text).map((doc, index) => ({ object: (doc as any).toJS(), file, index })));
    expect(manifests.length).toBeGreaterThan(0);
    const findings = evaluate(manifests);
    expect(findings.filter((f) => f.waived === undefined)).toEqual([]);
    // GitHub's and Pulumi's APIs on 443 (one rule each), and the API server on 443/6443 over IPv4 and IPv6.
    const wideEgress = [
      ...Array(2).fill('NET-EGRESS-WIDE NetworkPolicy/mcp-system/kubernetes'), 'NET-EGRESS-WIDE NetworkPolicy/my-reforge-ai/github', ...Array(3).fill('NET-EGRESS-WIDE NetworkPolicy/pulumi/pulumi'),
    ];
    // Pulumi's deployer, alone in its namespace: Secrets, and Deployments and Jobs (create/patch/update).
    const deployer = ['RBAC-SECRETS-READ Role/pulumi/pulumi-deployer', ...Array(2).fill('RBAC-CREATE-PODS Role/pulumi/pulumi-deployer')];
    const expectedWaivers = {
      argocd: [],
      dev: [...wideEgress, ...deployer, 'MCP-SSE-TRANSPORT Deployment/my-reforge-ai/grafana', 'RBAC-SECRETS-READ-CLUSTER ClusterRole/mcp-system-kubernetes-tools',
        // The helm tools read every Secret: github's, grafana's and pulumi's credentials among them.
        ...Array(3).fill('RBAC-ACTS-AS ClusterRoleBinding/mcp-system-kubernetes-tools')],
      // Production images by tag until their digests are recorded (twice: pulumi's server and busybox, kubernetes' server and auth proxy).
      prod: [...wideEgress, ...deployer, 'MCP-SSE-TRANSPORT Deployment/my-reforge-ai/grafana',
        ...['mcp-system/kubernetes', 'mcp-system/kubernetes', 'my-reforge-ai/github', 'my-reforge-ai/grafana', 'pulumi/pulumi', 'pulumi/pulumi'].map((d) => `HYG-IMAGE-DIGEST Deployment/${d}`)],
    }[env];
    expect(findings.map((f) => `${f.rule} ${f.object}`).sort()).toEqual([...(expectedWaivers ?? [])].sort());
    expect(findings.every((f) => f.severity !== Severity.ERROR || f.waived!.length > 10)).toBe(true);
  });

  test('rendering is deterministic: two runs give identical bytes', () => {
    expect(synthesize(ENVIRONMENTS).files).toEqual(result.files);
  });

  test('namespaces come first, so kubectl apply -f dist/<env>/ works on an empty cluster', () => {
    for (const env of fs.readdirSync(DIST).filter((d) => d !== 'argocd')) {
      const files = fs.readdirSync(path.join(DIST, env)).sort();
      expect(files[0]).toBe('00-namespaces.yaml');
      const namespaces = parseAllDocuments(fs.readFileSync(path.join(DIST, env, files[0]), 'utf8')).map((d) => (d as any).toJS());
      const used = new Set(files.slice(1).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(DIST, env, f), 'utf8'))
        .map((d) => (d as any).toJS().metadata.namespace).filter(Boolean)));
      expect(namespaces.map((n) => n.metadata.name).sort()).toEqual([...used].sort());
    }
  });

  test('no object is named or selected by a construct-path hash', () => {
    const text = [...result.files.values()].join('\n');
    expect(text).not.toContain('cdk8s.io/metadata.addr');
    expect(text).not.toMatch(/name: [a-z0-9-]+-c8[0-9a-f]{6,}/);
  });
});

describe('npm run synth', () => {
  let out: string;
  beforeEach(() => {
    out = tempDir({ 'dev/old.yaml': OLD_OUTPUT });
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  test('replaces the output directory with exactly the rendered files', () => {
    const run = synthCli(ENVIRONMENTS, out);
    expect(run.status).toBe(0);
    expect(readTree(out)).toEqual(readTree(DIST));
  });

  test('bad input exits non-zero, lists every problem and leaves the output untouched', () => {
    const envs = tempDir({
      'dev.yaml': 'namespace: mcp\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo\n    port: "80a"\n',
      'prod.yaml': 'namespace: mcp\nservrs: []\n',
    });
    const before = readTree(out);
    const run = synthCli(envs, out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${envs}/dev.yaml:5 servers[0].image: expected an image reference pinned by tag or digest`);
    expect(run.stderr).toContain(`${envs}/dev.yaml:6 servers[0].port: expected a port: an integer 1-65535, got "80a"`);
    expect(run.stderr).toContain(`${envs}/prod.yaml:2 servrs: unknown key "servrs" (did you mean "servers"?)`);
    expect(run.stderr).toContain('unchanged');
    expect(readTree(out)).toEqual(before);
    fs.rmSync(envs, { recursive: true, force: true });
  });

  test('a policy gate failure exits non-zero, names the rule and leaves the output untouched', () => {
    const envs = tempDir({
      'dev.yaml': 'namespace: mcp\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo:1.0.0\n    access: {clusterReader: {helmReleases: true}}\n',
    });
    const before = readTree(out);
    const run = synthCli(envs, out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('dev/demo.yaml: ClusterRole/mcp-demo-helm-releases: RBAC-SECRETS-READ-CLUSTER: ClusterRole grants get/list/watch on secrets');
    expect(run.stderr).toContain('The policy gate failed; nothing was written');
    expect(readTree(out)).toEqual(before);
    fs.rmSync(envs, { recursive: true, force: true });
  });

  test('a missing environments directory fails cleanly', () => {
    const run = synthCli('/nonexistent/envs', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/nonexistent/envs: expected a directory of environment files (<env>.yaml), found no such directory');
    expect(readTree(out)).toEqual({ 'dev/old.yaml': OLD_OUTPUT });
  });
});

describe('the command bundle (npm run synth, the installed bin)', () => {
  // scripts/build.js rewrites the generated converters in the bundles (fasterConverters): the
  // bundle must render byte for byte what the modules render.
  const bundled = (envDir: string, out: string) => spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'synth', '--out', out], {
    cwd: ROOT, env: { ...process.env, MCP_ENVIRONMENTS_DIR: envDir }, encoding: 'utf8',
  });

  test.each([
    ['the shipped environments', ENVIRONMENTS],
    ['an environment of every feature', path.join(ROOT, 'test/fixtures/environments/features')],
  ])('renders %s as the modules do', (_what, envDir) => {
    const [fromModules, fromBundle] = [tempDir(), tempDir()];
    expect(synthCli(envDir, fromModules).status).toBe(0);
    const run = bundled(envDir, fromBundle);
    expect(run.stderr).not.toContain('Error');
    expect(run.status).toBe(0);
    expect(Object.keys(readTree(fromBundle)).length).toBeGreaterThan(5);
    expect(readTree(fromBundle)).toEqual(readTree(fromModules));
  });

  test('carries the one-pass converters, and none of the quadratic ones', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'lib/bundle/synth.js'), 'latin1');
    expect(bundle.split('__definedFields(').length).toBeGreaterThan(1000);
    expect(bundle).not.toMatch(/\.reduce\(\(r, i\) => i\[1\] === void 0 \? r : \{ \.\.\.r, \[i\[0\]\]: i\[1\] \}, \{\}\)/);
  });
});

describe('npm run synth never deletes what it did not render', () => {
  test.each([
    ['a directory with other files', { 'notes.txt': 'mine\n', 'dev/github.yaml': OLD_OUTPUT }, 'it holds notes.txt, which cdk8s-mcp did not render'],
    ['environment files', { 'dev.yaml': 'namespace: mcp\n' }, 'dev.yaml does not start with "# Rendered by cdk8s-mcp"'],
    ['a checkout', { '.git/HEAD': 'ref: refs/heads/main\n', 'dist/dev/a.yaml': OLD_OUTPUT }, 'HEAD, which cdk8s-mcp did not render'],
  ])('refuses --out with %s and leaves it byte for byte', (_what, files, why) => {
    const dir = tempDir(files as Record<string, string>);
    const before = readTree(dir);
    const run = synthCli(ENVIRONMENTS, dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`refusing to replace ${dir}/: `);
    expect(run.stderr).toContain(why);
    expect(readTree(dir)).toEqual(before);
  });

  test('refuses --out . (the directory it runs in)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/synth.js'), '--out', '.'], { cwd: tempDir({ 'keep.txt': 'x' }), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing to replace ./: it contains the current directory');
  });

  test('writes into a missing or empty directory', () => {
    const empty = tempDir();
    expect(synthCli(ENVIRONMENTS, empty).status).toBe(0);
    const missing = path.join(tempDir(), 'new');
    expect(synthCli(ENVIRONMENTS, missing).status).toBe(0);
    expect(readTree(missing)).toEqual(readTree(DIST));
  });

  test('unknown options are errors, and --help works', () => {
    const bad = synthCli(ENVIRONMENTS, '', ['--ot', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--ot'");
    expect(bad.stderr).toContain('usage: cdk8s-mcp synth [--out <dir>]');
    const help = synthCli(ENVIRONMENTS, '', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: cdk8s-mcp synth [--out <dir>]');
  });
});

describe('npx cdk8s-mcp', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/cdk8s-mcp.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  test.each([['--help'], ['check', '--help'], ['synth', '--help']])('%s prints one usage and exits 0', (...args) => {
    const run = cli(...args);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/usage: cdk8s-mcp (check|synth|<command>)/);
  });

  test('an unknown command exits 2 with the usage', () => {
    const run = cli('apply');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "apply"');
  });
});

describe('npx cdk8s synth', () => {
  test('writes into cdk8s.out/ files equal to dist/ byte for byte, and never touches dist/', () => {
    const out = tempDir();
    const before = readTree(DIST);
    const report = execFileSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--output', out, '--no-check-upgrade'], {
      cwd: ROOT, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'pipe', encoding: 'utf8',
    });
    // The policy gate ran as a cdk8s validation plugin (cdk8s.yaml `validations`).
    expect(report).toContain('cdk8s-mcp policy: 0 errors');
    expect(report).toContain('Validations ended succesfully');
    expect(readTree(out)).toEqual(before);
    expect(readTree(DIST)).toEqual(before);
    fs.rmSync(out, { recursive: true, force: true });
  }, 60_000);
});

describe('Inspector isolation in every shipped environment', () => {
  test('no rendered Service anywhere exposes the Inspector port', () => {
    const result = synthesize(ENVIRONMENTS);
    const services = [...result.files.values()].flatMap((text) => parseAllDocuments(text).map((d) => (d as any).toJS())).filter((o) => o.kind === 'Service');
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      for (const port of service.spec.ports) {
        expect([port.port, port.targetPort, port.name]).not.toContain(6274);
        expect(String(port.targetPort)).not.toMatch(/inspector/);
      }
    }
  });
});
