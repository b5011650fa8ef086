import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from '../support/helpers';

/*
 * `cdk8s-mcp add`, as a user runs it: the bin, an environments directory, a server.json. It
 * appends the entry without touching a byte of the rest of the file, writes the Dockerfile
 * of an npm or pypi package beside the environments, says what is left to do, and writes
 * nothing at all when the server.json or the result is refused.
 */

const BIN = path.join(ROOT, 'bin', 'cdk8s-mcp.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/server-json');
const DEV = fs.readFileSync(path.join(ROOT, 'environments', 'dev.yaml'), 'utf8');

/** A project directory with environments/dev.yaml (the shipped one, or the text given). */
function project(dev = DEV): { dir: string; envs: string } {
  const dir = tempDir({ 'environments/dev.yaml': dev });
  return { dir, envs: path.join(dir, 'environments') };
}

function add(dir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, 'add', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, MCP_ENVIRONMENTS_DIR: path.join(dir, 'environments') } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('the entry is appended after the last server; every other byte of the file stays', () => {
  const { dir, envs } = project();
  const run = add(dir, path.join(FIXTURES, 'kubernetes-mcp-server.json'), '--env', 'dev', '--name', 'cluster-tools');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const after = fs.readFileSync(path.join(envs, 'dev.yaml'), 'utf8');
  expect(after.startsWith(DEV)).toBe(true);
  expect(after.slice(DEV.length)).toBe([
    '  # io.github.containers/kubernetes-mcp-server 0.0.66: added by cdk8s-mcp add from its server.json',
    '  - name: cluster-tools',
    '    type: kubernetes',
    '    image: ghcr.io/containers/kubernetes-mcp-server:v0.0.66',
    '',
  ].join('\n'));
  expect(run.stdout).toContain('Added server "cluster-tools" to');
  expect(run.stdout).toContain('catalog type "kubernetes"');
  expect(fs.existsSync(path.join(dir, 'images'))).toBe(false);
});

test('an npm package: its Dockerfile beside the environments, and what to build, create and review', () => {
  const { dir } = project();
  const run = add(dir, path.join(FIXTURES, 'airtable-mcp-server.json'), '--env', 'dev', '--image', 'ghcr.io/acme/airtable-mcp:1.7.3');
  expect(run.status).toBe(0);
  const dockerfile = fs.readFileSync(path.join(dir, 'images', 'airtable-mcp-server', 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^# The image of server "airtable-mcp-server", written by `cdk8s-mcp add airtable-mcp-server.json`\.\n/);
  expect(dockerfile).toContain('#   docker build -t ghcr.io/acme/airtable-mcp:1.7.3 <this directory> && docker push ghcr.io/acme/airtable-mcp:1.7.3\nFROM node:22-bookworm-slim\n');
  expect(run.stdout).toContain([
    '  - create the Secret airtable-mcp-server-env in namespace my-reforge-ai with AIRTABLE_API_KEY: run',
    '      kubectl -n my-reforge-ai create secret generic airtable-mcp-server-env --from-env-file=/dev/stdin',
    '    and type AIRTABLE_API_KEY=<value> (one per line), then Ctrl-D. It holds:',
  ].join('\n'));
  expect(run.stdout).toContain(`  - build and push ghcr.io/acme/airtable-mcp:1.7.3 from ${path.join('images', 'airtable-mcp-server', 'Dockerfile')}\n`);
});

test('a name that is taken: refused, and nothing is written', () => {
  const { dir, envs } = project();
  const run = add(dir, path.join(FIXTURES, 'mcp-server-time.json'), '--env', 'dev', '--name', 'github');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('servers: a server named "github" exists already (choose another with --name); nothing was written');
  expect(fs.readFileSync(path.join(envs, 'dev.yaml'), 'utf8')).toBe(DEV);
  expect(fs.existsSync(path.join(dir, 'images'))).toBe(false);
});

test('environments that would fail the policy gate: refused with the findings, nothing written', () => {
  // An existing server probed on 8000 while its image's bridge listens on 8080 (MCP-PORT-MISMATCH): add writes into no failing environment.
  const dev = 'namespace: tools\nservers:\n  - name: bridged\n    type: generic\n    image: ghcr.io/spigell/github-mcp-server:0.18.0-abc1234\n    port: 8000\n';
  const { dir, envs } = project(dev);
  const run = add(dir, path.join(FIXTURES, 'mcp-server-time.json'), '--env', 'dev');
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^The policy gate refuses the environments with the new server:\n {2}.*Deployment\/tools\/bridged: MCP-PORT-MISMATCH/);
  expect(run.stderr).toMatch(/Nothing was written\.\n$/);
  expect(fs.readFileSync(path.join(envs, 'dev.yaml'), 'utf8')).toBe(dev);
  expect(fs.existsSync(path.join(dir, 'images'))).toBe(false);
});

test('a server.json that fails its schema: the JSON paths, exit 1', () => {
  const { dir, envs } = project();
  const broken = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'mcp-server-time.json'), 'utf8'));
  broken.packages[0].transport = { type: 'streamable-http' };
  fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
  const run = add(dir, 'broken.json', '--env', 'dev');
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('broken.json is not a valid server.json:\n  packages[0].transport.url: expected a URL: a string, got nothing\nNothing was written.\n');
  expect(fs.readFileSync(path.join(envs, 'dev.yaml'), 'utf8')).toBe(DEV);
});

test('a remotes-only server.json: explained, exit 1', () => {
  const { dir } = project();
  const run = add(dir, path.join(FIXTURES, 'remote-only.json'), '--env', 'dev');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('packages: expected a package to run: this server.json offers only remotes');
});

test('a secret value given with --set: refused, and the value is not repeated', () => {
  const { dir } = project();
  const run = add(dir, path.join(FIXTURES, 'airtable-mcp-server.json'), '--env', 'dev', '--set', 'AIRTABLE_API_KEY=patSECRET123.abc');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('--set AIRTABLE_API_KEY: the variable AIRTABLE_API_KEY is secret');
  expect(run.stdout + run.stderr).not.toContain('patSECRET123');
});

test.each([
  [['x.json'], 'expected --env <name>'],
  [['--env', 'dev'], 'expected one server.json file, got 0'],
  [['x.json', '--env', 'dev', '--set', 'NOEQUALS'], '--set "NOEQUALS": expected NAME=value'],
  [['x.json', '--env', 'dev', '--bogus'], 'Unknown option \'--bogus\''],
])('bad usage %j: exit 2 with the usage', (args, message) => {
  const run = add(ROOT, ...args);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr).toContain('usage: cdk8s-mcp add <server.json> --env <name>');
});

test('an environment file that does not exist', () => {
  const { dir } = project();
  const run = add(dir, path.join(FIXTURES, 'mcp-server-time.json'), '--env', 'staging');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('staging.yaml: no such environment file');
});
