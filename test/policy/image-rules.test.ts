import * as path from 'path';
import { evaluate } from '../../src/policy/engine';
import { readManifests } from '../../src/policy/read-manifests';
import { ROOT } from '../support/helpers';

/*
 * The rules that read upstream image facts, on the output `main` rendered before they
 * existed (test/fixtures/dist-0.1.0/, the shipped environments of release 0.1.0): each of
 * the four crash loops found there is caught, with the message a user needs.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/dist-0.1.0');

function findings(env: string) {
  return evaluate(readManifests([path.join(FIXTURES, env)])).map((f) => `${f.rule} ${f.object} ${f.message}`);
}

describe.each(['dev', 'prod'])('the %s output of release 0.1.0', (env) => {
  const all = findings(env);

  test('github: the bridge listens on 8080 (image CMD) while the pod declares and probes 8000', () => {
    expect(all).toContain('MCP-PORT-MISMATCH Deployment/my-reforge-ai/github container "mcp-server" listens on 8080 (--port 8080 in the image\'s own command line) but declares containerPort 8000');
    expect(all).toContain('MCP-PORT-MISMATCH Service/my-reforge-ai/github targetPort "http" is port 8000 of container "mcp-server", which listens on 8080 (--port 8080 in the image\'s own command line)');
  });

  test('pulumi: started without the subcommand it demands', () => {
    expect(all).toContain('MCP-SUBCOMMAND-MISSING Deployment/my-reforge-ai/pulumi container "mcp-server" starts the Pulumi MCP server as `node dist/index.js` without a subcommand (http or stdio): it prints usage and exits');
  });

  test('kubernetes: no ServiceAccount token and no kubeconfig', () => {
    expect(all.filter((f) => f.startsWith('MCP-KUBE-CREDENTIALS-MISSING Deployment/mcp-system/kubernetes'))).toHaveLength(1);
  });

  test('kubernetes: v0.0.50 has no --toolsets', () => {
    expect(all.some((f) => f.startsWith('MCP-FLAG-UNSUPPORTED Deployment/mcp-system/kubernetes container "mcp-server" passes --toolsets, which kubernetes-mcp-server has only from 0.0.51 on'))).toBe(true);
  });
});

test('prod of release 0.1.0: --stateless on v0.0.50', () => {
  expect(findings('prod')).toContainEqual(expect.stringContaining('MCP-FLAG-UNSUPPORTED Deployment/mcp-system/kubernetes container "mcp-server" passes --stateless, which kubernetes-mcp-server has only from 0.0.56 on'));
});

test('today\'s dist/ has none of these findings', () => {
  for (const env of ['dev', 'prod']) {
    const ids = evaluate(readManifests([path.join(ROOT, 'dist', env)])).map((f) => f.rule);
    expect(ids.filter((id) => ['MCP-PORT-MISMATCH', 'MCP-SUBCOMMAND-MISSING', 'MCP-KUBE-CREDENTIALS-MISSING', 'MCP-FLAG-UNSUPPORTED'].includes(id))).toEqual([]);
  }
});
