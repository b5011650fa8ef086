import * as fs from 'fs';
import * as path from 'path';
import { environmentJsonSchemaText } from '../../src/config/json-schema';
import { withReference } from '../../src/config/reference';
import { ROOT } from '../support/helpers';

describe('generated documentation of the schema (run `npm run schema` when these fail)', () => {
  test('schema/environment.schema.json is the schema in code', () => {
    expect(fs.readFileSync(path.join(ROOT, 'schema/environment.schema.json'), 'utf8')).toBe(environmentJsonSchemaText());
  });

  test('the README environment reference is generated from the schema', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withReference(readme));
  });

  test('the JSON Schema refuses unknown keys and knows every server field', () => {
    const schema = JSON.parse(environmentJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    const generic = schema.properties.servers.items.oneOf[0];
    expect(generic.additionalProperties).toBe(false);
    expect(Object.keys(generic.properties)).toEqual(expect.arrayContaining(['name', 'image', 'port', 'transport', 'secretEnv']));
  });
});
