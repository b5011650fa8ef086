/** Where Argo CD reads an environment's manifests: a folder of the dist branch. */
export interface ArgoSource {
  /** Git repository URL. */
  readonly repoURL: string;
  /**
   * Branch, tag or commit.
   * @default "dist"
   */
  readonly targetRevision?: string;
  /** Folder within the revision, e.g. `dev` or `argocd`. */
  readonly path: string;
}

/** How Argo CD syncs an application. */
export interface ArgoSync {
  /**
   * Automated sync with prune and self-heal flags; `undefined` for manual sync.
   * @default - manual sync
   */
  readonly automated?: { readonly prune: boolean; readonly selfHeal: boolean };
  /**
   * Sync options such as `PruneLast=true`.
   * @default []
   */
  readonly syncOptions?: string[];
}

/** A destination cluster: by API server URL or by the name registered in Argo CD. */
export interface ArgoDestination {
  readonly server?: string;
  readonly name?: string;
}

/** The Application spec shared by Applications and ApplicationSet templates (TypeScript names of the generated types). */
export function applicationSpec(project: string, source: ArgoSource, destination: ArgoDestination, sync: ArgoSync) {
  const syncPolicy = {
    ...(sync.automated ? { automated: { prune: sync.automated.prune, selfHeal: sync.automated.selfHeal } } : {}),
    ...(sync.syncOptions && sync.syncOptions.length > 0 ? { syncOptions: sync.syncOptions } : {}),
  };
  return {
    project,
    source: {
      repoUrl: source.repoURL,
      targetRevision: source.targetRevision ?? 'dist',
      path: source.path,
      // Plain YAML; the folder is flat, and subfolders would be ignored without recurse anyway.
      directory: { recurse: false },
    },
    destination: { ...destination },
    ...(Object.keys(syncPolicy).length > 0 ? { syncPolicy } : {}),
  };
}
