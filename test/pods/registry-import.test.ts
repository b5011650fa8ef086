import { PATH_ANNOTATION } from '../../src/policy/annotations';
import { Manifest } from '../../src/policy/manifest';
import { ImportedServer, importServer, ImportOptions } from '../../src/registry/import';
import { installedOrReported, render } from '../support/helpers';
import { serverJsonFixture } from '../support/server-json';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms, registerBuiltImage } from './harness/programs';
import { secretValue } from './harness/volumes';
import { podTestPrograms } from './support';

/*
 * Servers imported from real server.json files (test/fixtures/server-json/), started for real:
 * the entry `cdk8s-mcp add` writes is rendered, and its pod runs the upstream programs laid
 * out as the Dockerfile `add` writes would build them (npm packages behind supergateway,
 * PyPI packages behind mcp-proxy) or as the OCI image has them. An MCP client then lists
 * the tools through the Service's port and path, as a user's agent would.
 */

const programs = podTestPrograms();
jest.setTimeout(120_000);

/** Renders the imported server alone in an environment and starts its pod. */
async function startImported(imported: ImportedServer, check: (pod: Pod, objects: Manifest[], deployment: Manifest) => Promise<void>): Promise<void> {
  if (imported.build) registerBuiltImage(imported.build.image, imported.build);
  const objects = render({ namespace: 'mcp', servers: [imported.server as any] });
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const pod = await Pod.start(programs as InstalledPrograms, { objects, deployment, timeoutMs: 90_000 });
  try {
    expect(pod.skipped).toEqual([]);
    await pod.waitForProbes();
    await check(pod, objects, deployment);
  } finally {
    await pod.stop();
  }
}

/** tools/list through the Service's targetPort and the path the Deployment announces. */
async function listTools(pod: Pod, objects: Manifest[], deployment: Manifest): Promise<string[]> {
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === deployment.metadata.name)!;
  const port = pod.portNumber(pod.container('mcp-server').spec, service.spec.ports[0].targetPort);
  const answer = await pod.call('mcp', { url: `http://${POD_ADDRESS}:${port}${deployment.metadata.annotations[PATH_ANNOTATION]}`, transport: 'streamable-http' });
  return answer.tools.map((t: { name: string }) => t.name);
}

const cases: Array<[string, string, ImportOptions, string]> = [
  ['kubernetes-mcp-server (its OCI package: the catalog type)', 'kubernetes-mcp-server', {}, 'pods_list'],
  ['@modelcontextprotocol/server-everything (npm, stdio, behind supergateway)', 'server-everything', {}, 'get-sum'],
  ['@modelcontextprotocol/server-everything (npm, its own Streamable HTTP)', 'server-everything', { package: '1' }, 'get-sum'],
  ['mcp-server-time (PyPI, stdio, behind mcp-proxy)', 'mcp-server-time', {}, 'get_current_time'],
  ['airtable-mcp-server (npm, stdio, its token from a Secret)', 'airtable-mcp-server', {}, 'list_records'],
  ['an OCI image serving HTTP, with a secret variable', 'oci-with-secret', {}, 'get-sum'],
];

if (installedOrReported(programs, 'the server.json pod tests')) {
  test.each(cases)('%s answers tools/list', async (_title, name, options, tool) => {
    const imported = importServer(serverJsonFixture(name), options);
    await startImported(imported, async (pod, objects, deployment) => {
      expect(await listTools(pod, objects, deployment)).toContain(tool);
    });
  });

  test('a secret variable reaches the stdio server through the bridge, from its Secret', async () => {
    // airtable-mcp-server reads AIRTABLE_API_KEY; supergateway's child inherits the container's environment.
    const imported = importServer(serverJsonFixture('airtable-mcp-server'));
    await startImported(imported, async (pod, objects, deployment) => {
      // supergateway starts its child for the first session.
      expect(await listTools(pod, objects, deployment)).toContain('list_records');
      const processes = pod.processesOf('mcp-server');
      const child = processes.find((p) => /(^|\/)node$/.test(p.argv[0]) && /airtable-mcp-server/.test(p.argv[1] ?? ''));
      expect(child ? 'the server process' : processes.map((p) => p.argv.join(' '))).toBe('the server process');
      expect(child?.env.AIRTABLE_API_KEY).toBe(secretValue('airtable-mcp-server-env', 'AIRTABLE_API_KEY'));
    });
  });

  test('an OCI package\'s variables reach the server: -e and defaults as env, the secret from its Secret, the port from the URL', async () => {
    const imported = importServer(serverJsonFixture('oci-with-secret'));
    await startImported(imported, async (pod) => {
      const server = pod.processesOf('mcp-server').find((p) => /(^|\/)node$/.test(p.argv[0]) && /server-everything/.test(p.argv[1] ?? ''))!;
      expect(server.env).toMatchObject({ PORT: '3001', LOG_LEVEL: 'info', EVERYTHING_API_TOKEN: secretValue('everything-oci-env', 'EVERYTHING_API_TOKEN') });
    });
  });
}
