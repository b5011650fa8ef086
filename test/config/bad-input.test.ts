import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments, loadEnvironmentText } from '../../src/synth/load-environments';
import { readTree, ROOT, tempDir, worldReadableTempDir } from '../support/helpers';

/*
 * Input errors are messages, never stack traces: each names the file (and line), exits 1,
 * and leaves the output untouched.
 */

const OLD = '# Rendered by cdk8s-mcp from environments/dev.yaml: the last good output\n';
const GOOD = 'namespace: mcp\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo:1.0.0\n';

function synth(envs: string) {
  const out = tempDir({ 'dev/demo.yaml': OLD });
  const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/synth.js'), '--out', out], { env: { ...process.env, MCP_ENVIRONMENTS_DIR: envs }, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(readTree(out)).toEqual({ 'dev/demo.yaml': OLD });
  return { status: run.status, stderr: run.stderr };
}

function aliasBomb(): string {
  let text = 'namespace: mcp\nservers: []\na: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 1; i < 10; i++) {
    const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    text += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
  }
  return text;
}

test.each([
  ['an alias bomb', { 'dev.yaml': aliasBomb() }, 'dev.yaml:1: YAML refused: Excessive alias count indicates a resource exhaustion attack'],
  ['a tab in indentation: one error at its line', { 'dev.yaml': 'namespace: mcp\nservers:\n  - name: demo\n\ttype: generic\n' }, 'dev.yaml:4: YAML syntax error: Tabs are not allowed as indentation\nNothing'],
  ['a duplicate key, named', { 'dev.yaml': `${GOOD}    name: other\n` }, 'dev.yaml:6: YAML syntax error: key "name" appears twice in one mapping'],
  ['__proto__ in env', { 'dev.yaml': `${GOOD}    env:\n      __proto__: {A: b}\n` }, 'dev.yaml:7: expected a key that is not "__proto__"'],
  ['__proto__ in secretEnv', { 'dev.yaml': `${GOOD}    secretEnv:\n      __proto__: {secret: s, key: k}\n` }, 'dev.yaml:7: expected a key that is not "__proto__"'],
  ['a reserved label', { 'dev.yaml': `${GOOD}    labels: {app.kubernetes.io/instance: x}\n` }, 'servers[0].labels.app.kubernetes.io/instance: expected a label cdk8s-mcp does not set itself, got "app.kubernetes.io/instance" (part of the Deployment selector, set to the server name)'],
  ['an image given only as a digest', { 'dev.yaml': GOOD.replace('ghcr.io/x/demo:1.0.0', `sha256:${'a'.repeat(64)}`) }, 'servers[0].image: expected an image repository before the digest'],
])('%s', (_what, files, message) => {
  const run = synth(tempDir(files));
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(message);
  if (_what.startsWith('a tab')) expect(run.stderr).toContain('(1 problem)');
});

test('a directory named x.yaml, and a dangling symlink', () => {
  const envs = tempDir({ 'dev.yaml': GOOD, 'x.yaml/keep': '' });
  fs.symlinkSync('/nonexistent/prod.yaml', path.join(envs, 'prod.yaml'));
  const run = synth(envs);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`${envs}/x.yaml: expected a readable environment file, got a directory`);
  expect(run.stderr).toContain(`${envs}/prod.yaml: expected a readable environment file, got a dangling symlink or a missing file`);
});

test('an unreadable file (EACCES; as root, synth runs as nobody to make it so), wherever the checkout and TMPDIR are', () => {
  // nobody may not be able to enter the checkout or TMPDIR (/root/...): the one-file bundle of
  // synth, the environments and the output all go into a directory everyone can read.
  const shared = worldReadableTempDir();
  const bundle = path.join(shared, 'synth.js');
  fs.copyFileSync(path.join(ROOT, 'lib/bundle/synth.js'), bundle);
  const envs = path.join(shared, 'environments');
  fs.mkdirSync(envs, { mode: 0o755 });
  fs.writeFileSync(path.join(envs, 'dev.yaml'), GOOD, { mode: 0o644 });
  fs.writeFileSync(path.join(envs, 'prod.yaml'), GOOD, { mode: 0o000 });
  const out = path.join(shared, 'out');
  fs.mkdirSync(path.join(out, 'dev'), { recursive: true });
  fs.writeFileSync(path.join(out, 'dev/demo.yaml'), OLD);
  fs.chmodSync(out, 0o777);
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const argv = [...asUser, process.execPath, bundle, '--out', out];
  const run = spawnSync(argv[0], argv.slice(1), { cwd: shared, env: { ...process.env, MCP_ENVIRONMENTS_DIR: envs }, encoding: 'utf8' });
  expect(run.stderr).toContain('environments/prod.yaml: expected a readable environment file, got a file it may not read (permission denied)');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.status).toBe(1);
  expect(readTree(out)).toEqual({ 'dev/demo.yaml': OLD });
});

