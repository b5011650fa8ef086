import { execFileSync } from 'child_process';
import * as path from 'path';
import { parse } from 'yaml';
import { AUTH_PROXY_CONTAINER_NAME } from '../../src/constructs/auth-proxy';
import { PATH_ANNOTATION, TRANSPORT_ANNOTATION } from '../../src/policy/annotations';
import { evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { INSPECTOR_CONTAINER_NAME, INSPECTOR_PORT } from '../../src/policy/mcp-facts';
import { renderEnvironments } from '../../src/synth/render';
import { environment, installedOrReported, ROOT } from '../support/helpers';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms, TEST_IMAGES } from './harness/programs';
import { secretValue } from './harness/volumes';
import { INITIALIZE, MCP_POST_HEADERS, podTestPrograms, readDir, serviceOf } from './support';

/*
 * The rendered pods, started for real: each Deployment's pod runs on this machine with the
 * real upstream programs (see test/pods/harness/), its probes run as rendered, and an MCP
 * client speaks to the server through the Service's targetPort and path. See the README,
 * "Try a server locally".
 */

const programs = podTestPrograms();
const MCP_CONTAINER = 'mcp-server';
jest.setTimeout(120_000);

const deployments = (objects: Manifest[]) => objects.filter((o) => o.kind === 'Deployment');

/** Starts a Deployment's pod, runs the checks, and always stops it. */
async function withPod<T>(objects: Manifest[], deployment: Manifest, check: (pod: Pod) => Promise<T>, timeoutMs?: number): Promise<T> {
  const pod = await Pod.start(programs as InstalledPrograms, { objects, deployment, timeoutMs });
  try {
    return await check(pod);
  } finally {
    await pod.stop();
  }
}

/** What every running MCP pod must do: probes pass, ports are listened on, MCP answers through the Service. */
async function checkServer(pod: Pod, objects: Manifest[], deployment: Manifest): Promise<{ tools: Array<{ name: string; annotations?: any }> }> {
  await pod.waitForProbes();
  for (const name of pod.running) {
    for (const port of pod.container(name).spec.ports ?? []) {
      expect({ container: name, port: port.containerPort, listening: await pod.waitForListener(POD_ADDRESS, port.containerPort) })
        .toEqual({ container: name, port: port.containerPort, listening: true });
    }
  }
  const service = serviceOf(objects, deployment);
  expect(service).toBeDefined();
  const target = service!.spec.ports[0].targetPort;
  const annotations = deployment.metadata.annotations;
  const transport = annotations[TRANSPORT_ANNOTATION] === 'sse' ? 'sse' : 'streamable-http';
  const proxy = pod.running.includes(AUTH_PROXY_CONTAINER_NAME) ? pod.container(AUTH_PROXY_CONTAINER_NAME).spec : undefined;
  if (proxy) {
    // Behind the auth proxy (its own tests run the OAuth flow: test/pods/auth.test.ts): the Service
    // reaches the proxy, which refuses a client without a token; the server answers on loopback only.
    const url = `http://${POD_ADDRESS}:${pod.portNumber(proxy, target)}${annotations[PATH_ANNOTATION]}`;
    const refused = await pod.call('http', { url, method: 'POST', headers: MCP_POST_HEADERS, body: INITIALIZE });
    expect({ status: refused.status, challenge: refused.headers['www-authenticate'] }).toEqual({ status: 401, challenge: expect.stringContaining('resource_metadata=') });
    const loopback = Number(new URL(proxy.args[proxy.args.indexOf('--target-uri') + 1]).port);
    expect((await pod.call('tcp', { host: POD_ADDRESS, port: loopback })).connected).toBe(false);
    const answer = await pod.call('mcp', { url: `http://127.0.0.1:${loopback}${annotations[PATH_ANNOTATION]}`, transport });
    expect(answer.tools.length).toBeGreaterThan(0);
    return answer;
  }
  const port = pod.portNumber(pod.container(MCP_CONTAINER).spec, target);
  const url = `http://${POD_ADDRESS}:${port}${annotations[PATH_ANNOTATION]}`;
  const answer = await pod.call('mcp', { url, transport });
  expect(answer.serverInfo?.name).toBeTruthy();
  expect(answer.tools.length).toBeGreaterThan(0);
  return answer;
}

/** The Inspector sidecar: loopback only, and its API refuses requests without the token. */
async function checkInspector(pod: Pod, deployment: Manifest): Promise<void> {
  expect(await pod.waitForListener('127.0.0.1', INSPECTOR_PORT)).toBe(true);
  expect((await pod.call('tcp', { host: POD_ADDRESS, port: INSPECTOR_PORT })).connected).toBe(false);
  const tokenRef = pod.container(INSPECTOR_CONTAINER_NAME).spec.env.find((e: Manifest) => e.name === 'MCP_INSPECTOR_API_TOKEN').valueFrom.secretKeyRef;
  const url = `http://127.0.0.1:${INSPECTOR_PORT}/api/config`;
  expect((await pod.call('http', { url })).status).toBe(401);
  const token = secretValue(tokenRef.name, tokenRef.key);
  expect((await pod.call('http', { url, headers: { 'x-mcp-remote-auth': `Bearer ${token}` } })).status).toBe(200);
  expect(deployment.spec.template.spec.initContainers.some((c: Manifest) => c.name === INSPECTOR_CONTAINER_NAME && c.restartPolicy === 'Always')).toBe(true);
}

