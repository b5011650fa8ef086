/* The bundles' one-pass converters give what the generated ones give (scripts/build.js). */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fasterConverters } = require('../../scripts/build.js') as { fasterConverters: (bundle: string) => string };

// A converter as esbuild prints the ones `cdk8s import` generates: fields, then a map field.
const CONVERTER = [
  '"use strict";',
  'function toJson_Example(obj) {',
  '  if (obj === void 0) {',
  '    return void 0;',
  '  }',
  '  const result = {',
  '    "name": obj.name,',
  '    "labels": obj.labels === void 0 ? void 0 : Object.entries(obj.labels).reduce((r, i) => i[1] === void 0 ? r : { ...r, [i[0]]: i[1] }, {}),',
  '    "port": obj.port?.value,',
  '  };',
  '  return Object.entries(result).reduce((r, i) => i[1] === void 0 ? r : { ...r, [i[0]]: i[1] }, {});',
  '}',
  'module.exports = toJson_Example;',
].join('\n');

function load(source: string): (obj: unknown) => unknown {
  const module = { exports: {} as unknown };
  new Function('module', source)(module);
  return module.exports as (obj: unknown) => unknown;
}

test('the rewritten converter returns the same keys, in the same order, with the same values', () => {
  const rewritten = fasterConverters(CONVERTER);
  expect(rewritten).not.toContain('.reduce(');
  expect(rewritten.split('__definedFields(').length - 1).toBe(3); // the helper and its two uses
  expect(rewritten.startsWith('"use strict";\nfunction __definedFields(o)')).toBe(true);
  const [original, faster] = [load(CONVERTER), load(rewritten)];
  const labels = JSON.parse('{"b": "2", "a": "1", "__proto__": "kept", "10": "number-like", "gone": null}');
  labels.undef = undefined;
  for (const input of [{}, { name: 'x' }, { name: undefined, port: { value: 8080 } }, { labels }, { labels: {}, name: '' }, undefined]) {
    const [a, b] = [original(input), faster(input)];
    expect(b).toEqual(a);
    if (a && b) {
      expect(Object.keys(b as object)).toEqual(Object.keys(a as object));
      const [la, lb] = [(a as { labels?: object }).labels, (b as { labels?: object }).labels];
      if (la) {
        expect(Object.getOwnPropertyNames(lb)).toEqual(Object.getOwnPropertyNames(la));
        expect(Object.getPrototypeOf(lb)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(lb, '__proto__')).toEqual(Object.getOwnPropertyDescriptor(la, '__proto__'));
      }
    }
  }
  expect(() => faster({ labels: null })).toThrow(TypeError);
  expect(() => original({ labels: null })).toThrow(TypeError);
});

test('a bundle without the generated pattern is left as it is', () => {
  expect(fasterConverters('"use strict";\nconst x = 1;\n')).toBe('"use strict";\nconst x = 1;\n');
});
