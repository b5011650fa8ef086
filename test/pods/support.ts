import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Manifest } from '../../src/policy/manifest';
import { InstalledPrograms, installedPrograms } from './harness/programs';

/** The installed programs, or why the pod tests cannot run here. */
export function podTestPrograms(): InstalledPrograms | { missing: string } {
  if (process.getuid?.() !== 0) return { missing: 'the pod tests need root (bubblewrap mounts and network namespaces)' };
  for (const tool of ['bwrap', 'nsenter', 'unshare', 'ip', 'ss', 'openssl', 'kubectl']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return { missing: `${tool} is not installed: run scripts/install-test-programs` };
    }
  }
  return installedPrograms();
}

/** Every object of the YAML files in a directory. */
export function readDir(dir: string): Manifest[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()).filter(Boolean));
}

/** The Service in front of a Deployment: same namespace, selector within the pod labels. */
export function serviceOf(objects: readonly Manifest[], deployment: Manifest): Manifest | undefined {
  const labels = deployment.spec.template.metadata.labels ?? {};
  return objects.find((o) => o.kind === 'Service' && o.metadata.namespace === deployment.metadata.namespace
    && Object.entries(o.spec?.selector ?? {}).every(([k, v]) => labels[k] === v));
}

/** An MCP initialize request, as a client's first POST, and the headers Streamable HTTP asks for. */
export const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pod-test', version: '1' } } });
export const MCP_POST_HEADERS = { 'content-type': 'application/json', 'accept': 'application/json, text/event-stream' };

/** A test CA and a certificate for the providers' addresses signed by it (openssl). */
export function issuerCertificate(dir: string, ...ips: string[]): { ca: string; cert: string; certKey: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=cdk8s-mcp-test-idp-ca', '-keyout', file('ca.key'), '-out', file('ca.crt'));
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${ips[0]}`, '-keyout', file('idp.key'), '-out', file('idp.csr'));
  fs.writeFileSync(file('idp.ext'), `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', file('idp.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('idp.ext'), '-out', file('idp.crt'));
  // The sandboxed programs run as other users: the files they read must be readable.
  for (const name of ['ca.crt', 'idp.crt', 'idp.key']) fs.chmodSync(file(name), 0o644);
  fs.chmodSync(dir, 0o755);
  return { ca: file('ca.crt'), cert: file('idp.crt'), certKey: file('idp.key') };
}
