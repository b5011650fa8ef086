import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from '../../src/cli/check';
import { AWS, GITHUB, GOOGLE, PASSWORD } from '../support/fake-credentials';
import { ROOT, tempDir, yamlFilesBelow } from '../support/helpers';

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
    expect(check(path.join(ROOT, 'dist/dev')).stdout).toContain('RBAC-SECRETS-READ-CLUSTER: ClusterRole grants list on secrets in every namespace it is bound for [waived: Broad now, tighten later');
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
    expect(run.stderr).toContain(`${dir}/dangling.yaml: cannot read: a dangling symlink or a missing file`);
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

  describe('reads only what it was given, and survives what it cannot read', () => {
    const TOKEN = `ghp_${'A1b2C3d4'.repeat(5)}`;

    test('symlinks out of a directory (a token file, /proc/self/environ, /dev/zero) are reported, never read or printed', () => {
      const secrets = tempDir({ 'token': `${TOKEN}\n` });
      const dir = tempDir({ 'ok.yaml': DEPLOYMENT, 'inside.yaml': DEPLOYMENT.replace('name: a,', 'name: other,') });
      fs.symlinkSync(path.join(secrets, 'token'), path.join(dir, 'token.yaml'));
      fs.symlinkSync('/proc/self/environ', path.join(dir, 'environ.yaml'));
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
      fs.symlinkSync('inside.yaml', path.join(dir, 'alias.yaml'));
      process.env.CDK8S_MCP_TEST_CANARY = 'canary-value-from-the-environment';
      try {
        const run = check('--format', 'json', dir);
        const out = run.stdout + run.stderr;
        expect(out).not.toContain(TOKEN);
        expect(out).not.toContain('canary-value-from-the-environment');
        expect(run.stderr).toContain(`${dir}/token.yaml: cannot read: a symlink to a file outside ${fs.realpathSync(dir)}`);
        expect(run.stderr).toContain(`${dir}/environ.yaml: cannot read: a symlink to a system file outside`);
        expect(run.stderr).toContain(`${dir}/zero.yaml: cannot read: a symlink to a system file outside`);
        // A symlink that stays inside the directory is read.
        expect(JSON.parse(run.stdout).summary.objects).toBe(3);
      } finally {
        delete process.env.CDK8S_MCP_TEST_CANARY;
      }
    });

    test('a device or FIFO given by name is refused without blocking; a file over --max-file-size is skipped', () => {
      const dir = tempDir({ 'big.yaml': `${DEPLOYMENT}# ${'x'.repeat(4096)}\n` });
      spawnSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
      const run = check('--max-file-size', '2KiB', '/dev/zero', path.join(dir, 'fifo.yaml'), path.join(dir, 'big.yaml'), path.join(ROOT, 'dist/dev/github.yaml'));
      expect(run.stderr).toContain('/dev/zero: cannot read: a device, FIFO or socket, not a regular file');
      expect(run.stderr).toContain(`${dir}/fifo.yaml: cannot read: a device, FIFO or socket, not a regular file`);
      expect(run.stderr).toContain(`${dir}/big.yaml: cannot read: a file larger than 2 KiB`);
      expect(check('--max-file-size', 'lots', dir).stderr).toContain('--max-file-size must be a size such as 64MiB');
    });

    test.each([
      ['JSON', (n: number) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
      ['YAML', (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ${'['.repeat(n)}${']'.repeat(n)}\n`],
    ])('a %s document nested 1,000 deep is an error for that file; the rest is judged', (_what, deep) => {
      const dir = tempDir({ 'a-deep.yaml': deep(1000), 'b-ok.yaml': DEPLOYMENT });
      // In a child process: the crash this guards against aborted Node itself.
      const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/check.js'), '--format', 'json', dir], { encoding: 'utf8' });
      expect(run.stderr).toContain(`${dir}/a-deep.yaml: YAML nested more than 200 levels deep; not read`);
      expect(JSON.parse(run.stdout).summary.objects).toBe(1);
      expect(run.status).toBe(0);
    });

    test('bytes that are not UTF-8 text are refused with their position, and no file content is printed', () => {
      const dir = tempDir({ 'ok.yaml': DEPLOYMENT });
      fs.writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.from(`${DEPLOYMENT}# caf\xe9\n`, 'latin1'));
      fs.writeFileSync(path.join(dir, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DEPLOYMENT, 'utf16le')]));
      const run = check(dir);
      const lines = DEPLOYMENT.split('\n').length;
      expect(run.stderr).toContain(`${dir}/latin1.yaml:${lines}: cannot read: byte 0xE9, which is not UTF-8 (a Latin-1 or Windows-1252 file?) at line ${lines}, column 6`);
      expect(run.stderr).toContain(`${dir}/utf16.yaml:1: cannot read: a UTF-16 byte order mark`);
      expect(run.stderr).not.toContain('apiVersion');
    });
  });
});

