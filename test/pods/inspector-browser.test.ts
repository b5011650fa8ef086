import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../src/policy/manifest';
import { INSPECTOR_CONTAINER_NAME, INSPECTOR_PORT } from '../../src/policy/mcp-facts';
import { installedOrReported, render, tempDir } from '../support/helpers';
import { Pod } from './harness/pod';
import { Browser, installedBrowser, InstalledPrograms, TEST_IMAGES } from './harness/programs';
import { podTestPrograms } from './support';

/*
 * The Inspector as a developer uses it: a real browser (Debian's chromium, driven by
 * playwright-core) opens the Inspector UI of a rendered pod, as port-forwarding would show it
 * on the developer's 127.0.0.1, turns on the pod's own server (which the sidecar starts with)
 * and reads the server's tools off the page. The browser runs inside the pod's network
 * namespace, where the Inspector's loopback port is.
 */

const programs = podTestPrograms();
const browser = 'missing' in programs ? programs : installedBrowser(programs);
jest.setTimeout(120_000);

if (installedOrReported(programs, 'the Inspector browser test') && installedOrReported(browser, 'the Inspector browser test\'s browser')) {
  test('the Inspector UI lists the tools of the MCP server in its pod, after one click on the server', async () => {
    const objects = render({
      namespace: 'mcp',
      servers: [{
        type: 'generic', name: 'everything', image: TEST_IMAGES.everything, inspector: true,
        command: ['node', '/usr/local/lib/node_modules/@modelcontextprotocol/server-everything/dist/index.js'], args: ['streamableHttp'], port: 3001, portEnv: 'PORT',
      } as any],
    });
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    const pod = await Pod.start(programs as InstalledPrograms, { objects, deployment, timeoutMs: 60_000 });
    try {
      expect(pod.skipped).toEqual([]);
      await pod.waitForProbes();
      expect(await pod.waitForListener('127.0.0.1', INSPECTOR_PORT)).toBe(true);
      const tools = await toolsShownInBrowser(browser as Browser, pod);
      // server-everything's tools, as the page lists them (name under the title).
      expect(tools).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-env']));
      expect(pod.container(INSPECTOR_CONTAINER_NAME).exit).toBeUndefined();
    } finally {
      await pod.stop();
    }
  });
}

/** Opens the Inspector in chromium inside the pod's network, connects its one server, and returns the tool names the Tools page shows. */
async function toolsShownInBrowser(found: Browser, pod: Pod): Promise<string[]> {
  // playwright speaks to the browser over a pipe, so the browser can live in another network namespace.
  // Its temporary files (a singleton socket, profiles) go to a directory the test support removes.
  const dir = tempDir();
  const wrapper = path.join(dir, 'chromium-in-pod');
  fs.writeFileSync(wrapper, `#!/bin/sh\nTMPDIR=${dir} exec nsenter --net=${pod.networkNamespace} -- ${found.chromium} "$@"\n`, { mode: 0o755 });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(found.playwright) as { chromium: any };
  const instance = await chromium.launch({ executablePath: wrapper, args: ['--no-sandbox'], headless: true });
  try {
    const page = await instance.newPage();
    // GET / hands the page its API token, as the URL the Inspector prints does.
    await page.goto(`http://127.0.0.1:${INSPECTOR_PORT}/`);
    const server = page.getByRole('switch', { name: /Connect or disconnect "127\.0\.0\.1:3001"/ });
    // The visible track of the switch takes the click, as a user's would.
    await server.click({ force: true });
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByText('Tools', { exact: true }).first().click();
    await page.getByText('echo', { exact: true }).waitFor();
    const text: string = await page.innerText('body');
    return text.split('\n').map((line) => line.trim()).filter((line) => /^[a-z][a-z0-9-]*$/.test(line));
  } finally {
    await instance.close();
  }
}
