import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from '../../src/cli/check';
import { ROOT, tempDir } from '../support/helpers';

function check(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCheck(argv, (s) => { stdout += s; }, (s) => { stderr += s; });
  return { code, stdout, stderr };
}

const EXAMPLES = path.join(ROOT, 'examples/third-party');

describe('check', () => {
  test('passes the shipped dist/ of each environment (exit 0), showing waived findings', () => {
    for (const env of ['dev', 'prod']) {
      const run = check(path.join(ROOT, 'dist', env));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/\d+ objects in \d+ files: 0 errors, 0 warnings, \d+ waived\n$/);
    }
    expect(check(path.join(ROOT, 'dist/dev')).stdout).toContain('RBAC-SECRETS-READ-CLUSTER: ClusterRole grants get/list/watch on secrets in every namespace it is bound for [waived: Broad now, tighten later');
  });

  test('flags the traps in manifests we did not render (exit 1), one line per finding', () => {
    const run = check(EXAMPLES);
    expect(run.code).toBe(1);
    const file = path.join(EXAMPLES, 'kubernetes-mcp-server.yaml');
    expect(run.stdout).toContain(`${file}: Deployment/mcp-system/kubernetes-mcp-server: MCP-PORT-MISMATCH: container "server" listens on 8080 (--port 8080) but declares containerPort 8686`);
    expect(run.stdout).toContain(`${file}: Service/mcp-system/kubernetes-mcp-server: MCP-INSPECTOR-EXPOSED: Service port 6274 (target inspector) reaches the MCP Inspector`);
    expect(run.stdout).toContain(`${path.join(EXAMPLES, 'rbac.yaml')}: ClusterRoleBinding/mcp-admin: RBAC-CLUSTER-ADMIN: ClusterRoleBinding binds cluster-admin`);
    expect(run.stdout).toMatch(/6 objects in 2 files: \d+ errors, \d+ warnings, 0 waived\n$/);
  });

  test('--only and --skip select categories; --level baseline drops restricted checks', () => {
    const rbacOnly = check('--only', 'rbac', EXAMPLES).stdout.split('\n').filter((l) => l.includes('.yaml: '));
    expect(rbacOnly.length).toBeGreaterThan(0);
    expect(rbacOnly.every((l) => /: RBAC-/.test(l))).toBe(true);
    expect(check('--skip', 'pod-security,hygiene,schema,rbac,mcp', EXAMPLES).code).toBe(0);
    expect(check('--only', 'pod-security', '--level', 'baseline', EXAMPLES).stdout).not.toContain('PSS-RUN-AS-NON-ROOT');
    expect(check('--only', 'pod-security', EXAMPLES).stdout).toContain('PSS-RUN-AS-NON-ROOT');
  });

  test('--format json gives findings and a summary for machines', () => {
    const run = check('--format', 'json', '--only', 'mcp', EXAMPLES);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ objects: 6, files: 2 });
    expect(report.findings[0]).toEqual(expect.objectContaining({ rule: expect.stringMatching(/^MCP-/), category: 'mcp', severity: 'error', object: expect.any(String), file: expect.any(String), message: expect.any(String) }));
  });

  test('warnings alone do not fail', () => {
    const dir = tempDir({ 'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\nrules:\n  - {apiGroups: [""], resources: [pods], verbs: [create]}\n' });
    const run = check(dir);
    expect(run.stdout).toContain('RBAC-CREATE-PODS (warning)');
    expect(run.code).toBe(0);
  });

  test('reads multi-document files, Lists, and every workload kind', () => {
    const pod = (kind: string, body: string) => `apiVersion: ${kind === 'CronJob' || kind === 'Job' ? 'batch/v1' : kind === 'Pod' || kind === 'ReplicationController' || kind === 'PodTemplate' ? 'v1' : 'apps/v1'}\nkind: ${kind}\nmetadata: {name: x}\n${body}`;
    const template = 'template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}';
    const dir = tempDir({
      'all.yaml': [
        pod('Pod', 'spec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}'),
        pod('StatefulSet', `spec:\n  serviceName: x\n  selector: {matchLabels: {a: b}}\n  ${template}`),
        pod('DaemonSet', `spec:\n  selector: {matchLabels: {a: b}}\n  ${template}`),
        pod('Job', `spec:\n  ${template}`),
        pod('CronJob', `spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec: {containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]}`),
        pod('ReplicationController', `spec:\n  ${template}`),
      ].join('\n---\n'),
      'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec: { containers: [{ name: 'c', image: 'x:1', securityContext: { privileged: true } }] } } }] }),
    });
    const privileged = check('--only', 'pod-security', '--level', 'baseline', dir).stdout.split('\n').filter((l) => l.includes('PSS-PRIVILEGED'));
    expect(privileged.map((l) => l.split(': ')[1].split('/')[0]).sort()).toEqual(['CronJob', 'DaemonSet', 'Job', 'Pod', 'PodTemplate', 'ReplicationController', 'StatefulSet']);
  });

  test('exits 2 on unreadable input and bad usage', () => {
    expect(check('/nonexistent/manifests')).toEqual({ code: 2, stdout: '', stderr: '/nonexistent/manifests: no such file or directory\nnothing to check: no Kubernetes object in /nonexistent/manifests\n' });
    const dir = tempDir({ 'bad.yaml': 'kind: Pod\nmetadata: {name: [\n' });
    const run = check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:\d+: YAML does not parse: /);
    expect(check('--only', 'nope', dir).code).toBe(2);
    expect(check().stderr).toContain('usage: cdk8s-mcp check');
  });

  test('npx cdk8s-mcp check works through the bin entry', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdk8s-mcp.js'), 'check', '--only', 'rbac', path.join(EXAMPLES, 'rbac.yaml')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('RBAC-WILDCARD');
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['cdk8s-mcp']).toBe('bin/cdk8s-mcp.js');
  });
});