test('YAML merge keys work', () => {
  const envs = tempDir({ 'dev.yaml': `${GOOD}    port: 9000\n  - <<: *base\n    name: other\n`.replace('  - name: demo', '  - &base\n    name: demo') });
  const [env] = loadEnvironments(envs);
  expect(env.spec.servers.map((s) => [s.name, (s as any).port])).toEqual([['demo', 9000], ['other', 9000]]);
});

describe('only environment files are read, and no message prints what they hold', () => {
  const TOKEN = `ghp_${'Z9y8X7w6'.repeat(5)}`;

  test('symlinks that leave the directory (a token file, /proc/self/environ, /dev/zero) are refused; one inside it is read', () => {
    const secrets = tempDir({ token: `${TOKEN}\n` });
    const envs = tempDir({ 'dev.yaml': GOOD });
    fs.symlinkSync(path.join(secrets, 'token'), path.join(envs, 'token.yaml'));
    fs.symlinkSync('/proc/self/environ', path.join(envs, 'environ.yaml'));
    fs.symlinkSync('/dev/zero', path.join(envs, 'zero.yaml'));
    fs.symlinkSync('dev.yaml', path.join(envs, 'staging.yaml'));
    const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/synth.js'), '--out', tempDir({ 'dev/demo.yaml': OLD })], {
      env: { ...process.env, MCP_ENVIRONMENTS_DIR: envs, CDK8S_MCP_TEST_CANARY: 'canary-value-from-the-environment' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
    expect(run.stderr + run.stdout).not.toContain('canary-value-from-the-environment');
    const real = fs.realpathSync(envs);
    expect(run.stderr).toContain(`${envs}/token.yaml: expected a readable environment file, got a symlink to a file outside ${real}`);
    expect(run.stderr).toContain(`${envs}/environ.yaml: expected a readable environment file, got a symlink to a system file outside ${real}`);
    expect(run.stderr).toContain(`${envs}/zero.yaml: expected a readable environment file, got a symlink to a system file outside ${real}`);
    expect(run.stderr).not.toContain('staging.yaml');
    expect(run.stderr).toContain('(3 problems)');
  });

  test('a value that holds a credential is never quoted, and long values are cut to an excerpt', () => {
    const long = 'x'.repeat(5000);
    const run = synth(tempDir({ 'dev.yaml': `namespace: ${TOKEN}\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo:1.0.0\n    port: "${long}"\n` }));
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr).toContain('namespace: expected a namespace');
    expect(run.stderr).toContain('<redacted: a GitHub token>');
    expect(run.stderr).not.toContain(long);
    expect(run.stderr).toContain('(5000 characters)');
  });

  test('a file larger than an environment file can be is refused without reading it whole', () => {
    const run = synth(tempDir({ 'dev.yaml': `${GOOD}# ${'x'.repeat(5 * 1024 * 1024)}\n` }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('dev.yaml: expected a readable environment file, got a file larger than 4 MiB');
  });

  test.each([
    ['a Latin-1 byte', Buffer.from(`${GOOD}    env: {CITY: "Montr\xe9al"}\n`, 'latin1'), 'dev.yaml:6: expected a readable environment file, got byte 0xE9, which is not UTF-8 (a Latin-1 or Windows-1252 file?) at line 6, column 23'],
    ['a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]), 'dev.yaml:1: expected a readable environment file, got a UTF-16 byte order mark'],
    ['a UTF-16 file without a byte order mark', Buffer.from(GOOD, 'utf16le'), 'dev.yaml:1: expected a readable environment file, got a NUL byte (a UTF-16 or binary file?), which YAML does not allow at line 1, column 2'],
    ['nesting 1,000 deep', Buffer.from(`${GOOD}    args: ${'['.repeat(1000)}${']'.repeat(1000)}\n`), 'dev.yaml: expected YAML nested at most 200 levels deep'],
    ['an escaped __proto__ in a quoted key', Buffer.from(`${GOOD}    env:\n      "__pro\\x74o__": {A: b}\n`), 'dev.yaml:7: expected a key that is not "__proto__"'],
    ['an escaped constructor in a quoted key', Buffer.from(`${GOOD}    env:\n      "\\u0063onstructor": x\n`), 'dev.yaml:7: expected a key that is not "constructor"'],
  ])('%s is refused with its position', (_what, bytes, message) => {
    const envs = tempDir();
    fs.writeFileSync(path.join(envs, 'dev.yaml'), bytes);
    const run = synth(envs);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('namespace: mcp');
  });
});

describe('labels and annotations may not carry prefixes that change what reads the object', () => {
  const problems = (text: string) => loadEnvironmentText(text, 'environments/dev.yaml', 'dev').problems.map((p) => `${p.path}: ${p.message}`);
  test.each([
    ['labels', 'rbac.authorization.k8s.io/aggregate-to-view', 'its aggregation labels fold an object\'s rules into the built-in admin, edit and view roles'],
    ['labels', 'pod-security.kubernetes.io/enforce', 'Pod Security admission reads it: on a Namespace it sets the level every pod there is held to'],
    ['labels', 'kubernetes.io/metadata.name', 'reserved for Kubernetes\' own components (kubernetes.io/metadata.name selects namespaces, kubernetes.io/service-account.name ties a Secret to a token)'],
    ['annotations', 'kubernetes.io/service-account.name', 'reserved for Kubernetes\' own components (kubernetes.io/metadata.name selects namespaces, kubernetes.io/service-account.name ties a Secret to a token)'],
    ['annotations', 'k8s.io/anything', 'reserved for Kubernetes\' own components (kubernetes.io/metadata.name selects namespaces, kubernetes.io/service-account.name ties a Secret to a token)'],
    ['labels', 'node-role.kubernetes.io/control-plane', 'reserved for Kubernetes\' own components (kubernetes.io/metadata.name selects namespaces, kubernetes.io/service-account.name ties a Secret to a token)'],
    ['annotations', 'argocd.argoproj.io/sync-options', 'Argo CD reads it: instance tracking, sync options, hooks and pruning'],
    ['annotations', 'cdk8s-mcp/auth', 'cdk8s-mcp sets these itself, and the policy gate reads them (auth, production, transport)'],
  ])('server %s: %s', (field, key, reason) => {
    const prefix = key.slice(0, key.indexOf('/'));
    expect(problems(`${GOOD}    ${field}: {${key}: "true"}\n`)).toEqual([`servers[0].${field}.${key}: expected a key outside the ${prefix}/ prefix, got "${key}": ${reason}`]);
  });

  test('the environment\'s labels too; app.kubernetes.io/ and other prefixes stay open', () => {
    expect(problems(`labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}\n${GOOD}`)).toEqual([
      'labels.rbac.authorization.k8s.io/aggregate-to-edit: expected a key outside the rbac.authorization.k8s.io/ prefix, got "rbac.authorization.k8s.io/aggregate-to-edit": its aggregation labels fold an object\'s rules into the built-in admin, edit and view roles',
    ]);
    expect(problems(`labels: {app.kubernetes.io/owner: ai-platform, team: ai}\n${GOOD}    annotations: {example.com/owner: ai}\n`)).toEqual([]);
  });

  test('selectors still take Kubernetes\' own labels', () => {
    expect(problems(`${GOOD}    nodeSelector: {kubernetes.io/os: linux}\n    ingressFrom: [{namespace: agents, podLabels: {app: agent}}]\n`)).toEqual([]);
  });
});
