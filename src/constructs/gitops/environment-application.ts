import { Construct } from 'constructs';
import { Application } from '../../../imports/argocd-application-argoproj.io';
import { ApplicationSet } from '../../../imports/argocd-applicationset-argoproj.io';
import { applicationSpec, ArgoDestination, ArgoSource, ArgoSync } from './argo-source';

export interface EnvironmentApplicationProps extends ArgoSync {
  /** Application name, e.g. `mcp-dev`. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly argoNamespace: string;
  /** Argo CD project. */
  readonly project: string;
  readonly source: ArgoSource;
  /** The one cluster to deploy to. */
  readonly destination: ArgoDestination;
  /**
   * Labels on the Application.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/**
 * An Argo CD Application that syncs one environment folder of the dist branch to one
 * cluster. The objects carry their own namespaces, so the destination names none.
 */
export class EnvironmentApplication extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentApplicationProps) {
    super(scope, id);
    new Application(this, 'Resource', {
      metadata: { name: props.name, namespace: props.argoNamespace, labels: props.labels },
      spec: applicationSpec(props.project, props.source, props.destination, props) as any,
    });
  }
}

/** One cluster of a fleet. */
export interface FleetCluster extends ArgoDestination {
  /** Short label used in the generated Application names. */
  readonly label: string;
}

export interface EnvironmentApplicationSetProps extends Omit<EnvironmentApplicationProps, 'destination'> {
  /** Every cluster the environment goes to. */
  readonly clusters: FleetCluster[];
}

/**
 * For fleets: one ApplicationSet with a list generator, so Argo CD fans the same
 * environment folder out to every cluster (`<name>-<label>` Applications).
 */
export class EnvironmentApplicationSet extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentApplicationSetProps) {
    super(scope, id);
    if (props.clusters.length === 0) throw new Error(`EnvironmentApplicationSet "${props.name}": needs at least one cluster`);
    const byName = props.clusters.some((c) => c.name !== undefined);
    if (byName && props.clusters.some((c) => c.name === undefined)) {
      throw new Error(`EnvironmentApplicationSet "${props.name}": name every cluster by name, or every cluster by server, not a mix`);
    }
    const destination: ArgoDestination = byName ? { name: '{{.name}}' } : { server: '{{.server}}' };
    new ApplicationSet(this, 'Resource', {
      metadata: { name: props.name, namespace: props.argoNamespace, labels: props.labels },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{
          list: {
            elements: props.clusters.map((c) => ({
              label: c.label, ...(c.name !== undefined ? { name: c.name } : {}), ...(c.server !== undefined ? { server: c.server } : {}),
            })),
          },
        }],
        template: {
          metadata: { name: `${props.name}-{{.label}}`, labels: props.labels },
          spec: applicationSpec(props.project, props.source, destination, props) as any,
        },
      },
    });
  }
}
