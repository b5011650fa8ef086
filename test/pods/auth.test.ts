import { createPrivateKey, generateKeyPairSync, KeyObject, sign } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AUTH_PROXY_CONTAINER_NAME } from '../../src/constructs/auth-proxy';
import { Manifest } from '../../src/policy/manifest';
import { renderEnvironments } from '../../src/synth/render';
import { environment, installedOrReported, tempDir } from '../support/helpers';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms, mockoidcBinary, TEST_IMAGES } from './harness/programs';
import { INITIALIZE, issuerCertificate, MCP_POST_HEADERS, podTestPrograms } from './support';

/*
 * auth.oauth, proven with a real OpenID provider (mockoidc, in the pod's network namespace
 * on 127.0.0.5) and the MCP SDK's own OAuth client: the pod refuses a client without a
 * token with 401 and the metadata URL, serves RFC 9728 metadata at both URL forms, the
 * client discovers the authorization server, gets a token with authorization code + PKCE,
 * and then initializes and lists tools. Tokens that are expired, for another audience,
 * from another issuer or signed by another key are refused, and the server's own port is
 * not reachable from the pod address.
 */

const programs = podTestPrograms();
jest.setTimeout(120_000);

/*
 * thv proxy refuses an issuer on a private, loopback or documentation address and one
 * without https (src/images/toolhive.ts), as it should in production. The provider gets an
 * address of the benchmarking range (198.18.0.0/15, RFC 2544) on the pod's own loopback,
 * which exists only inside the pod's network namespace, and a certificate from a test CA
 * that the containers and the client trust.
 */
const ISSUER_IP = '198.18.0.5';
const ISSUER_ADDRESS = `${ISSUER_IP}:18900`;
const ISSUER = `https://${ISSUER_ADDRESS}/oidc`;
const CLIENT_ID = 'cdk8s-mcp-pod-test';
const CLIENT_SECRET = 'pod-test-client-secret';

/** Where the proxy forwards: the server's loopback port. */
function loopbackPort(pod: Pod): number {
  const proxy = pod.container(AUTH_PROXY_CONTAINER_NAME).spec;
  return Number(new URL(proxy.args[proxy.args.indexOf('--target-uri') + 1]).port);
}

/** A JWT signed RS256 with a key, as an authorization server would issue it under the key id it publishes. */
function jwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}

interface Case {
  readonly title: string;
  readonly server: Record<string, unknown>;
  readonly path: string;
  readonly tool: string;
}

