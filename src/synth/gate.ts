import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { evaluate, PolicyOptions } from '../policy/engine';
import { Finding } from '../policy/finding';
import { Manifest, SourcedManifest } from '../policy/manifest';

/**
 * The policy gate over a cdk8s construct tree, for apps that compose our constructs
 * themselves: every ApiObject under `scope` as the API server would receive it, judged as
 * one run (as `check` judges one directory). Each finding's file is the object's chart id.
 */
// Here, not in src/policy/: the policy engine knows nothing of cdk8s.
export function evaluateConstructs(scope: IConstruct, options: PolicyOptions = {}): Finding[] {
  const objects = scope.node.findAll().filter(ApiObject.isApiObject);
  const manifests: SourcedManifest[] = objects.map((o, index) => ({ object: o.toJson() as Manifest, index, file: Chart.of(o).node.id }));
  return evaluate(manifests, options);
}
