import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { fastYamlText, yamlText } from '../../src/synth/yaml-text';
import { generator } from '../support/generated-objects';
import { yamlFilesBelow } from '../support/helpers';

/* The fast writer must write exactly what yaml.stringify writes, on every object we ship and on generated ones. */

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, compat: 'yaml-1.1' } as const;
const reference = (value: unknown) => stringify(value, OPTIONS);

test('writes every object of dist/, the fixtures and the examples as yaml does', () => {
  const root = path.resolve(__dirname, '..', '..');
  const files = ['dist', 'test/fixtures', 'examples/third-party'].flatMap((d) => yamlFilesBelow(path.join(root, d)));
  let objects = 0;
  let fast = 0;
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const value = doc.toJS();
      if (value === null) continue;
      objects++;
      if (fastYamlText(value) !== undefined) fast++;
      expect(yamlText(value)).toBe(reference(value));
    }
  }
  expect(objects).toBeGreaterThan(100);
  // Nearly every rendered object takes the fast path.
  expect(fast / objects).toBeGreaterThan(0.9);
});

test('writes generated objects (every tricky scalar, nesting, empty collections) as yaml does', () => {
  const make = generator(42);
  let fast = 0;
  for (let i = 0; i < 5000; i++) {
    const value = make();
    const text = fastYamlText(value);
    if (text === undefined) continue;
    fast++;
    expect(text).toBe(reference(value));
  }
  // The comparison must cover the fast path, not only the fallback.
  expect(fast).toBeGreaterThan(1000);
});

test('quotes strings YAML 1.1 reads as other types, which kubectl and the API server would refuse or change', () => {
  const ingress = { metadata: { annotations: { 'nginx.ingress.kubernetes.io/proxy-buffering': 'off', mode: '0777', at: '12:30', ok: 'yes' } } };
  expect(yamlText(ingress)).toBe([
    'metadata:', '  annotations:', '    nginx.ingress.kubernetes.io/proxy-buffering: "off"', '    mode: "0777"', '    at: "12:30"', '    ok: "yes"', '',
  ].join('\n'));
});
