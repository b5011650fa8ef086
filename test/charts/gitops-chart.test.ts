import * as fs from 'fs';
import * as path from 'path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { stringify, parseAllDocuments } from 'yaml';
import { ConfigError } from '../../src/config/problems';
import { loadEnvironments } from '../../src/synth/load-environments';
import { renderEnvironments } from '../../src/synth/render';
import { environment, genericServer, ROOT, tempDir } from '../support/helpers';

const gitops = { repoURL: 'https://github.com/acme/mcp-deploy.git' };

function argoFiles(envs: Array<[string, any]>) {
  const files = renderEnvironments(envs.map(([name, spec]) => environment(spec, name)));
  return Object.fromEntries(files.filter((f) => f.path.startsWith('argocd/')).map((f) => [f.path, f.objects]));
}

describe('Argo CD objects', () => {
  test('one Application per environment pointing at its folder of the dist branch, plus the root', () => {
    const files = argoFiles([['dev', { namespace: 'mcp', gitops: { ...gitops, destination: { name: 'dev-k0s' } }, servers: [genericServer()] }]]);
    expect(Object.keys(files)).toEqual(['argocd/00-root.yaml', 'argocd/dev.yaml']);
    const [app] = files['argocd/dev.yaml'];
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'mcp-dev', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: gitops.repoURL, targetRevision: 'dist', path: 'dev', directory: { recurse: false } },
        destination: { name: 'dev-k0s' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PruneLast=true'] },
      },
    });
    const [root] = files['argocd/00-root.yaml'];
    expect(root.spec.source.path).toBe('argocd');
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  test('takes project, revision, Argo CD namespace and manual sync from the environment file', () => {
    const files = argoFiles([['dev', { namespace: 'mcp', gitops: { ...gitops, project: 'mcp', targetRevision: 'rendered', namespace: 'gitops', automated: false, syncOptions: [] }, servers: [] }]]);
    const [app] = files['argocd/dev.yaml'];
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.spec.project).toBe('mcp');
    expect(app.spec.source.targetRevision).toBe('rendered');
    expect(app.spec.syncPolicy).toBeUndefined();
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
  });

  test('several destination clusters render one ApplicationSet with a list generator', () => {
    const files = argoFiles([['prod', { namespace: 'mcp', gitops: { ...gitops, destinations: [{ label: 'eu', server: 'https://eu.example.com' }, { label: 'us', server: 'https://us.example.com' }] }, servers: [] }]]);
    const [set] = files['argocd/prod.yaml'];
    expect(set.kind).toBe('ApplicationSet');
    expect(set.spec.generators).toEqual([{ list: { elements: [{ label: 'eu', server: 'https://eu.example.com' }, { label: 'us', server: 'https://us.example.com' }] } }]);
    expect(set.spec.template.metadata.name).toBe('mcp-prod-{{.label}}');
    expect(set.spec.template.spec.destination).toEqual({ server: '{{.server}}' });
    expect(set.spec.template.spec.source.path).toBe('prod');
  });

  test('environments without gitops render no Argo CD objects', () => {
    expect(argoFiles([['dev', { namespace: 'mcp', servers: [genericServer()] }]])).toEqual({});
  });

  test('rendered namespaces are never pruned by Argo CD', () => {
    const files = renderEnvironments([environment({ namespace: 'mcp', servers: [] }, 'dev')]);
    expect(files[0].objects[0].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false' });
  });

  test('environments must agree on the repository, revision and Argo CD namespace', () => {
    const dir = tempDir({
      'dev.yaml': stringify({ namespace: 'mcp', gitops }),
      'prod.yaml': stringify({ namespace: 'mcp', gitops: { repoURL: 'https://github.com/acme/other.git' } }),
    });
    try {
      loadEnvironments(dir);
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => `${path.basename(p.file)} ${p.path}: ${p.message}`)).toEqual([
        expect.stringMatching(/^prod\.yaml gitops\.repoURL: expected the same repoURL as .*dev\.yaml \("https:\/\/github\.com\/acme\/mcp-deploy\.git"\), since one root Application tracks dist\/argocd\/, got "https:\/\/github\.com\/acme\/other\.git"$/),
      ]);
    }
  });

  test('refuses destination and destinations together, and mixed destination forms', () => {
    const result = () => environment({ namespace: 'mcp', gitops: { ...gitops, destination: { server: 'https://a.example.com' }, destinations: [{ label: 'a', server: 'https://a.example.com' }] } } as any);
    expect(result).toThrow('expected destination or destinations, not both');
    expect(() => environment({ namespace: 'mcp', gitops: { ...gitops, destinations: [{ label: 'a', name: 'a' }, { label: 'b', server: 'https://b.example.com' }] } } as any))
      .toThrow('expected every destination by name, or every destination by server, not a mix');
  });
});

describe('shipped dist/argocd/', () => {
  const dir = path.join(ROOT, 'dist/argocd');
  const objects = fs.readdirSync(dir).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => (d as any).toJS()));

  test('validates against the Argo CD schemas (@kubernetes-models/argo-cd)', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['Application', 'Application', 'ApplicationSet']);
    for (const obj of objects) {
      const Model = obj.kind === 'ApplicationSet' ? ApplicationSet : Application;
      expect(() => new Model(obj).validate()).not.toThrow();
    }
  });
});
