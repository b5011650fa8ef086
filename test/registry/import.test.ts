import * as fs from 'fs';
import * as path from 'path';
import { MCP_PROXY_LOCK } from '../../src/images';
import { evaluate } from '../../src/policy/engine';
import { ImportError, importServer, ImportOptions } from '../../src/registry/import';
import { NODE_RUNNER, PYTHON_RUNNER, shellWord } from '../../src/registry/runner-image';
import { ServerJson } from '../../src/registry/server-json';
import { render, ROOT } from '../support/helpers';
import { serverJsonFixture } from '../support/server-json';

/*
 * What `cdk8s-mcp add` makes of real server.json files: the exact entry, what it says it
 * decided, the Secrets to create, and the refusals, each naming the JSON path. Every entry
 * renders and passes the policy gate (test/pods/registry-import.test.ts runs them).
 */

/** The problems of a refused import. */
function refusal(json: ServerJson, options: ImportOptions = {}): Array<{ path: string; message: string }> {
  try {
    importServer(json, options);
  } catch (err) {
    if (err instanceof ImportError) return [...err.problems];
    throw err;
  }
  throw new Error('imported');
}

describe('the entries', () => {
  test('kubernetes-mcp-server: its OCI package (HTTP) over its npm and pypi ones (stdio), as the catalog type', () => {
    const imported = importServer(serverJsonFixture('kubernetes-mcp-server'));
    expect(imported.server).toEqual({ name: 'kubernetes-mcp-server', type: 'kubernetes', image: 'ghcr.io/containers/kubernetes-mcp-server:v0.0.66' });
    expect(imported.decisions).toEqual([
      'package: packages[2] (oci ghcr.io/containers/kubernetes-mcp-server:v0.0.66, transport streamable-http)',
      expect.stringMatching(/^runtimeArguments dropped: -v \(a host path means nothing in a pod/),
      expect.stringContaining('catalog type "kubernetes"'),
      'dropped -e KUBECONFIG: the catalog type sets the server\'s flags and credentials itself',
    ]);
    expect(imported.secrets).toEqual([]);
    expect(imported.build).toBeUndefined();
  });

  test('an npm stdio package: behind supergateway in an image built from its Dockerfile', () => {
    const imported = importServer(serverJsonFixture('server-everything'));
    expect(imported.server).toEqual({
      name: 'server-everything', type: 'generic', image: 'localhost/mcp/server-everything:2026.8.31', port: 8080, transport: 'stdio-bridge', path: '/mcp', healthPath: '/healthz',
      args: ['--stdio', 'npx --offline --no-install @modelcontextprotocol/server-everything stdio', '--outputTransport', 'streamableHttp', '--stateful', '--port', '8080', '--healthEndpoint', '/healthz'],
    });
    expect(imported.build).toEqual({ image: 'localhost/mcp/server-everything:2026.8.31', registryType: 'npm', package: { name: '@modelcontextprotocol/server-everything', version: '2026.8.31' }, dockerfile: expect.any(String) });
    expect(imported.build!.dockerfile).toBe([
      'FROM node:22-bookworm-slim',
      'ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false',
      'WORKDIR /app',
      'RUN echo \'{"private": true}\' > package.json \\',
      ' && npm install --save-exact --omit=dev supergateway@4.0.0 @modelcontextprotocol/server-everything@2026.8.31 \\',
      ' && npm cache clean --force',
      'USER 65532:65532',
      'ENTRYPOINT ["/app/node_modules/.bin/supergateway"]',
      '',
    ].join('\n'));
  });

  test('the same package\'s HTTP entry runs without a bridge, its port from the variable the URL names', () => {
    const imported = importServer(serverJsonFixture('server-everything'), { package: '1', name: 'everything-http' });
    expect(imported.server).toEqual({
      name: 'everything-http', type: 'generic', image: 'localhost/mcp/everything-http:2026.8.31',
      command: ['npx', '--offline', '--no-install', '@modelcontextprotocol/server-everything', 'streamableHttp'],
      port: 3001, portEnv: 'PORT', transport: 'streamable-http',
    });
  });

  test('a PyPI stdio package: behind mcp-proxy (with its locked dependencies) in its own image', () => {
    const imported = importServer(serverJsonFixture('mcp-server-time'), { image: 'ghcr.io/acme/mcp-time:2026.10.19' });
    expect(imported.server).toEqual({
      name: 'server-time', type: 'generic', image: 'ghcr.io/acme/mcp-time:2026.10.19', port: 8080, transport: 'stdio-bridge', path: '/mcp/', healthPath: '/status',
      args: ['--host', '0.0.0.0', '--port', '8080', '--pass-environment', '--', '/opt/server/bin/mcp-server-time'],
    });
    expect(imported.build!.dockerfile).toContain(' && python -m venv /opt/server && /opt/server/bin/pip install mcp-server-time==2026.10.19\n');
    expect(imported.build!.dockerfile).toContain(`/opt/bridge/bin/pip install --no-deps ${Object.entries(MCP_PROXY_LOCK).map(([n, v]) => `${n}==${v}`).join(' ')} \\`);
  });

  test('a secret variable becomes a secretEnv key of the server\'s Secret, and is listed to create', () => {
    const imported = importServer(serverJsonFixture('airtable-mcp-server'));
    expect(imported.server.secretEnv).toEqual({ AIRTABLE_API_KEY: { secret: 'airtable-mcp-server-env', key: 'AIRTABLE_API_KEY' } });
    expect(imported.server.env).toBeUndefined();
    expect(imported.secrets).toEqual([{ secret: 'airtable-mcp-server-env', key: 'AIRTABLE_API_KEY', what: expect.stringContaining('Airtable personal access token') }]);
  });

  test('an OCI package: -p gives the container port, -e and defaults become env, -v is dropped with the reason', () => {
    const imported = importServer(serverJsonFixture('oci-with-secret'));
    expect(imported.server).toEqual({
      name: 'everything-oci', type: 'generic', image: 'localhost/cdk8s-mcp-test/everything:2026.8.31', port: 3001, portEnv: 'PORT', transport: 'streamable-http',
      args: ['streamableHttp'], env: { LOG_LEVEL: 'info' }, secretEnv: { EVERYTHING_API_TOKEN: { secret: 'everything-oci-env', key: 'EVERYTHING_API_TOKEN' } },
    });
    expect(imported.decisions).toContainEqual(expect.stringMatching(/^runtimeArguments dropped: -v \(a host path means nothing in a pod/));
  });

  test('--set fills an input without a value; a fixed value and a choice are kept to', () => {
    const json = serverJsonFixture('oci-with-secret');
    expect(importServer(json, { set: { level: 'debug' } }).server.env).toEqual({ LOG_LEVEL: 'debug' });
    expect(refusal(json, { set: { level: 'trace' } })).toEqual([{ path: 'packages[0].runtimeArguments[1].variables.level', message: 'expected the variable level to be one of "debug", "info", got "trace"' }]);
  });

  test.each([
    ['server-everything', {}], ['server-everything', { package: '1' }], ['mcp-server-time', {}], ['airtable-mcp-server', {}], ['kubernetes-mcp-server', {}], ['oci-with-secret', {}],
  ] as Array<[string, ImportOptions]>)('%s %j renders and passes the policy gate', (name, options) => {
    const { server } = importServer(serverJsonFixture(name), options);
    const objects = render({ namespace: 'mcp', servers: [server as any] });
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(1);
    const findings = evaluate(objects.map((object, index) => ({ object, index, file: 'test.yaml' })));
    expect(findings.filter((f) => f.severity === 'error' && f.waived === undefined)).toEqual([]);
  });
});

describe('refusals name the JSON path', () => {
  test('a server.json with only remotes: nothing to deploy', () => {
    expect(refusal(serverJsonFixture('remote-only'))).toEqual([{ path: 'packages', message: expect.stringContaining('offers only remotes (hosted at https://mcp-fs.anonymous.modelcontextprotocol.io/http), so there is nothing to deploy') }]);
  });

  test('an OCI package that speaks stdio only', () => {
    expect(refusal(serverJsonFixture('airtable-mcp-server'), { package: 'oci' })).toEqual([{ path: 'packages[1].transport', message: expect.stringContaining('this image speaks stdio only') }]);
  });

  test('a registry type this project does not run', () => {
    expect(refusal(serverJsonFixture('airtable-mcp-server'), { package: 'mcpb' })).toEqual([{ path: 'packages[2].registryType', message: 'expected a registry type this project runs: "oci", "npm" or "pypi", got "mcpb"' }]);
  });

  test('--package that names no package', () => {
    expect(refusal(serverJsonFixture('mcp-server-time'), { package: '3' })).toEqual([{ path: 'packages', message: '--package 3: expected an index 0-0 or a registry type of the packages (0: pypi)' }]);
  });

  test('a required variable without a value or default, unless given with --set', () => {
    const json = serverJsonFixture('oci-with-secret');
    (json.packages![0].environmentVariables as any[]).push({ name: 'REGION', isRequired: true });
    expect(refusal(json)).toEqual([{ path: 'packages[0].environmentVariables[2]', message: 'expected a value for the variable REGION (required, no default): give it with --set REGION=<value>' }]);
    expect(importServer(json, { set: { REGION: 'eu-west-1' } }).server.env).toEqual({ LOG_LEVEL: 'info', REGION: 'eu-west-1' });
  });

  test('a value for a secret variable is refused: secrets go into Secrets, never into environment files', () => {
    expect(refusal(serverJsonFixture('airtable-mcp-server'), { set: { AIRTABLE_API_KEY: 'pat123.abc' } })).toEqual([{
      path: 'packages[0].environmentVariables[0]',
      message: '--set AIRTABLE_API_KEY: the variable AIRTABLE_API_KEY is secret, and secret values are never written into environment files; create the Secret instead',
    }]);
  });

  test('--set of a name no input has', () => {
    expect(refusal(serverJsonFixture('mcp-server-time'), { set: { TZ: 'UTC' } })).toEqual([{ path: '', message: '--set TZ: no input of packages[0] has that name' }]);
  });

  test('a package without a version, or with one a Dockerfile cannot pin', () => {
    const json = serverJsonFixture('mcp-server-time');
    delete (json.packages![0] as any).version;
    expect(refusal(json)).toEqual([{ path: 'packages[0].version', message: 'expected a version: the image pins the package to one release' }]);
    (json.packages![0] as any).version = '1.0; rm -rf /';
    expect(refusal(json)).toEqual([{ path: 'packages[0].version', message: 'expected a release version such as 1.2.3, got "1.0; rm -rf /"' }]);
  });

  test('a name that is no server name', () => {
    expect(refusal(serverJsonFixture('mcp-server-time'), { name: 'Time_Server' })).toEqual([{ path: '', message: 'expected a server name: a DNS-1035 label of at most 40 characters, got "Time_Server"' }]);
  });
});

describe('arguments', () => {
  test('a secret argument reaches the command line through its Secret: the kubelet\'s $(VAR) or the bridge shell\'s ${VAR}', () => {
    const secretArg = { type: 'named', name: '--api-key', isSecret: true, isRequired: true };
    const npm = serverJsonFixture('server-everything');
    (npm.packages![0].packageArguments as any[]).push(secretArg);
    const viaShell = importServer(npm);
    expect((viaShell.server.args as string[])[1]).toBe('npx --offline --no-install @modelcontextprotocol/server-everything stdio --api-key "${ARG_API_KEY}"');
    expect(viaShell.server.secretEnv).toEqual({ ARG_API_KEY: { secret: 'server-everything-env', key: 'ARG_API_KEY' } });
    const oci = serverJsonFixture('oci-with-secret');
    (oci.packages![0].packageArguments as any[]).push(secretArg);
    expect(importServer(oci).server.args).toEqual(['streamableHttp', '--api-key', '$(ARG_API_KEY)']);
  });

  test('a literal $( stays literal: the kubelet would expand it', () => {
    const oci = serverJsonFixture('oci-with-secret');
    (oci.packages![0].packageArguments as any[]).push({ type: 'positional', value: 'echo $(HOME)' });
    expect(importServer(oci).server.args).toEqual(['streamableHttp', 'echo $$(HOME)']);
  });

  test('shell words: plain ones as they are, others single-quoted, secret references expandable', () => {
    expect(['stdio', '--port=8080', '@scope/pkg', 'two words', 'it\'s', '$HOME', '${TOKEN}'].map(shellWord))
      .toEqual(['stdio', '--port=8080', '@scope/pkg', '\'two words\'', '\'it\'\\\'\'s\'', '\'$HOME\'', '"${TOKEN}"']);
  });

  test('the runner images start their bridges on the port the entry says', () => {
    for (const runner of [NODE_RUNNER, PYTHON_RUNNER]) {
      const args = runner.args({ name: 'pkg', version: '1.0.0' }, []);
      expect(args[args.indexOf('--port') + 1]).toBe(String(runner.port));
    }
  });
});

test('mcp-proxy\'s pins are the ones the pod tests install (test/pods/programs/requirements.txt)', () => {
  const pins = fs.readFileSync(path.join(ROOT, 'test/pods/programs/requirements.txt'), 'utf8').split('\n')
    .filter((l) => /^[a-z]/i.test(l)).map((l) => l.split('=='));
  expect(Object.fromEntries(pins)).toEqual(MCP_PROXY_LOCK);
});
