import * as fs from 'fs';
import * as path from 'path';
import { parseEvents } from 'js-yaml';
import { parseAllDocuments, stringify } from 'yaml';
import { mayNamePrototype, quickLoadAll } from '../../src/policy/quick-yaml';
import { generator } from '../support/generated-objects';
import { yamlFilesBelow } from '../support/helpers';

/* Whatever js-yaml reads on the fast path must be what the reference reader (yaml) reads. */

const reference = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

test('every YAML file of the repository reads the same on the fast path', () => {
  const root = path.resolve(__dirname, '..', '..');
  const files = ['environments', 'dist', 'test/fixtures', 'examples'].flatMap((d) => yamlFilesBelow(path.join(root, d)));
  let fast = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const quick = quickLoadAll(text);
    if (quick === undefined) continue;
    fast++;
    expect({ file, docs: quick }).toEqual({ file, docs: reference(text) });
  }
  expect(fast).toBeGreaterThan(20);
});

test('generated documents (tricky scalars, anchors from shared objects) read the same, or go to the reference reader', () => {
  const make = generator(7);
  let fast = 0;
  for (let i = 0; i < 3000; i++) {
    const value = make();
    // Shared subtrees become anchors and aliases, as other tools write them.
    const text = stringify([value, value.spec], { compat: 'yaml-1.1' }) + '---\n' + stringify(value);
    const quick = quickLoadAll(text);
    if (quick === undefined) continue;
    fast++;
    expect(quick).toEqual(reference(text));
  }
  expect(fast).toBeGreaterThan(1000);
});

test('what the reference reader refuses or limits goes to it: tags, merge keys, nested aliases, too many aliases', () => {
  expect(quickLoadAll('a: !!binary aGk=\n')).toBeUndefined();
  expect(quickLoadAll('base: &b {x: 1}\nc:\n  <<: *b\n')).toBeUndefined();
  expect(quickLoadAll('a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\n')).toBeUndefined();
  expect(quickLoadAll(`a: &a x\nb: [${Array(101).fill('*a').join(', ')}]\n`)).toBeUndefined();
  expect(quickLoadAll('a: 1\na: 2\n')).toBeUndefined();
  // A document end marker: js-yaml reads no document before a leading one, yaml a null.
  expect(quickLoadAll('...\n---\n- a\n')).toBeUndefined();
  expect(quickLoadAll('a: 1\n... # end\n---\nb: |\n  x\n...\n')).toBeUndefined();
  expect(quickLoadAll('a: "...x"\nb: |\n  ...\nc: ..\n')).toEqual([{ a: '...x', b: '...\n', c: '..' }]);
  expect(quickLoadAll('a: &a {x: 1}\nb: *a\n')).toEqual([{ a: { x: 1 }, b: { x: 1 } }]);
});

