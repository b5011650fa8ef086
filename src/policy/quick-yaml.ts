import { CORE_SCHEMA, constructFromEvents, EVENT_ID, Event, parseEvents, SCALAR_STYLE } from 'js-yaml';

/*
 * A fast reader for the plain YAML that manifests and environment files nearly always are.
 * The `yaml` package stays the reference reader (line numbers, its limit on aliases, merge
 * keys, its messages); js-yaml, several times faster, reads a text only when it has none of
 * the constructs where the two could disagree: tags, directives, merge keys, tabs between
 * tokens, and plain scalars that are numbers beyond plain decimals (0o, 0x, 0b, 1_000, .inf,
 * .nan). Keys that are JavaScript prototype names (`__proto__`, also when spelt with escapes
 * in a quoted key) are found among the keys read, and such a text goes to `yaml` too, whose
 * callers refuse them by line. Both follow the YAML 1.2 core schema. Anchors and aliases are
 * read fast only while `yaml` would accept them too: no more than 100 aliases (its
 * maxAliasCount) and no alias inside an aliased node (where expansion can grow
 * exponentially). When js-yaml refuses a text, the caller reads it with `yaml`, whose message
 * the user gets.
 *
 * Those constructs are YAML tokens, so they are looked for in js-yaml's own parse: its events
 * carry each node's tag and anchor and each scalar's style and source range
 * (https://github.com/nodeca/js-yaml, `parseEvents`). The same characters inside quoted and
 * block scalars (a heredoc or a shebang in a script) are text, and the text stays on the fast
 * path, read once.
 */
/**
 * Plain scalars js-yaml and `yaml` may resolve differently: YAML 1.1 number forms (0x1F, 0o17,
 * 0b101, .inf, 1_000), merge keys, tabs. Only a whole scalar is a number: it starts with a sign,
 * a digit or a dot, and a 0b/0o/0x number holds digits of its base and underscores only. So the uid
 * `0b1c2d3e-4f50-...` that `kubectl get -o yaml` prints for one object in 256, `TLS13_AES_128`
 * and `[A-Z0-9_]` in a CRD's enum or pattern are plain strings to both readers.
 */
const RISKY_PLAIN = /^(?:[-+]?(?:0(?:b[01_]*|o[0-7_]*|x[0-9a-f_]*)$|\.(?:inf|nan)$)|<<$)|^[-+]?[0-9.][^_]*_|\t/i;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r\n]|$)/m;
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_ALIASES = 100;
// Read once: in a bundle each access to an imported binding of a CommonJS module is a getter call.
const { DOCUMENT, ALIAS, MAPPING, SEQUENCE, SCALAR, POP } = EVENT_ID;
const { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED } = SCALAR_STYLE;

/** Every document of a text, or undefined when the reference reader must read it. */
export function quickLoadAll(text: string): unknown[] | undefined {
  let docs: unknown[];
  let events: Event[];
  try {
    events = parseEvents(text, {});
    if (needsReferenceReader(text, events)) return undefined;
    docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA });
    if (events.some((e) => e.type === ALIAS) && nestsAliases(docs)) return undefined;
  } catch {
    return undefined;
  }
  return mayNamePrototype(text, events) && hasPrototypeKey(docs) ? undefined : docs;
}

const PROTOTYPE_NAME = /__proto__|constructor|prototype/;

/**
 * Whether a key read from the text can be a prototype name, before walking every mapping to
 * see. A key's value is its source text, folded (which adds spaces) or unescaped: so the text
 * spells the name, or a double-quoted key escapes a character (`"\x5f_proto__"`). Escapes in
 * values, such as the JSON of an annotation, cannot make a key.
 */
export function mayNamePrototype(text: string, events: Event[]): boolean {
  if (PROTOTYPE_NAME.test(text)) return true;
  // The first backslash at or after the scalar looked at; the scalars come in text order.
  let backslash = text.indexOf('\\');
  // For each open collection, the nodes read in it so far; -1 in a sequence or a document.
  const read: number[] = [];
  for (let i = 0; i < events.length && backslash >= 0; i++) {
    const event = events[i];
    const top = read.length - 1;
    if (event.type === POP) {
      read.pop();
      continue;
    }
    if (event.type === SCALAR && event.style === DOUBLE_QUOTED && read[top] % 2 === 0) {
      if (backslash < event.valueStart) backslash = text.indexOf('\\', event.valueStart);
      if (backslash >= 0 && backslash < event.valueEnd) return true;
    }
    if (read[top] >= 0) read[top]++;
    if (event.type !== SCALAR && event.type !== ALIAS) read.push(event.type === MAPPING ? 0 : -1);
  }
  return false;
}

/**
 * Whether a plain scalar starting with this character may be RISKY_PLAIN: a number (sign,
 * digit, dot) or a merge key. Most plain scalars are keys and words, and skip the test; a tab
 * anywhere in a plain scalar is found by the scan for tabs.
 */
function startsLikeANumber(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46 || code === 60; // 0-9 + - . <
}

/** Whether js-yaml's events for a text hold a construct where js-yaml and `yaml` could disagree. */
export function needsReferenceReader(text: string, events: Event[]): boolean {
  // js-yaml reads no document where `...` ends an empty one (`yaml` reads a null), which would
  // number the documents after it differently. A line `...` is that marker wherever it is.
  if (DOCUMENT_END.test(text)) return true;
  // Tabs are text inside quoted and block scalars and comments; anywhere else (between tokens,
  // in a plain scalar) the readers may differ.
  let tab = text.indexOf('\t');
  let scalarEnd = 0;
  let aliases = 0;
  const textTabsBefore = (position: number): boolean => {
    for (; tab >= 0 && tab < position; tab = text.indexOf('\t', tab + 1)) {
      if (!inComment(text, tab, scalarEnd)) return false;
    }
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case DOCUMENT:
        if (event.directives.length > 0) return true;
        break;
      case ALIAS:
        if (++aliases > MAX_ALIASES) return true;
        break;
      case MAPPING: case SEQUENCE:
        if (event.tagStart >= 0) return true;
        break;
      case SCALAR:
        if (event.tagStart >= 0 || !textTabsBefore(event.valueStart)) return true;
        if (event.style === PLAIN) {
          if (startsLikeANumber(text.charCodeAt(event.valueStart)) && RISKY_PLAIN.test(text.slice(event.valueStart, event.valueEnd))) return true;
        } else {
          while (tab >= 0 && tab < event.valueEnd) tab = text.indexOf('\t', tab + 1);
        }
        // A quoted scalar's range ends before its closing quote.
        scalarEnd = event.valueEnd + (event.style === SINGLE_QUOTED || event.style === DOUBLE_QUOTED ? 1 : 0);
        break;
      default: break;
    }
  }
  return !textTabsBefore(text.length);
}

/**
 * Whether a position outside every scalar is inside a comment: between the last scalar before
 * it and it, on its line, a `#` starts a comment (at the line's start or after a space or tab;
 * elsewhere, as in an anchor name, it does not).
 */
function inComment(text: string, position: number, lastScalarEnd: number): boolean {
  const lineStart = text.lastIndexOf('\n', position) + 1;
  for (let i = text.indexOf('#', Math.max(lastScalarEnd, lineStart)); i >= 0 && i < position; i = text.indexOf('#', i + 1)) {
    if (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t') return true;
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
