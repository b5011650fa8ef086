import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { CST, Lexer } from 'yaml';

/*
 * A fast reader for the plain YAML that manifests and environment files nearly always are.
 * The `yaml` package stays the reference reader (line numbers, its limit on aliases, merge
 * keys, its messages); js-yaml, several times faster, reads a text only when it has none of
 * the constructs where the two could disagree: tags, merge keys, tabs, and numbers beyond
 * plain decimals (0o, 0x, 0b, 1_000, .inf, .nan). Keys that are JavaScript prototype names
 * (`__proto__`, also when spelt with escapes in a quoted key) are found among the keys read,
 * and such a text goes to `yaml` too, whose callers refuse them by line. Both follow the YAML 1.2
 * core schema. Anchors and aliases are read fast only while `yaml` would accept them too: no
 * anchor used more than 100 times (its maxAliasCount) and no alias inside an aliased node
 * (where expansion can grow exponentially). When js-yaml refuses a text, the caller reads it
 * with `yaml`, whose message the user gets.
 *
 * Those constructs are YAML tokens, so they are looked for as tokens: when the text holds one
 * of their characters at all, `yaml`'s lexer (a fraction of its parser's cost) says whether it
 * is a tag, a directive, a `<<` key, a plain scalar that is such a number, or a tab between
 * tokens. The same characters inside quoted and block scalars (a heredoc or a shebang in a
 * script) and in comments are text, and the text stays on the fast path.
 */
const MAYBE_NEEDS_REFERENCE_READER = /[!\t%]|<<|\b0[box]|[0-9]_|\.(?:inf|nan)\b/i;
/** Plain scalars js-yaml and `yaml` may resolve differently: YAML 1.1 number forms, and tabs. */
const RISKY_PLAIN = /^[-+]?(?:0[box]|\.(?:inf|nan)$)|[0-9]_|\t/i;
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const ALIAS = /(?:^|[\s[{,])\*[^\s,[\]{}]+/g;
const MAX_ALIASES = 100;

/** Every document of a text, or undefined when the reference reader must read it. */
export function quickLoadAll(text: string): unknown[] | undefined {
  if (MAYBE_NEEDS_REFERENCE_READER.test(text) && needsReferenceReader(text)) return undefined;
  const aliased = text.includes('&');
  if (aliased && (text.match(ALIAS)?.length ?? 0) > MAX_ALIASES) return undefined;
  const docs: unknown[] = [];
  try {
    loadAll(text, (doc) => docs.push(doc), { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (aliased && nestsAliases(docs)) return undefined;
  return hasPrototypeKey(docs) ? undefined : docs;
}

/** Whether the text's tokens hold a construct where js-yaml and `yaml` could disagree. */
export function needsReferenceReader(text: string): boolean {
  // The source of a scalar follows its marker token: a plain scalar's, or a block scalar's content after its header.
  let next: 'token' | 'plain' | 'block-content' = 'token';
  let blockHeader = false;
  for (const token of new Lexer().lex(text)) {
    if (next !== 'token') {
      if (next === 'plain' && (token === '<<' || RISKY_PLAIN.test(token))) return true;
      next = 'token';
      continue;
    }
    switch (CST.tokenType(token)) {
      case 'scalar':
        next = blockHeader ? 'block-content' : 'plain';
        blockHeader = false;
        break;
      case 'block-scalar-header': blockHeader = true; break;
      case 'tag': case 'directive-line': case 'flow-error-end': return true;
      case 'space': if (token.includes('\t')) return true; break;
      default: break;
    }
  }
  return false;
}

/** Whether any mapping read has a key that names a JavaScript prototype member. */
export function hasPrototypeKey(docs: unknown[]): boolean {
  const pending: unknown[] = [...docs];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (PROTOTYPE_NAMES.has(key)) return true;
      pending.push((node as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** Whether a node reached twice (an alias) holds another such node. */
function nestsAliases(docs: unknown[]): boolean {
  const uses = new Map<object, number>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const seen = uses.get(node);
    uses.set(node, (seen ?? 0) + 1);
    if (seen === undefined) Object.values(node).forEach(walk);
  };
  docs.forEach(walk);
  const shared = [...uses].filter(([, n]) => n > 1).map(([node]) => node);
  const holdsShared = (node: object): boolean => Object.values(node).some((child) =>
    child !== null && typeof child === 'object' && ((uses.get(child) ?? 0) > 1 || holdsShared(child)));
  return shared.some(holdsShared);
}