test('tags, merge keys, tabs and YAML 1.1 numbers are found as tokens: the same characters in scalars, scripts, comments and keys stay on the fast path and read the same', () => {
  const pieces = [
    '#!/bin/sh', 'cat > /tmp/c <<EOF', 'echo "ready!"', '\tindented = tab', 'EOF', 'x=0x1F y=1_000 z=.inf', '100% done', '! not a tag', '<<: not a merge',
  ];
  let fast = 0;
  for (let i = 0; i < 400; i++) {
    const pick = (n: number) => pieces[(i * 7 + n * 3) % pieces.length];
    const text = [
      `# ${pick(1)}`,
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: cm-${i}  # ${pick(2)}`, '  annotations:',
      `    note: ${JSON.stringify(pick(3))}`, `    other: '${pick(4).replace(/'/g, "''")}'`, `    "${pick(5).replace(/"/g, '\\"')}": key`,
      'data:', `  script.sh: |${i % 2 ? '-' : ''}`, ...[pick(1), pick(2), pick(3), pick(6), pick(7)].map((l) => `    ${l}`),
      `  folded: >`, `    ${pick(8)}`, `    ${pick(0)}`,
      `  flow: {a: ${JSON.stringify(pick(5))}, b: [ ${JSON.stringify(pick(6))} ]}`,
      '---', `list: [${JSON.stringify(pick(7))}, 'x!']`, '',
    ].join('\n');
    const quick = quickLoadAll(text);
    if (quick === undefined) continue;
    fast++;
    expect({ text, docs: quick }).toEqual({ text, docs: reference(text) });
  }
  expect(fast).toBe(400);
  // The same characters as tokens still go to the reference reader.
  expect(quickLoadAll('a: !Ref x\n')).toBeUndefined();
  expect(quickLoadAll('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
  expect(quickLoadAll('a:\n\t- 1\n')).toBeUndefined();
  // A tab inside a plain scalar, also the last one of the text.
  expect(quickLoadAll('a: b\tc\nd: e\n')).toBeUndefined();
  expect(quickLoadAll('a: b\tc')).toBeUndefined();
  expect(quickLoadAll('a: 0o17\n')).toBeUndefined();
  expect(quickLoadAll('a: [1_000, -.INF]\n')).toBeUndefined();
  expect(quickLoadAll('x: &x {a: 1}\ny: {<<: *x}\n')).toBeUndefined();
});

test('texts with tabs, comment marks, tags, anchors and merge keys inserted anywhere: the fast path reads what the reference reads, or declines', () => {
  // Inserting into real files and generated documents reaches the positions a fixed list misses:
  // between tokens, after aliases, inside quoted scalars that span lines, in comments.
  const root = path.resolve(__dirname, '..', '..');
  const sources = ['dist/dev', 'examples/third-party', 'test/fixtures'].flatMap((d) => yamlFilesBelow(path.join(root, d)))
    .map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 20_000);
  const make = generator(11);
  for (let i = 0; i < 40; i++) sources.push(stringify([make(), { multi: 'a "quoted"\n\tline\n', alias: '*x' }]));
  sources.push('a: "one\n\ttwo"\nb: \'three\n\tfour\'\n', 'a: &x 1\nb: *x\t# c\n', 'a: "b"#\tc\n');
  let seed = 3;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const inserts = ['\t', '\t#\t', ' #\t', '!', ' !x ', '<<', '<<: ', ' &a ', ' *a', '%', '\t- ', '\n\t', '\n...\n', '\n... #\n'];
  let fast = 0;
  let declined = 0;
  for (let i = 0; i < 3000; i++) {
    const source = sources[next(sources.length)];
    const at = next(source.length + 1);
    const text = source.slice(0, at) + inserts[next(inserts.length)] + source.slice(at);
    const quick = quickLoadAll(text);
    if (quick === undefined) {
      declined++;
      continue;
    }
    fast++;
    const docs = parseAllDocuments(text);
    expect({ text, errors: docs.flatMap((d) => d.errors.map((e) => e.code)) }).toEqual({ text, errors: [] });
    expect({ text, docs: quick }).toEqual({ text, docs: docs.map((d) => d.toJS()) });
  }
  // Both outcomes happen: the comparison above is not vacuous.
  expect(fast).toBeGreaterThan(500);
  expect(declined).toBeGreaterThan(100);
});

test('a key that names a prototype member goes to the reference reader, however it is spelt; the names as values stay fast', () => {
  for (const text of [
    'constructor: x\n', "'prototype': 1\n", 'a: {__proto__: 1}\n', 'a:\n- "\\x5f_proto__": 1\n', '"construct\\u006Fr": 1\n', '"proto\\\n  type": 1\n',
    'a: {b: [1, {c: 2}], "d\\"": 3}\n"\\x5f_proto__": 4\n', '---\nx: "\\"y"\n---\n? "\\x5f_proto__"\n: 1\n',
  ]) expect({ text, docs: quickLoadAll(text) }).toEqual({ text, docs: undefined });
  for (const text of [
    'a: constructor\n', 'b: "\\x5f_proto__"\n', 'c: [prototype, "x\\ty"]\n', 'd: "no \\"names\\" here"\n', '"e\\"": {f: "\\x5f_proto__", g: ["\\x5f_proto__"]}\n',
  ]) {
    expect({ text, docs: quickLoadAll(text) }).toEqual({ text, docs: reference(text) });
  }
});

test('escapes in values (the JSON of a waiver annotation) do not make the reader walk every key; escapes in keys do', () => {
  const may = (text: string) => mayNamePrototype(text, parseEvents(text, {}));
  expect(may('a:\n  w: "[{\\"rule\\":\\"X\\"}]"\n  l: ["\\t", {k: "\\n"}]\n? [a]\n: "\\x5f"\n')).toBe(false);
  expect(may('{"a": "\\n", "b": {"c": "\\"", "d": 1}}\n')).toBe(false);
  expect(may('a: {b: [1, {c: 2}], d: 3}\n"\\x41": 4\n')).toBe(true);
  expect(may('- {a: "\\n", "\\x41": 1}\n')).toBe(true);
  expect(may('a: prototype\n')).toBe(true);
});

test('a number is a whole scalar that starts like one: CRD enums and patterns and kubectl\'s uids stay on the fast path', () => {
  // From the agentgateway and Gateway API CRDs (../shared/crds), which all went to the reference reader.
  for (const text of [
    'enum:\n- X25519_MLKEM768\n- TLS13_AES_128_GCM_SHA256\n', 'pattern: ^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$\n', 'a: v1_2\nb: x1_000\n',
    // A uid as kubectl get -o yaml prints it.
    'uid: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e900\nother: 0x1F-not-hex\nhash: 0bd3d06e8a\noctal: 0o78\n',
  ]) expect({ text, docs: quickLoadAll(text) }).toEqual({ text, docs: reference(text) });
  for (const text of ['a: 1_000\n', 'a: -1_0\n', 'a: .5_0\n', 'a: +0b1_0\n', 'a: 1.0e1_0\n', 'a: 2021_report\n', 'a: 0b101\n', 'a: 0X1f\n', 'a: -0o17\n']) {
    expect({ text, docs: quickLoadAll(text) }).toEqual({ text, docs: undefined });
  }
});