/** The kubeconfig KubeconfigInit wrote: kubectl reads it, and every file it names is there for the MCP container. */
function checkKubeconfig(pod: Pod): void {
  const kubeconfig = pod.hostPathOf(MCP_CONTAINER, '/var/run/kubeconfig/config')!;
  const view = parse(execFileSync('kubectl', ['config', 'view', '--kubeconfig', kubeconfig, '-o', 'yaml'], { encoding: 'utf8' }));
  expect(view['current-context']).toBe('in-cluster');
  const files = [view.clusters[0].cluster['certificate-authority'], view.users[0].user.tokenFile];
  for (const file of files) expect({ file, onHost: pod.hostPathOf(MCP_CONTAINER, file) }).toEqual({ file, onHost: expect.any(String) });
  expect(view.contexts[0].context.namespace).toBe(pod.namespace);
}

const writeTools = (tools: Array<{ name: string; annotations?: any }>) =>
  tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name);

if (installedOrReported(programs, 'the pod tests')) {
  describe.each(['dev', 'prod'])('shipped environment %s: every server whose program exists here', (env) => {
    const objects = readDir(path.join(ROOT, 'dist', env));

    test.each(deployments(objects).map((d) => [d.metadata.name, d]))('%s', async (_name, deployment) => {
      await withPod(objects, deployment, async (pod) => {
        const skipped = pod.skipped.find((s) => s.container === MCP_CONTAINER);
        if (skipped) {
          // Reported, never passed: only servers whose program is not published where this machine reaches.
          expect(['pulumi', 'grafana']).toContain(deployment.metadata.name);
          console.info(`${env}/${deployment.metadata.name}: ${MCP_CONTAINER} skipped: ${skipped.reason}`);
          if (pod.running.includes('kubeconfig')) checkKubeconfig(pod);
          if (pod.running.includes(INSPECTOR_CONTAINER_NAME)) await checkInspector(pod, deployment);
          return;
        }
        const { tools } = await checkServer(pod, objects, deployment);
        if (deployment.metadata.name === 'kubernetes') {
          expect(writeTools(tools)).toEqual([]);
          expect(tools.map((t) => t.name)).not.toContain('configuration_view');
          expect(tools.map((t) => t.name)).toContain('pods_list');
        }
        if (deployment.metadata.name === 'github') {
          expect(tools.map((t) => t.name)).toContain('get_issue');
          expect(writeTools(tools)).toEqual([]);
        }
        if (pod.running.includes(INSPECTOR_CONTAINER_NAME)) await checkInspector(pod, deployment);
      });
    });
  });

  describe('generic servers', () => {
    const everything = { type: 'generic', image: TEST_IMAGES.everything, command: ['node', '/usr/local/lib/node_modules/@modelcontextprotocol/server-everything/dist/index.js'] };
    const cases: Array<[string, any]> = [
      ['streamable HTTP (port from PORT via portEnv)', { ...everything, name: 'streamable', args: ['streamableHttp'], port: 3001, portEnv: 'PORT' }],
      ['SSE', { ...everything, name: 'sse', args: ['sse'], port: 3002, portEnv: 'PORT', transport: 'sse', path: '/sse' }],
      ['stdio behind a bridge (portFlag, health route)', {
        type: 'generic', name: 'bridged', image: TEST_IMAGES.supergateway, transport: 'stdio-bridge', port: 8000, portFlag: '--port', healthPath: '/healthz',
        args: ['--stdio', 'node /usr/local/lib/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio', '--outputTransport', 'streamableHttp', '--stateful', '--healthEndpoint', '/healthz'],
      }],
    ];
    test.each(cases)('%s', async (_title, server) => {
      const objects = renderEnvironments([environment({ namespace: 'mcp', servers: [server] })]).flatMap((f) => f.objects);
      const [deployment] = deployments(objects);
      await withPod(objects, deployment, async (pod) => {
        expect(pod.skipped).toEqual([]);
        await checkServer(pod, objects, deployment);
      });
    });

    test('kubernetes-mcp-server with tools.allow and tools.deny offers exactly the allowed tools, and a denied one cannot be called', async () => {
      const server = { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', tools: { allow: ['pods_list', 'namespaces_list', 'events_list'], deny: ['events_list'] } };
      const objects = renderEnvironments([environment({ namespace: 'mcp', servers: [server as any] })]).flatMap((f) => f.objects);
      const [deployment] = deployments(objects);
      await withPod(objects, deployment, async (pod) => {
        await pod.waitForProbes();
        const answer = await pod.call('mcp', { url: `http://${POD_ADDRESS}:8080/mcp`, transport: 'streamable-http', calls: [{ name: 'events_list' }, { name: 'pods_delete', arguments: { name: 'x' } }] });
        expect(answer.tools.map((t: { name: string }) => t.name).sort()).toEqual(['namespaces_list', 'pods_list']);
        // Refused as a tool the server does not have, not as a call that failed at the API server.
        expect(answer.called).toEqual([
          { name: 'events_list', error: 'MCP error -32602: unknown tool "events_list"' },
          { name: 'pods_delete', error: 'MCP error -32602: unknown tool "pods_delete"' },
        ]);
      });
    });

    test('kubernetes-mcp-server listens on the port its --config file sets, as MCP-PORT-MISMATCH reads it (the upstream chart\'s way)', async () => {
      const server = { name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' };
      const objects = renderEnvironments([environment({ namespace: 'mcp', servers: [server as any] })]).flatMap((f) => f.objects);
      const [deployment] = deployments(objects);
      const container = deployment.spec.template.spec.containers.find((c: Manifest) => c.name === MCP_CONTAINER);
      const at = container.args.indexOf('--port');
      const port = container.args[at + 1];
      container.args.splice(at, 2);
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && Object.keys(o.data ?? {}).some((k) => k.endsWith('config.toml')))!;
      const key = Object.keys(configMap.data).find((k) => k.endsWith('config.toml'))!;
      const portFindings = () => evaluate(objects.map((object, index) => ({ object, index, file: 'x.yaml' })), { only: ['MCP-PORT-MISMATCH'] }).map((f) => f.message);
      const other = String(Number(port) + 1);
      configMap.data[key] = `port = "${other}"\n${configMap.data[key]}`;
      expect(portFindings()).toContainEqual(expect.stringContaining(`listens on ${other} (port = "${other}" in /etc/kubernetes-mcp-server/config.toml`));
      configMap.data[key] = configMap.data[key].replace(`port = "${other}"`, `port = "${port}"`);
      expect(portFindings()).toEqual([]);
      await withPod(objects, deployment, async (pod) => {
        expect(pod.container(MCP_CONTAINER).spec.args).not.toContain('--port');
        await checkServer(pod, objects, deployment);
      });
    });

    test('kubernetes-mcp-server in kubeconfig mode uses the kubeconfig KubeconfigInit writes', async () => {
      const objects = renderEnvironments([environment({ namespace: 'mcp', servers: [{ name: 'k', type: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', kubeconfig: true } as any] })]).flatMap((f) => f.objects);
      const [deployment] = deployments(objects);
      await withPod(objects, deployment, async (pod) => {
        checkKubeconfig(pod);
        const { tools } = await checkServer(pod, objects, deployment);
        expect(writeTools(tools)).toEqual([]);
      });
    });
  });

  describe('the broken pods of release 0.1.0 fail as they did in the cluster', () => {
    const fixture = (env: string) => readDir(path.join(ROOT, 'test/fixtures/dist-0.1.0', env));
    const start = (env: string, name: string, timeoutMs?: number) => {
      const objects = fixture(env);
      const deployment = deployments(objects).find((d) => d.metadata.name === name)!;
      return withPod(objects, deployment, (pod) => pod.waitForProbes(), timeoutMs);
    };

    test('kubernetes without a ServiceAccount token exits at start', async () => {
      await expect(start('dev', 'kubernetes')).rejects.toThrow(/container "mcp-server" exited with code 1 before its startupProbe passed \(CrashLoopBackOff\); its log:\n[\s\S]*no configuration has been provided/);
    });

    test('kubernetes v0.0.50 with --stateless exits: the flag does not exist yet', async () => {
      await expect(start('prod', 'kubernetes')).rejects.toThrow(/exited with code 1 [\s\S]*Error: unknown flag: --stateless/);
    });

    test('github probed on 8000 while the bridge listens on 8080', async () => {
      await expect(start('dev', 'github', 8000)).rejects.toThrow(/container "mcp-server": startupProbe failed for \d+ ms \(TCP 127\.0\.0\.2:8000: ECONNREFUSED\); the pod listens on .*0\.0\.0\.0:8080/);
    });

    test('pulumi has no local program: caught by MCP-SUBCOMMAND-MISSING instead (test/policy/image-rules.test.ts)', async () => {
      const objects = fixture('dev');
      const deployment = deployments(objects).find((d) => d.metadata.name === 'pulumi')!;
      const skipped = await withPod(objects, deployment, async (pod) => pod.skipped);
      expect(skipped).toContainEqual({ container: MCP_CONTAINER, reason: expect.stringContaining('no local program for Pulumi MCP server') });
    });
  });
}
