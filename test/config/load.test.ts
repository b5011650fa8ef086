import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, formatProblem } from '../../src/config/problems';
import { loadEnvironments } from '../../src/synth/load-environments';
import { AWS, GITHUB, GOOGLE, OPENAI, PASSWORD } from '../support/fake-credentials';
import { tempDir } from '../support/helpers';

/** The formatted problems for an environments directory holding these files. */
function problemsFor(files: Record<string, string>): string[] {
  const dir = tempDir(files);
  try {
    loadEnvironments(dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => formatProblem({ ...p, file: path.basename(p.file) }));
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return [];
}

const server = (extra = '') => `namespace: mcp
servers:
  - name: demo
    type: generic
    image: ghcr.io/example/demo:1.0.0
${extra}`;

describe('loadEnvironments', () => {
  test('loads a valid file with defaults applied', () => {
    const dir = tempDir({ 'dev.yaml': server() });
    const [env] = loadEnvironments(dir);
    expect(env.name).toBe('dev');
    expect(env.spec.servers[0]).toMatchObject({ port: 8080, replicas: 1, runAsUser: 65532, transport: 'streamable-http', stateless: false });
    expect(env.spec.podSecurity).toBe('restricted');
  });

  test('refuses YAML syntax errors, with the line', () => {
    expect(problemsFor({ 'dev.yaml': 'namespace: mcp\nservers:\n  - name: [unclosed\n' })[0]).toMatch(/^dev\.yaml:\d+: YAML syntax error: /);
  });

  test('refuses duplicate keys', () => {
    expect(problemsFor({ 'dev.yaml': 'namespace: a\nnamespace: b\n' })[0]).toBe('dev.yaml:2: YAML syntax error: key "namespace" appears twice in one mapping (map keys must be unique)');
  });

  test('refuses unknown keys, naming the key and suggesting the right one', () => {
    expect(problemsFor({ 'dev.yaml': server('    imagePolicy: Always\n    replica: 2\n') })).toEqual([
      expect.stringMatching(/^dev\.yaml:6 servers\[0\]\.imagePolicy: unknown key "imagePolicy"; expected one of: type, name, image, /),
      expect.stringMatching(/^dev\.yaml:7 servers\[0\]\.replica: unknown key "replica" \(did you mean "replicas"\?\)/),
    ]);
    expect(problemsFor({ 'dev.yaml': 'namespace: mcp\nservrs: []\n' })).toEqual([
      expect.stringMatching(/^dev\.yaml:2 servrs: unknown key "servrs" \(did you mean "servers"\?\)/),
    ]);
  });

  test('refuses wrong types, quoting what was found', () => {
    expect(problemsFor({ 'dev.yaml': server('    port: "80a"\n    replicas: two\n    stateless: "yes"\n') })).toEqual([
      'dev.yaml:6 servers[0].port: expected a port: an integer 1-65535, got "80a"',
      'dev.yaml:7 servers[0].replicas: expected a replica count: an integer 0-100, got "two"',
      'dev.yaml:8 servers[0].stateless: expected stateless: true or false, got "yes"',
    ]);
  });

  test('refuses a port out of range', () => {
    expect(problemsFor({ 'dev.yaml': server('    port: 70000\n') })).toEqual(['dev.yaml:6 servers[0].port: expected a port: an integer 1-65535, got 70000']);
  });

  test('refuses duplicate server names', () => {
    const text = `${server()}  - name: demo\n    type: generic\n    image: ghcr.io/example/other:2.0.0\n`;
    expect(problemsFor({ 'dev.yaml': text })).toEqual([
      'dev.yaml:6 servers[1].name: expected a name unique in the environment, got "demo" (already used by servers[0])',
    ]);
  });

  test.each([
    ['ghcr.io/example/demo', 'no tag'],
    ['ghcr.io/example/demo:latest', 'latest'],
    ['ghcr.io/example/Demo:1.0', 'upper case'],
  ])('refuses the image %s (%s)', (image) => {
    expect(problemsFor({ 'dev.yaml': server().replace('ghcr.io/example/demo:1.0.0', image) })).toEqual([
      expect.stringMatching(new RegExp(`^dev\\.yaml:5 servers\\[0\\]\\.image: expected an image reference pinned by tag or digest .*, got "${image.replace(/\./g, '\\.')}"$`)),
    ]);
  });

  test('accepts an image pinned by digest alone', () => {
    expect(problemsFor({ 'dev.yaml': server().replace('demo:1.0.0', `demo@sha256:${'0'.repeat(64)}`) })).toEqual([]);
  });

  test('refuses invalid DNS names for servers and namespaces', () => {
    const text = server().replace('name: demo', 'name: Demo_1').replace('namespace: mcp', 'namespace: MCP');
    expect(problemsFor({ 'dev.yaml': text })).toEqual([
      expect.stringMatching(/^dev\.yaml:1 namespace: expected a namespace: a DNS-1123 label .*, got "MCP"$/),
      expect.stringMatching(/^dev\.yaml:3 servers\[0\]\.name: expected a server name: a DNS-1035 label .*, got "Demo_1"$/),
    ]);
  });

  test('refuses a name whose derived object names would pass 63 characters', () => {
    const text = server().replace('namespace: mcp', `namespace: ${'n'.repeat(40)}`).replace('name: demo', `name: ${'d'.repeat(20)}`);
    expect(problemsFor({ 'dev.yaml': text })[0]).toMatch(/servers\[0\]\.name: expected a name short enough that derived object names stay within 63 characters, got "d{20}" \(would produce "n{40}-d{20}-view", 66 characters/);
  });

  test('refuses a Secret reference without a key', () => {
    expect(problemsFor({ 'dev.yaml': server('    secretEnv:\n      TOKEN: {secret: demo}\n') })).toEqual([
      expect.stringMatching(/^dev\.yaml:7 servers\[0\]\.secretEnv\.TOKEN\.key: expected the key inside the Secret: .*, got nothing$/),
    ]);
  });

  test('refuses stateless with SSE and a nodePort without NodePort', () => {
    expect(problemsFor({ 'dev.yaml': server('    transport: sse\n    stateless: true\n    service: {nodePort: 30080}\n') })).toEqual([
      'dev.yaml:7 servers[0].stateless: expected stateless: false with transport sse (an SSE session lives in one pod\'s memory), got true',
      'dev.yaml:8 servers[0].service.nodePort: expected no nodePort unless service.type is NodePort, got 30080 with type ClusterIP',
    ]);
  });

  test('refuses an unknown server type, listing the known ones', () => {
    expect(problemsFor({ 'dev.yaml': server().replace('type: generic', 'type: githb') })).toEqual([
      expect.stringMatching(/^dev\.yaml:4 servers\[0\]\.type: expected a server type: "generic".*, got "githb"$/),
    ]);
  });

  test('lists the problems of every file in one run', () => {
    expect(problemsFor({ 'dev.yaml': server('    port: 0\n'), 'prod.yaml': 'namespace: 1\n' })).toEqual([
      'dev.yaml:6 servers[0].port: expected a port: an integer 1-65535, got 0',
      expect.stringMatching(/^prod\.yaml:1 namespace: expected a namespace: .*, got 1$/),
    ]);
  });

  test('refuses an empty file, several documents, and a file that is not a mapping', () => {
    expect(problemsFor({ 'dev.yaml': '' })).toEqual(['dev.yaml:1: expected an environment mapping (namespace, servers, ...), got an empty file']);
    expect(problemsFor({ 'dev.yaml': 'namespace: a\n---\nnamespace: b\n' })).toEqual(['dev.yaml:2: expected one YAML document, got several (one environment per file)']);
    expect(problemsFor({ 'dev.yaml': '- a\n' })[0]).toMatch(/^dev\.yaml:1: expected an environment: a mapping with namespace and servers, got a list$/);
  });

  test('refuses environment names that are reserved or not DNS labels', () => {
    expect(problemsFor({ 'argocd.yaml': server() })).toEqual([
      'argocd.yaml: expected an environment name other than "argocd", which is reserved for the Argo CD objects in dist/argocd/',
    ]);
    expect(problemsFor({ 'Dev_1.yaml': server() })[0]).toMatch(/^Dev_1\.yaml: expected the file name to be an environment name .*, got "Dev_1"$/);
    expect(problemsFor({ 'dev.yml': server() })).toEqual(['dev.yml: expected the extension ".yaml", got ".yml" (rename the file)']);
  });

  test('refuses an empty or missing environments directory', () => {
    expect(problemsFor({})).toEqual([expect.stringMatching(/: expected at least one environment file \(<env>\.yaml\), found none$/)]);
    expect(() => loadEnvironments('/nonexistent/environments')).toThrow(
      '/nonexistent/environments: expected a directory of environment files (<env>.yaml), found no such directory',
    );
  });
});

describe('values the API server, a CRD or a gateway would refuse or misread are config errors naming the field', () => {
  test.each([
    ['a CIDR with an octet over 255 and a prefix over 32', '    ingressFrom: [{cidr: 999.1.2.3/99}]\n', 'servers[0].ingressFrom[0].cidr: expected a CIDR such as 10.8.0.0/24'],
    ['a CIDR with a leading zero (octal to some parsers)', '    egressTo: [{cidr: 010.0.0.0/8}]\n', 'servers[0].egressTo[0].cidr: expected a CIDR'],
    ['an IPv6 CIDR with a zone', '    egressTo: [{cidr: "fe80::1%eth0/64"}]\n', 'servers[0].egressTo[0].cidr: expected a CIDR'],
    ['a route host name with a space and a "!"', '    expose: {httpRoute: {parentRefs: [{name: edge}], hostnames: ["bad host!"]}}\n', 'servers[0].expose.httpRoute.hostnames[0]: expected a host name: a lower-case DNS name'],
    ['a bare "*" route host name', '    expose: {httpRoute: {parentRefs: [{name: edge}], hostnames: ["*"]}}\n', 'servers[0].expose.httpRoute.hostnames[0]: expected a host name'],
    ['an IP address as a route host name', '    expose: {agentgateway: {parentRefs: [{name: edge}], hostnames: ["10.0.0.1"]}}\n', 'servers[0].expose.agentgateway.hostnames[0]: expected a host name'],
    ['an IngressClass name with spaces and capitals', '    expose: {ingress: {className: "Nginx Class!", host: mcp.example.com}}\n', 'servers[0].expose.ingress.className: expected an IngressClass name: a DNS-1123 subdomain'],
    ['an Istio host with a space', '    expose: {istio: {hosts: ["mcp example.com"], gateways: [gw/edge]}}\n', 'servers[0].expose.istio.hosts[0]: expected a host name'],
    ['a non-ASCII look-alike Istio host (Cyrillic а)', '    expose: {istio: {hosts: ["mcp.ex\u0430mple.com"], gateways: [gw/edge]}}\n', 'servers[0].expose.istio.hosts[0]: expected a host name: a lower-case DNS name such as mcp.example.com, optionally starting with "*." for a wildcard, in ASCII (internationalised names in their xn-- form)'],
    ['an Istio gateway with a space', '    expose: {istio: {hosts: [mcp.example.com], gateways: ["gw/edge gateway"]}}\n', 'servers[0].expose.istio.gateways[0]: expected an Istio Gateway'],
    ['a MESH_EXTERNAL ServiceEntry for "*"', '    expose: {istio: {hosts: [mcp.example.com], gateways: [gw/edge], externalHosts: [{host: "*"}]}}\n', 'servers[0].expose.istio.externalHosts[0].host: expected a DNS name: a lower-case DNS name such as mcp.example.com (no wildcard)'],
    ['a wildcard ServiceEntry host, which Istio refuses with DNS resolution', '    expose: {istio: {hosts: [mcp.example.com], gateways: [gw/edge], externalHosts: [{host: "*.github.com"}]}}\n', 'servers[0].expose.istio.externalHosts[0].host: expected a DNS name'],
    ['a toleration key with a space', '    tolerations: [{key: "dedicated node", operator: Exists}]\n', 'servers[0].tolerations[0].key: expected a taint key: a Kubernetes label key'],
    ['an origin with a path', '    allowedOrigins: ["https://agents.example.com/app"]\n', 'servers[0].allowedOrigins[0]: expected an origin'],
  ])('%s', (_what, extra, message) => {
    const text = extra.includes('allowedOrigins') ? server(extra).replace('type: generic', 'type: github\n    token: {secret: gh, key: token}') : server(extra);
    expect(problemsFor({ 'dev.yaml': text }).join('\n')).toContain(message);
  });

  test('well-formed values of the same fields pass', () => {
    expect(problemsFor({ 'dev.yaml': server([
      '    ingressFrom: [{cidr: 10.8.0.0/24}, {cidr: "fd00::/8"}, {cidr: 0.0.0.0/0}]',
      '    tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]',
      '    expose: {istio: {hosts: [mcp.example.com, "*.agents.example.com", xn--mcp-9na.example.com], gateways: [gateways/edge, mesh], externalHosts: [{host: api.github.com}]}}',
      '',
    ].join('\n')) })).toEqual([]);
  });
});

describe('the Inspector release', () => {
  test.each([
    ['0.13.0', 'inspector.image: expected an MCP Inspector release 2.0.0 or later: 0.13.0 has no authentication at all'],
    ['1.0.1', 'inspector.image: expected an MCP Inspector release 2.0.0 or later: 1.0.1 is a 1.x-era release'],
  ])('%s is refused, naming the field', (tag, message) => {
    expect(problemsFor({ 'dev.yaml': `inspector: {image: "ghcr.io/modelcontextprotocol/inspector:${tag}"}\n${server()}` }).join('\n')).toContain(message);
  });
});

describe('an environment file with a literal credential is a config error naming the field, without the value', () => {
  const base = 'namespace: mcp\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo:1.0.0\n';
  test.each([
    ['in args', `    args: [--token, ${GITHUB}]\n`, 'servers[0].args[1]: expected no credential in the environment file, got a GitHub token'],
    ['a password in a URL', `    env: {DATABASE_URL: "postgres://admin:${PASSWORD}@db:5432/app"}\n`, 'servers[0].env.DATABASE_URL: expected no credential in the environment file, got a URL with a password in it'],
    ['an AWS access key id', `    env: {AWS_KEY_ID: ${AWS}}\n`, 'servers[0].env.AWS_KEY_ID: expected no credential in the environment file, got an AWS access key id'],
    ['an OpenAI key in the command', `    command: [server, "--openai=${OPENAI}"]\n`, 'servers[0].command[1]: expected no credential in the environment file, got an OpenAI-style secret key (sk-...)'],
    ['a Google API key in an annotation', `    annotations: {example.com/key: ${GOOGLE}}\n`, 'servers[0].annotations.example.com/key: expected no credential in the environment file, got a Google API key'],
    ['a password line in a configFile', `    configFiles:\n      /etc/app/app.toml: |\n        [db]\n        password = "${PASSWORD}"\n`, 'servers[0].configFiles./etc/app/app.toml: expected no credential in the environment file, got a literal value for "password"'],
    ['a token in the repository URL', `gitops: {repoURL: "https://x:${GITHUB}@github.com/acme/deploy.git"}\n`, 'gitops.repoURL: expected no credential in the environment file, got a GitHub token'],
  ])('%s', (_what, extra, message) => {
    const text = extra.startsWith('gitops') ? `${extra}${base}` : `${base}${extra}`;
    const printed = problemsFor({ 'dev.yaml': text }).join('\n');
    expect(printed).toContain(message);
    for (const secret of [GITHUB, AWS, OPENAI, GOOGLE, PASSWORD]) expect(printed).not.toContain(secret);
  });
});


test('a tool the pinned kubernetes-mcp-server release does not have is a config error listing the ones it has', () => {
  const text = 'namespace: mcp\nservers:\n  - name: k\n    type: kubernetes\n    image: quay.io/containers/kubernetes_mcp_server:v0.0.66\n    tools: {allow: [pods_list, pod_list]}\n';
  expect(problemsFor({ 'dev.yaml': text })).toEqual([
    expect.stringMatching(/^dev\.yaml:\d+ servers\[0\]\.tools\.allow: expected a tool of kubernetes-mcp-server 0\.0\.66 with toolsets core,config, got "pod_list"; it has events_list, namespaces_list, .*pods_list.*\(https:\/\/github\.com\/containers\/kubernetes-mcp-server\/blob\/v0\.0\.66\/pkg\/toolsets\)$/),
  ]);
});
