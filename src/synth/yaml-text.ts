import { Document, stringify } from 'yaml';

/*
 * The YAML text of a rendered object, byte for byte what
 *   stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, compat: 'yaml-1.1' })
 * of the `yaml` package writes, at a fraction of its cost (it builds a document tree first:
 * most of a large synth went there). Only the shapes rendered objects have are written here:
 * maps, lists of scalars and maps, safe integers, booleans, null, single-line strings that
 * are plain or simply quoted, and multi-line strings as plain literal blocks (`|`, `|-`).
 * Anything else (escapes, tabs, leading or trailing blank lines, lists of lists, long keys,
 * ...) is left to `yaml` for the whole object. test/synth/yaml-text.test.ts
 * compares the two on every shipped object and on generated ones.
 */

/**
 * compat 'yaml-1.1': kubectl and the API server read YAML 1.1 (go-yaml), where `off`, `yes`,
 * `0777` or `12:30` are not strings; strings like these are quoted so they stay strings there
 * too (an unquoted `proxy-buffering: off` annotation is refused as a bool).
 */
const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, compat: 'yaml-1.1' } as const;

/** Thrown inside when the value leaves the subset; caught at the top. */
const UNSUPPORTED = Symbol('unsupported');

/**
 * The resolvers of the core schema and of YAML 1.1 other than str: a plain scalar either
 * matches would not read back as a string in one of them, so `yaml` quotes it.
 */
const SCHEMA = new Document(null, OPTIONS).schema;
const NON_STRING_TESTS: RegExp[] = [...SCHEMA.tags, ...(SCHEMA.compat ?? [])]
  .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
  .map((t) => t.test as RegExp);

// From yaml's plainString: what may not be written plain (an indicator first, ': ', ' #', a trailing ':' ...).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Writes one object as a YAML document body (no `---`). */
export function yamlText(value: unknown): string {
  return fastYamlText(value) ?? stringify(value, OPTIONS);
}

/** The text when the value is inside the subset written here; undefined when `yaml` must write it. */
export function fastYamlText(value: unknown): string | undefined {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return undefined;
  const lines: string[] = [];
  try {
    writeMap(value, '', lines);
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
  return `${lines.join('\n')}\n`;
}

function writeMap(map: Record<string, unknown>, indent: string, lines: string[]): void {
  for (const [key, value] of Object.entries(map)) {
    const k = keyText(key);
    if (isCollection(value)) {
      const empty = emptyText(value);
      if (empty) {
        lines.push(`${indent}${k}: ${empty}`);
      } else {
        lines.push(`${indent}${k}:`);
        writeCollection(value, `${indent}  `, lines);
      }
    } else {
      lines.push(`${indent}${k}: ${scalarText(value, `${indent}  `)}`);
    }
  }
}

function writeList(list: unknown[], indent: string, lines: string[]): void {
  for (const item of list) {
    if (Array.isArray(item)) throw UNSUPPORTED;
    if (isPlainObject(item)) {
      const empty = emptyText(item);
      if (empty) {
        lines.push(`${indent}- ${empty}`);
        continue;
      }
      // The first pair shares the dash's line; the others line up under it.
      const start = lines.length;
      writeMap(item, `${indent}  `, lines);
      lines[start] = `${indent}- ${lines[start].slice(indent.length + 2)}`;
    } else {
      lines.push(`${indent}- ${scalarText(item, `${indent}  `)}`);
    }
  }
}

function writeCollection(value: Record<string, unknown> | unknown[], indent: string, lines: string[]): void {
  if (Array.isArray(value)) writeList(value, indent, lines);
  else writeMap(value, indent, lines);
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isPlainObject(value);
}

function emptyText(value: Record<string, unknown> | unknown[]): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  return Object.keys(value).length === 0 ? '{}' : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function keyText(key: string): string {
  // Keys past 1024 characters become explicit (`? key`) in yaml; quoted keys are rare enough to leave to it.
  if (key.length > 1000 || !isPlain(key)) throw UNSUPPORTED;
  return key;
}

/** A scalar's text; `indent` is where the lines of a block scalar go. */
function scalarText(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return value.includes('\n') ? blockText(value, indent) : stringText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
      throw UNSUPPORTED;
    case 'object':
      if (value === null) return 'null';
      throw UNSUPPORTED;
    default:
      throw UNSUPPORTED;
  }
}

function stringText(value: string): string {
  if (isPlain(value)) return value;
  if (!PRINTABLE.test(value) || DOCUMENT_MARKER.test(value)) throw UNSUPPORTED;
  // yaml's quotedString: single quotes when the text holds " but no ', else double quotes,
  // which for printable ASCII on one line are exactly JSON's (only " and \ escaped).
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

const BLOCK_PRINTABLE = /^[\x20-\x7e\n]*$/;

/**
 * yaml's literal block for a multi-line value (its blockString, with no line width): `|` when
 * the text ends in one newline, `|-` when in none; blank lines stay empty, the others are
 * indented. Leading spaces or newlines, trailing spaces or blank lines, and tabs or other
 * control characters change its header or style: those go to `yaml`.
 */
function blockText(value: string, indent: string): string {
  if (!BLOCK_PRINTABLE.test(value) || value[0] === ' ' || value[0] === '\n') throw UNSUPPORTED;
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  if (body.endsWith('\n') || body.endsWith(' ')) throw UNSUPPORTED;
  return `|${clip ? '' : '-'}\n${body.split('\n').map((line) => (line ? `${indent}${line}` : '')).join('\n')}`;
}

/** Whether yaml writes the string plain: single-line, printable, not an indicator, not read back as another type. */
function isPlain(value: string): boolean {
  // Keys, ports, kinds and label values repeat across every object of a large synth.
  let plain = plainStrings.get(value);
  if (plain === undefined) {
    plain = value !== '' && PRINTABLE.test(value) && !NOT_PLAIN.test(value) && !DOCUMENT_MARKER.test(value) && !NON_STRING_TESTS.some((test) => test.test(value));
    if (plainStrings.size < 100_000) plainStrings.set(value, plain);
  }
  return plain;
}

const plainStrings = new Map<string, boolean>();