const CASES: Case[] = [
  {
    title: 'a generic server (server-everything behind mcp-proxy, bound to 127.0.0.1 with hostFlag)',
    server: {
      type: 'generic', name: 'everything', image: TEST_IMAGES.mcpProxy, transport: 'stdio-bridge', path: '/mcp/',
      args: ['node', '/usr/local/lib/node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio'], port: 8096, portFlag: '--port', hostFlag: '--host',
    },
    path: '/mcp/',
    tool: 'echo',
  },
  {
    title: 'github behind its bridge (--host=127.0.0.1)',
    server: { type: 'github', name: 'github', image: 'ghcr.io/spigell/github-mcp-server:0.18.0-1b59f5', token: { secret: 'github-mcp', key: 'token' } },
    path: '/mcp/',
    tool: 'get_issue',
  },
  {
    title: 'kubernetes-mcp-server (--bind-address 127.0.0.1, cluster_auth_mode kubeconfig)',
    server: { type: 'kubernetes', name: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' },
    path: '/mcp',
    tool: 'pods_list',
  },
];

if (installedOrReported(programs, 'the OAuth pod tests')) {
  describe.each(CASES)('auth.oauth: $title', ({ server, path: mcpPath, tool }) => {
    const port = Number(server.port ?? 8080);
    const resource = `http://${POD_ADDRESS}:${port}${mcpPath}`;
    const objects = renderEnvironments([environment({
      namespace: 'mcp',
      auth: { oauth: { issuer: ISSUER, audience: CLIENT_ID, resource } },
      servers: [server as any],
    })]).flatMap((f) => f.objects);
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    let pod: Pod;
    let key: KeyObject;

    beforeAll(async () => {
      const dir = tempDir();
      const keyFile = path.join(dir, 'key.pem');
      const { ca, cert, certKey } = issuerCertificate(dir, ISSUER_IP);
      pod = await Pod.start(programs as InstalledPrograms, {
        objects, deployment, addresses: [ISSUER_IP], trustedCa: ca,
        helpers: [[mockoidcBinary(programs as InstalledPrograms), '--listen', ISSUER_ADDRESS, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET,
          '--key-out', keyFile, '--tls-cert', cert, '--tls-key', certKey]],
      });
      key = createPrivateKey(fs.readFileSync(keyFile));
      expect(pod.skipped).toEqual([]);
      await pod.waitForProbes();
      // The kubelet cannot probe a server on loopback: the proxy is ready first, the server a moment later.
      expect(await pod.waitForListener('127.0.0.1', loopbackPort(pod))).toBe(true);
    });
    afterAll(async () => pod?.stop());

    const post = (headers: Record<string, string> = {}) => pod.call('http', { url: resource, method: 'POST', headers: { ...MCP_POST_HEADERS, ...headers }, body: INITIALIZE });

    test('a client without a token gets 401 with the metadata URL (path form)', async () => {
      const answer = await post();
      expect(answer.status).toBe(401);
      const pathForm = `http://${POD_ADDRESS}:${port}/.well-known/oauth-protected-resource${mcpPath.replace(/\/$/, '')}`;
      expect(answer.headers['www-authenticate']).toMatch(new RegExp(`^Bearer .*resource_metadata="${pathForm.replace(/[.]/g, '\\.')}/?"`));
    });

    test('both metadata URL forms serve the resource and the issuer, without a token', async () => {
      for (const url of [`http://${POD_ADDRESS}:${port}/.well-known/oauth-protected-resource${mcpPath}`, `http://${POD_ADDRESS}:${port}/.well-known/oauth-protected-resource`]) {
        const answer = await pod.call('http', { url });
        expect({ url, status: answer.status }).toEqual({ url, status: 200 });
        expect(JSON.parse(answer.body)).toMatchObject({ resource, authorization_servers: [ISSUER], bearer_methods_supported: ['header'] });
      }
    });

    test('the SDK discovers the authorization server, gets a token with code + PKCE, then initializes and lists tools', async () => {
      const flow = await pod.call('oauth', { url: resource, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      expect(flow.challenged).toBe(true);
      expect(flow.resourceMetadata).toMatchObject({ resource, authorization_servers: [ISSUER] });
      expect(flow.authorizationServer).toBe(ISSUER);
      expect(flow.authorizationServerMetadata).toMatchObject({ issuer: ISSUER, code_challenge_methods_supported: expect.arrayContaining(['S256']) });
      const authorize = new URL(flow.authorizationUrl);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, code_challenge_method: 'S256', resource });
      expect(flow.accessToken).toEqual(expect.any(String));
      expect(flow.tools).toContain(tool);
    });

    test('tokens that are expired, for another audience, from another issuer or signed by another key are refused', async () => {
      const now = Math.floor(Date.now() / 1000);
      const valid = { iss: ISSUER, aud: CLIENT_ID, sub: 'agent', iat: now, nbf: now, exp: now + 300 };
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      // The key id the provider publishes; the token of "another key" claims it too.
      const kid = JSON.parse((await pod.call('http', { url: `${ISSUER}/.well-known/jwks.json` })).body).keys[0].kid;
      const token = (claims: Record<string, unknown>, signer: KeyObject = key) => jwt(claims, signer, kid);
      // The control: a token minted the same way with the provider's key is accepted.
      const control = await post({ authorization: `Bearer ${token(valid)}` });
      expect({ status: control.status, why: control.headers['www-authenticate'] }).toEqual({ status: 200, why: undefined });
      const refused = {
        'expired': token({ ...valid, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
        'another audience': token({ ...valid, aud: 'someone-else' }),
        'another issuer': token({ ...valid, iss: 'https://198.18.0.6:18900/oidc' }),
        'another key': token(valid, other),
        'not a JWT': 'not-a-token',
      };
      for (const [what, bearer] of Object.entries(refused)) {
        const answer = await post({ authorization: `Bearer ${bearer}` });
        expect({ what, status: answer.status }).toEqual({ what, status: 401 });
      }
    });

    test('a browser page of another origin is refused before its token is looked at; the resource\'s own origin is not', async () => {
      const foreign = await post({ origin: 'https://attacker.example' });
      expect(foreign.status).toBe(403);
      const own = await post({ origin: new URL(resource).origin });
      expect(own.status).toBe(401);
    });

    test('the server listens on 127.0.0.1 only: its port is closed on the pod address', async () => {
      expect((await pod.call('tcp', { host: '127.0.0.1', port: loopbackPort(pod) })).connected).toBe(true);
      expect((await pod.call('tcp', { host: POD_ADDRESS, port: loopbackPort(pod) })).connected).toBe(false);
    });
  });
}
