import { CST, Parser } from 'yaml';

/*
 * How deeply a YAML text nests its collections, measured without recursion. The `yaml`
 * package composes documents recursively: a 6 KB document nested 1,000 deep overflows its
 * stack, and parsing again after that aborted Node 20 (a V8 out-of-memory in the regular
 * expression compiler, exit 134). Its concrete syntax tree is built with an explicit stack,
 * so measuring the tree first and refusing what is too deep keeps the reader alive.
 */

/**
 * The deepest nesting of collections we read: far beyond real manifests (a CRD's
 * openAPIV3Schema nests some 40 levels), far below where the `yaml` composer's recursion
 * runs out of stack.
 */
export const MAX_YAML_DEPTH = 200;

/** The nesting depth of the text's collections, counting stops once it passes `stopAbove`. */
export function yamlDepth(text: string, stopAbove = MAX_YAML_DEPTH): number {
  let deepest = 0;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    const pending: Array<[CST.Token | undefined, number]> = [[token.value, 0]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      if (!node || !isCollection(node)) continue;
      const inner = depth + 1;
      deepest = Math.max(deepest, inner);
      if (deepest > stopAbove) return deepest;
      for (const item of node.items) {
        pending.push([(item as { key?: CST.Token }).key ?? undefined, inner], [item.value, inner]);
      }
    }
  }
  return deepest;
}

function isCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}
