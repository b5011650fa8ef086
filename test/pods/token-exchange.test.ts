import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../src/policy/manifest';
import { renderEnvironments } from '../../src/synth/render';
import { clusterBinaries, ClusterBinaries, ControlPlane } from '../cluster/harness/control-plane';
import { environment, installedOrReported, tempDir } from '../support/helpers';
import { Pod, POD_ADDRESS } from './harness/pod';
import { InstalledPrograms, mockoidcBinary, stsBinary } from './harness/programs';
import { secretValue } from './harness/volumes';
import { issuerCertificate, podTestPrograms } from './support';

/*
 * auth.oauth.tokenExchange, proven end to end: the user signs in at an OpenID provider
 * (mockoidc) with the MCP SDK's OAuth client, the auth proxy validates that token and
 * exchanges it at a token service (RFC 8693) for one of audience "kubernetes", and
 * kubernetes-mcp-server calls a real kube-apiserver with it. The API server, which trusts
 * the token service through its AuthenticationConfiguration, authorizes the caller: the
 * user's own RoleBinding lets the tool list pods in one namespace and the API server
 * refuses the other, naming the user. The server's ServiceAccount has no RBAC at all.
 * Everything runs in the pod's network namespace: provider 198.18.0.5, token service
 * 198.18.0.6, API server 198.18.0.7:443, which the pod's /etc/hosts calls kubernetes.default.svc
 * (kubernetes-mcp-server calls that name in-cluster, pkg/kubernetes/configuration.go).
 */

const programs = podTestPrograms();
const cluster = clusterBinaries();
jest.setTimeout(180_000);

const IDP_IP = '198.18.0.5';
const STS_IP = '198.18.0.6';
const API_IP = '198.18.0.7';
const ISSUER = `https://${IDP_IP}:18900/oidc`;
const STS = `https://${STS_IP}:18901`;
const CLIENT_ID = 'cdk8s-mcp-pod-test';
const CLIENT_SECRET = 'pod-test-client-secret';
const EXCHANGE_SECRET = { secret: 'kubernetes-mcp-sts', key: 'client-secret' };
/** mockoidc's user (DefaultUser), as the API server names it after the mapping below. */
const USER = 'sts:1234567890';

/** The API server trusts the token service's tokens for audience "kubernetes", users named sts:<sub>. */
function authenticationConfig(dir: string, ca: string): string {
  const file = path.join(dir, 'authentication.yaml');
  const pem = fs.readFileSync(ca, 'utf8').trim().split('\n').map((line) => `      ${line}`).join('\n');
  fs.writeFileSync(file, [
    'apiVersion: apiserver.config.k8s.io/v1', 'kind: AuthenticationConfiguration', 'jwt:',
    '- issuer:', `    url: ${STS}`, '    audiences: [kubernetes]', '    certificateAuthority: |', pem,
    '  claimMappings:', '    username: {claim: sub, prefix: "sts:"}', '',
  ].join('\n'));
  return file;
}

/** The user may list pods in team-a only; a pod there for the tool to find. */
const CLUSTER_OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-a}
---
apiVersion: v1
kind: Pod
metadata: {name: found-through-the-callers-token, namespace: team-a}
spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: team-a}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-reader, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "${USER}"}]
`;

if (installedOrReported(programs, 'the token-exchange pod test') && installedOrReported(cluster, 'the token-exchange pod test\'s API server')) {
  describe('auth.oauth.tokenExchange: the API server authorizes the caller, not the server', () => {
    const resource = `http://${POD_ADDRESS}:8080/mcp`;
    const objects = renderEnvironments([environment({
      namespace: 'mcp',
      servers: [{
        type: 'kubernetes', name: 'kubernetes', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66',
        auth: { oauth: { issuer: ISSUER, audience: CLIENT_ID, resource, tokenExchange: { tokenUrl: `${STS}/token`, clientId: 'kubernetes-mcp', clientSecret: EXCHANGE_SECRET, audience: 'kubernetes' } } },
      } as any],
    })]).flatMap((f) => f.objects);
    const deployment = objects.find((o: Manifest) => o.kind === 'Deployment')!;
    let pod: Pod | undefined;
    let plane: ControlPlane | undefined;

    beforeAll(async () => {
      const dir = tempDir();
      const keyFile = path.join(dir, 'idp-key.pem');
      const { ca, cert, certKey } = issuerCertificate(dir, IDP_IP, STS_IP);
      pod = await Pod.start(programs as InstalledPrograms, {
        objects, deployment, addresses: [IDP_IP, STS_IP, API_IP], trustedCa: ca, timeoutMs: 60_000,
        helpers: [
          [mockoidcBinary(programs as InstalledPrograms), '--listen', `${IDP_IP}:18900`, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET,
            '--key-out', keyFile, '--tls-cert', cert, '--tls-key', certKey],
          // The proxy's client secret is the value the pod harness gives the Secret key it mounts.
          [stsBinary(programs as InstalledPrograms), '--listen', `${STS_IP}:18901`, '--issuer', STS, '--tls-cert', cert, '--tls-key', certKey,
            '--client-id', 'kubernetes-mcp', '--client-secret', secretValue(EXCHANGE_SECRET.secret, EXCHANGE_SECRET.key), '--audience', 'kubernetes',
            '--subject-issuer', ISSUER, '--subject-audience', CLIENT_ID, '--subject-key', keyFile],
        ],
        beforeContainers: async (started) => {
          plane = await ControlPlane.start(cluster as ClusterBinaries, {
            netns: started.networkNamespace, address: API_IP, port: 443, authenticationConfig: authenticationConfig(dir, ca),
          });
          const applied = plane.kubectl(['apply', '-f', '-'], CLUSTER_OBJECTS);
          if (applied.status !== 0) throw new Error(`kubectl apply: ${applied.stderr}`);
          started.useApiServer({ host: API_IP, port: plane.apiPort, caFile: plane.caFile });
        },
      });
      expect(pod.skipped).toEqual([]);
      await pod.waitForProbes();
      expect(await pod.waitForListener('127.0.0.1', 18080)).toBe(true);
    });
    afterAll(async () => {
      await plane?.stop();
      await pod?.stop();
    });

    test('the server\'s ServiceAccount is granted nothing: no Role or binding is rendered', () => {
      expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
    });

    test('after code + PKCE, the tool lists pods where the user may and is refused, by name, where the user may not', async () => {
      const flow = await pod!.call('oauth', {
        url: resource, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
        calls: [
          { name: 'pods_list_in_namespace', arguments: { namespace: 'team-a' } },
          { name: 'pods_list_in_namespace', arguments: { namespace: 'team-b' } },
        ],
      });
      expect(flow.challenged).toBe(true);
      const [allowed, refused] = flow.called;
      expect(allowed).toMatchObject({ isError: false, text: expect.stringContaining('found-through-the-callers-token') });
      expect(refused).toMatchObject({ isError: true, text: expect.stringContaining(`User \\"${USER}\\" cannot list resource \\"pods\\"`) });
      expect(refused.text).toContain('team-b');
      // The client's own token (audience: the MCP server, issuer: the provider) is worth nothing
      // at the API server, so the calls above went with the exchanged one.
      const own = plane!.kubectlWithToken(flow.accessToken, ['auth', 'whoami']);
      expect({ status: own.status, stderr: own.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/Unauthorized|must be logged in/) });
    });
  });
}
