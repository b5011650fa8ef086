import { selectRules } from '../policy/engine';
import { SourcedManifest } from '../policy/manifest';
import { Rule, RuleContext } from '../policy/rule';
import { Waiver, WAIVER_ANNOTATION, waiverAnnotation } from '../policy/waivers';
import { duringRun } from '../policy/workloads';
import type { RenderedFile } from './render';

/**
 * Puts each server's waivers only on the objects of its file that the waived rule flags, so
 * reviewed YAML carries the accepted risk where the risk is and nowhere else. Rules judge the
 * whole environment, as the gate does (cross-object rules see every object of the folder).
 */
export function placeWaivers(files: readonly RenderedFile[], waivers: ReadonlyMap<string, readonly Waiver[]>): void {
  const waived = files.filter((f) => waivers.has(f.path));
  if (waived.length === 0) return;
  const manifests: SourcedManifest[] = files.flatMap((f) => f.objects.map((object, index) => ({ object, index, file: f.path })));
  const rules = selectRules({ only: [...new Set([...waivers.values()].flat().map((w) => w.rule))] });
  const context: RuleContext = { all: manifests, level: 'restricted' };
  // As in a policy run: each object's pod spec and containers looked up once.
  duringRun(() => judgeWaived(waived, waivers, rules, context));
}

function judgeWaived(waived: readonly RenderedFile[], waivers: ReadonlyMap<string, readonly Waiver[]>, rules: Rule[], context: RuleContext): void {
  for (const file of waived) {
    for (const object of file.objects) {
      const fired = waivers.get(file.path)!.filter((w) => rules.some((r) => r.id === w.rule && r.check(object, context).length > 0));
      if (fired.length === 0) continue;
      // Annotations first, where cdk8s puts them.
      const { annotations, ...rest } = object.metadata ?? {};
      object.metadata = { annotations: { ...annotations, [WAIVER_ANNOTATION]: waiverAnnotation(fired) }, ...rest };
    }
  }
}
