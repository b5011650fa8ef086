import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { quickLoadAll } from '../../src/policy/quick-yaml';
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
  expect(quickLoadAll('a: &a {x: 1}\nb: *a\n')).toEqual([{ a: { x: 1 }, b: { x: 1 } }]);
});