test('check finds them in env values, args, ConfigMaps and annotations of anyone\'s manifests, and prints none', () => {
  const dir = tempDir({ 'app.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: app, namespace: mcp, annotations: {example.com/key: "${GOOGLE}"}}`,
    'spec:', '  selector: {matchLabels: {a: b}}', '  template:', `    metadata: {labels: {a: b}, annotations: {note: "aws ${AWS}"}}`, '    spec:', '      containers:',
    `        - {name: app, image: "x:1", args: [--token, "${GITHUB}"], env: [{name: DATABASE_URL, value: "postgres://admin:${PASSWORD}@db/app"}]}`,
    '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings, namespace: mcp}', 'data:', '  app.toml: |', `    password = "${PASSWORD}"`, '',
  ].join('\n') });
  const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/check.js'), '--only', 'HYG-LITERAL-CREDENTIAL', '--format', 'json', dir], { encoding: 'utf8' });
  const findings = JSON.parse(run.stdout).findings.map((f: any) => `${f.object} ${f.path}: ${f.message}`);
  expect(findings).toEqual([
    'Deployment/mcp/app metadata.annotations.example.com/key: annotation "example.com/key" holds a Google API key',
    'Deployment/mcp/app spec.template.metadata.annotations.note: annotation "note" holds an AWS access key id',
    'Deployment/mcp/app spec.template.spec.containers[0].env[0].value: container "app" sets DATABASE_URL to a URL with a password in it',
    'Deployment/mcp/app spec.template.spec.containers[0].args[1]: container "app" has a GitHub token in its args',
    'ConfigMap/mcp/settings data.app.toml: ConfigMap key "app.toml" holds a literal value for "password"',
  ]);
  for (const secret of [GITHUB, AWS, GOOGLE, PASSWORD]) expect(run.stdout + run.stderr).not.toContain(secret);
  expect(run.status).toBe(1);
});

test('--explain-rbac prints what each ServiceAccount may do, whom it can act as and what that adds', () => {
  const yaml = (o: object) => JSON.stringify(o);
  const dir = tempDir({
    'shared/all.yaml': [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deployer', namespace: 'shared' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'shared' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'deploy', namespace: 'shared' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'deployer', namespace: 'shared' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deploy' }, subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'shared' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'secret-reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secret-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'shared' }] },
    ].map(yaml).join('\n---\n'),
  });
  const explained = check('--explain-rbac', path.join(dir, 'shared'));
  expect(explained.code).toBe(0);
  expect(explained.stdout.split('\n')).toEqual(expect.arrayContaining([
    'ServiceAccount shared/deployer',
    '  may      create deployments.apps in shared  (RoleBinding/shared/deployer)',
    '  acts as  shared/reader: create deployments in shared  (RoleBinding/shared/deployer)',
    '    gains  get/list secrets cluster-wide  (ClusterRoleBinding/reader)',
    'ServiceAccount shared/reader',
  ]));
  // The same run through the gate: the path is an error.
  const gate = check(path.join(dir, 'shared'));
  expect(gate.code).toBe(1);
  expect(gate.stdout).toContain('RBAC-ACTS-AS: shared/deployer can act as shared/reader (create deployments in shared) → get/list secrets cluster-wide');
});

test('a large input of several directories is judged by several threads, and the report is the same as from one', () => {
  // Over the 4 MiB below which one thread judges everything: copies of dist/dev and of the
  // third-party examples (findings, waivers), with files that are skipped in some of them.
  const files: Record<string, string> = {};
  const sources = ['dist/dev', 'examples/third-party'].flatMap((d) => yamlFilesBelow(path.join(ROOT, d)));
  for (let copy = 0; copy < 110; copy++) {
    const to = `copy-${String(copy).padStart(3, '0')}`;
    for (const source of sources) files[`${to}/${path.basename(source)}`] = fs.readFileSync(source, 'utf8');
    if (copy % 25 === 0) files[`${to}/values.yaml`] = 'replicas: 2\n';
    if (copy % 40 === 0) files[`${to}/broken.yaml`] = 'a: [1,\n';
  }
  const dir = tempDir(files);
  // CDK8S_MCP_DEBUG=check says on stderr how many threads judged.
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdk8s-mcp.js'), 'check', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CDK8S_MCP_DEBUG: 'check' } });
    const threads = Number(/^check: judged by (\d+) threads?\n/m.exec(run.stderr)?.[1]);
    return { status: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^check: judged by .*\n/m, ''), threads };
  };
  const one = cli('--jobs', '1', dir);
  const three = cli('--jobs', '3', dir);
  expect([one.threads, three.threads]).toEqual([1, 3]);
  expect(three.status).toBe(1);
  expect(three.stdout).toBe(one.stdout);
  expect(three.stderr).toBe(one.stderr);
  expect(three.stderr).toContain(`${dir}/copy-040/broken.yaml:`);
  expect(three.stderr).toContain(`${dir}/copy-075/values.yaml: not a Kubernetes object`);
  expect(three.stdout).toMatch(/\d+ objects in \d+ files: \d+ errors, \d+ warnings, \d+ waived\n$/);
  // JSON too; and a small input stays in one thread.
  expect(cli('--format', 'json', '--jobs', '3', dir).stdout).toBe(cli('--format', 'json', '--jobs', '1', dir).stdout);
  expect(cli('--jobs', '3', path.join(dir, 'copy-000'), path.join(dir, 'copy-001')).threads).toBe(1);
  expect(check('--jobs', '0', dir).stderr).toContain('--jobs must be a whole number from 1 to 32, got "0"');
  expect(check('--jobs', '33', dir).code).toBe(2);
});
