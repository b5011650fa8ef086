import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { PATH_ANNOTATION, TRANSPORT_ANNOTATION } from '../../../src/policy/annotations';
import { Manifest } from '../../../src/policy/manifest';
import { Pod, POD_ADDRESS } from './pod';
import { installedPrograms } from './programs';

/*
 * `npm run try-pod -- <file.yaml> [deployment]`: starts one rendered pod with the pod
 * harness, reports its probes, listeners and MCP tools, and stops it (with `--keep`, only
 * on Ctrl-C). For people adding a server: what the tests check, by hand.
 */

function readObjects(file: string): Manifest[] {
  // ConfigMaps may sit in other files of the same folder (dist/<env>/).
  const dir = fs.statSync(file).isDirectory() ? file : path.dirname(file);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()).filter(Boolean));
}

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes('--keep');
  const [file, name] = argv.filter((a) => a !== '--keep');
  if (!file) {
    process.stderr.write('usage: npm run try-pod -- <dist/<env>/<server>.yaml> [deployment name] [--keep]\n');
    return 2;
  }
  const programs = installedPrograms();
  if ('missing' in programs) {
    process.stderr.write(`${programs.missing}\n`);
    return 2;
  }
  const inFile = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind === 'Deployment');
  const deployment = name ? inFile.find((d) => d.metadata?.name === name) : inFile[0];
  if (!deployment) {
    process.stderr.write(`${file}: no Deployment${name ? ` named "${name}"` : ''}\n`);
    return 2;
  }
  const pod = await Pod.start(programs, { objects: readObjects(file), deployment });
  try {
    pod.skipped.forEach((s) => console.log(`skipped ${s.container}: ${s.reason}`));
    console.log(`running: ${pod.running.join(', ')} (pod address ${POD_ADDRESS})`);
    (await pod.waitForProbes()).forEach((line) => console.log(`probe ${line}`));
    console.log(`listening: ${pod.listeners().join(', ')}`);
    const main = pod.running.includes('mcp-server') ? pod.container('mcp-server').spec : undefined;
    if (main) {
      const port = pod.portNumber(main, main.ports[0].name ?? main.ports[0].containerPort);
      const annotations = deployment.metadata.annotations ?? {};
      const url = `http://${POD_ADDRESS}:${port}${annotations[PATH_ANNOTATION] ?? '/mcp'}`;
      const answer = await pod.call('mcp', { url, transport: annotations[TRANSPORT_ANNOTATION] === 'sse' ? 'sse' : 'streamable-http' });
      console.log(`MCP ${url}: ${answer.serverInfo?.name} ${answer.serverInfo?.version}, ${answer.tools.length} tools: ${answer.tools.map((t: Manifest) => t.name).join(', ')}`);
    }
    if (keep) {
      console.log(`kept running; reach it with: nsenter --net=${pod.networkNamespace} curl http://${POD_ADDRESS}:<port>/...; Ctrl-C stops it`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
    return 0;
  } catch (err) {
    console.error(String((err as Error).message));
    return 1;
  } finally {
    await pod.stop();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