describe('README', () => {
  test('shows the real output of check on examples/third-party', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const run = check('--only', 'mcp,rbac', 'examples/third-party');
      expect(readme).toContain(`$ npm run check -- --only mcp,rbac examples/third-party\n${run.stdout}\`\`\``);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('check on anyone\'s files', () => {
  const DEPLOYMENT = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\ndata: {a: b}\n';

  test('documents that are not Kubernetes objects are reported once and skipped', () => {
    const dir = tempDir({
      'values.yaml': 'replicaCount: 1\nimage: {tag: x}\n',
      'list.yaml': '- a\n- b\n',
      'package.json': '{"name": "x"}',
      'ok.yaml': `${DEPLOYMENT}---\nfoo: bar\n`,
    });
    const run = check(dir);
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual([
      `${dir}/list.yaml: a YAML list, not a Kubernetes object; skipped`,
      `${dir}/ok.yaml: document 2: not a Kubernetes object (no apiVersion and kind); skipped`,
      `${dir}/package.json: not a Kubernetes object (no apiVersion and kind); skipped`,
      `${dir}/values.yaml: not a Kubernetes object (no apiVersion and kind); skipped`,
    ]);
    expect(run.stdout).toMatch(/^1 objects in 1 files: 0 errors/m);
    expect(run.code).toBe(0);
  });

  test('exits 2 only when nothing readable remains; our own environments/ is not a crash', () => {
    const run = check(path.join(ROOT, 'environments'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environments/dev.yaml: not a Kubernetes object (no apiVersion and kind); skipped');
    expect(run.stderr).toContain('nothing to check');
  });

  test('unreadable files and alias bombs are reported and skipped, never a stack trace', () => {
    const dir = tempDir({ 'ok.yaml': DEPLOYMENT, 'bomb.yaml': 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', 'sub.yaml/x': '' });
    fs.symlinkSync('/nonexistent.yaml', path.join(dir, 'dangling.yaml'));
    const run = check(dir);
    expect(run.stderr).toContain(`${dir}/bomb.yaml: YAML refused: Excessive alias count`);
    expect(run.stderr).toContain(`${dir}/dangling.yaml: cannot read: no such file (a dangling symlink?)`);
    expect(run.code).toBe(0);
  });

  test('custom resources without a known schema are a warning, not an error; Argo CD objects are validated', () => {
    const dir = tempDir({
      'monitor.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a, namespace: ns}\nspec: {}\n',
      'app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec: {projekt: default}\n',
    });
    const run = check(dir);
    expect(run.stdout).toContain('Certificate/ns/a: SCHEMA-UNKNOWN-KIND (warning): cert-manager.io/v1 Certificate is a custom resource without a known schema: not validated');
    expect(run.stdout).toContain('Application/argocd/a: SCHEMA-UNKNOWN-FIELD: unknown field "spec.projekt"');
  });

  test('--only and --skip take rule ids as well as categories', () => {
    const only = check('--only', 'MCP-INSPECTOR-EXPOSED', EXAMPLES);
    expect(new Set(only.stdout.split('\n').filter((l) => l.includes(': ') && !/^\d+ objects/.test(l)).map((l) => l.split(': ')[2]))).toEqual(new Set(['MCP-INSPECTOR-EXPOSED']));
    const skip = check('--skip', 'mcp,HYG-RESOURCES', EXAMPLES);
    expect(skip.stdout).not.toMatch(/MCP-|HYG-RESOURCES/);
    expect(check('--only', 'NOPE', EXAMPLES).stderr).toContain('unknown category or rule "NOPE"');
  });

  test('dist/ passes as a whole: each directory is one run, so dev and prod do not collide', () => {
    const run = check(path.join(ROOT, 'dist'));
    expect(run.stdout).not.toContain('SCHEMA-DUPLICATE');
    expect(run.code).toBe(0);
  });
});
