import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../src/config/load';
import { readTree, ROOT, tempDir } from '../support/helpers';

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
  expect(run.stderr).toContain(`${envs}/prod.yaml: expected a readable environment file, got a dangling symlink`);
});

test('an unreadable file (EACCES; as root, synth runs as nobody to make it so)', () => {
  const envs = tempDir({ 'dev.yaml': GOOD, 'prod.yaml': GOOD });
  fs.chmodSync(path.join(envs, 'prod.yaml'), 0o000);
  fs.chmodSync(envs, 0o755);
  const out = tempDir({ 'dev/demo.yaml': OLD });
  fs.chmodSync(out, 0o777);
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const argv = [...asUser, process.execPath, path.join(ROOT, 'lib/src/cli/synth.js'), '--out', out];
  const run = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, MCP_ENVIRONMENTS_DIR: envs }, encoding: 'utf8' });
  expect(run.stderr).toContain(`${envs}/prod.yaml: expected a readable environment file, got a file it may not read (permission denied)`);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.status).toBe(1);
  expect(readTree(out)).toEqual({ 'dev/demo.yaml': OLD });
});

test('YAML merge keys work', () => {
  const envs = tempDir({ 'dev.yaml': `${GOOD}    port: 9000\n  - <<: *base\n    name: other\n`.replace('  - name: demo', '  - &base\n    name: demo') });
  const [env] = loadEnvironments(envs);
  expect(env.spec.servers.map((s) => [s.name, (s as any).port])).toEqual([['demo', 9000], ['other', 9000]]);
});
