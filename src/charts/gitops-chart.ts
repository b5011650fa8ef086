import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/load';
import { GitOpsSpec } from '../config/schema';
import { EnvironmentApplication, EnvironmentApplicationSet } from '../constructs/gitops';
import { MANAGED_BY, PART_OF } from '../constructs/labels';
import { ENVIRONMENT_LABEL } from './environment-chart';

/** Folder (and chart id) of the Argo CD objects in dist/. */
export const GITOPS_FOLDER = 'argocd';
/** Construct id (and file name) of the app of apps. */
export const ROOT_ID = '00-root';
export const ROOT_APPLICATION_NAME = 'cdk8s-mcp';
const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * The Argo CD objects for every environment with a `gitops:` section, rendered to
 * `dist/argocd/`: one Application (or ApplicationSet, for several clusters) per
 * environment, plus a root Application tracking `argocd/` itself, so one
 * `kubectl apply -f dist/argocd/` bootstraps everything and later changes flow from Git.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, environments: Environment[]) {
    super(scope, GITOPS_FOLDER, { disableResourceNameHashes: true });
    const withGitOps = environments.filter((e) => e.spec.gitops);
    if (withGitOps.length === 0) throw new Error('GitOpsChart needs at least one environment with a gitops section');
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': PART_OF };
    const root = withGitOps[0].spec.gitops!;

    new EnvironmentApplication(this, ROOT_ID, {
      ...sync(root),
      name: ROOT_APPLICATION_NAME,
      argoNamespace: root.namespace,
      project: root.project,
      source: { repoURL: root.repoURL, targetRevision: root.targetRevision, path: GITOPS_FOLDER },
      destination: { server: IN_CLUSTER },
      labels,
    });
    for (const env of withGitOps) {
      const g = env.spec.gitops!;
      const common = {
        ...sync(g),
        name: `mcp-${env.name}`,
        argoNamespace: g.namespace,
        project: g.project,
        source: { repoURL: g.repoURL, targetRevision: g.targetRevision, path: env.name },
        labels: { ...labels, [ENVIRONMENT_LABEL]: env.name },
      };
      if (g.destinations) new EnvironmentApplicationSet(this, env.name, { ...common, clusters: g.destinations });
      else new EnvironmentApplication(this, env.name, { ...common, destination: g.destination ?? { server: IN_CLUSTER } });
    }
  }
}

function sync(g: GitOpsSpec) {
  return { automated: g.automated === false ? undefined : g.automated, syncOptions: g.syncOptions };
}
